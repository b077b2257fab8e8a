import { WithMessages } from "../../components/WithMessages";
import { NotificationDrawer } from "../../features/notifications/components/NotificationDrawer";
import { notificationsMessages } from "../../features/notifications/messages";

/** The bell's drawer with its texts, loaded the first time the bell is pressed. */
export default function BellDrawer(props: { opened: boolean; onClose(): void }) {
  return (
    <WithMessages messages={notificationsMessages}>
      <NotificationDrawer {...props} />
    </WithMessages>
  );
}
