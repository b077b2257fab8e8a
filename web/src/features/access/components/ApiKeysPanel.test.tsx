import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { TransportProvider } from "@connectrpc/connect-query";
import { Code, ConnectError, createRouterTransport } from "@connectrpc/connect";
import { create } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { IntlProvider } from "react-intl";
import { en } from "../../../app/messages/en";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import {
  ApiTokenSchema,
  AuthService,
  Role,
  RoleInfoSchema,
  type ApiToken,
  type CreateApiTokenRequest,
  type ListApiTokensRequest,
} from "../../../gen/eventkit/v1/auth_pb";
import { keysMessages } from "../messages/keys";
import { labelsMessages } from "../messages/labels";

const calls = vi.hoisted(() => ({ toastInfo: vi.fn(), toastError: vi.fn() }));
vi.mock("../../../lib/notify", () => ({ toastInfo: calls.toastInfo, toastError: calls.toastError }));

const { ApiKeysPanel } = await import("./ApiKeysPanel");
Element.prototype.scrollIntoView ??= () => {};

const SECRET = "ekt_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5";
const at = (iso: string) => timestampFromDate(new Date(iso));

function seed(): ApiToken[] {
  return [
    create(ApiTokenSchema, {
      id: "t1",
      name: "warehouse scanner 1",
      prefix: "ekt_AbCd",
      role: Role.PLANNER,
      permissions: [Permission.PLANNING_READ],
      createdAt: at("2026-03-01T12:00:00Z"),
      lastUsedAt: at("2026-03-02T08:30:00Z"),
      expiresAt: at("2099-01-01T00:00:00Z"),
      createdBy: "user:ana@example.com",
    }),
    create(ApiTokenSchema, { id: "t2", name: "scanner app", prefix: "ekt_EfGh", customRole: "scanner-ops", createdAt: at("2026-02-01T09:00:00Z"), createdBy: "system", bootstrap: true }),
    create(ApiTokenSchema, {
      id: "t3",
      name: "old accounting",
      prefix: "ekt_IjKl",
      permissions: [Permission.INVENTORY_READ, Permission.SCAN],
      createdAt: at("2025-01-01T09:00:00Z"),
      revokedAt: at("2026-01-15T10:00:00Z"),
    }),
  ];
}

/** An AuthService on a router transport: ListApiTokens answers what Create/Revoke left. */
function fakeNode(opts: { customRoles?: string[]; listError?: ConnectError; revokeError?: ConnectError } = {}) {
  const tokens = seed();
  const listed: ListApiTokensRequest[] = [];
  const created: CreateApiTokenRequest[] = [];
  const revoked: string[] = [];
  const transport = createRouterTransport(({ service }) => {
    service(AuthService, {
      listApiTokens: (req) => {
        listed.push(req);
        if (opts.listError) throw opts.listError;
        return { tokens: tokens.filter((t) => req.includeInactive || (!t.revokedAt && (!t.expiresAt || timestampDate(t.expiresAt) > new Date()))) };
      },
      listRoles: () => ({
        roles: [
          create(RoleInfoSchema, { role: Role.ADMIN, name: "ADMIN", builtIn: true, permissions: [Permission.USERS_ADMIN] }),
          create(RoleInfoSchema, { role: Role.PLANNER, name: "PLANNER", builtIn: true }),
          ...(opts.customRoles ?? ["scanner-ops", "night-shift"]).map((name) => create(RoleInfoSchema, { name, builtIn: false, permissions: [Permission.SCAN] })),
        ],
      }),
      createApiToken: (req) => {
        created.push(req);
        if (req.customRole === "night-shift") throw new ConnectError("invalid request: custom_role no custom role named night-shift", Code.InvalidArgument);
        if (req.name === "crash") throw new ConnectError("the database is not reachable", Code.Unavailable);
        const t = create(ApiTokenSchema, {
          id: `n${created.length}`,
          name: req.name,
          prefix: SECRET.slice(0, 8),
          role: req.role,
          customRole: req.customRole,
          permissions: req.permissions,
          createdAt: at("2026-03-05T10:00:00Z"),
          expiresAt: req.expiresAt,
          createdBy: "user:ana@example.com",
        });
        tokens.unshift(t);
        return { tokenId: t.id, token: SECRET, createdAt: t.createdAt, apiToken: t };
      },
      revokeApiToken: (req) => {
        revoked.push(req.tokenId);
        if (opts.revokeError) throw opts.revokeError;
        tokens.find((t) => t.id === req.tokenId)!.revokedAt = at("2026-03-06T10:00:00Z");
        return {};
      },
    });
  });
  return { transport, listed, created, revoked };
}

/** Every react-intl complaint (a missing text, a bad message) during a test. */
let intlErrors: string[] = [];

