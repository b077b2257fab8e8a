import { Stack, Tabs, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { can, useWhoAmI } from "../../../lib/session";
import { ApiKeysPanel } from "../components/ApiKeysPanel";
import { AuditPanel } from "../components/AuditPanel";
import { RolesPanel } from "../components/RolesPanel";
import { UsersPanel } from "../components/UsersPanel";
import { SETTINGS_TABS, type SettingsTab } from "../lib/tabs";

const route = getRouteApi("/_app/settings");


/** Who may do what in this company: users, roles and API keys (USERS_ADMIN), and the sign-in log (AUDIT_READ). */
export function SettingsScreen() {
  const intl = useIntl();
  const me = useWhoAmI();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const admin = can(me.data?.permissions, Permission.USERS_ADMIN);
  const audit = can(me.data?.permissions, Permission.AUDIT_READ);
  const tabs = SETTINGS_TABS.filter((t) => (t === "audit" ? audit : admin));
  const tab = tabs.includes(search.tab ?? "users") ? (search.tab ?? "users") : tabs[0];

  return (
    <Stack>
      <Title order={2}>
        <FormattedMessage id="settings.title" />
      </Title>
      {me.data && tabs.length === 0 ? (
        <Text c="dimmed" data-testid="settings-denied">
          <FormattedMessage id="settings.needPermission" />
        </Text>
      ) : (
        <Tabs
          value={tab}
          onChange={(v) => void navigate({ search: v && v !== "users" ? { tab: v as SettingsTab } : {}, replace: true })}
          keepMounted={false}
        >
          <Tabs.List>
            {tabs.map((t) => (
              <Tabs.Tab key={t} value={t} data-testid={`settings-tab-${t}`}>
                {intl.formatMessage({ id: `settings.tab.${t}` })}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="users" pt="md">
            <UsersPanel />
          </Tabs.Panel>
          <Tabs.Panel value="roles" pt="md">
            <RolesPanel />
          </Tabs.Panel>
          <Tabs.Panel value="keys" pt="md">
            <ApiKeysPanel />
          </Tabs.Panel>
          <Tabs.Panel value="audit" pt="md">
            <AuditPanel />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}
