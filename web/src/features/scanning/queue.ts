import { Code, ConnectError } from "@connectrpc/connect";
import { Dexie, type EntityTable } from "dexie";

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

/** A queued scan the node refused (an error, not a verdict), kept until the user dismisses it. */
export interface ScanConflict {
  operationId: string;
  eventId: string;
  kind: QueuedScan["kind"];
  barcode: string;
  quantity?: number;
  /** The node's message. */
  message: string;
  at: number;
}

/** A row of the queue table: the scan plus its place in the line (`seq`) and `waiting` (indexable 0/1). */
interface QueueRow extends Omit<QueuedScan, "deferred"> {
  seq?: number;
  waiting: 0 | 1;
}

/**
 * The browser's IndexedDB for scans: `queue` (oldest first by `seq`, one row per operation ID) and
 * `conflicts` (refusals to show until dismissed).
 */
export class ScanDb extends Dexie {
  queue!: EntityTable<QueueRow, "seq">;
  conflicts!: EntityTable<ScanConflict, "operationId">;

  constructor(name = "eventkit-scans") {
    super(name);
    this.version(1).stores({
      queue: "++seq, &operationId, waiting",
      conflicts: "&operationId, at",
    });
  }
}

export interface QueueHandlers<R> {
  /** The node answered the scan (whatever its verdict). */
  onResult?(scan: QueuedScan, result: R): void;
  /** The node refused the scan (an error, not a verdict); it is dropped from the queue. */
  onRefused?(scan: QueuedScan, error: unknown): void;
}

/** What `localStorage` offers that the one-time migration needs. */
export interface KeyValueStore {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  removeItem(key: string): void;
}

/** The keys of the queue before IndexedDB (one localStorage entry per event). */
export const LEGACY_PREFIX = "eventkit.scanQueue.";

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
  /** Refused by the node (moved to the conflicts: retrying would be refused again). */
  refused: { scan: QueuedScan; error: unknown }[];
  /** The node could not be reached: the rest stays queued. */
  stoppedOffline: boolean;
}

/** What a screen shows of the queue (a stable object until something changes). */
export interface QueueSnapshot {
  size: number;
  /** Scans waiting for the network (a send failed for want of one). */
  deferred: number;
  conflicts: ScanConflict[];
}

export interface QueueOptions<R = unknown> {
  /**
   * For a scan that waited and was then answered with a verdict nobody saw: the message to keep as
   * a conflict (e.g. a warning that was not applied), or null when all went well.
   */
  conflictOf?: (result: R) => string | null;
  networkError?: (e: unknown) => boolean;
  /** The message kept with a refusal (default: the node's own message). */
  describe?: (e: unknown) => string;
  /** Serialises flushes across tabs (navigator.locks), so two tabs don't send the same head at once. */
  lock?: <T>(run: () => Promise<T>) => Promise<T>;
  /** Scans read from the database per round while flushing (and sent together with sendBatch). */
  batch?: number;
  /**
   * Sends several scans in one call, answered one by one in order (ScanBatch). Without it, or when
   * the node refuses the batch call itself (an older node), scans go one call each.
   */
  sendBatch?: (scans: QueuedScan[]) => Promise<({ result: R } | { error: unknown })[]>;
}

const toScan = ({ seq: _seq, waiting, ...rest }: QueueRow): QueuedScan => ({ ...rest, deferred: waiting === 1 || undefined });
const toRow = ({ deferred, ...rest }: QueuedScan): QueueRow => ({ ...rest, waiting: deferred ? 1 : 0 });

/**
 * Scans on their way to the node, kept in IndexedDB in the order they were made (all events in one
 * line) and replayed in that order. A scan leaves the queue only once the node answered it: with a
 * verdict (done) or a refusal (moved to the conflicts). Every scan carries its operation ID, so
 * sending one twice (a reply lost on the way back, two tabs) changes nothing the second time:
 * retrying is always safe.
 */
