/**
 * The code a route needs before it can draw: its own chunk (TanStack Router's split component) and
 * the chunks of its parents. `loadRouteChunk` is a no-op for a route already loaded.
 */
export interface ChunkRouter {
  routesByPath: object;
  loadRouteChunk(route: never): Promise<void> | undefined;
}

/**
 * What else a screen's first visit waits for besides its route's chunk: the modules its route
 * loader imports on demand (the events list's first-page prefetch needs the list's code). Loading
 * them here makes the loader's own `import()` resolve at once, so its request goes out with the
 * click instead of after the chunks.
 */
export const LOADER_MODULES: Record<string, () => Promise<unknown>> = {
  "/events": () => import("../prefetch/events"),
};

/** How many of the navigation's first entries are warmed (beyond that, a click loads the code). */
export const WARM_ROUTES = 5;

type Idle = (run: () => void) => () => void;

const browserIdle: Idle = (run) => {
  if ("requestIdleCallback" in window) {
    const id = window.requestIdleCallback(run, { timeout: 5_000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = globalThis.setTimeout(run, 50);
  return () => globalThis.clearTimeout(id);
};

/**
 * Loads the code of the screens the navigation offers first (`paths`, in the order shown), one
 * screen per idle period so no single task holds up a click, after the first screen is drawn (the
 * caller waits for that). A cold first visit then waits only for its data and its first draw:
 * on the benchmark dataset the events list's chunks took 25–45 ms and held its request back by as
 * much, on a local network. Once the service worker has precached the app, this costs evaluation
 * time on idle, not bandwidth. Failures (offline, a deploy replaced the files) are ignored: a click
 * loads the code as before. Returns a cancel function.
 */
export function warmRoutes(router: ChunkRouter, paths: readonly string[], idle: Idle = browserIdle): () => void {
  const queue = paths.slice(0, WARM_ROUTES);
  let cancelIdle: (() => void) | undefined;
  let stopped = false;
  const next = () => {
    const path = queue.shift();
    if (stopped || path === undefined) return;
    cancelIdle = idle(() => {
      cancelIdle = undefined;
      if (stopped) return;
      // routesByPath is keyed by the trimmed full path: "/events" is the events index route.
      const route = (router.routesByPath as Record<string, unknown>)[path];
      const loads: Array<Promise<unknown> | undefined> = [];
      const load = (f: () => Promise<unknown> | undefined) => {
        try {
          loads.push(f());
        } catch {
          // Ignored like a failed load: the click loads it.
        }
      };
      for (let r = route as { parentRoute?: unknown } | undefined; r; r = r.parentRoute as typeof r) {
        const each = r;
        load(() => router.loadRouteChunk(each as never));
      }
      const extra = LOADER_MODULES[path];
      if (extra) load(extra);
      void Promise.allSettled(loads).then(next);
    });
  };
  next();
  return () => {
    stopped = true;
    cancelIdle?.();
  };
}
