import { describe, expect, it } from "vitest";
import { Code, ConnectError } from "@connectrpc/connect";
import { ScanVerdict, VerdictSeverity } from "../../gen/eventkit/v1/scanning_pb";
import "fake-indexeddb/auto";
import { isNetworkError, LEGACY_PREFIX, migrateLegacyQueue, ScanDb, ScanQueue, type KeyValueStore, type QueuedScan } from "./queue";
import { SEVERITY_COLOR, SEVERITY_TONE, severityColor, verdictLabelId } from "./verdict";
import { scanAr, scanDe, scanEn } from "./messages";

class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

const scan = (n: number, eventId = "e1"): QueuedScan => ({
  kind: "checkOut",
  operationId: `op-${n}-000000`,
  eventId,
  barcode: `B${n}`,
  queuedAt: n,
});

const offline = () => new ConnectError("Failed to fetch", Code.Unknown);
let dbs = 0;
const freshDb = () => new ScanDb(`test-scans-${++dbs}`);
const netErr = (e: unknown) => isNetworkError(e, true);

describe("ScanQueue (IndexedDB)", () => {
  it("persists what is enqueued (a new queue over the same database sees it) and ignores a repeated operation", async () => {
    const db = freshDb();
    const q = new ScanQueue(db, async () => "ok");
    await q.enqueue(scan(1));
    await q.enqueue(scan(2));
    await q.enqueue(scan(1));
    const again = new ScanQueue(new ScanDb(db.name), async () => "ok");
    expect((await again.items()).map((i) => i.barcode)).toEqual(["B1", "B2"]);
    expect(q.snapshot.size).toBe(2);
  });

  it("replays in order, hands each answer over and removes only what was answered", async () => {
    const db = freshDb();
    const sent: string[] = [];
    const seen: string[] = [];
    const q = new ScanQueue(db, async (s) => {
      sent.push(s.operationId);
      // While a scan is on the wire it is still in the queue.
      expect((await db.queue.where("operationId").equals(s.operationId).count())).toBe(1);
      return s.barcode.toLowerCase();
    });
    q.setHandlers({ onResult: (_s, r) => seen.push(r) });
    for (const n of [1, 2, 3]) await q.enqueue(scan(n, n === 2 ? "e2" : "e1"));
    const o = await q.flush();
    expect(sent).toEqual(["op-1-000000", "op-2-000000", "op-3-000000"]);
    expect(o.results.map((r) => r.result)).toEqual(["b1", "b2", "b3"]);
    expect(seen).toEqual(["b1", "b2", "b3"]);
    expect(o.stoppedOffline).toBe(false);
    expect(await db.queue.count()).toBe(0);
    expect(q.snapshot).toMatchObject({ size: 0, deferred: 0 });
  });

  it("keeps everything when the network fails (marked deferred), then replays with the same operation IDs", async () => {
    const db = freshDb();
    let online = false;
    const sent: string[] = [];
    const q = new ScanQueue(db, async (s) => {
      if (!online) throw offline();
      sent.push(s.operationId);
      return "ok";
    }, {}, { networkError: netErr });
    for (const n of [1, 2, 3]) await q.enqueue(scan(n));
    const first = await q.flush();
    expect(first.stoppedOffline).toBe(true);
    expect(first.results).toHaveLength(0);
    expect(await q.size()).toBe(3);
    expect((await q.refresh()).deferred).toBe(3);
    await q.enqueue(scan(4));
    expect(q.snapshot.deferred).toBe(4);
    const again = await q.flush();
    expect(again.stoppedOffline).toBe(true);
    expect(await q.size()).toBe(4);
    online = true;
    const second = await q.flush();
    expect(second.stoppedOffline).toBe(false);
    expect(sent).toEqual(["op-1-000000", "op-2-000000", "op-3-000000", "op-4-000000"]);
    expect(second.results.every((r) => r.scan.deferred)).toBe(true);
    expect(await q.size()).toBe(0);
  });

  it("moves a refused queued scan to the conflicts with the node's message, goes on, and the conflict can be dismissed", async () => {
    const db = freshDb();
    let online = false;
    const refused: string[] = [];
    const q = new ScanQueue(
      db,
      async (s) => {
        if (!online) throw offline();
        if (s.barcode === "B2") throw new ConnectError("the event does not hold stock (CANCELLED)", Code.FailedPrecondition);
        return "ok";
      },
      { onRefused: (s) => refused.push(s.barcode) },
      { networkError: netErr },
    );
    for (const n of [1, 2, 3]) await q.enqueue(scan(n));
    await q.flush();
    online = true;
    const o = await q.flush();
    expect(refused).toEqual(["B2"]);
    expect(o.refused.map((r) => r.scan.barcode)).toEqual(["B2"]);
    expect(o.results.map((r) => r.scan.barcode)).toEqual(["B1", "B3"]);
    expect(await q.size()).toBe(0);
    const { conflicts } = await q.refresh();
    expect(conflicts).toEqual([
      expect.objectContaining({ operationId: "op-2-000000", barcode: "B2", eventId: "e1", message: "the event does not hold stock (CANCELLED)" }),
    ]);
    await q.dismissConflict("op-2-000000");
    expect(q.snapshot.conflicts).toEqual([]);
  });

  it("keeps a conflict for a scan that waited and was answered but not applied (nobody saw that verdict)", async () => {
    let online = false;
    const q = new ScanQueue<{ applied: boolean; message: string }>(
      freshDb(),
      async (s) => {
        if (!online) throw offline();
        return s.barcode === "B1" ? { applied: false, message: "Unknown barcode" } : { applied: true, message: "" };
      },
      {},
      { networkError: netErr, conflictOf: (r) => (r.applied ? null : r.message) },
    );
    await q.enqueue(scan(1));
    await q.enqueue(scan(2));
    await q.flush();
    online = true;
    const o = await q.flush();
    expect(o.results).toHaveLength(2);
    expect((await q.refresh()).conflicts.map((c) => [c.barcode, c.message])).toEqual([["B1", "Unknown barcode"]]);
    expect(await q.size()).toBe(0);
  });

  it("does not keep a conflict for a scan refused at once (the screen shows that refusal on the spot)", async () => {
    const q = new ScanQueue(freshDb(), async () => {
      throw new ConnectError("operation_id reused", Code.AlreadyExists);
    });
    await q.enqueue(scan(1));
    const o = await q.flush();
    expect(o.refused).toHaveLength(1);
    expect((await q.refresh()).conflicts).toEqual([]);
    expect(await q.size()).toBe(0);
  });

  it("sends a scan once when flushes overlap", async () => {
    let calls = 0;
    const q = new ScanQueue(freshDb(), async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return "ok";
    });
    await q.enqueue(scan(1));
    await Promise.all([q.flush(), q.flush(), q.flush()]);
    expect(calls).toBe(1);
  });

  it("moves the old localStorage queue into IndexedDB once, in order, keeping operation IDs", async () => {
    const db = freshDb();
    const store = new MemoryStore();
    store.setItem(`${LEGACY_PREFIX}e1`, JSON.stringify([scan(1), { ...scan(3), deferred: true }]));
    store.setItem(`${LEGACY_PREFIX}e2`, JSON.stringify([scan(2, "e2")]));
    store.setItem(`${LEGACY_PREFIX}broken`, "{not json");
    store.setItem("eventkit.refreshToken", "keep me");
    const q = new ScanQueue(db, async () => "ok", {}, {}, store);
    const items = await q.items();
    expect(items.map((i) => i.operationId)).toEqual(["op-1-000000", "op-2-000000", "op-3-000000"]);
    expect(items.map((i) => i.eventId)).toEqual(["e1", "e2", "e1"]);
    expect(items[2].deferred).toBe(true);
    expect([...store.map.keys()]).toEqual(["eventkit.refreshToken"]);
    // A second start finds nothing left to move.
    expect(await migrateLegacyQueue(db, store)).toBe(0);
    store.setItem(`${LEGACY_PREFIX}e1`, JSON.stringify([scan(1)]));
    expect(await migrateLegacyQueue(db, store)).toBe(0);
    expect(await db.queue.count()).toBe(3);
  });

  it("flushes 1,000 queued scans, each sent exactly once, in order", async () => {
    const db = freshDb();
    let online = false;
    const sent = new Map<string, number>();
    const order: number[] = [];
    const q = new ScanQueue(db, async (s) => {
      if (!online) throw offline();
      sent.set(s.operationId, (sent.get(s.operationId) ?? 0) + 1);
      order.push(s.queuedAt);
      return "ok";
    }, {}, { networkError: netErr });
    for (let n = 0; n < 1000; n++) await q.enqueue(scan(n));
    await q.flush();
    expect(await q.size()).toBe(1000);
    online = true;
    const started = performance.now();
    const o = await q.flush();
    const ms = performance.now() - started;
    console.log(`1,000 queued scans flushed in ${ms.toFixed(0)} ms (fake-indexeddb, instant node)`);
    expect(o.results).toHaveLength(1000);
    expect(sent.size).toBe(1000);
    expect([...sent.values()].every((c) => c === 1)).toBe(true);
    expect(order).toEqual([...Array(1000).keys()]);
    expect(await q.size()).toBe(0);
  }, 60_000);
});

