import { keepPreviousData, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, useMutation, useQuery } from "@connectrpc/connect-query";
import { NotificationService, WebhookService } from "../../../gen/eventkit/v1/notifications_pb";
import { UNREAD_KEY } from "./keys";

const n = NotificationService.method;

export const POPOVER_SIZE = 10;
export const PAGE_SIZE = 25;

export function useNotifications(unreadOnly: boolean, pageToken: string | undefined, pageSize = PAGE_SIZE, enabled = true) {
  return useQuery(
    n.listNotifications,
    { unreadOnly, page: { pageSize, pageToken: pageToken ?? "" } },
    { enabled, placeholderData: keepPreviousData, staleTime: 5_000 },
  );
}

/** After a change to what is read: the bell's count and every list. */
export function invalidateInbox(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: UNREAD_KEY });
  void qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: n.listNotifications, cardinality: undefined }) });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation(n.markNotificationsRead, { onSuccess: () => invalidateInbox(qc) });
}

export function useEventTypes() {
  return useQuery(WebhookService.method.listEventTypes, {}, { staleTime: 5 * 60_000 });
}

export function usePreferences() {
  return useQuery(n.getNotificationPreferences, {});
}

export function useUpdatePreferences() {
  const qc = useQueryClient();
  return useMutation(n.updateNotificationPreferences, {
    onSuccess: () => void qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: n.getNotificationPreferences, cardinality: undefined }) }),
  });
}

export function useWebPushConfig() {
  return useQuery(n.getWebPushConfig, {}, { staleTime: 5 * 60_000 });
}

export function useSubscribeWebPush() {
  return useMutation(n.subscribeWebPush);
}

export function useUnsubscribeWebPush() {
  return useMutation(n.unsubscribeWebPush);
}
