import { describe, expect, it, vi } from "vitest";
import { Auth } from "./auth";
import { earlyRefresh, takeEarlyDashboard, type EarlyRefresh } from "./earlyRefresh";

class MemoryStore {
  readonly m = new Map<string, string>();
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
}

/** A lock that records whether the callback's work (storing included) ran while it was held. */
function fakeLocks() {
  const state = { held: false, names: [] as string[] };
  return {
    state,
    locks: {
      request: async (name: string, cb: () => Promise<unknown>) => {
        state.names.push(name);
        state.held = true;
        try {
          return await cb();
        } finally {
          state.held = false;
        }
      },
    },
  };
}

function fakeWindow(opts: { path?: string; token?: string | null; status?: number; body?: EarlyRefresh["body"]; locks?: boolean }) {
  const store = new MemoryStore();
  if (opts.token) store.setItem("eventkit.refreshToken", opts.token);
  const { state, locks } = fakeLocks();
  const writesUnderLock: boolean[] = [];
  const setItem = store.setItem.bind(store);
  store.setItem = (k, v) => {
    writesUnderLock.push(state.held);
    setItem(k, v);
  };
  const fetch = vi.fn(async (_url?: unknown, _init?: unknown) => new Response(JSON.stringify(opts.body ?? {}), { status: opts.status ?? 200 }));
  const w = {
    localStorage: store,
    navigator: opts.locks === false ? {} : { locks },
    location: { pathname: opts.path ?? "/" },
    fetch,
  } as unknown as Window;
  return { w, store, fetch, state, writesUnderLock };
}

