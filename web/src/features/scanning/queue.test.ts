import { describe, expect, it } from "vitest";
import { Code, ConnectError } from "@connectrpc/connect";
import { ScanVerdict, VerdictSeverity } from "../../gen/eventkit/v1/scanning_pb";
import { isNetworkError, ScanQueue, type KeyValueStore, type QueuedScan } from "./queue";
import { SEVERITY_COLOR, SEVERITY_TONE, severityColor, verdictLabelId } from "./verdict";
import { scanAr, scanDe, scanEn } from "./messages";

class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
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

const scan = (n: number): QueuedScan => ({
  kind: "checkOut",
  operationId: `op-${n}-000000`,
  eventId: "e1",
  barcode: `B${n}`,
  queuedAt: n,
});

const offline = () => new ConnectError("Failed to fetch", Code.Unknown);

describe("ScanQueue", () => {
  it("persists what is enqueued (a new queue over the same storage sees it) and ignores a repeated operation", () => {
    const store = new MemoryStore();
    const q = new ScanQueue(store, "k", async () => "ok");
    q.enqueue(scan(1));
    q.enqueue(scan(2));
    q.enqueue(scan(1));
    const again = new ScanQueue(store, "k", async () => "ok");
    expect(again.items().map((i) => i.barcode)).toEqual(["B1", "B2"]);
    expect(JSON.parse(store.getItem("k")!)).toHaveLength(2);
  });

  it("replays in order and empties the storage", async () => {
    const store = new MemoryStore();
    const sent: string[] = [];
    const seen: string[] = [];
    const q = new ScanQueue(store, "k", async (s) => {
      sent.push(s.operationId);
      return s.barcode.toLowerCase();
    });
    q.setHandlers({ onResult: (_s, r) => seen.push(r) });
    [1, 2, 3].forEach((n) => q.enqueue(scan(n)));
    const o = await q.flush();
    expect(sent).toEqual(["op-1-000000", "op-2-000000", "op-3-000000"]);
    expect(o.results.map((r) => r.result)).toEqual(["b1", "b2", "b3"]);
    expect(seen).toEqual(["b1", "b2", "b3"]);
    expect(o.stoppedOffline).toBe(false);
    expect(store.getItem("k")).toBeNull();
  });

  it("stops at a network error and keeps the rest (marked deferred), then replays them with the same operation IDs", async () => {
    const store = new MemoryStore();
    let online = false;
    const sent: string[] = [];
    const q = new ScanQueue(store, "k", async (s) => {
      if (!online) throw offline();
      sent.push(s.operationId);
      return "ok";
    }, {}, (e) => isNetworkError(e, true));
    [1, 2, 3].forEach((n) => q.enqueue(scan(n)));
    const first = await q.flush();
    expect(first.stoppedOffline).toBe(true);
    expect(first.results).toHaveLength(0);
    expect(q.size).toBe(3);
    expect(q.deferred).toBe(3);
    q.enqueue(scan(4));
    expect(q.deferred).toBe(4);
    online = true;
    const second = await q.flush();
    expect(second.stoppedOffline).toBe(false);
    expect(sent).toEqual(["op-1-000000", "op-2-000000", "op-3-000000", "op-4-000000"]);
    expect(second.results.every((r) => r.scan.deferred)).toBe(true);
    expect(q.size).toBe(0);
  });

  it("drops a refused scan (reported) and goes on with the next", async () => {
    const store = new MemoryStore();
    const refused: string[] = [];
    const q = new ScanQueue(
      store,
      "k",
      async (s) => {
        if (s.barcode === "B2") throw new ConnectError("operation_id reused", Code.AlreadyExists);
        return "ok";
      },
      { onRefused: (s) => refused.push(s.barcode) },
    );
    [1, 2, 3].forEach((n) => q.enqueue(scan(n)));
    const o = await q.flush();
    expect(refused).toEqual(["B2"]);
    expect(o.refused.map((r) => r.scan.barcode)).toEqual(["B2"]);
    expect(o.results.map((r) => r.scan.barcode)).toEqual(["B1", "B3"]);
    expect(q.size).toBe(0);
  });

  it("sends a scan once when flushes overlap", async () => {
    const store = new MemoryStore();
    let calls = 0;
    const q = new ScanQueue(store, "k", async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return "ok";
    });
    q.enqueue(scan(1));
    await Promise.all([q.flush(), q.flush(), q.flush()]);
    expect(calls).toBe(1);
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
