import { Code, ConnectError } from "@connectrpc/connect";

/** A scan as it is sent: plain fields, so it can be stored and replayed as it was first made. */
export interface QueuedScan {
  kind: "checkOut" | "checkIn";
  operationId: string;
  eventId: string;
  barcode: string;
  quantity?: number;
  /** Check-in only: ItemCondition's number. */
  condition?: number;
  note?: string;
  overrideReason?: string;
  queuedAt: number;
  /** Set once a send failed for want of a network: it waits for the connection to come back. */
  deferred?: boolean;
}

export interface QueueHandlers<R> {
  /** The node answered the scan (whatever its verdict). */
  onResult?(scan: QueuedScan, result: R): void;
  /** The node refused the scan (an error, not a verdict); it is dropped from the queue. */
  onRefused?(scan: QueuedScan, error: unknown): void;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Whether a failed call never reached the node (offline, connection refused, proxy down), so the
 * same scan may be sent again later; anything the node answered (a refusal) is final.
 */
export function isNetworkError(e: unknown, online = typeof navigator === "undefined" ? true : navigator.onLine): boolean {
  if (!online) return true;
  if (e instanceof TypeError) return true; // fetch failed
  const err = ConnectError.from(e);
  if (err.code === Code.Unavailable || err.code === Code.DeadlineExceeded) return true;
  if (err.code === Code.Unknown) {
    const m = err.rawMessage.toLowerCase();
    return (
      err.cause instanceof TypeError ||
      m.includes("failed to fetch") ||
      m.includes("networkerror") ||
      m.includes("network error") ||
      m.includes("load failed") ||
      m.includes("fetch failed")
    );
  }
  return false;
}

export interface FlushOutcome<R> {
  /** Sent and answered, in order. */
  results: { scan: QueuedScan; result: R }[];
  /** Refused by the node (dropped from the queue: retrying would be refused again). */
  refused: { scan: QueuedScan; error: unknown }[];
  /** The node could not be reached: the rest stays queued. */
  stoppedOffline: boolean;
}

/**
 * Scans that could not be sent, kept in order in the browser's storage (one key per event) and
 * replayed in order. Every scan carries its operation ID, so sending one twice (a reply lost on
 * the way back) changes nothing the second time: retrying is always safe.
 */
export class ScanQueue<R> {
  private flushing: Promise<FlushOutcome<R>> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
    private readonly send: (scan: QueuedScan) => Promise<R>,
    private handlers: QueueHandlers<R> = {},
    private readonly networkError: (e: unknown) => boolean = (e) => isNetworkError(e),
  ) {}

  setHandlers(handlers: QueueHandlers<R>): void {
    this.handlers = handlers;
  }

  /** Scans waiting for the network (a send failed for want of one). */
  get deferred(): number {
    return this.items().filter((i) => i.deferred).length;
  }

  items(): QueuedScan[] {
    try {
      const raw = this.store.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? (parsed as QueuedScan[]) : [];
    } catch {
      return [];
    }
  }

  get size(): number {
    return this.items().length;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  enqueue(scan: QueuedScan): void {
    const items = this.items();
    if (items.some((i) => i.operationId === scan.operationId)) return;
    // Behind scans that wait for the network, it waits too.
    this.save([...items, items.some((i) => i.deferred) ? { ...scan, deferred: true } : scan]);
  }

  private save(items: QueuedScan[]): void {
    if (items.length === 0) this.store.removeItem(this.key);
    else this.store.setItem(this.key, JSON.stringify(items));
    this.listeners.forEach((l) => l());
  }

  /** Removes the head if it is still `operationId` (another tab may have sent it). */
  private drop(operationId: string): void {
    const items = this.items();
    if (items[0]?.operationId === operationId) this.save(items.slice(1));
    else this.save(items.filter((i) => i.operationId !== operationId));
  }

  /**
   * Sends the queue head first until it is empty or the node cannot be reached. Concurrent calls
   * share one run, so a scan is never sent twice at once.
   */
  flush(): Promise<FlushOutcome<R>> {
    if (this.flushing) return this.flushing;
    const run = async (): Promise<FlushOutcome<R>> => {
      const outcome: FlushOutcome<R> = { results: [], refused: [], stoppedOffline: false };
      for (;;) {
        const head = this.items()[0];
        if (!head) return outcome;
        try {
          const result = await this.send(head);
          this.drop(head.operationId);
          outcome.results.push({ scan: head, result });
          this.handlers.onResult?.(head, result);
        } catch (e) {
          if (this.networkError(e)) {
            const items = this.items();
            if (items.some((i) => !i.deferred)) this.save(items.map((i) => ({ ...i, deferred: true })));
            outcome.stoppedOffline = true;
            return outcome;
          }
          this.drop(head.operationId);
          outcome.refused.push({ scan: head, error: e });
          this.handlers.onRefused?.(head, e);
        }
      }
    };
    this.flushing = run().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }
}
