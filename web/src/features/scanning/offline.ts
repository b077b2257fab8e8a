import { VerdictSeverity, type ScanResult } from "../../gen/eventkit/v1/scanning_pb";
import { toUiError } from "../../lib/errors";
import { sendScan, sendScanBatch } from "./api/scanning";
import { ScanDb, ScanQueue } from "./queue";

let queue: ScanQueue<ScanResult> | null = null;

/**
 * The browser's one scan queue (IndexedDB), shared by every scan screen and the background sync.
 * The first call moves a queue left in localStorage by an older build into it.
 */
export function scanQueue(): ScanQueue<ScanResult> {
  queue ??= new ScanQueue<ScanResult>(
    new ScanDb(),
    sendScan,
    {},
    {
      describe: (e) => toUiError(e).message,
      // A backlog goes 100 scans per call (ScanBatch): one round trip instead of a hundred.
      sendBatch: sendScanBatch,
      batch: 100,
      // Answered while nobody looked, and not applied (a warning to override, an unknown code).
      conflictOf: (r) => (!r.applied && r.severity >= VerdictSeverity.WARNING ? r.message || "not applied" : null),
      lock: typeof navigator !== "undefined" && navigator.locks
        ? <T,>(run: () => Promise<T>) => navigator.locks.request("eventkit-scan-flush", run) as Promise<T>
        : undefined,
    },
    window.localStorage,
  );
  return queue;
}

let started = false;

/**
 * Sends what is queued now, whenever the browser says it is online again, and every `retryMs`
 * while anything waits (a phone back in range does not always fire "online").
 */
export function startScanSync(retryMs = 10_000): void {
  if (started) return;
  started = true;
  const q = scanQueue();
  const flush = () => void q.flush().catch(() => undefined);
  flush();
  window.addEventListener("online", flush);
  window.setInterval(() => {
    if (q.snapshot.size > 0) flush();
  }, retryMs);
}