export class ScanQueue<R> {
  private flushing: Promise<FlushOutcome<R>> | null = null;
  private readonly listeners = new Set<() => void>();
  private snap: QueueSnapshot = { size: 0, deferred: 0, conflicts: [] };
  private readonly ready: Promise<void>;
  private readonly networkError: (e: unknown) => boolean;
  private readonly describe: (e: unknown) => string;
  private readonly lock: <T>(run: () => Promise<T>) => Promise<T>;
  private readonly batch: number;
  private readonly conflictOf: (result: R) => string | null;
  private readonly sendBatch?: (scans: QueuedScan[]) => Promise<({ result: R } | { error: unknown })[]>;

  constructor(
    readonly db: ScanDb,
    private readonly send: (scan: QueuedScan) => Promise<R>,
    private handlers: QueueHandlers<R> = {},
    options: QueueOptions<R> = {},
    legacy?: KeyValueStore,
  ) {
    this.networkError = options.networkError ?? ((e) => isNetworkError(e));
    this.describe = options.describe ?? ((e) => ConnectError.from(e).rawMessage);
    this.lock = options.lock ?? ((run) => run());
    this.batch = options.batch ?? 50;
    this.conflictOf = options.conflictOf ?? (() => null);
    this.sendBatch = options.sendBatch;
    this.ready = (legacy ? migrateLegacyQueue(db, legacy).then(() => undefined) : Promise.resolve()).then(async () => {
      await this.refresh();
    });
    // No IndexedDB (a private window in some browsers): enqueue reports it; nothing else throws.
    this.ready.catch(() => undefined);
  }

  setHandlers(handlers: QueueHandlers<R>): void {
    this.handlers = handlers;
  }

