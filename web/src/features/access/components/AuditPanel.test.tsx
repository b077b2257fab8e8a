import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { TransportProvider } from "@connectrpc/connect-query";
import { Code, ConnectError, createRouterTransport } from "@connectrpc/connect";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { IntlProvider } from "react-intl";
import { en } from "../../../app/messages/en";
import { AuthAuditEntrySchema, AuthService, type AuthAuditEntry, type ListAuthAuditRequest } from "../../../gen/eventkit/v1/auth_pb";
import { auditMessages } from "../messages/audit";
import { AuditPanel } from "./AuditPanel";

const NEXT = "YXVkaXQ6MTE";
const entry = (id: number, iso: string, fields: Partial<Omit<AuthAuditEntry, "id" | "at" | "$typeName">>) =>
  create(AuthAuditEntrySchema, { id: BigInt(id), at: timestampFromDate(new Date(iso)), ...fields });

const FIRST = [
  entry(12, "2026-03-01T12:00:00Z", { actor: "user:ana@example.com", actorAddress: "203.0.113.7", action: "LOGIN_SUCCEEDED", subject: "user:5b0c6c1e-0000-4000-8000-000000000001" }),
  entry(11, "2026-03-01T11:59:00Z", {
    actor: "token:bootstrap",
    actorAddress: "2001:db8::1",
    action: "TOKEN_CREATE",
    subject: "token:5b0c6c1e-0000-4000-8000-000000000002",
    detail: "name=scanner 3, role=WAREHOUSE, expires never",
  }),
];
const SECOND = [entry(10, "2026-02-28T23:30:00Z", { actor: "system", action: "QUANTUM_FLUX", subject: "", detail: "something new" })];

/** An AuthService whose audit has two pages: the first names NEXT, the second is the last. */
function fakeNode(opts: { error?: ConnectError; empty?: boolean } = {}) {
  const requests: ListAuthAuditRequest[] = [];
  let error = opts.error;
  const transport = createRouterTransport(({ service }) => {
    service(AuthService, {
      listAuthAudit: (req) => {
        requests.push(req);
        if (error) throw error;
        if (opts.empty) return { entries: [] };
        if (req.pageToken === "") return { entries: FIRST, nextPageToken: NEXT };
        if (req.pageToken === NEXT) return { entries: SECOND };
        throw new ConnectError("invalid request: page_token is not one this service issued", Code.InvalidArgument);
      },
    });
  });
  return { transport, requests, heal: () => (error = undefined) };
}

let intlErrors: string[] = [];

function show(node: ReturnType<typeof fakeNode>, timeZone = "Europe/Berlin") {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <IntlProvider locale="en-GB" messages={{ ...en, ...auditMessages.en }} timeZone={timeZone} onError={(e) => intlErrors.push(e.message)}>
      <MantineProvider>
        <TransportProvider transport={node.transport}>
          <QueryClientProvider client={qc}>
            <AuditPanel />
          </QueryClientProvider>
        </TransportProvider>
      </MantineProvider>
    </IntlProvider>,
  );
}

const rows = () => screen.queryAllByTestId("audit-row");

beforeEach(() => {
  intlErrors = [];
});
afterEach(() => expect(intlErrors).toEqual([]));

