import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { TransportProvider } from "@connectrpc/connect-query";
import { Code, ConnectError, createRouterTransport } from "@connectrpc/connect";
import { create } from "@bufbuild/protobuf";
import { IntlProvider } from "react-intl";
import { en } from "../../../app/messages/en";
import { rolesEn } from "../messages/roles";
import { labelsEn } from "../messages/labels";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import {
  AuthService,
  CustomRoleSchema,
  Role,
  RoleInfoSchema,
  type CreateRoleRequest,
  type DeleteRoleRequest,
  type RoleInfo,
  type UpdateRoleRequest,
} from "../../../gen/eventkit/v1/auth_pb";
import { RolesPanel } from "./RolesPanel";

const toasts = vi.hoisted(() => ({ info: [] as string[], error: [] as unknown[] }));
vi.mock("../../../lib/notify", () => ({
  toastInfo: (m: string) => toasts.info.push(m),
  toastError: (e: unknown) => toasts.error.push(e),
}));

Element.prototype.scrollIntoView ??= () => {};

const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const BUILT_IN = ["ADMIN", "MANAGER", "PLANNER", "WAREHOUSE", "SALES", "CREW", "READ_ONLY"];

/**
 * An AuthService with the role RPCs, answering like the node (CustomRoles): built-ins first, then
 * custom roles by name; names checked and unique case-insensitively; a held role is not deleted.
 */
function fakeNode(opts: { custom?: RoleInfo[]; heldBy?: Record<string, string>; takenMeanwhile?: string; denied?: boolean; outage?: string } = {}) {
  const custom: RoleInfo[] = [...(opts.custom ?? [])];
  const created: CreateRoleRequest[] = [];
  const updated: UpdateRoleRequest[] = [];
  const deleted: DeleteRoleRequest[] = [];
  let lists = 0;
  const builtIns = [
    create(RoleInfoSchema, {
      role: Role.ADMIN,
      name: "ADMIN",
      builtIn: true,
      permissions: Object.values(Permission).filter((p): p is Permission => typeof p === "number" && p !== Permission.UNSPECIFIED && p !== Permission.PUBLIC),
    }),
    create(RoleInfoSchema, {
      role: Role.PLANNER,
      name: "PLANNER",
      builtIn: true,
      permissions: [Permission.SELF, Permission.INVENTORY_READ, Permission.PLANNING_READ, Permission.PLANNING_WRITE, Permission.CREW_READ],
    }),
  ];
  const transport = createRouterTransport(({ service }) => {
    service(AuthService, {
      listRoles: () => {
        lists++;
        if (opts.denied) throw new ConnectError("this needs PERMISSION_USERS_ADMIN", Code.PermissionDenied);
        return { roles: [...builtIns, ...[...custom].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()))] };
      },
      createRole: (req) => {
        created.push(req);
        if (opts.outage && req.name === opts.outage) throw new ConnectError("the database is read-only during maintenance", Code.Unavailable);
        const problems: string[] = [];
        if (!NAME.test(req.name)) problems.push("name must be 1–64 characters: letters, digits, '_' and '-'");
        if (BUILT_IN.some((b) => [b, `ROLE_${b}`].includes(req.name.toUpperCase()))) problems.push("name is a built-in role's name; choose another");
        if (req.permissions.length === 0) problems.push("permissions needs at least one permission");
        if (problems.length) throw new ConnectError(`invalid request: ${problems.join("; ")}`, Code.InvalidArgument);
        const taken = [...custom.map((c) => c.name), opts.takenMeanwhile ?? ""].some((n) => n.toLowerCase() === req.name.toLowerCase());
        if (taken) throw new ConnectError(`a custom role named ${req.name} already exists (names are compared case-insensitively)`, Code.AlreadyExists);
        custom.push(create(RoleInfoSchema, { name: req.name, description: req.description, permissions: req.permissions }));
        return create(CustomRoleSchema, { id: `r${custom.length}`, name: req.name, description: req.description, permissions: req.permissions });
      },
      updateRole: (req) => {
        updated.push(req);
        const r = custom.find((c) => c.name.toLowerCase() === req.name.toLowerCase());
        if (!r) throw new ConnectError(`no custom role named ${req.name} (see ListRoles)`, Code.NotFound);
        if (req.description !== undefined) r.description = req.description;
        if (req.permissions) r.permissions = req.permissions.permissions;
        return create(CustomRoleSchema, { name: r.name, description: r.description, permissions: r.permissions });
      },
      deleteRole: (req) => {
        deleted.push(req);
        const holders = opts.heldBy?.[req.name];
        if (holders) {
          throw new ConnectError(
            `the custom role ${req.name} is still held by users [${holders}] (at most five of each shown); take it from them (UpdateUser, RevokeApiToken) first`,
            Code.FailedPrecondition,
          );
        }
        const i = custom.findIndex((c) => c.name === req.name);
        if (i < 0) throw new ConnectError(`no custom role named ${req.name} (see ListRoles)`, Code.NotFound);
        custom.splice(i, 1);
        return {};
      },
    });
  });
  return { transport, custom, created, updated, deleted, lists: () => lists };
}