describe("ScanQueue with ScanBatch", () => {
  const ok = (s: QueuedScan) => ({ result: `ok ${s.barcode}` });

  it("sends a backlog a batch per round, in order, each scan once", async () => {
    const db = freshDb();
    const calls: string[][] = [];
    const single: string[] = [];
    const q = new ScanQueue(db, async (s) => {
      single.push(s.barcode);
      return "one";
    }, {}, {
      networkError: netErr,
      batch: 100,
      sendBatch: async (scans) => {
        calls.push(scans.map((x) => x.barcode));
        return scans.map(ok);
      },
    });
    for (let n = 0; n < 250; n++) await q.enqueue(scan(n));
    const o = await q.flush();
    expect(calls.map((c) => c.length)).toEqual([100, 100, 50]);
    expect(calls.flat()).toEqual([...Array(250).keys()].map((n) => `B${n}`));
    expect(single).toEqual([]);
    expect(o.results.map((r) => r.result)).toEqual([...Array(250).keys()].map((n) => `ok B${n}`));
    expect(await q.size()).toBe(0);
  });

  it("keeps a refused item as a conflict and goes on; an item the node could not reach stops the run there", async () => {
    const db = freshDb();
    let round = 0;
    const q = new ScanQueue(db, async () => "one", {}, {
      networkError: netErr,
      sendBatch: async (scans) => {
        round++;
        return scans.map((s) =>
          s.barcode === "B2"
            ? { error: new ConnectError("event 'Gala' is CANCELLED and holds no stock", Code.FailedPrecondition) }
            : s.barcode === "B4" && round === 1
              ? { error: new ConnectError("database unavailable", Code.Unavailable) }
              : ok(s),
        );
      },
    });
    for (const n of [1, 2, 3, 4, 5]) await q.enqueue({ ...scan(n), deferred: true });
    const first = await q.flush();
    expect(first.results.map((r) => r.scan.barcode)).toEqual(["B1", "B3"]);
    expect(first.refused.map((r) => r.scan.barcode)).toEqual(["B2"]);
    expect(first.stoppedOffline).toBe(true);
    expect((await q.items()).map((i) => i.barcode)).toEqual(["B4", "B5"]);
    expect((await q.refresh()).conflicts.map((c) => c.message)).toEqual(["event 'Gala' is CANCELLED and holds no stock"]);
    const second = await q.flush();
    expect(second.results.map((r) => r.scan.barcode)).toEqual(["B4", "B5"]);
    expect(await q.size()).toBe(0);
  });

  it("falls back to one call per scan when the batch call itself is refused (an older node)", async () => {
    const db = freshDb();
    const single: string[] = [];
    const q = new ScanQueue(db, async (s) => {
      single.push(s.barcode);
      return "one";
    }, {}, {
      networkError: netErr,
      sendBatch: async () => {
        throw new ConnectError("unknown method", Code.Unimplemented);
      },
    });
    for (const n of [1, 2, 3]) await q.enqueue(scan(n));
    const o = await q.flush();
    expect(single).toEqual(["B1", "B2", "B3"]);
    expect(o.results).toHaveLength(3);
    expect(await q.size()).toBe(0);
  });

  it("keeps everything when the batch call cannot reach the node", async () => {
    const db = freshDb();
    const q = new ScanQueue(db, async () => "one", {}, {
      networkError: netErr,
      sendBatch: async () => {
        throw offline();
      },
    });
    for (const n of [1, 2]) await q.enqueue(scan(n));
    const o = await q.flush();
    expect(o.stoppedOffline).toBe(true);
    expect((await q.refresh()).deferred).toBe(2);
  });
});

