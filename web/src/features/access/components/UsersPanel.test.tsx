import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { TransportProvider } from "@connectrpc/connect-query";
import { Code, ConnectError, createRouterTransport } from "@connectrpc/connect";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { IntlProvider } from "react-intl";
import { en } from "../../../app/messages/en";
import { usersEn } from "../messages/users";
import { labelsEn } from "../messages/labels";
import {
  AuthService,
  Role,
  UserSchema,
  UserStatus,
  type CreateUserRequest,
  type IssuePasswordResetRequest,
  type UpdateUserRequest,
  type User,
} from "../../../gen/eventkit/v1/auth_pb";
import { TENANT_KEY } from "../../../lib/tenant";

const toasts = vi.hoisted(() => ({ info: vi.fn(), error: vi.fn() }));
vi.mock("../../../lib/notify", () => ({ toastInfo: toasts.info, toastError: toasts.error }));
vi.mock("../../../lib/session", () => ({ useWhoAmI: () => ({ data: { principalId: "u-admin", permissions: [] } }) }));

const { UsersPanel } = await import("./UsersPanel");
Element.prototype.scrollIntoView ??= () => {};

function user(
  id: string,
  name: string,
  email: string,
  roles: Role[],
  more: { status?: UserStatus; authSource?: string; hasPassword?: boolean; customRoles?: string[] } = {},
): User {
  return create(UserSchema, { id, displayName: name, email, roles, status: UserStatus.ACTIVE, hasPassword: true, authSource: "password", ...more });
}

/** An AuthService holding users: CreateUser and UpdateUser change what ListUsers answers. */
function fakeNode(opts: { mails?: boolean } = {}) {
  const users: User[] = [
    user("u-admin", "Ada Admin", "ada@acme.example", [Role.ADMIN]),
    user("u-wim", "Wim Warehouse", "wim@acme.example", [Role.WAREHOUSE]),
    user("u-lena", "Lena Locked", "lena@acme.example", [Role.PLANNER], { status: UserStatus.LOCKED }),
    user("u-sso", "Sam Sso", "sam@acme.example", [Role.CREW], { authSource: "oidc:google", hasPassword: false }),
  ];
  const created: CreateUserRequest[] = [];
  const updated: UpdateUserRequest[] = [];
  const issued: IssuePasswordResetRequest[] = [];
  const transport = createRouterTransport(({ service }) => {
    service(AuthService, {
      listUsers: () => ({ users }),
      listRoles: () => ({ roles: [{ role: Role.ADMIN, name: "ADMIN", builtIn: true }, { name: "rigger" }, { name: "driver" }] }),
      getLoginOptions: () => ({ password: true, passwordResetEmail: opts.mails === true }),
      createUser: (req) => {
        created.push(req);
        if (users.some((u) => u.email === req.email)) throw new ConnectError(`a user with the email ${req.email} already exists`, Code.AlreadyExists);
        const u = user(`u-${users.length + 1}`, req.displayName, req.email, req.roles, { customRoles: req.customRoles, hasPassword: false });
        users.push(u);
        return u;
      },
      updateUser: (req) => {
        updated.push(req);
        const u = users.find((x) => x.id === req.userId);
        if (!u) throw new ConnectError("user not found", Code.NotFound);
        if (req.displayName !== undefined) u.displayName = req.displayName;
        if (req.roles) {
          u.roles = req.roles.roles;
          u.customRoles = req.roles.customRoles;
        }
        if (req.status) u.status = req.status;
        return u;
      },
      issuePasswordReset: (req) => {
        issued.push(req);
        const u = users.find((x) => x.id === req.userId)!;
        const expiresAt = timestampFromDate(new Date("2026-12-08T12:30:00Z"));
        return req.sendEmail ? { emailedTo: u.email, expiresAt } : { resetToken: "ekr_handme", expiresAt };
      },
    });
  });
  return { transport, users, created, updated, issued };
}

