import { describe, expect, it, vi } from "vitest";
import { WARM_ROUTES, warmRoutes, type ChunkRouter } from "./warmRoutes";

vi.mock("../prefetch/events", () => ({ loadedForTest: true }));

/** Idle periods the test runs by hand, one at a time. */
function manualIdle() {
  const pending: Array<() => void> = [];
  const idle = (run: () => void) => {
    pending.push(run);
    return () => pending.splice(pending.indexOf(run), 1);
  };
  return { idle, pending };
}

/** A router whose routes are `{ path, parentRoute }`, recording the chunks asked for. */
function fakeRouter(paths: string[], failing = new Set<string>()) {
  const root = { path: "__root__" };
  const app = { path: "_app", parentRoute: root };
  const routesByPath: Record<string, unknown> = {};
  for (const p of paths) routesByPath[p === "/" ? "/" : `${p}/`] = { path: p, parentRoute: app };
  const loaded: string[] = [];
  const router: ChunkRouter = {
    routesByPath,
    loadRouteChunk: ((r: { path: string }) => {
      loaded.push(r.path);
      return failing.has(r.path) ? Promise.reject(new Error("chunk gone")) : Promise.resolve();
    }) as never,
  };
  return { router, loaded };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("warmRoutes", () => {
  it("loads one screen (with its parents) per idle period, in the navigation's order", async () => {
    const { idle, pending } = manualIdle();
    const { router, loaded } = fakeRouter(["/", "/inventory/products", "/events"]);
    warmRoutes(router, ["/inventory/products", "/events", "/"], idle);
    expect(loaded).toEqual([]);
    expect(pending).toHaveLength(1);

    pending.shift()!();
    expect(loaded).toEqual(["/inventory/products", "_app", "__root__"]);
    // The next screen waits for the next idle period, after this one's chunks are in.
    expect(pending).toHaveLength(0);
    await flush();
    expect(pending).toHaveLength(1);
    pending.shift()!();
    expect(loaded.slice(3)).toEqual(["/events", "_app", "__root__"]);
    await flush();
    pending.shift()!();
    await flush();
    expect(loaded.slice(6)).toEqual(["/", "_app", "__root__"]);
    expect(pending).toHaveLength(0);
  });

  it("also loads the modules a route's loader imports on demand", async () => {
    const { idle, pending } = manualIdle();
    const { router } = fakeRouter(["/events"]);
    const events = await import("../prefetch/events");
    warmRoutes(router, ["/events"], idle);
    pending.shift()!();
    await flush();
    expect((events as unknown as { loadedForTest: boolean }).loadedForTest).toBe(true);
  });

  it("goes on past a chunk that fails and a path with no route", async () => {
    const { idle, pending } = manualIdle();
    const { router, loaded } = fakeRouter(["/a", "/c"], new Set(["/a"]));
    warmRoutes(router, ["/a", "/b", "/c"], idle);
    for (let i = 0; i < 3; i++) {
      pending.shift()!();
      await flush();
    }
    expect(loaded.filter((p) => p.startsWith("/"))).toEqual(["/a", "/c"]);
  });

  it(`stops after the first ${WARM_ROUTES} screens, and when cancelled`, async () => {
    const { idle, pending } = manualIdle();
    const paths = Array.from({ length: WARM_ROUTES + 3 }, (_, i) => `/p${i}`);
    const { router, loaded } = fakeRouter(paths);
    warmRoutes(router, paths, idle);
    while (pending.length > 0) {
      pending.shift()!();
      await flush();
    }
    expect(loaded.filter((p) => p.startsWith("/"))).toEqual(paths.slice(0, WARM_ROUTES));

    const second = fakeRouter(paths);
    const cancel = warmRoutes(second.router, paths, idle);
    pending.shift()!();
    await flush();
    cancel();
    expect(pending).toHaveLength(0);
    expect(second.loaded.filter((p) => p.startsWith("/"))).toEqual(["/p0"]);
  });
});
