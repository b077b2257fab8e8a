import { useQuery } from "@connectrpc/connect-query";
import { client } from "../../../lib/transport";
import { ScanningService, type ScanResult } from "../../../gen/eventkit/v1/scanning_pb";
import type { QueuedScan } from "../queue";

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

/** A client-generated operation ID (scanning.proto: 8–64 of A–Z a–z 0–9 - _). */
export function newOperationId(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // Non-secure contexts (plain http on a LAN address) have no randomUUID.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}