function show(transport: ReturnType<typeof fakeNode>["transport"]) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <IntlProvider locale="en" messages={{ ...en, ...usersEn, ...labelsEn }} onError={() => {}}>
      <MantineProvider>
        <TransportProvider transport={transport}>
          <QueryClientProvider client={qc}>
            <UsersPanel />
          </QueryClientProvider>
        </TransportProvider>
      </MantineProvider>
    </IntlProvider>,
  );
}

const row = (email: string) => screen.getAllByTestId("user-row").find((r) => r.getAttribute("data-user") === email)!;

async function openActions(email: string, item: string) {
  // An earlier menu stays in the document while it closes: wait until it is gone.
  await waitFor(() => expect(screen.queryAllByTestId(item)).toHaveLength(0));
  fireEvent.click(within(row(email)).getByTestId("user-actions"));
  fireEvent.click(await screen.findByTestId(item));
}

beforeEach(() => {
  toasts.info.mockReset();
  toasts.error.mockReset();
  localStorage.removeItem(TENANT_KEY);
});

describe("users", { timeout: 30_000 }, () => {
  it("lists the users with their roles, status and sign-in, and finds them by name or address", async () => {
    show(fakeNode().transport);
    await waitFor(() => expect(screen.getAllByTestId("user-row")).toHaveLength(4));
    expect(within(row("ada@acme.example")).getByText("(you)", { exact: false })).toBeTruthy();
    expect(within(row("wim@acme.example")).getByTestId("user-roles").textContent).toBe("Warehouse");
    expect(within(row("lena@acme.example")).getByTestId("user-status").textContent).toBe("Locked");
    expect(within(row("sam@acme.example")).getByText("Single sign-on (google)")).toBeTruthy();

    fireEvent.change(screen.getByTestId("user-search"), { target: { value: "WIM acme" } });
    expect(screen.getAllByTestId("user-row").map((r) => r.getAttribute("data-user"))).toEqual(["wim@acme.example"]);
    fireEvent.change(screen.getByTestId("user-search"), { target: { value: "nobody" } });
    expect(screen.getByTestId("table-empty").textContent).toContain("No user matches “nobody”");
  });

  it("adds a user with roles, then shows a set-password link to hand over", async () => {
    localStorage.setItem(TENANT_KEY, "acme");
    const node = fakeNode();
    show(node.transport);
    await screen.findAllByTestId("user-row");
    fireEvent.click(screen.getByTestId("user-new"));
    const form = await screen.findByTestId("user-form");
    fireEvent.change(within(form).getByTestId("user-name"), { target: { value: "Pia Planner" } });
    fireEvent.change(within(form).getByTestId("user-email"), { target: { value: " pia@acme.example " } });
    fireEvent.click(within(form).getByLabelText("Planner"));
    fireEvent.click(within(form).getByLabelText("Sales"));
    fireEvent.click(within(form).getByTestId("user-save"));
    await waitFor(() => expect(node.created).toHaveLength(1));
    expect(node.created[0]).toMatchObject({ email: "pia@acme.example", displayName: "Pia Planner", roles: [Role.PLANNER, Role.SALES], customRoles: [] });
    // No mail on this node: the link is shown once, for this company account.
    const url = (await screen.findByTestId("reset-link-url")) as HTMLInputElement;
    expect(url.value).toBe(`${window.location.origin}/reset-password#token=ekr_handme&tenant=acme`);
    expect(node.issued).toEqual([expect.objectContaining({ userId: "u-5", sendEmail: false })]);
    expect(toasts.info).toHaveBeenCalledWith("Pia Planner is added.");
  });

  it("checks the form before calling, and puts a taken address next to its field", async () => {
    const node = fakeNode();
    show(node.transport);
    await screen.findAllByTestId("user-row");
    fireEvent.click(screen.getByTestId("user-new"));
    const form = await screen.findByTestId("user-form");
    fireEvent.change(within(form).getByTestId("user-email"), { target: { value: "not an address" } });
    fireEvent.click(within(form).getByTestId("user-save"));
    expect(await within(form).findByText("Enter their name.")).toBeTruthy();
    expect(within(form).getByText("Enter an address like name@example.com.")).toBeTruthy();
    expect(within(form).getByText("Choose at least one role.")).toBeTruthy();
    expect(node.created).toHaveLength(0);

    fireEvent.change(within(form).getByTestId("user-name"), { target: { value: "Wim Again" } });
    fireEvent.change(within(form).getByTestId("user-email"), { target: { value: "wim@acme.example" } });
    fireEvent.click(within(form).getByLabelText("Crew"));
    fireEvent.click(within(form).getByTestId("user-save"));
    expect(await within(form).findByText("a user with the email wim@acme.example already exists")).toBeTruthy();
    expect(node.issued).toHaveLength(0);
  });

  it("edits a user's name and roles, replacing them", async () => {
    const node = fakeNode();
    show(node.transport);
    await screen.findAllByTestId("user-row");
    await openActions("wim@acme.example", "user-edit");
    const form = await screen.findByTestId("user-form");
    expect((within(form).getByTestId("user-email") as HTMLInputElement).disabled).toBe(true);
    fireEvent.change(within(form).getByTestId("user-name"), { target: { value: "Wim W." } });
    fireEvent.click(within(form).getByLabelText("Crew"));
    fireEvent.click(within(form).getByTestId("user-save"));
    await waitFor(() => expect(node.updated).toHaveLength(1));
    expect(node.updated[0]).toMatchObject({ userId: "u-wim", displayName: "Wim W.", roles: { roles: [Role.WAREHOUSE, Role.CREW], customRoles: [] } });
    await waitFor(() => expect(within(row("wim@acme.example")).getByTestId("user-roles").textContent).toBe("WarehouseCrew"));
  });

  it("disables a user after confirming, unlocks a locked one, and offers no disabling of oneself", async () => {
    const node = fakeNode();
    show(node.transport);
    await screen.findAllByTestId("user-row");
    fireEvent.click(within(row("ada@acme.example")).getByTestId("user-actions"));
    await screen.findByTestId("user-edit");
    expect(screen.queryByTestId("user-disable")).toBeNull();
    fireEvent.keyDown(document.activeElement ?? document.body, { key: "Escape" });

    await openActions("wim@acme.example", "user-disable");
    expect((await screen.findByTestId("confirm-dialog")).textContent).toContain("Wim Warehouse will be signed out");
    fireEvent.click(screen.getByTestId("confirm-ok"));
    await waitFor(() => expect(node.updated).toEqual([expect.objectContaining({ userId: "u-wim", status: UserStatus.DISABLED })]));
    await waitFor(() => expect(row("wim@acme.example").getAttribute("data-status")).toBe("DISABLED"));

    await openActions("lena@acme.example", "user-unlock");
    await waitFor(() => expect(node.updated[1]).toMatchObject({ userId: "u-lena", status: UserStatus.ACTIVE }));
    expect(toasts.info).toHaveBeenCalledWith("Lena Locked can sign in again.");
  });

  it("mails a set-password link where the node sends email, and explains single sign-on users need none", async () => {
    const node = fakeNode({ mails: true });
    show(node.transport);
    await screen.findAllByTestId("user-row");
    await openActions("wim@acme.example", "user-reset-link");
    fireEvent.click(await screen.findByTestId("reset-link-mail"));
    expect((await screen.findByTestId("reset-link-mailed")).textContent).toContain("mailed to wim@acme.example");
    expect(node.issued).toEqual([{ $typeName: "eventkit.v1.IssuePasswordResetRequest", userId: "u-wim", sendEmail: true }]);
    fireEvent.click(screen.getByTestId("reset-link-close"));

    await waitFor(() => expect(screen.queryByTestId("reset-link-dialog")).toBeNull());
    await openActions("sam@acme.example", "user-reset-link");
    expect((await screen.findByTestId("reset-link-dialog")).textContent).toContain("Sam Sso signs in through Single sign-on (google)");
    expect(screen.queryByTestId("reset-link-mail")).toBeNull();
  });
});
