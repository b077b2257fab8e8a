import { Code, ConnectError } from "@connectrpc/connect";
import { createConnectQueryKey, useQuery } from "@connectrpc/connect-query";
import type { QueryClient } from "@tanstack/react-query";
import { client } from "../../../lib/transport";
import { newOperationId } from "../../../lib/operationId";
import { ScanningService, type ScanResult } from "../../../gen/eventkit/v1/scanning_pb";
import { PlanningService } from "../../../gen/eventkit/v1/planning_pb";
import type { QueuedScan } from "../queue";

// Moved to lib/ (maintenance records inspections with one too); kept here for the scanning screens.
export { newOperationId };

export const SCAN_LIST_SIZE = 30;

/**
 * After scans, undos or a missing mark: the scan views, and the events lists (an event's gear state
 * follows its scans, and the list filters on it; the list is otherwise reused for 10 s).
 */
export function invalidateAfterScans(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: createConnectQueryKey({ schema: ScanningService, cardinality: undefined }) }),
    queryClient.invalidateQueries({ queryKey: createConnectQueryKey({ schema: PlanningService.method.listEvents, cardinality: undefined }) }),
  ]);
}

/** The event being scanned (GetEvent: the same query, so the same cache entry, as the events pages'). */
export function useEvent(id: string) {
  return useQuery(PlanningService.method.getEvent, { id });
}

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

/** One answer of a batch: the node's result, or the error the single call would have failed with. */
export type BatchAnswer<R> = { result: R } | { error: unknown };

/**
 * Sends queued scans in one ScanBatch call (up to 200), applied in order on the node; each answer
 * is the scan's own result or its error (a ConnectError with the code the single call would give).
 */
export async function sendScanBatch(scans: QueuedScan[]): Promise<BatchAnswer<ScanResult>[]> {
  const res = await client(ScanningService).scanBatch({
    items: scans.map((scan) =>
      scan.kind === "checkOut"
        ? {
            scan: {
              case: "checkOut" as const,
              value: {
                operationId: scan.operationId,
                eventId: scan.eventId,
                barcode: scan.barcode,
                quantity: scan.quantity ?? 0,
                overrideReason: scan.overrideReason ?? "",
              },
            },
          }
        : {
            scan: {
              case: "checkIn" as const,
              value: {
                operationId: scan.operationId,
                eventId: scan.eventId,
                barcode: scan.barcode,
                quantity: scan.quantity ?? 0,
                condition: scan.condition ?? 0,
                note: scan.note ?? "",
              },
            },
          },
    ),
  });
  return res.answers.map((a) =>
    a.answer.case === "result"
      ? { result: a.answer.value }
      : {
          error: new ConnectError(
            a.answer.value?.message ?? "refused",
            Code[codeName(a.answer.value?.code ?? "UNKNOWN")] ?? Code.Unknown,
          ),
        },
  );
}

/** "FAILED_PRECONDITION" → "FailedPrecondition" (the Code enum's key). */
function codeName(grpc: string): keyof typeof Code {
  return grpc
    .toLowerCase()
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("") as keyof typeof Code;
}

export function undoScan(scanOperationId: string): Promise<ScanResult> {
  return client(ScanningService).undoScan({ operationId: newOperationId(), scanOperationId });
}

export function markMissing(eventId: string, assetId: string, note: string): Promise<ScanResult> {
  return client(ScanningService).markMissing({ operationId: newOperationId(), eventId, assetId, note });
}