  /** The latest counts and conflicts (for useSyncExternalStore). */
  get snapshot(): QueueSnapshot {
    return this.snap;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-reads the counts and conflicts and tells the listeners. */
  async refresh(): Promise<QueueSnapshot> {
    const [size, deferred, conflicts] = await Promise.all([
      this.db.queue.count(),
      this.db.queue.where("waiting").equals(1).count(),
      this.db.conflicts.orderBy("at").toArray(),
    ]);
    this.snap = { size, deferred, conflicts };
    this.listeners.forEach((l) => l());
    return this.snap;
  }

  async items(): Promise<QueuedScan[]> {
    await this.ready;
    return (await this.db.queue.orderBy("seq").toArray()).map(toScan);
  }

  async size(): Promise<number> {
    await this.ready;
    return this.db.queue.count();
  }

  async has(operationId: string): Promise<boolean> {
    return (await this.db.queue.where("operationId").equals(operationId).count()) > 0;
  }

  /** Stores the scan (once per operation ID) behind the others; it is safe from here on. */
  async enqueue(scan: QueuedScan): Promise<void> {
    await this.ready;
    await this.db.transaction("rw", this.db.queue, async () => {
      if ((await this.db.queue.where("operationId").equals(scan.operationId).count()) > 0) return;
      // Behind scans that wait for the network, it waits too.
      const behindWaiting = (await this.db.queue.where("waiting").equals(1).count()) > 0;
      await this.db.queue.add(toRow(behindWaiting ? { ...scan, deferred: true } : scan));
    });
    await this.refresh();
  }

  async dismissConflict(operationId: string): Promise<void> {
    await this.db.conflicts.delete(operationId);
    await this.refresh();
  }

  async dismissAllConflicts(): Promise<void> {
    await this.db.conflicts.clear();
    await this.refresh();
  }

  /**
   * Sends the queue head first until it is empty or the node cannot be reached. Concurrent calls
   * share one run, so a scan is never sent twice at once by this tab.
   */
  flush(): Promise<FlushOutcome<R>> {
    if (this.flushing) return this.flushing;
    this.flushing = this.ready
      .then(() => this.lock(() => this.run()))
      .finally(() => {
        this.flushing = null;
        void this.refresh().catch(() => undefined);
      });
    return this.flushing;
  }

  private async run(): Promise<FlushOutcome<R>> {
    const outcome: FlushOutcome<R> = { results: [], refused: [], stoppedOffline: false };
    // Answered scans leave the queue in one write per round of `batch` (not one per scan). A tab
    // closed in between sends those again, and the node replays its first answer.
    const answered: number[] = [];
    const drop = async () => {
      if (answered.length === 0) return;
      await this.db.queue.bulkDelete(answered.splice(0));
      void this.refresh().catch(() => undefined);
    };
    try {
      for (;;) {
        const rows = await this.db.queue.orderBy("seq").limit(this.batch).toArray();
        if (rows.length === 0) return outcome;
        // A backlog goes in one call; each scan is still answered (and judged) on its own.
        let answers: ({ result: R } | { error: unknown })[] | null = null;
        if (this.sendBatch && rows.length > 1) {
          try {
            answers = await this.sendBatch(rows.map(toScan));
          } catch (e) {
            if (this.networkError(e)) {
              await drop();
              await this.db.queue.where("waiting").equals(0).modify({ waiting: 1 });
              outcome.stoppedOffline = true;
              return outcome;
            }
            answers = null; // the batch call itself was refused: one call per scan instead
          }
        }
        for (const [i, row] of rows.entries()) {
          const head = toScan(row);
          let result: R;
          try {
            if (answers) {
              const a = answers[i];
              if (!a) throw new ConnectError("the node answered fewer scans than were sent", Code.Unavailable);
              if ("error" in a) throw a.error;
              result = a.result;
            } else {
              result = await this.send(head);
            }
          } catch (e) {
            if (this.networkError(e)) {
              await drop();
              await this.db.queue.where("waiting").equals(0).modify({ waiting: 1 });
              outcome.stoppedOffline = true;
              return outcome;
            }
            // Refusals of scans made here and answered at once are shown on the spot; only those
            // that waited are kept for later.
            if (head.deferred) await this.db.conflicts.put(conflictFor(head, this.describe(e)));
            answered.push(row.seq!);
            outcome.refused.push({ scan: head, error: e });
            this.handlers.onRefused?.(head, e);
            continue;
          }
          // Answered: only now may it leave the queue.
          const problem = head.deferred ? this.conflictOf(result) : null;
          if (problem !== null) await this.db.conflicts.put(conflictFor(head, problem));
          answered.push(row.seq!);
          outcome.results.push({ scan: head, result });
          this.handlers.onResult?.(head, result);
        }
        await drop();
      }
    } finally {
      await drop();
    }
  }
}

function conflictFor(scan: QueuedScan, message: string): ScanConflict {
  return {
    operationId: scan.operationId,
    eventId: scan.eventId,
    kind: scan.kind,
    barcode: scan.barcode,
    quantity: scan.quantity,
    message,
    at: Date.now(),
  };
}

/**
 * Moves the scans the app queued in localStorage before IndexedDB (`eventkit.scanQueue.<event>`,
 * a JSON array each) into the queue, in their order, keeping their operation IDs, then removes
 * the keys, so it happens once. Returns how many scans were moved.
 */
export async function migrateLegacyQueue(db: ScanDb, store: KeyValueStore): Promise<number> {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const k = store.key(i);
    if (k?.startsWith(LEGACY_PREFIX)) keys.push(k);
  }
  if (keys.length === 0) return 0;
  const scans: QueuedScan[] = [];
  for (const k of keys) {
    try {
      const parsed: unknown = JSON.parse(store.getItem(k) ?? "[]");
      if (Array.isArray(parsed)) scans.push(...(parsed as QueuedScan[]).filter((s) => s && typeof s.operationId === "string"));
    } catch {
      // unreadable: nothing to move
    }
  }
  scans.sort((a, b) => (a.queuedAt ?? 0) - (b.queuedAt ?? 0));
  let moved = 0;
  await db.transaction("rw", db.queue, async () => {
    for (const s of scans) {
      if ((await db.queue.where("operationId").equals(s.operationId).count()) > 0) continue;
      await db.queue.add(toRow(s));
      moved++;
    }
  });
  keys.forEach((k) => store.removeItem(k));
  return moved;
}