describe("earlyRefresh (index.html's inline refresh)", () => {
  it("exchanges the kept refresh token under the session's lock and stores the new one before letting go", async () => {
    const f = fakeWindow({
      token: "refresh-1",
      body: { accessToken: "access-2", refreshToken: "refresh-2", sessionId: "s1", user: { displayName: "Ada" } },
    });
    const r = await earlyRefresh(f.w);
    expect(r?.status).toBe(200);
    expect(f.state.names).toEqual(["eventkit-refresh"]);
    expect(f.fetch).toHaveBeenCalledWith("/eventkit.v1.AuthService/Refresh", expect.objectContaining({ method: "POST", body: JSON.stringify({ refreshToken: "refresh-1" }) }));
    expect(f.store.getItem("eventkit.refreshToken")).toBe("refresh-2");
    expect(f.store.getItem("eventkit.sessionId")).toBe("s1");
    expect(f.store.getItem("eventkit.displayName")).toBe("Ada");
    expect(f.writesUnderLock.slice(1).every(Boolean)).toBe(true);
  });

  it("names the chosen company account as the app's calls do, and none when none (or no ID) is kept", async () => {
    const sent = async (tenant: string | null) => {
      const f = fakeWindow({ token: "refresh-1", body: { accessToken: "a2", refreshToken: "r2", sessionId: "s" } });
      if (tenant !== null) f.store.m.set("eventkit.tenant", tenant);
      await earlyRefresh(f.w);
      const init = (f.fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
      return new Headers(init.headers).get("EventKit-Tenant");
    };
    expect(await sent("acme")).toBe("acme");
    expect(await sent(null)).toBeNull();
    expect(await sent("Not an ID")).toBeNull();
  });

  it("does nothing without a refresh token, without Web Locks, or on the login pages", () => {
    expect(earlyRefresh(fakeWindow({ token: null }).w)).toBeUndefined();
    expect(earlyRefresh(fakeWindow({ token: "r", locks: false }).w)).toBeUndefined();
    expect(earlyRefresh(fakeWindow({ token: "r", path: "/login" }).w)).toBeUndefined();
    expect(earlyRefresh(fakeWindow({ token: "r", path: "/sso" }).w)).toBeUndefined();
    expect(earlyRefresh(fakeWindow({ token: "r", path: "/loginx" }).w)).toBeDefined();
  });

  it("keeps the old token when the node refuses it (the app signs out)", async () => {
    const f = fakeWindow({ token: "refresh-1", status: 401, body: { code: "unauthenticated" } });
    const r = await earlyRefresh(f.w);
    expect(r).toEqual({ status: 401, body: { code: "unauthenticated" } });
    expect(f.store.getItem("eventkit.refreshToken")).toBe("refresh-1");
  });

  it("is self-contained: its source runs on its own, as index.html runs it", async () => {
    const f = fakeWindow({ token: "refresh-1", body: { accessToken: "a2", refreshToken: "r2", sessionId: "s" } });
    const inline = new Function("window", `return (${earlyRefresh.toString()})(window);`) as (w: Window) => Promise<EarlyRefresh | null>;
    expect((await inline(f.w))?.body.accessToken).toBe("a2");
  });
});

describe("the home screen's dashboard, asked for by the inline script", () => {
  const refreshed = { accessToken: "access-2", refreshToken: "refresh-2", sessionId: "s1" };

  it("after a reload of the home screen: GetDashboard with the new token and the company account, taken once", async () => {
    const f = fakeWindow({ token: "refresh-1", body: refreshed });
    f.store.m.set("eventkit.tenant", "acme");
    // Another tab switches account while the refresh is out: the dashboard still names the one
    // the token was refreshed for.
    f.fetch.mockImplementation(async () => {
      f.store.m.set("eventkit.tenant", "other");
      return new Response(JSON.stringify(refreshed), { status: 200 });
    });
    await earlyRefresh(f.w);
    const early = takeEarlyDashboard(f.w);
    expect(early).toBeDefined();
    await expect(early).resolves.toEqual(refreshed); // the fake answers every call with the same body
    const [url, init] = f.fetch.mock.calls[1] as unknown as [string, RequestInit];
    expect(url).toBe("/eventkit.v1.ReportService/GetDashboard");
    const headers = new Headers(init.headers);
    expect(headers.get("Authorization")).toBe("Bearer access-2");
    expect(headers.get("EventKit-Tenant")).toBe("acme");
    expect(init.body).toBe("{}");
    // Once: a later visit to the home screen asks afresh.
    expect(takeEarlyDashboard(f.w)).toBeUndefined();
  });

  it("not on other screens; null (the app asks itself) when the refresh is refused or the call fails; \"denied\" when the caller may not read reports", async () => {
    const other = fakeWindow({ token: "refresh-1", body: refreshed, path: "/events" });
    await earlyRefresh(other.w);
    expect(takeEarlyDashboard(other.w)).toBeUndefined();
    expect(other.fetch).toHaveBeenCalledTimes(1);

    const refused = fakeWindow({ token: "refresh-1", status: 401, body: { code: "unauthenticated" } });
    await earlyRefresh(refused.w);
    await expect(takeEarlyDashboard(refused.w)).resolves.toBeNull();
    expect(refused.fetch).toHaveBeenCalledTimes(1);

    const denied = fakeWindow({ token: "refresh-1", body: refreshed });
    denied.fetch.mockImplementation(async (url: unknown) =>
      String(url).includes("GetDashboard")
        ? new Response(JSON.stringify({ code: "permission_denied" }), { status: 403 })
        : new Response(JSON.stringify(refreshed), { status: 200 }),
    );
    await earlyRefresh(denied.w);
    await expect(takeEarlyDashboard(denied.w)).resolves.toBe("denied");

    const offline = fakeWindow({ token: "refresh-1", body: refreshed });
    offline.fetch.mockImplementation(async (url: unknown) => {
      if (String(url).includes("GetDashboard")) throw new TypeError("Failed to fetch");
      return new Response(JSON.stringify(refreshed), { status: 200 });
    });
    await earlyRefresh(offline.w);
    await expect(takeEarlyDashboard(offline.w)).resolves.toBeNull();
  });
});

describe("Auth.adopt and resume", () => {
  const stored = () => {
    const s = new MemoryStore();
    s.setItem("eventkit.refreshToken", "refresh-2");
    s.setItem("eventkit.sessionId", "s1");
    return s;
  };

  it("takes the access token from the early refresh and neither refreshes again nor rewrites the stored token", async () => {
    const refresh = vi.fn();
    const store = stored();
    const auth = new Auth(refresh, store, undefined);
    const listener = vi.fn();
    auth.subscribe(listener);
    store.setItem("eventkit.refreshToken", "refresh-3"); // another tab refreshed meanwhile
    auth.adopt(Promise.resolve({ status: 200, body: { accessToken: "access-2", refreshToken: "refresh-2", sessionId: "s1" } }));
    await expect(auth.resume()).resolves.toBe(true);
    expect(auth.token).toBe("access-2");
    expect(refresh).not.toHaveBeenCalled();
    expect(store.getItem("eventkit.refreshToken")).toBe("refresh-3");
    expect(listener).toHaveBeenCalled();
  });

  it("signs out when the early refresh was refused, and resume says so", async () => {
    const auth = new Auth(vi.fn(), stored(), undefined);
    auth.adopt(Promise.resolve({ status: 401, body: { code: "unauthenticated" } }));
    await expect(auth.resume()).resolves.toBe(false);
    expect(auth.hasSession).toBe(false);
  });

  it("keeps the session when the early refresh failed otherwise, and the next call refreshes itself", async () => {
    const refresh = vi.fn(async () => ({ accessToken: "access-4", refreshToken: "refresh-4", sessionId: "s1" }));
    const auth = new Auth(refresh, stored(), undefined);
    auth.adopt(Promise.reject(new TypeError("Failed to fetch")));
    await expect(auth.resume()).resolves.toBe(true);
    expect(auth.hasSession).toBe(true);
    expect(auth.token).toBeNull();
    await expect(auth.refresh()).resolves.toBe(true);
    expect(auth.token).toBe("access-4");
  });

  it("resume without any session resolves false at once, with an access token true, without a call", async () => {
    const refresh = vi.fn();
    const none = new Auth(refresh, new MemoryStore(), undefined);
    await expect(none.resume()).resolves.toBe(false);
    const live = new Auth(refresh, new MemoryStore(), undefined);
    live.signedIn({ accessToken: "a", refreshToken: "r", sessionId: "s" });
    await expect(live.resume()).resolves.toBe(true);
    expect(refresh).not.toHaveBeenCalled();
  });
});

describe("an early refresh that fails before the app waits for it", () => {
  it("is no unhandled rejection, and whoever waits later still sees the failure", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      const auth = new Auth(vi.fn(async () => ({ accessToken: "a", refreshToken: "r", sessionId: "s" })), new MemoryStore(), undefined);
      auth.adopt(Promise.reject(new TypeError("Failed to fetch")));
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
      const f = fakeWindow({ token: "r" });
      f.fetch.mockRejectedValue(new TypeError("Failed to fetch"));
      const early = earlyRefresh(f.w)!;
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
      await expect(early).rejects.toThrow("Failed to fetch");
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
