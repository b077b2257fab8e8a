import type { ReactNode } from "react";
import { MantineProvider, createTheme } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { TransportProvider } from "@connectrpc/connect-query";
import { Code, ConnectError } from "@connectrpc/connect";
import { transport } from "../lib/transport";
import { I18nProvider } from "./i18n";

const theme = createTheme({ primaryColor: "indigo", defaultRadius: "sm" });

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
          <MantineProvider theme={theme}>
            <Notifications position="top-center" />
            {children}
          </MantineProvider>
        </I18nProvider>
      </QueryClientProvider>
    </TransportProvider>
  );
}