function show(transport: ReturnType<typeof fakeNode>["transport"]) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <IntlProvider locale="en-GB" messages={{ ...en, ...rolesEn, ...labelsEn }} timeZone="UTC" onError={() => {}}>
      <MantineProvider>
        <TransportProvider transport={transport}>
          <QueryClientProvider client={qc}>
            <RolesPanel />
          </QueryClientProvider>
        </TransportProvider>
      </MantineProvider>
    </IntlProvider>,
  );
}

const NIGHT = create(RoleInfoSchema, {
  name: "night-crew",
  description: "Evening get-outs",
  permissions: [Permission.SELF, Permission.PLANNING_READ, Permission.SCAN],
});

function row(name: string): HTMLElement {
  const r = screen.getAllByTestId("role-row").find((e) => e.getAttribute("data-role") === name);
  if (!r) throw new Error(`no row for ${name}`);
  return r;
}

const box = (name: string) => screen.getByRole("checkbox", { name }) as HTMLInputElement;
const nameInput = () => screen.getByRole("textbox", { name: /^Name/ }) as HTMLInputElement;

async function openNewRole() {
  await waitFor(() => expect((screen.getByTestId("role-new") as HTMLButtonElement).disabled).toBe(false));
  fireEvent.click(screen.getByTestId("role-new"));
  return screen.findByTestId("role-form");
}

beforeEach(() => {
  toasts.info.length = 0;
  toasts.error.length = 0;
});

