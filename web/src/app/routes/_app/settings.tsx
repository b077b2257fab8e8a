import { createFileRoute } from "@tanstack/react-router";
import { WithMessages } from "../../../components/WithMessages";
import { SettingsScreen } from "../../../features/access/routes/SettingsScreen";
import { SETTINGS_TABS, type SettingsTab } from "../../../features/access/lib/tabs";
import { settingsMessages } from "../../../features/access/messages/settings";
import { usersMessages } from "../../../features/access/messages/users";
import { rolesMessages } from "../../../features/access/messages/roles";
import { keysMessages } from "../../../features/access/messages/keys";
import { auditMessages } from "../../../features/access/messages/audit";

/** Users, roles, API keys and the sign-in log; `?tab=` names the tab (users by default). */
export const Route = createFileRoute("/_app/settings")({
  validateSearch: (s: Record<string, unknown>): { tab?: SettingsTab } =>
    typeof s.tab === "string" && (SETTINGS_TABS as readonly string[]).includes(s.tab) ? { tab: s.tab as SettingsTab } : {},
  component: () => (
    <WithMessages messages={[settingsMessages, usersMessages, rolesMessages, keysMessages, auditMessages]}>
      <SettingsScreen />
    </WithMessages>
  ),
});
