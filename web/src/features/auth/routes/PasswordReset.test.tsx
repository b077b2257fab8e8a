import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { TransportProvider } from "@connectrpc/connect-query";
import { Code, ConnectError, createRouterTransport } from "@connectrpc/connect";
import { IntlProvider } from "react-intl";
import type { ReactNode } from "react";
import { en } from "../../../app/messages/en";
import { de } from "../../../app/messages/de";
import {
  AuthService,
  type RequestPasswordResetRequest,
  type ResetPasswordRequest,
} from "../../../gen/eventkit/v1/auth_pb";
import { ForgotPasswordScreen } from "./ForgotPasswordScreen";
import { ResetPasswordScreen } from "./ResetPasswordScreen";
import { TENANT_KEY, tenantInterceptor } from "../../../lib/tenant";

const calls = vi.hoisted(() => ({ navigate: vi.fn(), toast: vi.fn(), search: {} as { tenant?: string } }));
vi.mock("@tanstack/react-router", () => ({ useNavigate: () => calls.navigate, useSearch: () => calls.search }));
vi.mock("../../../components/AnchorLink", () => ({
  AnchorLink: (p: { to: string; search?: { tenant?: string }; children: ReactNode }) => (
    <a href={p.to + (p.search?.tenant ? `?tenant=${p.search.tenant}` : "")}>{p.children}</a>
  ),
}));
vi.mock("../../../lib/notify", () => ({ toastInfo: calls.toast }));

/** A node with one reset token: ekr_good works once, anything else is refused like the node does. */
function fakeNode(opts: { mail?: boolean; shared?: boolean } = {}) {
  const requests: RequestPasswordResetRequest[] = [];
  /** The company account each RequestPasswordReset was addressed to (EventKit-Tenant). */
  const requestTenants: (string | null)[] = [];
  const resets: ResetPasswordRequest[] = [];
  /** The company account each ResetPassword was addressed to (EventKit-Tenant). */
  const resetTenants: (string | null)[] = [];
  let spent = false;
  const transport = createRouterTransport(
    ({ service }) => {
      service(AuthService, {
        getLoginOptions: () => ({ password: true, passwordResetEmail: true, tenantRequired: opts.shared === true }),
        requestPasswordReset: (req, ctx) => {
          requestTenants.push(ctx.requestHeader.get("EventKit-Tenant"));
          if (ctx.requestHeader.get("EventKit-Tenant") === "gone") {
            throw new ConnectError("there is no company account 'gone' here: check the ID", Code.NotFound);
          }
          if (opts.mail === false) {
            throw new ConnectError("this node does not send email (mail.enabled is off): ask an admin for a reset token", Code.FailedPrecondition);
          }
          if (!req.email.includes("@")) {
            throw new ConnectError("invalid request: email must be an address like name@example.com", Code.InvalidArgument);
          }
          requests.push(req);
          return {};
        },
        resetPassword: (req, ctx) => {
          resetTenants.push(ctx.requestHeader.get("EventKit-Tenant"));
          if (req.newPassword.length < 12) {
            throw new ConnectError("invalid request: new_password must be at least 12 characters", Code.InvalidArgument);
          }
          if (req.resetToken !== "ekr_good" || spent) {
            throw new ConnectError("this password-reset token is not valid (unknown, already used or expired)", Code.Unauthenticated);
          }
          spent = true;
          resets.push(req);
          return {};
        },
      });
    },
    { transport: { interceptors: [tenantInterceptor] } },
  );
  return { transport, requests, requestTenants, resets, resetTenants };
}

function show(ui: ReactNode, transport: ReturnType<typeof fakeNode>["transport"], locale = "en") {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <IntlProvider locale={locale} messages={locale === "de" ? de : en} onError={() => {}}>
      <MantineProvider>
        <TransportProvider transport={transport}>
          <QueryClientProvider client={qc}>{ui}</QueryClientProvider>
        </TransportProvider>
      </MantineProvider>
    </IntlProvider>,
  );
}

beforeEach(() => {
  calls.search = {};
  calls.navigate.mockReset();
  calls.toast.mockReset();
  window.history.replaceState(null, "", "/");
  localStorage.removeItem(TENANT_KEY);
});

