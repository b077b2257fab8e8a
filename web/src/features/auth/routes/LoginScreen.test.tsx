import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { TransportProvider } from "@connectrpc/connect-query";
import { Code, ConnectError, createRouterTransport, type HandlerContext } from "@connectrpc/connect";
import { IntlProvider } from "react-intl";
import type { ReactNode } from "react";
import { en } from "../../../app/messages/en";
import { AuthService } from "../../../gen/eventkit/v1/auth_pb";
import { TENANT_KEY, tenantInterceptor } from "../../../lib/tenant";
import { LoginScreen } from "./LoginScreen";

const calls = vi.hoisted(() => ({ navigate: vi.fn() }));
vi.mock("@tanstack/react-router", () => ({ useNavigate: () => calls.navigate, useSearch: () => ({}) }));
vi.mock("../../../components/AnchorLink", () => ({
  AnchorLink: (p: { to: string; children: ReactNode }) => <a href={p.to}>{p.children}</a>,
}));
vi.mock("../../../app/i18n", async (original) => ({
  ...(await original<typeof import("../../../app/i18n")>()),
  usePreferences: () => ({ language: "en", timeZone: "UTC", setLanguage: () => {}, setTimeZone: () => {} }),
}));

/**
 * A node as the login screen meets it: self-hosted (no company account asked for), or a shared
 * deployment without company host names, with the companies acme (its own SSO provider), beta and
 * frozen (suspended). Public calls are addressed by the EventKit-Tenant header, as the node's
 * interceptor does, and refused for an unknown or suspended company.
 */
function fakeNode(shared: boolean) {
  const logins: { email: string; tenant: string | null }[] = [];
  const optionsFor: (string | null)[] = [];
  const address = (ctx: HandlerContext): string => {
    const named = ctx.requestHeader.get("EventKit-Tenant");
    if (!shared || named === null) return "default";
    if (named === "frozen") {
      throw new ConnectError("the company account 'frozen' is suspended: its administrators can ask the service's operator why", Code.PermissionDenied);
    }
    if (!["acme", "beta"].includes(named)) {
      throw new ConnectError(`there is no company account '${named}' on this service: check the ID or address`, Code.NotFound);
    }
    return named;
  };
  const transport = createRouterTransport(
    ({ service }) => {
      service(AuthService, {
        getLoginOptions: (_req, ctx) => {
          optionsFor.push(ctx.requestHeader.get("EventKit-Tenant"));
          const tenant = address(ctx);
          return {
            password: true,
            tenantRequired: shared,
            tenant,
            ssoProviders: tenant === "acme" ? [{ id: "acme-sso", displayName: "Sign in with Acme SSO" }] : [],
          };
        },
        login: (req, ctx) => {
          const tenant = address(ctx);
          logins.push({ email: req.email, tenant: shared ? tenant : ctx.requestHeader.get("EventKit-Tenant") });
          return { accessToken: "access-1", refreshToken: "refresh-1", sessionId: "s1" };
        },
      });
    },
    { transport: { interceptors: [tenantInterceptor] } },
  );
  return { transport, logins, optionsFor };
}

function show(node: ReturnType<typeof fakeNode>) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <IntlProvider locale="en" messages={en} onError={() => {}}>
      <MantineProvider>
        <TransportProvider transport={node.transport}>
          <QueryClientProvider client={qc}>
            <LoginScreen />
          </QueryClientProvider>
        </TransportProvider>
      </MantineProvider>
    </IntlProvider>,
  );
}

function signIn(email = "ada@example.com") {
  fireEvent.change(screen.getByLabelText(/Email/), { target: { value: email } });
  fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: "a long passphrase" } });
  fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
}

beforeEach(() => {
  calls.navigate.mockReset();
  localStorage.clear();
});

describe("login screen and company accounts", { timeout: 20_000 }, () => {
  it("on a self-hosted node asks for no company account and names none", async () => {
    const node = fakeNode(false);
    show(node);
    await waitFor(() => expect(node.optionsFor).toEqual([null]));
    expect(screen.queryByLabelText(/Company account/)).toBeNull();
    signIn();
    await waitFor(() => expect(calls.navigate).toHaveBeenCalledWith({ to: "/" }));
    expect(node.logins).toEqual([{ email: "ada@example.com", tenant: null }]);
    expect(localStorage.getItem(TENANT_KEY)).toBeNull();
  });

  it("on a shared deployment asks for the company account, keeps it and logs in to it", async () => {
    const node = fakeNode(true);
    show(node);
    const field = (await screen.findByLabelText(/Company account/)) as HTMLInputElement;
    expect(field.value).toBe("");
    fireEvent.change(field, { target: { value: "Acme" } });
    signIn();
    await waitFor(() => expect(calls.navigate).toHaveBeenCalledWith({ to: "/" }));
    expect(node.logins).toEqual([{ email: "ada@example.com", tenant: "acme" }]);
    expect(localStorage.getItem(TENANT_KEY)).toBe("acme");
  });

  it("offers the company kept from before (after a logout), with its own login options, and asks again for another", async () => {
    localStorage.setItem(TENANT_KEY, "acme");
    const node = fakeNode(true);
    show(node);
    expect(await screen.findByRole("button", { name: "Sign in with Acme SSO" })).toBeTruthy();
    const field = screen.getByLabelText(/Company account/) as HTMLInputElement;
    expect(field.value).toBe("acme");
    fireEvent.change(field, { target: { value: "beta" } });
    fireEvent.blur(field);
    await waitFor(() => expect(screen.queryByRole("button", { name: "Sign in with Acme SSO" })).toBeNull());
    expect(node.optionsFor).toEqual(["acme", "beta"]);
    expect(localStorage.getItem(TENANT_KEY)).toBe("beta");
    signIn();
    await waitFor(() => expect(node.logins).toEqual([{ email: "ada@example.com", tenant: "beta" }]));
  });

  it("shows the node's word on a company account it does not know, on the field, and lets it be corrected", async () => {
    localStorage.setItem(TENANT_KEY, "acne");
    const node = fakeNode(true);
    show(node);
    expect(await screen.findByText("there is no company account 'acne' on this service: check the ID or address")).toBeTruthy();
    const field = screen.getByLabelText(/Company account/);
    fireEvent.change(field, { target: { value: "acme" } });
    fireEvent.blur(field);
    // Still asked for while acme's options load.
    expect(screen.getByLabelText(/Company account/)).toBe(field);
    expect(await screen.findByRole("button", { name: "Sign in with Acme SSO" })).toBeTruthy();
    expect(screen.queryByText(/there is no company account/)).toBeNull();
    signIn();
    await waitFor(() => expect(node.logins).toEqual([{ email: "ada@example.com", tenant: "acme" }]));
  });

  it("shows a suspended company's refusal of the login on the field", async () => {
    const node = fakeNode(true);
    show(node);
    fireEvent.change(await screen.findByLabelText(/Company account/), { target: { value: "frozen" } });
    signIn();
    expect(await screen.findByText(/the company account 'frozen' is suspended/)).toBeTruthy();
    expect(screen.queryByTestId("login-error")).toBeNull();
    expect(calls.navigate).not.toHaveBeenCalled();
  });
});
