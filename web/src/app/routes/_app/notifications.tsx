import { createFileRoute } from "@tanstack/react-router";
import { WithMessages } from "../../../components/WithMessages";
import { NotificationsScreen } from "../../../features/notifications/routes/NotificationsScreen";
import { notificationsMessages } from "../../../features/notifications/messages";

export const Route = createFileRoute("/_app/notifications")({
  component: () => (
    <WithMessages messages={notificationsMessages}>
      <NotificationsScreen />
    </WithMessages>
  ),
});
