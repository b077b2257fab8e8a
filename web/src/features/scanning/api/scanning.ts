import { useQuery } from "@connectrpc/connect-query";
import { client } from "../../../lib/transport";
import { newOperationId } from "../../../lib/operationId";
import { ScanningService, type ScanResult } from "../../../gen/eventkit/v1/scanning_pb";
import type { QueuedScan } from "../queue";

// Moved to lib/ (maintenance records inspections with one too); kept here for the scanning screens.
export { newOperationId };

export const SCAN_LIST_SIZE = 30;

/** An event's scans, newest first (first page). */
export function useScans(eventId: string) {
  return useQuery(ScanningService.method.listScans, { eventId, page: { pageSize: SCAN_LIST_SIZE } });
}

export function useReturnReport(eventId: string) {
  return useQuery(ScanningService.method.getReturnReport, { eventId });
}

/** Sends one scan as it was made (the queue replays it with the same operation ID). */
export function sendScan(scan: QueuedScan): Promise<ScanResult> {
  const c = client(ScanningService);
  if (scan.kind === "checkOut") {
    return c.checkOut({
      operationId: scan.operationId,
      eventId: scan.eventId,
      barcode: scan.barcode,
      quantity: scan.quantity ?? 0,
      overrideReason: scan.overrideReason ?? "",
    });
  }
  return c.checkIn({
    operationId: scan.operationId,
    eventId: scan.eventId,
    barcode: scan.barcode,
    quantity: scan.quantity ?? 0,
    condition: scan.condition ?? 0,
    note: scan.note ?? "",
  });
}

export function undoScan(scanOperationId: string): Promise<ScanResult> {
  return client(ScanningService).undoScan({ operationId: newOperationId(), scanOperationId });
}

export function markMissing(eventId: string, assetId: string, note: string): Promise<ScanResult> {
  return client(ScanningService).markMissing({ operationId: newOperationId(), eventId, assetId, note });
}

