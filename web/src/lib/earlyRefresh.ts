/**
 * Refresh's answer as the early refresh got it (Connect JSON: the tokens, or the error's code).
 */
export interface EarlyRefresh {
  status: number;
  body: {
    accessToken?: string;
    refreshToken?: string;
    sessionId?: string;
    user?: { displayName?: string };
    code?: string;
  };
}

declare global {
  interface Window {
    /** Set by index.html's inline script (see `earlyRefresh`), picked up by the session. */
    __eventkitRefresh?: Promise<EarlyRefresh | null>;
    /**
     * After a reload of the home screen: ReportService/GetDashboard's answer in Connect JSON,
     * "denied" when the caller may not read reports, or null when it was not asked or failed (see
     * `earlyRefresh`; taken by `takeEarlyDashboard`).
     */
    __eventkitDashboard?: Promise<unknown>;
  }
}

/**
 * After a reload the session needs a new access token before any call, and the app's code takes a
 * few hundred milliseconds to arrive and run. vite.config.ts puts this function's source inline in
 * index.html, so AuthService/Refresh starts while the code loads; Auth.adopt takes the answer.
 * It keeps the session's rules (auth.ts): under the same Web Lock, the newest refresh token read
 * inside it, and the new one stored before the lock is let go, so another tab never presents a
 * spent token, and names the chosen company account as every call does (tenant.ts). Without Web
 * Locks, or on the login pages, it does nothing and the app refreshes as before. Self-contained (no
 * imports, no outer names): its source text is what runs.
 */
export function earlyRefresh(w: Window): Promise<EarlyRefresh | null> | undefined {
  const store = w.localStorage;
  if (!store.getItem("eventkit.refreshToken") || !w.navigator.locks || /^\/(login|sso)(\/|$)/.test(w.location.pathname)) {
    return undefined;
  }
  // The company account header the refresh sent: the dashboard below names the same one.
  let named: string | null = null;
  const locked = w.navigator.locks.request("eventkit-refresh", async (): Promise<EarlyRefresh | null> => {
    const refreshToken = store.getItem("eventkit.refreshToken");
    if (!refreshToken) return null;
    // The chosen company account (tenant.ts, kept under "eventkit.tenant"), as the app's calls name it.
    const tenant = store.getItem("eventkit.tenant");
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (tenant && /^[a-z0-9][a-z0-9-]{0,62}$/.test(tenant)) {
      headers["EventKit-Tenant"] = tenant;
      named = tenant;
    }
    const r = await w.fetch("/eventkit.v1.AuthService/Refresh", {
      method: "POST",
      headers,
      body: JSON.stringify({ refreshToken }),
    });
    const body = (await r.json()) as EarlyRefresh["body"];
    if (r.ok && body.accessToken && body.refreshToken) {
      store.setItem("eventkit.refreshToken", body.refreshToken);
      store.setItem("eventkit.sessionId", body.sessionId ?? "");
      if (body.user?.displayName) store.setItem("eventkit.displayName", body.user.displayName);
    }
    return { status: r.status, body };
  });
  // Handled here too, so a failure is not an uncaught error if the app never takes it up.
  locked.catch(() => undefined);
  // The lock resolves with the callback's answer (the DOM typings nest the promise).
  const refreshed = locked as unknown as Promise<EarlyRefresh | null>;
  // After a reload of the home screen, its report dashboard is asked for as soon as the token is
  // in: the widgets' calls need its answer, and the app would ask only once its code has loaded and
  // run, a few hundred milliseconds later (features/reports/api/prefetch.ts takes the answer up;
  // null makes the app ask itself). The same token and company account as the app's own calls.
  if (w.location.pathname === "/") {
    w.__eventkitDashboard = refreshed
      .then((res) => {
        if (!res || res.status !== 200 || !res.body.accessToken) return null;
        const headers: Record<string, string> = { "Content-Type": "application/json", Authorization: `Bearer ${res.body.accessToken}` };
        if (named) headers["EventKit-Tenant"] = named;
        // A refusal (403: the caller lacks REPORTS_READ) is said as "denied", so the app does not
        // ask a second time only to be refused again; any other failure is null (the app asks).
        return w.fetch("/eventkit.v1.ReportService/GetDashboard", { method: "POST", headers, body: "{}" }).then((r) => (r.ok ? r.json() : r.status === 403 ? "denied" : null));
      })
      .catch(() => null);
  }
  return refreshed;
}

/**
 * The dashboard answer the inline script got (see `earlyRefresh`), once: a later visit to the home
 * screen asks afresh. Undefined when there is none to wait for.
 */
export function takeEarlyDashboard(w: Window = window): Promise<unknown> | undefined {
  const early = w.__eventkitDashboard;
  w.__eventkitDashboard = undefined;
  return early;
}
