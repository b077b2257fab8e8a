import { keepPreviousData, skipToken } from "@tanstack/react-query";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { useQuery } from "@connectrpc/connect-query";
import { InventoryService, type Product } from "../../../gen/eventkit/v1/inventory_pb";

export const PAGE_SIZE = 50;

export interface ProductPage {
  products: Product[];
  nextPageToken: string;
}

/**
 * One page of products, from the server: ListProducts (optionally one category) without a query,
 * Search (products only) with one. `pageToken` is the server's opaque cursor.
 */
export function useProductPage(query: string | undefined, pageToken: string | undefined, category?: string) {
  const page = { pageSize: PAGE_SIZE, pageToken: pageToken ?? "" };
  const list = useQuery(
    InventoryService.method.listProducts,
    { page, category: category ?? "" },
    { enabled: !query, placeholderData: keepPreviousData },
  );
  const search = useQuery(
    InventoryService.method.search,
    { query: query ?? "", page },
    { enabled: !!query, placeholderData: keepPreviousData },
  );
  const active = query ? search : list;
  const data: ProductPage | undefined = query
    ? search.data && {
        products: search.data.hits.flatMap((h) => (h.item.case === "product" ? [h.item.value] : [])),
        nextPageToken: search.data.page?.nextPageToken ?? "",
      }
    : list.data && { products: list.data.products, nextPageToken: list.data.page?.nextPageToken ?? "" };
  return { data, isPending: active.isPending, isFetching: active.isFetching, error: active.error, refetch: active.refetch };
}

export function useProduct(id: string) {
  return useQuery(InventoryService.method.getProduct, id ? { id } : skipToken);
}

/** The product's availability intervals over [start, end) (GetAvailabilityTimeline, ≤ 400 days). */
export function useAvailabilityTimeline(productId: string, start: Date, end: Date) {
  return useQuery(InventoryService.method.getAvailabilityTimeline, {
    productId,
    period: { start: timestampFromDate(start), end: timestampFromDate(end) },
  });
}

/** Products and assets (barcode, serial) matching what was typed: the shell's global search. */
export function useInventorySearch(query: string) {
  return useQuery(
    InventoryService.method.search,
    { query, page: { pageSize: 10 } },
    { enabled: query.length > 0, placeholderData: keepPreviousData },
  );
}
