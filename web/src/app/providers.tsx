import type { ReactNode } from "react";
import { MantineProvider, createTheme, type CSSVariablesResolver } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { TransportProvider } from "@connectrpc/connect-query";
import { Code, ConnectError } from "@connectrpc/connect";
import { transport } from "../lib/transport";
import { I18nProvider } from "./i18n";

/**
 * Contrast (WCAG AA, checked by axe-core in the e2e): filled colours one shade darker with black or
 * white text by luminance, dimmed text gray.7, light/outline text and field errors darkened.
 */
const theme = createTheme({
  primaryColor: "indigo",
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  luminanceThreshold: 0.2,
  defaultRadius: "sm",
  components: {
    // Mantine's Select, MultiSelect and TagsInput keep their dropdown mounted while closed (hidden):
    // the shell's two Selects rendered their options in a ScrollArea and positioned them
    // (floating-ui reads the computed style, a full style recalculation) on every first load.
    // Mounted when opened instead; `aria-controls` is only set while open either way.
    Select: { defaultProps: { comboboxProps: { keepMounted: false } } },
    MultiSelect: { defaultProps: { comboboxProps: { keepMounted: false } } },
    TagsInput: { defaultProps: { comboboxProps: { keepMounted: false } } },
  },
});

const BRIGHT = new Set(["green", "teal", "cyan", "lime", "yellow", "orange"]);

/** `#rrggbb` mixed with black by `amount` (0–1). */
export function darken(hex: string, amount: number): string {
  const n = parseInt(hex.slice(1), 16);
  const ch = (shift: number) => Math.round(((n >> shift) & 255) * (1 - amount));
  return `#${[16, 8, 0].map((s) => ch(s).toString(16).padStart(2, "0")).join("")}`;
}

const cssVariables: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    // Field errors, the text typed into an erroneous field and required marks: Mantine's red.6 is
    // 3.3:1 on white; the darkened red text passes AA.
    "--mantine-color-error": "var(--mantine-color-red-text)",
  };
  for (const [name, shades] of Object.entries(t.colors)) {
    const text = darken(shades[9], BRIGHT.has(name) ? 0.45 : 0.15);
    light[`--mantine-color-${name}-light-color`] = text;
    light[`--mantine-color-${name}-outline`] = text;
    light[`--mantine-color-${name}-text`] = text;
  }
  return { variables: {}, light, dark: {} };
};

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Retry only what may pass on a second try; a refused or invalid call will not.
      retry: (count, e) =>
        count < 2 &&
        e instanceof ConnectError &&
        [Code.Unavailable, Code.DeadlineExceeded, Code.Unknown].includes(e.code),
      refetchOnWindowFocus: false,
    },
  },
});

export function Providers({ children }: { children: ReactNode }) {
  return (
    <TransportProvider transport={transport}>
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
            <Notifications position="top-center" />
            {children}
          </MantineProvider>
        </I18nProvider>
      </QueryClientProvider>
    </TransportProvider>
  );
}
