import { keepPreviousData, useQueries, useQueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, useMutation, useQuery } from "@connectrpc/connect-query";
import { client } from "../../../lib/transport";
import { PlanningService } from "../../../gen/eventkit/v1/planning_pb";
import { InventoryService, type Product } from "../../../gen/eventkit/v1/inventory_pb";
import type { Period } from "../../../gen/eventkit/v1/common_pb";
import { eventPageInput, shortagesInput, type EventPageOptions } from "./requests";

// The requests themselves live in requests.ts: route loaders build them from the first bundle.
export { EVENT_LIST_STALE_MS, EVENT_PAGE_SIZE, eventPageInput, shortagesInput, type EventPageOptions } from "./requests";

/** One page of events overlapping `window`, optionally only in `statuses` (ListEvents, by start). */
export function useEventPage(opts: EventPageOptions, staleTime = 0) {
  return useQuery(PlanningService.method.listEvents, eventPageInput(opts), { placeholderData: keepPreviousData, staleTime });
}

export function useEvent(id: string) {
  return useQuery(PlanningService.method.getEvent, { id });
}

export function usePullList(eventId: string) {
  return useQuery(PlanningService.method.checkPullList, { eventId });
}

/** Shortages in [start, end), first page (up to 100 rows). */
export function useShortages(start: Date, end: Date, staleTime = 0) {
  return useQuery(PlanningService.method.listShortages, shortagesInput(start, end), { staleTime });
}

/** Products by ID (GetProduct each, cached for the session): pull lists name tens of products. */
export function useProducts(ids: readonly string[]): Map<string, Product> {
  const unique = [...new Set(ids)].filter(Boolean);
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: ["product-by-id", id],
      queryFn: () => client(InventoryService).getProduct({ id }),
      staleTime: 10 * 60_000,
    })),
  });
  const byId = new Map<string, Product>();
  results.forEach((r) => {
    if (r.data) byId.set(r.data.id, r.data);
  });
  return byId;
}

/** Live availability of one product over a period (GetAvailability); idle until both are known. */
export function useAvailability(productId: string | null, p: Period | undefined) {
  return useQuery(
    InventoryService.method.getAvailability,
    productId && p ? { productId, period: p } : undefined,
    { enabled: !!productId && !!p, staleTime: 0 },
  );
}

/** Products matching a typed query (Search, products only), for the add-line picker. */
export function useProductSearch(query: string) {
  return useQuery(
    InventoryService.method.search,
    { query, page: { pageSize: 20 } },
    { enabled: query.length > 0, placeholderData: keepPreviousData },
  );
}

/** After any planning change: every PlanningService answer and availability may have moved. */
function useInvalidatePlanning() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({
        queryKey: createConnectQueryKey({ schema: PlanningService, cardinality: undefined }),
      }),
      queryClient.invalidateQueries({
        queryKey: createConnectQueryKey({
          schema: InventoryService.method.getAvailability,
          cardinality: undefined,
        }),
      }),
    ]);
}

export function useAddBookingLine() {
  const invalidate = useInvalidatePlanning();
  return useMutation(PlanningService.method.addBookingLine, { onSuccess: invalidate });
}

export function useRemoveBookingLine() {
  const invalidate = useInvalidatePlanning();
  return useMutation(PlanningService.method.removeBookingLine, { onSuccess: invalidate });
}

export function useSetEventStatus() {
  const invalidate = useInvalidatePlanning();
  return useMutation(PlanningService.method.setEventStatus, { onSuccess: invalidate });
}

/** Refetches on failure too: a refused stale edit (ABORTED) must show the version that won. */
export function useUpdateEvent() {
  const invalidate = useInvalidatePlanning();
  return useMutation(PlanningService.method.updateEvent, { onSettled: invalidate });
}

export function useDeleteEvent() {
  const invalidate = useInvalidatePlanning();
  return useMutation(PlanningService.method.deleteEvent, { onSuccess: invalidate });
}

export function useCopyEvent() {
  const invalidate = useInvalidatePlanning();
  return useMutation(PlanningService.method.copyEvent, { onSuccess: invalidate });
}

export function useUpdateBookingLine() {
  const invalidate = useInvalidatePlanning();
  return useMutation(PlanningService.method.updateBookingLine, { onSuccess: invalidate });
}

/** Events whose name, client or venue contains `query` (ListEvents' text query), first 8. */
export function useEventSearch(query: string) {
  return useQuery(
    PlanningService.method.listEvents,
    { query, page: { pageSize: 8 } },
    { enabled: query.length > 1, placeholderData: keepPreviousData },
  );
}

export function useCreateEvent() {
  const invalidate = useInvalidatePlanning();
  return useMutation(PlanningService.method.createEvent, { onSuccess: invalidate });
}
