import { useQueryClient } from "@tanstack/react-query";
import { keepPreviousData } from "@tanstack/react-query";
import { createConnectQueryKey, useMutation, useQuery } from "@connectrpc/connect-query";
import { InventoryService } from "../../../gen/eventkit/v1/inventory_pb";
import { MaintenanceService, RepairStatus } from "../../../gen/eventkit/v1/scanning_pb";

export const REPAIR_PAGE_SIZE = 50;
export const DUE_PAGE_SIZE = 100;

/** Repair tickets, newest first, one page of the server's cursor; status UNSPECIFIED is all. */
export function useRepairs(status: RepairStatus, assetId: string, pageToken: string | undefined, enabled = true) {
  return useQuery(
    MaintenanceService.method.listRepairs,
    { status, assetId, page: { pageSize: REPAIR_PAGE_SIZE, pageToken: pageToken ?? "" } },
    { placeholderData: keepPreviousData, enabled },
  );
}

/** One ticket by its ID (NOT_FOUND for an unknown one). */
export function useRepair(id: string) {
  return useQuery(MaintenanceService.method.getRepair, { id });
}

/** An asset's tickets not closed yet (OPEN or IN_PROGRESS: at most one by the API's rule, shown as a list all the same). */
export function useOpenRepairsOf(assetId: string) {
  return useQuery(MaintenanceService.method.listRepairs, {
    status: RepairStatus.OPEN,
    assetId,
    page: { pageSize: 10 },
  });
}

/** Units due within `withinDays` (0: overdue only), most overdue first. */
export function useInspectionsDue(withinDays: number, pageToken: string | undefined, pageSize = DUE_PAGE_SIZE) {
  return useQuery(
    MaintenanceService.method.listInspectionsDue,
    { withinDays, page: { pageSize, pageToken: pageToken ?? "" } },
    { placeholderData: keepPreviousData },
  );
}

/** One unit's next inspection whatever how far ahead (no row: its product has no interval). */
export function useInspectionDueOf(assetId: string) {
  return useQuery(MaintenanceService.method.listInspectionsDue, { withinDays: 0, assetId, page: { pageSize: 1 } });
}

/** A product's inspection interval in days (0: none). */
export function useInspectionInterval(productId: string) {
  return useQuery(MaintenanceService.method.getInspectionInterval, { productId });
}

/** An asset by its barcode (for the list's asset filter and the open form). */
export function useAssetByBarcode(barcode: string) {
  return useQuery(InventoryService.method.resolveBarcode, { barcode }, { enabled: barcode !== "", retry: false });
}

/** A ticket or an inspection changes the unit's status: maintenance and inventory reload. */
function useInvalidate() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: MaintenanceService, cardinality: undefined }) }),
      qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: InventoryService, cardinality: undefined }) }),
    ]);
}

export function useOpenRepair() {
  const invalidate = useInvalidate();
  return useMutation(MaintenanceService.method.openRepair, { onSuccess: invalidate });
}

export function useUpdateRepair() {
  const invalidate = useInvalidate();
  return useMutation(MaintenanceService.method.updateRepair, { onSuccess: invalidate });
}

export function useCloseRepair() {
  const invalidate = useInvalidate();
  return useMutation(MaintenanceService.method.closeRepair, { onSuccess: invalidate });
}

export function useSetInspectionInterval() {
  const invalidate = useInvalidate();
  return useMutation(MaintenanceService.method.setInspectionInterval, { onSuccess: invalidate });
}

export function useRecordInspection() {
  const invalidate = useInvalidate();
  return useMutation(MaintenanceService.method.recordInspection, { onSuccess: invalidate });
}
