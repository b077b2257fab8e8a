import { keepPreviousData, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, useMutation, useQuery } from "@connectrpc/connect-query";
import { DeliveryState, WebhookService } from "../../../gen/eventkit/v1/notifications_pb";

const w = WebhookService.method;

export const WEBHOOKS_PAGE = 50;
export const DELIVERIES_PAGE = 20;

export function useWebhooks(pageToken: string | undefined) {
  return useQuery(w.listWebhooks, { page: { pageSize: WEBHOOKS_PAGE, pageToken: pageToken ?? "" } }, { placeholderData: keepPreviousData });
}

/** One webhook, for a delivery log opened by link when it is not on the list's current page. */
export function useWebhook(id: string | undefined, enabled: boolean) {
  return useQuery(w.getWebhook, { id: id ?? "" }, { enabled: enabled && !!id });
}

export function useEventTypes() {
  return useQuery(w.listEventTypes, {}, { staleTime: 5 * 60_000 });
}

export function useDeliveries(webhookId: string | undefined, state: DeliveryState, pageToken: string | undefined) {
  return useQuery(
    w.listWebhookDeliveries,
    { webhookId: webhookId ?? "", state, includeAttempts: true, page: { pageSize: DELIVERIES_PAGE, pageToken: pageToken ?? "" } },
    { enabled: !!webhookId, placeholderData: keepPreviousData },
  );
}

function invalidateWebhooks(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: w.listWebhooks, cardinality: undefined }) });
  void qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: w.getWebhook, cardinality: undefined }) });
}

function invalidateDeliveries(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: w.listWebhookDeliveries, cardinality: undefined }) });
}

export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation(w.createWebhook, { onSuccess: () => invalidateWebhooks(qc) });
}

export function useUpdateWebhook() {
  const qc = useQueryClient();
  return useMutation(w.updateWebhook, { onSuccess: () => invalidateWebhooks(qc) });
}

export function useDeleteWebhook() {
  const qc = useQueryClient();
  return useMutation(w.deleteWebhook, { onSuccess: () => invalidateWebhooks(qc) });
}

export function useRotateSecret() {
  const qc = useQueryClient();
  return useMutation(w.rotateWebhookSecret, { onSuccess: () => invalidateWebhooks(qc) });
}

export function useTestWebhook() {
  const qc = useQueryClient();
  return useMutation(w.testWebhook, { onSuccess: () => invalidateDeliveries(qc) });
}

export function useReplayDelivery() {
  const qc = useQueryClient();
  return useMutation(w.replayWebhookDelivery, {
    onSuccess: () => {
      invalidateDeliveries(qc);
      invalidateWebhooks(qc);
    },
  });
}