describe("forgot password", { timeout: 20_000 }, () => {
  it("asks for a link with the trimmed address and answers without saying whether it exists", async () => {
    const node = fakeNode();
    show(<ForgotPasswordScreen />, node.transport);
    fireEvent.change(screen.getByLabelText(/Email/), { target: { value: "  lars@example.com " } });
    fireEvent.click(screen.getByRole("button", { name: "Email me a link" }));
    expect((await screen.findByTestId("forgot-sent")).textContent).toContain("If lars@example.com has an account here");
    expect(node.requests.map((r) => r.email)).toEqual(["lars@example.com"]);
    expect(screen.getByText("Back to sign in").getAttribute("href")).toBe("/login");
  });

  it("puts a bad address next to the field, and a node without email says what to do", async () => {
    show(<ForgotPasswordScreen />, fakeNode().transport);
    fireEvent.change(screen.getByLabelText(/Email/), { target: { value: "lars" } });
    fireEvent.click(screen.getByRole("button", { name: "Email me a link" }));
    expect(await screen.findByText("must be an address like name@example.com")).toBeTruthy();
    expect(screen.queryByTestId("forgot-sent")).toBeNull();
  });

  it("shows the node's refusal when it sends no email", async () => {
    show(<ForgotPasswordScreen />, fakeNode({ mail: false }).transport);
    fireEvent.change(screen.getByLabelText(/Email/), { target: { value: "lars@example.com" } });
    fireEvent.click(screen.getByRole("button", { name: "Email me a link" }));
    expect((await screen.findByTestId("forgot-error")).textContent).toContain("ask an admin for a reset token");
  });
});

describe("forgot password on a shared deployment's own address", { timeout: 20_000 }, () => {
  it("asks for the company account, prefilled with a spent link's, and addresses the request to it without choosing it", async () => {
    calls.search = { tenant: "acme" };
    const node = fakeNode({ shared: true });
    show(<ForgotPasswordScreen />, node.transport);
    const field = (await screen.findByTestId("forgot-tenant")) as HTMLInputElement;
    expect(field.value).toBe("acme");
    fireEvent.change(screen.getByLabelText(/Email/), { target: { value: "lars@example.com" } });
    fireEvent.click(screen.getByRole("button", { name: "Email me a link" }));
    await screen.findByTestId("forgot-sent");
    expect(node.requestTenants).toEqual(["acme"]);
    expect(localStorage.getItem(TENANT_KEY)).toBeNull();
  });

  it("needs a well-formed company account before calling, and puts the node's refusal of one on the field", async () => {
    const node = fakeNode({ shared: true });
    show(<ForgotPasswordScreen />, node.transport);
    const field = await screen.findByTestId("forgot-tenant");
    fireEvent.change(screen.getByLabelText(/Email/), { target: { value: "lars@example.com" } });
    fireEvent.click(screen.getByRole("button", { name: "Email me a link" }));
    expect(await screen.findByText("Enter your company account ID")).toBeTruthy();
    expect(node.requests).toHaveLength(0);

    fireEvent.change(field, { target: { value: " Gone " } });
    fireEvent.click(screen.getByRole("button", { name: "Email me a link" }));
    expect(await screen.findByText(/there is no company account 'gone' here/)).toBeTruthy();
    expect(node.requestTenants).toEqual(["gone"]);
    expect(screen.queryByTestId("forgot-sent")).toBeNull();
  });

  it("asks for no company account where the address names one", async () => {
    const node = fakeNode();
    show(<ForgotPasswordScreen />, node.transport);
    fireEvent.change(screen.getByLabelText(/Email/), { target: { value: "lars@example.com" } });
    fireEvent.click(screen.getByRole("button", { name: "Email me a link" }));
    await screen.findByTestId("forgot-sent");
    expect(screen.queryByTestId("forgot-tenant")).toBeNull();
    expect(node.requestTenants).toEqual([null]);
  });
});