function show(node: ReturnType<typeof fakeNode>) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <IntlProvider locale="en-GB" messages={{ ...en, ...keysMessages.en, ...labelsMessages.en }} timeZone="Europe/Berlin" onError={(e) => intlErrors.push(e.message)}>
      <MantineProvider>
        <TransportProvider transport={node.transport}>
          <QueryClientProvider client={qc}>
            <ApiKeysPanel />
          </QueryClientProvider>
        </TransportProvider>
      </MantineProvider>
    </IntlProvider>,
  );
}

const rows = () => screen.queryAllByTestId("key-row");
const row = (name: string) => rows().find((r) => within(r).getByTestId("key-name").textContent === name)!;

async function openForm() {
  fireEvent.click(screen.getByTestId("key-new"));
  return screen.findByTestId("key-form");
}

beforeEach(() => {
  intlErrors = [];
  calls.toastInfo.mockClear();
  calls.toastError.mockClear();
});
afterEach(() => expect(intlErrors).toEqual([]));

describe("API keys", { timeout: 30_000 }, () => {
  it("lists active keys with their access, dates in the user's time zone and state; inactive ones on request", async () => {
    const node = fakeNode();
    show(node);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(node.listed[0]).toMatchObject({ includeInactive: false });
    expect(screen.getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Name", "Access", "Created", "Expires", "Last used", "State", "Actions"]);

    const planner = row("warehouse scanner 1");
    expect(within(planner).getByTestId("key-prefix").textContent).toBe("ekt_AbCd…");
    expect(within(planner).getByTestId("key-access").textContent).toBe("Planner");
    // 12:00 UTC is 13:00 in Berlin; 08:30 UTC is 09:30.
    expect(planner.textContent).toContain("1 Mar 2026, 13:00");
    expect(planner.textContent).toContain("by user:ana@example.com");
    expect(within(planner).getByTestId("key-last-used").textContent).toBe("2 Mar 2026, 09:30");
    expect(within(planner).getByTestId("key-state").textContent).toBe("Active");

    const app = row("scanner app");
    expect(within(app).getByTestId("key-access").textContent).toBe("scanner-opsCustom role");
    expect(within(app).getByTestId("key-expires").textContent).toBe("Never");
    expect(within(app).getByTestId("key-last-used").textContent).toBe("Never used");
    expect(within(app).getByText("Bootstrap key")).toBeTruthy();

    fireEvent.click(screen.getByLabelText("Show revoked and expired keys"));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(node.listed.at(-1)).toMatchObject({ includeInactive: true });
    const old = row("old accounting");
    expect(within(old).getByTestId("key-access").textContent).toBe("2 permissionsView inventory · Scan gear out and in");
    expect(within(old).getByTestId("key-state").textContent).toBe("Revoked");
    expect(old.textContent).toContain("Revoked 15 Jan 2026, 11:00");
    expect(within(old).queryByTestId("key-revoke")).toBeNull();
  });

  it("creates a key with a built-in role: checks the form, sends the request, shows the secret once", async () => {
    const clipboard = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText: clipboard }, configurable: true });
    const node = fakeNode();
    show(node);
    await waitFor(() => expect(rows()).toHaveLength(2));

    const form = await openForm();
    fireEvent.submit(form);
    expect(await within(form).findByText("Enter a name.")).toBeTruthy();
    expect(within(form).getByText("Choose a role.")).toBeTruthy();
    expect(node.created).toHaveLength(0);

    fireEvent.change(within(form).getByRole("textbox", { name: /Name/ }), { target: { value: "  warehouse scanner 3 " } });
    fireEvent.change(within(form).getByTestId("key-role"), { target: { value: String(Role.WAREHOUSE) } });
    // The end of 30 June in Berlin (summer time, UTC+2) is 22:00 UTC.
    fireEvent.change(within(form).getByTestId("key-expires-input"), { target: { value: "2030-06-30" } });
    fireEvent.submit(form);

    const reveal = await screen.findByTestId("key-secret");
    expect(node.created).toHaveLength(1);
    expect(node.created[0]).toMatchObject({ name: "warehouse scanner 3", role: Role.WAREHOUSE, customRole: "", permissions: [] });
    expect(timestampDate(node.created[0].expiresAt!).toISOString()).toBe("2030-06-30T22:00:00.000Z");
    expect(screen.queryByTestId("key-form")).toBeNull();

    expect((within(reveal).getByRole("textbox", { name: "API key warehouse scanner 3" }) as HTMLInputElement).value).toBe(SECRET);
    expect(within(reveal).getByRole("alert").textContent).toContain("shown only this once");
    fireEvent.click(within(reveal).getByTestId("key-secret-copy"));
    await waitFor(() => expect(clipboard).toHaveBeenCalledWith(SECRET));
    expect((await within(reveal).findByTestId("key-secret-copy")).textContent).toBe("Copied");

    // The list is fetched again and shows the new key, by its prefix only.
    await waitFor(() => expect(rows()).toHaveLength(3));
    const fresh = row("warehouse scanner 3");
    expect(within(fresh).getByTestId("key-access").textContent).toBe("Warehouse");
    expect(within(fresh).getByTestId("key-expires").textContent).toBe("1 Jul 2030, 00:00");

    fireEvent.click(within(reveal).getByTestId("key-secret-done"));
    await waitFor(() => expect(screen.queryByTestId("key-secret")).toBeNull());
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect([...document.querySelectorAll("input")].some((i) => i.value === SECRET)).toBe(false);
  });

  it("refuses an expiry in the past without asking the node", async () => {
    const node = fakeNode();
    show(node);
    const form = await openForm();
    fireEvent.change(within(form).getByRole("textbox", { name: /Name/ }), { target: { value: "temp" } });
    fireEvent.change(within(form).getByTestId("key-role"), { target: { value: String(Role.READ_ONLY) } });
    fireEvent.change(within(form).getByTestId("key-expires-input"), { target: { value: "2020-01-01" } });
    fireEvent.submit(form);
    expect(await within(form).findByText("Choose today or a later day.")).toBeTruthy();
    expect(node.created).toHaveLength(0);
  });

  it("sends exactly one of role, custom role and permissions: the one chosen last", async () => {
    const node = fakeNode();
    show(node);
    await waitFor(() => expect(rows()).toHaveLength(2));

    // A role picked, then specific permissions chosen instead: the role is not sent.
    let form = await openForm();
    fireEvent.change(within(form).getByRole("textbox", { name: /Name/ }), { target: { value: "exporter" } });
    fireEvent.change(within(form).getByTestId("key-role"), { target: { value: String(Role.ADMIN) } });
    fireEvent.click(within(form).getByRole("radio", { name: "Specific permissions" }));
    expect(within(form).queryByTestId("key-role")).toBeNull();
    fireEvent.submit(form);
    expect(await within(form).findByText("Choose at least one permission.")).toBeTruthy();
    expect(node.created).toHaveLength(0);
    // Only grantable permissions are offered.
    expect(within(form).queryByRole("checkbox", { name: "Own account" })).toBeNull();
    expect(within(form).queryByRole("checkbox", { name: "Public" })).toBeNull();
    fireEvent.click(within(form).getByRole("checkbox", { name: "Export all data" }));
    fireEvent.click(within(form).getByRole("checkbox", { name: "View inventory" }));
    fireEvent.submit(form);
    await screen.findByTestId("key-secret");
    expect(node.created[0]).toMatchObject({ name: "exporter", role: Role.UNSPECIFIED, customRole: "" });
    expect(node.created[0].expiresAt).toBeUndefined();
    expect([...node.created[0].permissions].sort((a, b) => a - b)).toEqual([Permission.INVENTORY_READ, Permission.DATA_EXPORT]);
    fireEvent.click(screen.getByTestId("key-secret-done"));
    await waitFor(() => expect(screen.queryByTestId("key-secret")).toBeNull());

    // Permissions ticked, then a custom role chosen instead: only the custom role is sent.
    form = await openForm();
    fireEvent.change(within(form).getByRole("textbox", { name: /Name/ }), { target: { value: "ops scanner" } });
    fireEvent.click(within(form).getByRole("radio", { name: "Specific permissions" }));
    fireEvent.click(within(form).getByRole("checkbox", { name: "View customers" }));
    fireEvent.click(within(form).getByRole("radio", { name: /A custom role/ }));
    const select = (await within(form).findByTestId("key-custom-role")) as HTMLSelectElement;
    // Built-in roles are not offered as custom ones.
    await waitFor(() => expect(select.disabled).toBe(false));
    expect([...select.options].map((o) => o.value)).toEqual(["", "scanner-ops", "night-shift"]);
    fireEvent.submit(form);
    expect(await within(form).findByText("Choose a custom role.")).toBeTruthy();
    expect(node.created).toHaveLength(1);
    fireEvent.change(select, { target: { value: "scanner-ops" } });
    fireEvent.submit(form);
    await screen.findByTestId("key-secret");
    expect(node.created[1]).toMatchObject({ name: "ops scanner", role: Role.UNSPECIFIED, customRole: "scanner-ops", permissions: [] });
  });

  it("offers no custom role when there is none", async () => {
    show(fakeNode({ customRoles: [] }));
    const form = await openForm();
    const radio = within(form).getByRole("radio", { name: /A custom role/ }) as HTMLInputElement;
    await waitFor(() => expect(radio.disabled).toBe(true));
    expect(form.textContent).toContain("There are no custom roles yet");
  });

  it("shows the node's refusals: on the field it names, or above the form", async () => {
    const node = fakeNode();
    show(node);
    const form = await openForm();
    fireEvent.change(within(form).getByRole("textbox", { name: /Name/ }), { target: { value: "night" } });
    fireEvent.click(within(form).getByRole("radio", { name: /A custom role/ }));
    const select = (await within(form).findByTestId("key-custom-role")) as HTMLSelectElement;
    await waitFor(() => expect(select.disabled).toBe(false));
    fireEvent.change(select, { target: { value: "night-shift" } });
    fireEvent.submit(form);
    expect(await within(form).findByText("no custom role named night-shift")).toBeTruthy();
    expect(within(form).queryByTestId("key-form-error")).toBeNull();

    fireEvent.change(within(form).getByRole("textbox", { name: /Name/ }), { target: { value: "crash" } });
    fireEvent.change(select, { target: { value: "scanner-ops" } });
    fireEvent.submit(form);
    expect((await within(form).findByTestId("key-form-error")).textContent).toBe("the database is not reachable");
    expect(screen.queryByTestId("key-secret")).toBeNull();
    expect(node.created).toHaveLength(2);
  });

  it("shows a failed list with the node's message and a retry", async () => {
    show(fakeNode({ listError: new ConnectError("node is restarting", Code.Unavailable) }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("node is restarting");
    expect(within(alert).getByRole("button", { name: "Retry" })).toBeTruthy();
  });

  it("explains a missing permission instead of an error", async () => {
    show(fakeNode({ listError: new ConnectError("needs PERMISSION_USERS_ADMIN", Code.PermissionDenied) }));
    expect((await screen.findByTestId("keys-forbidden")).textContent).toBe("Managing API keys needs the Users admin permission.");
    expect((screen.getByTestId("key-new") as HTMLButtonElement).disabled).toBe(true);
  });

  it("revokes a key only after the confirmation", async () => {
    const node = fakeNode();
    show(node);
    await waitFor(() => expect(rows()).toHaveLength(2));

    fireEvent.click(screen.getByRole("button", { name: "Revoke the key warehouse scanner 1" }));
    const dialog = await screen.findByTestId("confirm-dialog");
    expect(dialog.textContent).toContain("Revoke the key warehouse scanner 1 (ekt_AbCd…)?");
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByTestId("confirm-dialog")).toBeNull());
    expect(node.revoked).toEqual([]);

    fireEvent.click(screen.getByRole("button", { name: "Revoke the key warehouse scanner 1" }));
    fireEvent.click(await screen.findByTestId("confirm-ok"));
    await waitFor(() => expect(node.revoked).toEqual(["t1"]));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(within(rows()[0]).getByTestId("key-name").textContent).toBe("scanner app");
    expect(calls.toastInfo).toHaveBeenCalledWith("API key revoked");
    await waitFor(() => expect(screen.queryByTestId("confirm-dialog")).toBeNull());
  });

  it("keeps the confirmation open with the node's refusal", async () => {
    const node = fakeNode({ revokeError: new ConnectError("no API token t2", Code.NotFound) });
    show(node);
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.click(screen.getByRole("button", { name: "Revoke the key scanner app" }));
    fireEvent.click(await screen.findByTestId("confirm-ok"));
    expect((await screen.findByTestId("confirm-error")).textContent).toBe("no API token t2");
    expect(screen.getByTestId("confirm-dialog")).toBeTruthy();
    expect(calls.toastInfo).not.toHaveBeenCalled();
    expect(rows()).toHaveLength(2);
  });

  it("has a text in every language for every key it names, and a label for every role and permission", () => {
    const source = readFileSync(join(__dirname, "ApiKeysPanel.tsx"), "utf8");
    const used = [...source.matchAll(/"(keys\.[A-Za-z0-9_.]+)"/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(30);
    const names = (e: object) => Object.keys(e).filter((k) => Number.isNaN(Number(k)));
    const all = [
      ...used,
      ...["active", "expired", "revoked"].map((s) => `keys.state.${s}`),
      ...["name", "access", "created", "expires", "lastUsed", "state", "actions"].map((c) => `keys.col.${c}`),
    ];
    const labels = [...names(Role).map((r) => `access.role.${r}`), ...names(Permission).map((p) => `access.perm.${p}`)];
    for (const lang of ["en", "de", "ar"] as const) {
      expect(all.filter((k) => !(k in keysMessages[lang])), lang).toEqual([]);
      expect(Object.keys(keysMessages[lang]).filter((k) => !k.startsWith("keys.")), lang).toEqual([]);
      expect(labels.filter((k) => !(k in labelsMessages[lang])), lang).toEqual([]);
    }
  });
});
