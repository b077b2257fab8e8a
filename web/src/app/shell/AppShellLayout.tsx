import { memo, useEffect, useMemo } from "react";
import { AppShell, Badge, Burger, Group, Menu, NavLink, Select, Text, UnstyledButton } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Link, Outlet, useNavigate, useRouter, useRouterState } from "@tanstack/react-router";
import { useQueryClient } from "@tanstack/react-query";
import { FormattedMessage, useIntl } from "react-intl";
import { LANGUAGES, usePreferences, type Language } from "../i18n";
import { activeNav, navFor } from "../nav";
import { GlobalSearch } from "./GlobalSearch";
import { NotificationBell } from "./NotificationBell";
import { warmRoutes } from "./warmRoutes";
import { useHasSession, useWhoAmI } from "../../lib/session";
import { auth, client } from "../../lib/transport";
import { AuthService } from "../../gen/eventkit/v1/auth_pb";
import type { Permission } from "../../gen/eventkit/v1/access_pb";
import { useNodeHealth, useNodeInfo } from "../../features/node/api/node";

/**
 * How long after the shell mounts the offline scan queue starts syncing and the navigation's
 * first screens' code loads (each then when idle): after the first screen is drawn.
 */
const AFTER_FIRST_SCREEN_MS = 1_000;

const HEALTH_COLOR = { UP: "green", DEGRADED: "yellow", DOWN: "red" } as const;

export function AppShellLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const intl = useIntl();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const hasSession = useHasSession();
  const me = useWhoAmI();
  const node = useNodeInfo();
  const health = useNodeHealth();
  const { language, setLanguage } = usePreferences();

  // Scans queued offline go out when the connection is back, whichever screen is open (loaded
  // on demand: IndexedDB code stays out of the first page load). Started once the browser is idle
  // after the first screen: the queue's code, Dexie and opening IndexedDB took about 60 ms of a cold
  // dashboard's main thread, in the middle of drawing it. The scan screen starts it itself at once.
  useEffect(() => {
    if (!hasSession) return;
    const start = () => void import("../../features/scanning/offline").then((m) => m.startScanSync()).catch(() => undefined);
    const idle = () => ("requestIdleCallback" in window ? window.requestIdleCallback(start, { timeout: 5_000 }) : start());
    const timer = window.setTimeout(idle, AFTER_FIRST_SCREEN_MS);
    return () => window.clearTimeout(timer);
  }, [hasSession]);

  // The code of the screens the navigation offers first, so their first visit waits only for data.
  const router = useRouter();
  // As a string: the effect restarts only when the entries change, not when WhoAmI is asked again.
  const warmKey = me.data
    ? navFor(me.data.permissions)
        .filter((n) => !("sub" in n && n.sub))
        .map((n) => n.to)
        .join(" ")
    : "";
  useEffect(() => {
    if (!warmKey) return;
    let cancel: (() => void) | undefined;
    // Not the screen on show: its code is in.
    const start = () => {
      const here = activeNav(router.state.location.pathname);
      cancel = warmRoutes(router, warmKey.split(" ").filter((to) => to !== here));
    };
    const timer = window.setTimeout(start, AFTER_FIRST_SCREEN_MS);
    return () => {
      window.clearTimeout(timer);
      cancel?.();
    };
  }, [router, warmKey]);

  useEffect(() => {
    if (!hasSession) {
      queryClient.clear();
      void navigate({ to: "/login" });
    }
  }, [hasSession, navigate, queryClient]);

  const logout = async () => {
    const refreshToken = auth.refreshToken;
    try {
      if (refreshToken) await client(AuthService).logout({ refreshToken });
    } finally {
      auth.signedOut();
    }
  };

  const healthKey = health.data ? `shell.health.${health.data}` : "shell.health.unknown";

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={intl.formatMessage({ id: "shell.nav" })} />
            <Text fw={700}>
              <FormattedMessage id="app.name" />
            </Text>
            <Text size="sm" c="dimmed" data-testid="node-name" visibleFrom="xs">
              {node.data ? node.data.displayName || node.data.nodeId : ""}
            </Text>
            <Badge color={health.data ? HEALTH_COLOR[health.data] : "gray"} variant="light" miw="max-content" visibleFrom="xs" data-testid="node-health">
              {intl.formatMessage({ id: healthKey })}
            </Badge>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <GlobalSearch />
            <NotificationBell />
            <Select
              aria-label={intl.formatMessage({ id: "shell.language" })}
              data-testid="language"
              size="xs"
              w={{ base: 96, sm: 120 }}
              allowDeselect={false}
              value={language}
              data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
              onChange={(v) => v && setLanguage(v as Language)}
            />
            <Menu position="bottom-end">
              <Menu.Target>
                <UnstyledButton data-testid="user-menu" aria-label={intl.formatMessage({ id: "shell.signedInAs" }, { name: me.data?.name ?? "" })}>
                  <Text size="sm" fw={500} data-testid="user-name">
                    {me.data?.name ?? ""}
                  </Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item component={Link} to="/profile" data-testid="menu-profile">
                  <FormattedMessage id="shell.profile" />
                </Menu.Item>
                <Menu.Item component={Link} to="/settings/notifications" data-testid="menu-notification-settings">
                  <FormattedMessage id="shell.notificationSettings" />
                </Menu.Item>
                <Menu.Item onClick={logout} data-testid="logout">
                  <FormattedMessage id="shell.logout" />
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={intl.formatMessage({ id: "shell.nav" })} data-testid="nav" style={{ overflowY: "auto" }}>
        <ShellNav permissions={me.data?.permissions} onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

const NAV_ACTIVE_OPTIONS = { exact: true, includeSearch: false } as const;

/**
 * The navigation, filtered by the caller's permissions. The shell itself does not follow the
 * location: only this list does, by its active entry, and then only the two entries whose state
 * changed draw again (a route change used to redraw the whole shell, header included).
 */
function ShellNav({ permissions, onNavigate }: { permissions: readonly Permission[] | undefined; onNavigate: () => void }) {
  const intl = useIntl();
  const active = useRouterState({ select: (s) => activeNav(s.location.pathname) });
  const items = useMemo(() => navFor(permissions), [permissions]);
  return items.map((n) => (
    <NavItem
      key={n.to}
      to={n.to}
      label={intl.formatMessage({ id: n.label })}
      sub={"sub" in n && n.sub}
      active={n.to === active}
      onNavigate={onNavigate}
    />
  ));
}

const NavItem = memo(function NavItem({
  to,
  label,
  sub,
  active,
  onNavigate,
}: {
  to: string;
  label: string;
  sub: boolean;
  active: boolean;
  onNavigate: () => void;
}) {
  return (
    <NavLink
      component={Link}
      to={to}
      label={label}
      active={active}
      activeOptions={NAV_ACTIVE_OPTIONS}
      ps={sub ? "xl" : undefined}
      onClick={onNavigate}
      data-nav={to}
    />
  );
});