describe("isNetworkError", () => {
  it("tells a connection failure from a refusal", () => {
    expect(isNetworkError(new TypeError("Failed to fetch"), true)).toBe(true);
    expect(isNetworkError(new ConnectError("x", Code.Unavailable), true)).toBe(true);
    expect(isNetworkError(offline(), true)).toBe(true);
    expect(isNetworkError(new ConnectError("bad", Code.InvalidArgument), false)).toBe(true);
    expect(isNetworkError(new ConnectError("bad", Code.InvalidArgument), true)).toBe(false);
    expect(isNetworkError(new ConnectError("no", Code.PermissionDenied), true)).toBe(false);
    expect(isNetworkError(new ConnectError("boom", Code.Unknown), true)).toBe(false);
  });
});

describe("verdict colours", () => {
  it("maps severities to green, blue, amber and red with distinct beeps", () => {
    expect(severityColor(VerdictSeverity.OK)).toBe("green");
    expect(severityColor(VerdictSeverity.INFO)).toBe("blue");
    expect(severityColor(VerdictSeverity.WARNING)).toBe("yellow");
    expect(severityColor(VerdictSeverity.ERROR)).toBe("red");
    expect(severityColor(undefined)).toBe("gray");
    expect(Object.keys(SEVERITY_COLOR)).toHaveLength(5);
    const pitches = [VerdictSeverity.OK, VerdictSeverity.WARNING, VerdictSeverity.ERROR].map((s) => SEVERITY_TONE[s].hz);
    expect(new Set(pitches).size).toBe(3);
  });

  it("names every verdict in every language", () => {
    for (const v of Object.values(ScanVerdict).filter((x): x is number => typeof x === "number")) {
      const id = verdictLabelId(v);
      expect(scanEn).toHaveProperty([id]);
      expect(scanDe[id as keyof typeof scanDe]).toBeTruthy();
      expect(scanAr[id as keyof typeof scanAr]).toBeTruthy();
    }
  });
});
