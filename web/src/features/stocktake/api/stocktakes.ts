import { useQueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, useMutation, useQuery } from "@connectrpc/connect-query";
import { ScanningService } from "../../../gen/eventkit/v1/scanning_pb";
import { InventoryService } from "../../../gen/eventkit/v1/inventory_pb";

export const STOCKTAKE_PAGE_SIZE = 100;

/** Stocktakes, newest first (first page), optionally of one location. */
export function useStocktakes(locationId = "") {
  return useQuery(ScanningService.method.listStocktakes, { locationId, page: { pageSize: STOCKTAKE_PAGE_SIZE } });
}

/** A stocktake with its differences against the books (book figures withheld for a blind counter). */
export function useStocktake(id: string) {
  return useQuery(ScanningService.method.getStocktake, { id });
}

/** After a count or decision: stocktakes and (after approval) the inventory have moved. */
function useInvalidate() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: ScanningService, cardinality: undefined }) }),
      qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: InventoryService, cardinality: undefined }) }),
    ]);
}

export function useStartStocktake() {
  const invalidate = useInvalidate();
  return useMutation(ScanningService.method.startStocktake, { onSuccess: invalidate });
}

export function useCountStocktake() {
  const invalidate = useInvalidate();
  return useMutation(ScanningService.method.countStocktake, { onSuccess: invalidate });
}

export function useApproveStocktake() {
  const invalidate = useInvalidate();
  return useMutation(ScanningService.method.approveStocktake, { onSuccess: invalidate });
}

export function useRejectStocktake() {
  const invalidate = useInvalidate();
  return useMutation(ScanningService.method.rejectStocktake, { onSuccess: invalidate });
}
