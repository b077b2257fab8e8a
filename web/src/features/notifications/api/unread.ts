import { NotificationService } from "../../../gen/eventkit/v1/notifications_pb";
import { client } from "../../../lib/transport";

/** NotificationService/GetUnreadCount: the caller's unread notifications. */
export async function fetchUnread(): Promise<number> {
  return (await client(NotificationService).getUnreadCount({})).unread;
}