describe("sign-in log", { timeout: 30_000 }, () => {
  it("draws entries newest first: time in the user's zone, who, named action, subject, detail, address", async () => {
    const node = fakeNode();
    show(node);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(node.requests[0]).toMatchObject({ pageSize: 50, pageToken: "" });
    expect(screen.getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Time", "Who", "Action", "Subject", "Detail", "Address"]);
    expect(screen.getByTestId("audit-panel").textContent).toContain("Times are in Europe/Berlin.");

    const [login, token] = rows();
    // 12:00 UTC is 13:00 in Berlin.
    expect(within(login).getByTestId("audit-time").textContent).toBe("1 Mar 2026, 13:00:00");
    expect(within(login).getByTestId("audit-time").getAttribute("datetime")).toBe("2026-03-01T12:00:00.000Z");
    expect(within(login).getByTestId("audit-actor").textContent).toBe("Userana@example.com");
    expect(within(login).getByTestId("audit-action").textContent).toBe("Signed in");
    expect(login.textContent).toContain("LOGIN_SUCCEEDED");
    expect(within(login).getByTestId("audit-subject").textContent).toBe("User5b0c6c1e-0000-4000-8000-000000000001");
    expect(within(login).getByTestId("audit-address").textContent).toBe("203.0.113.7");

    expect(within(token).getByTestId("audit-actor").textContent).toBe("API keybootstrap");
    expect(within(token).getByTestId("audit-action").textContent).toBe("API key created");
    expect(within(token).getByTestId("audit-subject").textContent).toBe("API key5b0c6c1e-0000-4000-8000-000000000002");
    expect(within(token).getByTestId("audit-detail").textContent).toBe("name=scanner 3, role=WAREHOUSE, expires never");
    expect(within(token).getByTestId("audit-address").textContent).toBe("2001:db8::1");
  });

  it("shows times in whatever zone the user chose", async () => {
    show(fakeNode(), "America/New_York");
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(within(rows()[0]).getByTestId("audit-time").textContent).toBe("1 Mar 2026, 07:00:00");
  });

  it("pages with the node's token: older, newer and back to the newest", async () => {
    const node = fakeNode();
    show(node);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const newer = screen.getByTestId("audit-newer") as HTMLButtonElement;
    const older = screen.getByTestId("audit-older") as HTMLButtonElement;
    expect(newer.disabled).toBe(true);
    expect(older.disabled).toBe(false);
    expect(screen.getByTestId("audit-page").textContent).toBe("Page 1");

    fireEvent.click(older);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(node.requests.at(-1)).toMatchObject({ pageSize: 50, pageToken: NEXT });
    const last = rows()[0];
    // An action the app has no name for is shown as its code; a word actor by its name.
    expect(within(last).getByTestId("audit-action").textContent).toBe("QUANTUM_FLUX");
    expect(within(last).getByTestId("audit-actor").textContent).toBe("System");
    expect(within(last).getByTestId("audit-time").textContent).toBe("1 Mar 2026, 00:30:00");
    expect(screen.getByTestId("audit-page").textContent).toBe("Page 2");
    expect(older.disabled).toBe(true);
    expect(newer.disabled).toBe(false);

    fireEvent.click(newer);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(within(rows()[0]).getByTestId("audit-action").textContent).toBe("Signed in");
    expect(screen.getByTestId("audit-page").textContent).toBe("Page 1");

    fireEvent.click(older);
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.click(screen.getByTestId("audit-newest"));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect((screen.getByTestId("audit-newest") as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows the node's error with a retry that loads the log", async () => {
    const node = fakeNode({ error: new ConnectError("database unavailable", Code.Unavailable) });
    show(node);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("database unavailable");
    node.heal();
    fireEvent.click(within(alert).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("explains a missing permission instead of an error", async () => {
    show(fakeNode({ error: new ConnectError("needs PERMISSION_AUDIT_READ", Code.PermissionDenied) }));
    expect((await screen.findByTestId("audit-forbidden")).textContent).toBe("Reading the sign-in log needs the Audit read permission.");
    expect(screen.queryByTestId("audit-older")).toBeNull();
  });

  it("says so when the log is empty", async () => {
    show(fakeNode({ empty: true }));
    expect(await screen.findByText("No entries yet.")).toBeTruthy();
    expect((screen.getByTestId("audit-older") as HTMLButtonElement).disabled).toBe(true);
  });

  it("has a text in every language for every key it names", () => {
    const source = readFileSync(join(__dirname, "AuditPanel.tsx"), "utf8");
    const used = [...source.matchAll(/"(audit\.[A-Za-z0-9_.]+)"/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(8);
    const all = [
      ...used,
      ...["time", "actor", "action", "subject", "detail", "address"].map((c) => `audit.col.${c}`),
      ...["user", "token", "tenant", "webhook", "role", "session", "kid", "oidc"].map((k) => `audit.kind.${k}`),
      ...["system", "operator", "retention", "ldap"].map((w) => `audit.actor.${w}`),
      ...["LOGIN_SUCCEEDED", "LOGIN_FAILED", "USER_CREATE", "USER_UPDATE", "PASSWORD_SET", "TOKEN_CREATE", "TOKEN_REVOKE", "ROLE_CREATE", "TENANT_SUSPEND"].map(
        (a) => `audit.action.${a}`,
      ),
    ];
    for (const lang of ["en", "de", "ar"] as const) {
      expect(all.filter((k) => !(k in auditMessages[lang])), lang).toEqual([]);
      expect(Object.keys(auditMessages[lang]).filter((k) => !k.startsWith("audit.")), lang).toEqual([]);
    }
  });
});
