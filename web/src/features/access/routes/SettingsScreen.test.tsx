import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { en } from "../../../app/messages/en";
import { settingsEn } from "../messages/settings";
import { Permission } from "../../../gen/eventkit/v1/access_pb";

const state = vi.hoisted(() => ({ permissions: [] as number[], search: {} as { tab?: string }, navigated: [] as unknown[] }));
vi.mock("@tanstack/react-router", () => ({
  getRouteApi: () => ({
    useSearch: () => state.search,
    useNavigate: () => (o: { search: { tab?: string } }) => {
      state.navigated.push(o);
      state.search = o.search;
    },
  }),
}));
vi.mock("../../../lib/session", () => ({
  useWhoAmI: () => ({ data: { permissions: state.permissions } }),
  can: (held: number[] | undefined, p: number) => !!held?.includes(p),
}));
vi.mock("../components/UsersPanel", () => ({ UsersPanel: () => <p>users panel</p> }));
vi.mock("../components/RolesPanel", () => ({ RolesPanel: () => <p>roles panel</p> }));
vi.mock("../components/ApiKeysPanel", () => ({ ApiKeysPanel: () => <p>keys panel</p> }));
vi.mock("../components/AuditPanel", () => ({ AuditPanel: () => <p>audit panel</p> }));

const { SettingsScreen } = await import("./SettingsScreen");

function show(permissions: Permission[], search: { tab?: string } = {}) {
  state.permissions = permissions;
  state.search = search;
  state.navigated = [];
  render(
    <IntlProvider locale="en" messages={{ ...en, ...settingsEn }}>
      <MantineProvider>
        <SettingsScreen />
      </MantineProvider>
    </IntlProvider>,
  );
}

const tabs = () => screen.queryAllByRole("tab").map((t) => t.textContent);

describe("settings", () => {
  it("offers users, roles and API keys to a users admin, and the sign-in log to an audit reader", () => {
    show([Permission.USERS_ADMIN, Permission.AUDIT_READ]);
    expect(tabs()).toEqual(["Users", "Roles", "API keys", "Sign-in log"]);
    expect(screen.getByText("users panel")).toBeTruthy();
    fireEvent.click(screen.getByRole("tab", { name: "Roles" }));
    expect(state.navigated).toEqual([{ search: { tab: "roles" }, replace: true }]);
  });

  it("opens the tab the address names, and only the sign-in log for an audit reader alone", () => {
    show([Permission.USERS_ADMIN], { tab: "keys" });
    expect(tabs()).toEqual(["Users", "Roles", "API keys"]);
    expect(screen.getByText("keys panel")).toBeTruthy();
    document.body.innerHTML = "";
    show([Permission.AUDIT_READ], { tab: "users" });
    expect(tabs()).toEqual(["Sign-in log"]);
    expect(screen.getByText("audit panel")).toBeTruthy();
  });

  it("says which permission is needed when the caller has neither", () => {
    show([Permission.INVENTORY_READ]);
    expect(tabs()).toEqual([]);
    expect(screen.getByTestId("settings-denied").textContent).toContain("Users admin or the Audit read permission");
  });
});
