import { describe, expect, it, vi } from "vitest";
import { WARM_ROUTES, warmRoutes, type ChunkRouter } from "./warmRoutes";

const loaderModule = vi.hoisted(() => vi.fn());
vi.mock("../prefetch/events", () => {
  loaderModule();
  return {};
});

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
  // Keyed as the router keys them: by the trimmed full path ("/events" for "/events/").
  for (const p of paths) routesByPath[p] = { path: p, parentRoute: app };
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
    // (Not "/events": the next test sees its loader module load first.)
    const { router, loaded } = fakeRouter(["/", "/inventory/products", "/clients"]);
    warmRoutes(router, ["/inventory/products", "/clients", "/"], idle);
    expect(loaded).toEqual([]);
    expect(pending).toHaveLength(1);

    pending.shift()!();
    expect(loaded).toEqual(["/inventory/products", "_app", "__root__"]);
    // The next screen waits for the next idle period, after this one's chunks are in.
    expect(pending).toHaveLength(0);
    await flush();
    expect(pending).toHaveLength(1);
    pending.shift()!();
    expect(loaded.slice(3)).toEqual(["/clients", "_app", "__root__"]);
    await flush();
    pending.shift()!();
    await flush();
    expect(loaded.slice(6)).toEqual(["/", "_app", "__root__"]);
    expect(pending).toHaveLength(0);
  });

  it("also loads the modules a route's loader imports on demand", async () => {
    const { idle, pending } = manualIdle();
    const { router } = fakeRouter(["/events"]);
    expect(loaderModule).not.toHaveBeenCalled();
    warmRoutes(router, ["/events"], idle);
    pending.shift()!();
    await vi.waitFor(() => expect(loaderModule).toHaveBeenCalledTimes(1));
  });

  it("goes on past a chunk that fails, one that throws, and a path with no route", async () => {
    const { idle, pending } = manualIdle();
    const { router, loaded } = fakeRouter(["/a", "/c", "/d"], new Set(["/a"]));
    const load = router.loadRouteChunk as unknown as (r: { path: string }) => Promise<void>;
    router.loadRouteChunk = ((r: { path: string }) => {
      if (r.path === "/c") throw new Error("no chunk");
      return load(r);
    }) as never;
    warmRoutes(router, ["/a", "/b", "/c", "/d"], idle);
    for (let i = 0; i < 4; i++) {
      pending.shift()!();
      await flush();
    }
    expect(loaded.filter((p) => p.startsWith("/"))).toEqual(["/a", "/d"]);
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