describe("roles tab", { timeout: 30_000 }, () => {
  it("lists the built-in roles read-only, marked as such, and the custom ones with description and permissions", async () => {
    show(fakeNode({ custom: [NIGHT] }).transport);
    await screen.findAllByTestId("role-row");
    const table = screen.getByTestId("role-table");
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Role", "Description", "Permissions", "Actions"]);
    expect(screen.getAllByTestId("role-row").map((r) => r.getAttribute("data-role"))).toEqual(["ADMIN", "PLANNER", "night-crew"]);

    const planner = row("PLANNER");
    expect(within(planner).getByTestId("role-name").textContent).toBe("Planner");
    expect(within(planner).getByTestId("role-builtin").textContent).toBe("Built-in");
    expect(within(planner).getByTestId("role-description").textContent).toBe(rolesEn["roles.builtinAbout.PLANNER"]);
    // SELF is everyone's: not counted.
    expect(within(planner).getByTestId("role-permission-count").textContent).toBe("4 permissions");
    expect(within(planner).getByTestId("role-permission-summary").textContent).toBe("Inventory, Planning and Crew");
    expect(within(planner).getByRole("button", { name: "View Planner" })).toBeTruthy();
    expect(within(planner).queryByTestId("role-edit")).toBeNull();
    expect(within(row("ADMIN")).getByTestId("role-permission-summary").textContent).toBe("All permissions");

    const night = row("night-crew");
    expect(within(night).queryByTestId("role-builtin")).toBeNull();
    expect(within(night).getByTestId("role-name").textContent).toBe("night-crew");
    expect(within(night).getByTestId("role-description").textContent).toBe("Evening get-outs");
    expect(within(night).getByTestId("role-permission-count").textContent).toBe("2 permissions");
    expect(within(night).getByTestId("role-permission-summary").textContent).toBe("Planning and Scanning");
    expect(within(night).getByRole("button", { name: "Edit night-crew" })).toBeTruthy();
    expect(screen.queryByTestId("roles-empty")).toBeNull();

    // Nothing can be deleted on a built-in role; viewing it shows its permissions, not editable.
    fireEvent.click(within(planner).getByRole("button", { name: "More actions for Planner" }));
    expect(await screen.findByTestId("role-copy")).toBeTruthy();
    expect(screen.queryByTestId("role-delete")).toBeNull();
    fireEvent.click(within(planner).getByTestId("role-view"));
    const form = await screen.findByTestId("role-form");
    expect(within(form).getByTestId("role-builtin-note")).toBeTruthy();
    expect(within(form).queryByRole("button", { name: "Save" })).toBeNull();
    expect(box("Plan events").checked).toBe(true);
    expect(box("Plan events").disabled).toBe(true);
    expect(box("Change inventory").checked).toBe(false);
  });

  it("says so when there are no custom roles yet", async () => {
    show(fakeNode().transport);
    expect((await screen.findByTestId("roles-empty")).textContent).toContain("No custom roles yet");
    expect(screen.getAllByTestId("role-row")).toHaveLength(2);
  });

  it("creates a role with the permissions ticked, grouped by area, and lists it", async () => {
    const node = fakeNode();
    show(node.transport);
    const form = await openNewRole();
    // Areas come from the enum names; PUBLIC and SELF are not offered, SELF is explained instead.
    const planning = within(form).getByRole("group", { name: "Planning" });
    expect(within(planning).getAllByRole("checkbox").map((c) => c.getAttribute("data-permission"))).toEqual(["PLANNING_READ", "PLANNING_WRITE"]);
    expect(within(within(form).getByRole("group", { name: "Scanning" })).getAllByRole("checkbox")).toHaveLength(2);
    expect(form.querySelector('[data-permission="SELF"]')).toBeNull();
    expect(form.querySelector('[data-permission="PUBLIC"]')).toBeNull();
    expect(within(form).getByText(/their own profile/)).toBeTruthy();

    fireEvent.change(nameInput(), { target: { value: " Night-crew " } });
    fireEvent.change(screen.getByRole("textbox", { name: /Description/ }), { target: { value: "Evening get-outs" } });
    fireEvent.click(box("Scan gear out and in"));
    fireEvent.click(box("View events"));
    expect(within(form).getByTestId("role-permissions-chosen").textContent).toBe("2 chosen");
    fireEvent.click(within(form).getByRole("button", { name: "Create role" }));

    await waitFor(() => expect(node.created).toHaveLength(1));
    expect(node.created[0]).toMatchObject({ name: "Night-crew", description: "Evening get-outs", permissions: [Permission.PLANNING_READ, Permission.SCAN] });
    await waitFor(() => expect(screen.queryByTestId("role-form")).toBeNull());
    expect(toasts.info).toEqual(["Role Night-crew created"]);
    // The list was fetched again: the new role is drawn.
    await waitFor(() => expect(within(row("Night-crew")).getByTestId("role-permission-count").textContent).toBe("2 permissions"));
    expect(screen.queryByTestId("roles-empty")).toBeNull();
  });

  it("checks the name, the permissions and the description before calling the node", async () => {
    const node = fakeNode({ custom: [NIGHT] });
    show(node.transport);
    const form = await openNewRole();
    fireEvent.click(within(form).getByRole("button", { name: "Create role" }));
    expect(await within(form).findByText(rolesEn["roles.form.name.format"])).toBeTruthy();
    expect(within(form).getByTestId("role-permissions-error").textContent).toBe(rolesEn["roles.form.permissions.required"]);
    expect(nameInput().getAttribute("aria-invalid")).toBe("true");

    fireEvent.click(box("View inventory"));
    for (const [value, problem] of [
      ["night crew", rolesEn["roles.form.name.format"]],
      ["x".repeat(65), rolesEn["roles.form.name.format"]],
      ["crew#1", rolesEn["roles.form.name.format"]],
      ["Read_Only", rolesEn["roles.form.name.builtIn"]],
      ["role_admin", rolesEn["roles.form.name.builtIn"]],
      ["NIGHT-CREW", rolesEn["roles.form.name.taken"]],
    ]) {
      fireEvent.change(nameInput(), { target: { value } });
      fireEvent.click(within(form).getByRole("button", { name: "Create role" }));
      expect(await within(form).findByText(problem)).toBeTruthy();
    }
    expect(within(form).queryByTestId("role-permissions-error")).toBeNull();

    fireEvent.change(nameInput(), { target: { value: "day-crew" } });
    fireEvent.change(screen.getByRole("textbox", { name: /Description/ }), { target: { value: "d".repeat(501) } });
    fireEvent.click(within(form).getByRole("button", { name: "Create role" }));
    expect(await within(form).findByText("At most 500 characters (now 501).")).toBeTruthy();
    expect(node.created).toHaveLength(0);
  });

  it("shows the node's refusal on the field it concerns, and other errors above the form", async () => {
    // Another admin created "Riggers" after this list was read: only the node knows.
    const node = fakeNode({ takenMeanwhile: "riggers", outage: "Loaders" });
    show(node.transport);
    const form = await openNewRole();
    fireEvent.change(nameInput(), { target: { value: "Riggers" } });
    fireEvent.click(box("View crew"));
    fireEvent.click(within(form).getByRole("button", { name: "Create role" }));
    const refusal = await within(form).findByText("a custom role named Riggers already exists (names are compared case-insensitively)");
    expect(nameInput().getAttribute("aria-describedby")).toContain(refusal.id);
    expect(within(form).queryByTestId("role-form-error")).toBeNull();

    // An answer about no field goes above the form; the field's earlier error is cleared.
    fireEvent.change(nameInput(), { target: { value: "Loaders" } });
    fireEvent.click(within(form).getByRole("button", { name: "Create role" }));
    expect((await within(form).findByTestId("role-form-error")).textContent).toBe("the database is read-only during maintenance");
    expect(nameInput().getAttribute("aria-invalid")).not.toBe("true");
    expect(node.created.map((r) => r.name)).toEqual(["Riggers", "Loaders"]);
    expect(screen.getByTestId("role-form")).toBeTruthy();
    expect(toasts.info).toEqual([]);
  });

  it("edits a custom role: the name is fixed, description and permissions are replaced, SELF is kept", async () => {
    const node = fakeNode({ custom: [NIGHT] });
    show(node.transport);
    await screen.findAllByTestId("role-row");
    fireEvent.click(within(row("night-crew")).getByRole("button", { name: "Edit night-crew" }));
    const form = await screen.findByTestId("role-form");
    expect(nameInput().value).toBe("night-crew");
    expect(nameInput().readOnly).toBe(true);
    expect((screen.getByRole("textbox", { name: /Description/ }) as HTMLInputElement).value).toBe("Evening get-outs");
    expect(box("View events").checked).toBe(true);
    expect(box("Scan gear out and in").checked).toBe(true);
    expect(box("View inventory").checked).toBe(false);

    fireEvent.click(box("View events"));
    fireEvent.click(box("Override scan warnings"));
    fireEvent.change(screen.getByRole("textbox", { name: /Description/ }), { target: { value: "Get-outs after 22:00" } });
    fireEvent.click(within(form).getByRole("button", { name: "Save" }));

    await waitFor(() => expect(node.updated).toHaveLength(1));
    expect(node.updated[0]).toMatchObject({
      name: "night-crew",
      description: "Get-outs after 22:00",
      permissions: { permissions: [Permission.SELF, Permission.SCAN, Permission.SCAN_OVERRIDE] },
    });
    await waitFor(() => expect(screen.queryByTestId("role-form")).toBeNull());
    expect(toasts.info).toEqual(["Role night-crew saved"]);
    await waitFor(() => expect(within(row("night-crew")).getByTestId("role-description").textContent).toBe("Get-outs after 22:00"));
    expect(within(row("night-crew")).getByTestId("role-permission-summary").textContent).toBe("Scanning");
  });

  it("starts a new role from a built-in role's permissions", async () => {
    const node = fakeNode();
    show(node.transport);
    await screen.findAllByTestId("role-row");
    fireEvent.click(within(row("PLANNER")).getByTestId("role-view"));
    fireEvent.click(await screen.findByTestId("role-form-copy"));
    await waitFor(() => expect(screen.getByRole("button", { name: "Create role" })).toBeTruthy());
    expect(nameInput().value).toBe("");
    expect(nameInput().readOnly).toBe(false);
    expect(box("Plan events").checked).toBe(true);
    expect(box("View crew").checked).toBe(true);
    fireEvent.click(box("Manage sub-hires"));
    fireEvent.change(nameInput(), { target: { value: "planner-plus" } });
    fireEvent.click(screen.getByRole("button", { name: "Create role" }));
    await waitFor(() => expect(node.created).toHaveLength(1));
    expect(node.created[0].permissions).toEqual([Permission.INVENTORY_READ, Permission.PLANNING_READ, Permission.PLANNING_WRITE, Permission.SUBHIRE_WRITE, Permission.CREW_READ]);
  });

  it("deletes a role only after confirming, and keeps the dialog open with the node's answer when it is still held", async () => {
    const heldRole = create(RoleInfoSchema, { name: "riggers", permissions: [Permission.SCAN] });
    const node = fakeNode({ custom: [NIGHT, heldRole], heldBy: { riggers: "ana@example.com" } });
    show(node.transport);
    await screen.findAllByTestId("role-row");

    fireEvent.click(within(row("riggers")).getByRole("button", { name: "More actions for riggers" }));
    fireEvent.click(await screen.findByTestId("role-delete"));
    const dialog = await screen.findByTestId("confirm-dialog");
    expect(dialog.textContent).toContain("Delete the role riggers?");
    expect(node.deleted).toHaveLength(0);
    fireEvent.click(within(dialog).getByTestId("confirm-ok"));
    expect((await within(dialog).findByTestId("confirm-error")).textContent).toContain("still held by users [ana@example.com]");
    expect(node.deleted).toEqual([expect.objectContaining({ name: "riggers" })]);
    expect(row("riggers")).toBeTruthy();
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByTestId("confirm-dialog")).toBeNull());

    fireEvent.click(within(row("night-crew")).getByRole("button", { name: "More actions for night-crew" }));
    fireEvent.click(await screen.findByTestId("role-delete"));
    const again = await screen.findByTestId("confirm-dialog");
    expect(within(again).queryByTestId("confirm-error")).toBeNull();
    fireEvent.click(within(again).getByTestId("confirm-ok"));
    await waitFor(() => expect(screen.queryByTestId("confirm-dialog")).toBeNull());
    expect(node.deleted.at(-1)).toMatchObject({ name: "night-crew" });
    expect(toasts.info).toEqual(["Role night-crew deleted"]);
    await waitFor(() => expect(screen.getAllByTestId("role-row").map((r) => r.getAttribute("data-role"))).toEqual(["ADMIN", "PLANNER", "riggers"]));
  });

  it("without USERS_ADMIN explains instead of showing an error", async () => {
    show(fakeNode({ denied: true }).transport);
    expect((await screen.findByTestId("roles-forbidden")).textContent).toBe(rolesEn["roles.needPermission"]);
    expect(screen.queryByTestId("role-new")).toBeNull();
  });
});
