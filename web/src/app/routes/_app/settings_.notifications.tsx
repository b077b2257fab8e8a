import { createFileRoute } from "@tanstack/react-router";
import { WithMessages } from "../../../components/WithMessages";
import { PreferencesScreen } from "../../../features/notifications/routes/PreferencesScreen";
import { notificationsMessages } from "../../../features/notifications/messages";

/** The caller's own notification settings (every signed-in user; /settings itself is for admins). */
export const Route = createFileRoute("/_app/settings_/notifications")({
  component: () => (
    <WithMessages messages={notificationsMessages}>
      <PreferencesScreen />
    </WithMessages>
  ),
});