describe("reset password", { timeout: 20_000 }, () => {
  it("takes the token from the fragment, removes it from the address, sets the password and goes to sign in", async () => {
    window.history.replaceState(null, "", "/reset-password#token=ekr_good");
    const node = fakeNode();
    show(<ResetPasswordScreen />, node.transport);
    expect(window.location.hash).toBe("");
    expect(window.location.pathname).toBe("/reset-password");
    fireEvent.change(screen.getByLabelText(/^New password\s*\*?$/), { target: { value: "a long new passphrase" } });
    fireEvent.change(screen.getByLabelText(/New password again/), { target: { value: "a long new passphrase" } });
    fireEvent.click(screen.getByRole("button", { name: "Set password" }));
    await waitFor(() => expect(calls.navigate).toHaveBeenCalledWith({ to: "/login" }));
    expect(node.resets).toEqual([expect.objectContaining({ resetToken: "ekr_good", newPassword: "a long new passphrase" })]);
    expect(calls.toast).toHaveBeenCalledWith("Your password is changed. Sign in with the new one.");
  });

  it("checks the two passwords match before calling, and shows the policy next to the field", async () => {
    window.history.replaceState(null, "", "/reset-password#token=ekr_good");
    const node = fakeNode();
    show(<ResetPasswordScreen />, node.transport);
    fireEvent.change(screen.getByLabelText(/^New password\s*\*?$/), { target: { value: "a long new passphrase" } });
    fireEvent.change(screen.getByLabelText(/New password again/), { target: { value: "a long new passphrasE" } });
    fireEvent.click(screen.getByRole("button", { name: "Set password" }));
    expect(await screen.findByText("The two passwords are not the same")).toBeTruthy();
    expect(node.resets).toHaveLength(0);

    fireEvent.change(screen.getByLabelText(/^New password\s*\*?$/), { target: { value: "short" } });
    fireEvent.change(screen.getByLabelText(/New password again/), { target: { value: "short" } });
    fireEvent.click(screen.getByRole("button", { name: "Set password" }));
    expect(await screen.findByText("must be at least 12 characters")).toBeTruthy();
    expect(calls.navigate).not.toHaveBeenCalled();
  });

  it("offers a new link when the token is spent, and when the link has no token at all", async () => {
    window.history.replaceState(null, "", "/reset-password#token=ekr_spent");
    show(<ResetPasswordScreen />, fakeNode().transport);
    fireEvent.change(screen.getByLabelText(/^New password\s*\*?$/), { target: { value: "a long new passphrase" } });
    fireEvent.change(screen.getByLabelText(/New password again/), { target: { value: "a long new passphrase" } });
    fireEvent.click(screen.getByRole("button", { name: "Set password" }));
    const alert = await screen.findByTestId("reset-error");
    expect(alert.textContent).toContain("not valid");
    expect(alert.querySelector("a")?.getAttribute("href")).toBe("/forgot-password");
  });

  it("explains an incomplete link, in German", () => {
    window.history.replaceState(null, "", "/reset-password");
    show(<ResetPasswordScreen />, fakeNode().transport, "de");
    expect(screen.getByTestId("reset-no-token").textContent).toContain("Dieser Link ist unvollständig");
    expect(screen.getByText("Neuen Link anfordern").getAttribute("href")).toBe("/forgot-password");
  });

  it("takes the company account from the fragment beside the token, addresses the reset to it and chooses it once the password is set", async () => {
    window.history.replaceState(null, "", "/reset-password#token=ekr_good&tenant=acme");
    const node = fakeNode();
    show(<ResetPasswordScreen />, node.transport);
    expect(window.location.hash).toBe("");
    // Not chosen on opening: a crafted link must not redirect the browser's next login.
    expect(localStorage.getItem(TENANT_KEY)).toBeNull();
    fireEvent.change(screen.getByLabelText(/^New password\s*\*?$/), { target: { value: "a long new passphrase" } });
    fireEvent.change(screen.getByLabelText(/New password again/), { target: { value: "a long new passphrase" } });
    fireEvent.click(screen.getByRole("button", { name: "Set password" }));
    await waitFor(() => expect(calls.navigate).toHaveBeenCalledWith({ to: "/login" }));
    expect(node.resetTenants).toEqual(["acme"]);
    expect(node.resets).toEqual([expect.objectContaining({ resetToken: "ekr_good" })]);
    // Chosen now: the login screen afterwards is for this company.
    expect(localStorage.getItem(TENANT_KEY)).toBe("acme");
  });

  it("keeps the browser's company account when the link's token is refused, and asks for a new link in the link's", async () => {
    localStorage.setItem(TENANT_KEY, "beta");
    window.history.replaceState(null, "", "/reset-password#token=ekr_spent&tenant=acme");
    const node = fakeNode();
    show(<ResetPasswordScreen />, node.transport);
    fireEvent.change(screen.getByLabelText(/^New password\s*\*?$/), { target: { value: "a long new passphrase" } });
    fireEvent.change(screen.getByLabelText(/New password again/), { target: { value: "a long new passphrase" } });
    fireEvent.click(screen.getByRole("button", { name: "Set password" }));
    const alert = await screen.findByTestId("reset-error");
    expect(node.resetTenants).toEqual(["acme"]);
    expect(localStorage.getItem(TENANT_KEY)).toBe("beta");
    expect(alert.querySelector("a")?.getAttribute("href")).toBe("/forgot-password?tenant=acme");
  });

  it("leaves the chosen company account alone when the link names none (a company host name, a self-hosted node)", async () => {
    localStorage.setItem(TENANT_KEY, "beta");
    window.history.replaceState(null, "", "/reset-password#token=ekr_good");
    const node = fakeNode();
    show(<ResetPasswordScreen />, node.transport);
    fireEvent.change(screen.getByLabelText(/^New password\s*\*?$/), { target: { value: "a long new passphrase" } });
    fireEvent.change(screen.getByLabelText(/New password again/), { target: { value: "a long new passphrase" } });
    fireEvent.click(screen.getByRole("button", { name: "Set password" }));
    await waitFor(() => expect(calls.navigate).toHaveBeenCalledWith({ to: "/login" }));
    expect(node.resetTenants).toEqual(["beta"]);
    expect(localStorage.getItem(TENANT_KEY)).toBe("beta");
  });

  it("refuses a link whose company account is no ID, without calling the node", () => {
    window.history.replaceState(null, "", "/reset-password#token=ekr_good&tenant=Acme%20Events");
    const node = fakeNode();
    show(<ResetPasswordScreen />, node.transport);
    expect(screen.getByTestId("reset-bad-tenant").textContent).toContain("no valid company account");
    expect(screen.queryByRole("button", { name: "Set password" })).toBeNull();
    expect(localStorage.getItem(TENANT_KEY)).toBeNull();
    expect(window.location.hash).toBe("");
  });
});
