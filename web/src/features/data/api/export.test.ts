import { afterEach, describe, expect, it, vi } from "vitest";

const auth = vi.hoisted(() => ({
  token: "old" as string | null,
  refreshes: 0,
  refreshTo: "new" as string | null,
  resume: () => Promise.resolve(true),
  refresh() {
    this.refreshes++;
    this.token = this.refreshTo;
    return Promise.resolve(this.refreshTo !== null);
  },
}));
vi.mock("../../../lib/transport", () => ({ auth }));

const { downloadExport } = await import("./export");
const { ExportError } = await import("../lib/download");

type Seen = { url: string; authorization: string | null };

/** A fetch that answers each call with the next of `answers`, recording what was sent. */
function stubFetch(answers: (() => Response)[]): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal("fetch", (url: string, init: RequestInit) => {
    seen.push({ url, authorization: new Headers(init.headers).get("Authorization") });
    const next = answers.shift();
    return next ? Promise.resolve(next()) : Promise.reject(new TypeError("Failed to fetch"));
  });
  return seen;
}

/** A 200 zip answer streamed in the given chunks. */
function zip(chunks: number[], disposition = 'attachment; filename="eventkit-export-20261205T073000Z-csv.zip"') {
  return () =>
    new Response(
      new ReadableStream({
        start(c) {
          for (const n of chunks) c.enqueue(new Uint8Array(n).fill(7));
          c.close();
        },
      }),
      { status: 200, headers: { "Content-Type": "application/zip", "Content-Disposition": disposition } },
    );
}

const text = (status: number, body: string) => () => new Response(body + "\n", { status, headers: { "Content-Type": "text/plain" } });

afterEach(() => {
  vi.unstubAllGlobals();
  auth.token = "old";
  auth.refreshes = 0;
  auth.refreshTo = "new";
});

describe("downloadExport", () => {
  it("sends the bearer token, reports the bytes as they arrive, and keeps the node's file name", async () => {
    const seen = stubFetch([zip([1000, 2000, 500])]);
    const progress: number[] = [];
    const r = await downloadExport("csv", (n) => progress.push(n), new AbortController().signal);
    expect(seen).toEqual([{ url: "/data/export?format=csv", authorization: "Bearer old" }]);
    expect(progress).toEqual([1000, 3000, 3500]);
    expect(r.bytes).toBe(3500);
    expect(r.blob.size).toBe(3500);
    expect(r.filename).toBe("eventkit-export-20261205T073000Z-csv.zip");
  });

  it("refreshes an expired access token once and retries", async () => {
    const seen = stubFetch([text(401, "invalid, expired or revoked token"), zip([10])]);
    const r = await downloadExport("ndjson", () => {}, new AbortController().signal);
    expect(seen.map((s) => s.authorization)).toEqual(["Bearer old", "Bearer new"]);
    expect(auth.refreshes).toBe(1);
    expect(r.bytes).toBe(10);
  });

  it("gives up with 'unauthenticated' when the session cannot be refreshed", async () => {
    auth.refreshTo = null;
    stubFetch([text(401, "invalid, expired or revoked token")]);
    await expect(downloadExport("ndjson", () => {}, new AbortController().signal)).rejects.toMatchObject({ kind: "unauthenticated" });
  });

  it("keeps the node's reason for a 403 and a 400", async () => {
    stubFetch([text(403, "a data export needs the permission DATA_EXPORT, which user:x does not have")]);
    const e = await downloadExport("csv", () => {}, new AbortController().signal).catch((x) => x);
    expect(e).toBeInstanceOf(ExportError);
    expect(e).toMatchObject({ kind: "forbidden", status: 403, detail: "a data export needs the permission DATA_EXPORT, which user:x does not have" });
    stubFetch([text(400, "format must be 'ndjson' or 'csv' (got 'xml')")]);
    await expect(downloadExport("csv", () => {}, new AbortController().signal)).rejects.toMatchObject({ kind: "badRequest", status: 400 });
  });

  it("tells a network failure and a download cut off mid-way apart", async () => {
    stubFetch([]);
    await expect(downloadExport("csv", () => {}, new AbortController().signal)).rejects.toMatchObject({ kind: "network" });
    stubFetch([
      () =>
        new Response(
          new ReadableStream({
            pulls: 0,
            pull(c) {
              // The first chunk arrives, then the connection drops.
              if (this.pulls++ === 0) c.enqueue(new Uint8Array(5));
              else c.error(new TypeError("network error"));
            },
          } as UnderlyingDefaultSource & { pulls: number }),
          { status: 200 },
        ),
    ]);
    const progress: number[] = [];
    await expect(downloadExport("csv", (n) => progress.push(n), new AbortController().signal)).rejects.toMatchObject({ kind: "interrupted" });
    expect(progress).toEqual([5]);
  });

  it("names the file itself when the node does not", async () => {
    stubFetch([zip([1], "")]);
    expect((await downloadExport("ndjson", () => {}, new AbortController().signal)).filename).toBe("eventkit-export-ndjson.zip");
  });
});
