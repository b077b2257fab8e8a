import { useInfiniteQuery } from "@tanstack/react-query";
import { useQuery } from "@connectrpc/connect-query";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { InventoryService } from "../../../gen/eventkit/v1/inventory_pb";
import { client } from "../../../lib/transport";

export const TIMELINE_PAGE = 500;

/** Every product (optionally one category), by name, fetched a page of 500 at a time on demand. */
export function useTimelineProducts(category: string | undefined) {
  return useInfiniteQuery({
    queryKey: ["timeline-products", category ?? ""],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      client(InventoryService).listProducts({ category: category ?? "", page: { pageSize: TIMELINE_PAGE, pageToken: pageParam } }),
    getNextPageParam: (last) => last.page?.nextPageToken || undefined,
    staleTime: 60_000,
  });
}

/** One product's availability over the window (one call per visible row; cached). */
export function useRowTimeline(productId: string, from: Date, until: Date) {
  return useQuery(
    InventoryService.method.getAvailabilityTimeline,
    { productId, period: { start: timestampFromDate(from), end: timestampFromDate(until) } },
    { staleTime: 60_000 },
  );
}

/** Every category with its product count (the category rows). */
export function useTimelineCategories(enabled: boolean) {
  return useQuery(InventoryService.method.listCategories, {}, { staleTime: 60_000, enabled });
}

/** One category's products summed per day of the browser's zone (one call per visible row). */
export function useCategoryTimeline(category: string, from: Date, until: Date) {
  return useQuery(
    InventoryService.method.getCategoryTimeline,
    {
      category,
      period: { start: timestampFromDate(from), end: timestampFromDate(until) },
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    },
    { staleTime: 60_000 },
  );
}
