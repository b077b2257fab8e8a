import { keepPreviousData, useQueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, useMutation, useQuery } from "@connectrpc/connect-query";
import { AssetStatus, InventoryService } from "../../../gen/eventkit/v1/inventory_pb";

export const LIST_PAGE_SIZE = 50;

/** After any inventory change: every InventoryService answer may have moved (stock, cases, availability). */
export function useInvalidateInventory() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: createConnectQueryKey({ schema: InventoryService, cardinality: undefined }) }),
      queryClient.invalidateQueries({ queryKey: ["product-by-id"] }),
    ]);
}

/** One page of locations, ordered by code; `query` matches code or name. */
export function useLocationPage(pageToken?: string, query?: string, pageSize = LIST_PAGE_SIZE) {
  return useQuery(
    InventoryService.method.listLocations,
    { query: query ?? "", page: { pageSize, pageToken: pageToken ?? "" } },
    { placeholderData: keepPreviousData },
  );
}

/** Product categories with their product counts, by name (ListCategories); cached for a minute. */
export function useCategories() {
  return useQuery(InventoryService.method.listCategories, {}, { staleTime: 60_000 });
}

export function useAssetPage(opts: { productId?: string; locationId?: string; status?: AssetStatus; pageToken?: string }) {
  return useQuery(
    InventoryService.method.listAssets,
    {
      productId: opts.productId ?? "",
      locationId: opts.locationId ?? "",
      status: opts.status ?? AssetStatus.UNSPECIFIED,
      page: { pageSize: LIST_PAGE_SIZE, pageToken: opts.pageToken ?? "" },
    },
    { placeholderData: keepPreviousData },
  );
}

export function useAsset(id: string) {
  return useQuery(InventoryService.method.getAsset, { id });
}

/** One page of cases, ordered by barcode; `query` matches barcode or name. */
export function useCasePage(pageToken?: string, query?: string) {
  return useQuery(
    InventoryService.method.listCases,
    { query: query ?? "", page: { pageSize: LIST_PAGE_SIZE, pageToken: pageToken ?? "" } },
    { placeholderData: keepPreviousData },
  );
}

export function useCase(id: string) {
  return useQuery(InventoryService.method.getCase, { id });
}

export function useStockLevels(productId: string, enabled = true) {
  return useQuery(InventoryService.method.getStockLevels, { productId }, { enabled });
}

export function useStockAdjustments(productId: string, pageToken?: string, enabled = true) {
  return useQuery(
    InventoryService.method.listStockAdjustments,
    { productId, page: { pageSize: 20, pageToken: pageToken ?? "" } },
    { enabled, placeholderData: keepPreviousData },
  );
}

export function useCreateLocation() {
  const invalidate = useInvalidateInventory();
  return useMutation(InventoryService.method.createLocation, { onSuccess: invalidate });
}

export function useCreateProduct() {
  const invalidate = useInvalidateInventory();
  return useMutation(InventoryService.method.createProduct, { onSuccess: invalidate });
}

export function useUpdateProduct() {
  const invalidate = useInvalidateInventory();
  return useMutation(InventoryService.method.updateProduct, { onSuccess: invalidate });
}

export function useDeleteProduct() {
  const invalidate = useInvalidateInventory();
  return useMutation(InventoryService.method.deleteProduct, { onSuccess: invalidate });
}

export function useCreateAsset() {
  const invalidate = useInvalidateInventory();
  return useMutation(InventoryService.method.createAsset, { onSuccess: invalidate });
}

export function useUpdateAsset() {
  const invalidate = useInvalidateInventory();
  return useMutation(InventoryService.method.updateAsset, { onSuccess: invalidate });
}

export function useAdjustStock() {
  const invalidate = useInvalidateInventory();
  return useMutation(InventoryService.method.adjustStock, { onSuccess: invalidate });
}

export function useTransferStock() {
  const invalidate = useInvalidateInventory();
  return useMutation(InventoryService.method.transferStock, { onSuccess: invalidate });
}

export function useCreateCase() {
  const invalidate = useInvalidateInventory();
  return useMutation(InventoryService.method.createCase, { onSuccess: invalidate });
}

export function useAddToCase() {
  const invalidate = useInvalidateInventory();
  return useMutation(InventoryService.method.addToCase, { onSuccess: invalidate });
}

export function useRemoveFromCase() {
  const invalidate = useInvalidateInventory();
  return useMutation(InventoryService.method.removeFromCase, { onSuccess: invalidate });
}

export function useUpdateLocation() {
  const invalidate = useInvalidateInventory();
  return useMutation(InventoryService.method.updateLocation, { onSuccess: invalidate });
}

export function useDeleteLocation() {
  const invalidate = useInvalidateInventory();
  return useMutation(InventoryService.method.deleteLocation, { onSuccess: invalidate });
}

export function useUpdateCase() {
  const invalidate = useInvalidateInventory();
  return useMutation(InventoryService.method.updateCase, { onSuccess: invalidate });
}

export function useDeleteCase() {
  const invalidate = useInvalidateInventory();
  return useMutation(InventoryService.method.deleteCase, { onSuccess: invalidate });
}
