import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import type { EarlyRefresh } from "./earlyRefresh";

/**
 * The browser's session. The access token lives in memory only (gone on reload); the refresh token
 * is kept in localStorage so a reload or a second tab can get a new access token with
 * AuthService/Refresh. Refresh tokens are single use and presenting a spent one revokes the whole
 * session (auth.proto), so refreshes are serialised across tabs with a Web Lock and always read the
 * newest refresh token from storage inside the lock.
 */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
  sessionId: string;
}

/** What Refresh answers, reduced to what the session needs. */
export type RefreshCall = (refreshToken: string) => Promise<Tokens>;

export interface SessionStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

interface Locks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

const REFRESH_KEY = "eventkit.refreshToken";
const SESSION_KEY = "eventkit.sessionId";

/** Methods that must never carry a bearer token or trigger a refresh. */
const PUBLIC_AUTH_METHODS = new Set(["Login", "Refresh", "Logout", "GetLoginOptions"]);

export class Auth {
  private accessToken: string | null = null;
  private inFlight: Promise<boolean> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly refreshCall: RefreshCall,
    private readonly store: SessionStore,
    private readonly locks: Locks | undefined,
  ) {}

  /** After Login (or SSO completion). */
  signedIn(tokens: Tokens): void {
    this.accessToken = tokens.accessToken;
    this.store.setItem(REFRESH_KEY, tokens.refreshToken);
    this.store.setItem(SESSION_KEY, tokens.sessionId);
    this.emit();
  }

  /** Forgets every token (after Logout, or when the session cannot be refreshed). */
  signedOut(): void {
    const had = this.accessToken !== null || this.store.getItem(REFRESH_KEY) !== null;
    this.accessToken = null;
    this.store.removeItem(REFRESH_KEY);
    this.store.removeItem(SESSION_KEY);
    this.store.removeItem("eventkit.displayName");
    // A dashboard index.html fetched for this session and nobody took (earlyRefresh.ts) is not the
    // next user's.
    if (typeof window !== "undefined") window.__eventkitDashboard = undefined;
    if (had) this.emit();
  }

  get token(): string | null {
    return this.accessToken;
  }

  get refreshToken(): string | null {
    return this.store.getItem(REFRESH_KEY);
  }

  get sessionId(): string | null {
    return this.store.getItem(SESSION_KEY);
  }

  /** Whether there is a session to use or to resume with a refresh. */
  get hasSession(): boolean {
    return this.accessToken !== null || this.refreshToken !== null;
  }

  /**
   * Takes over a refresh index.html started before the app's code ran (earlyRefresh.ts), as the
   * refresh in flight: the tokens were stored under the lock already, only the access token is
   * left to keep. A refused token signs out; anything else fails like a network error (the session
   * stays, the next call refreshes again).
   */
  adopt(early: Promise<EarlyRefresh | null>): void {
    if (this.inFlight || this.accessToken !== null) return;
    const run = early.then((r) => {
      if (r !== null && r.status === 200 && r.body.accessToken) {
        this.accessToken = r.body.accessToken;
        this.emit();
        return true;
      }
      if (r === null || r.body.code === "unauthenticated" || r.body.code === "invalid_argument") {
        this.signedOut();
        return false;
      }
      throw new ConnectError(`Refresh answered HTTP ${r.status}`, Code.Unavailable);
    });
    this.inFlight = run.finally(() => {
      this.inFlight = null;
    });
    // Offline the early refresh fails before anybody waits for it: not an uncaught error (the
    // callers that wait still get the failure).
    this.inFlight.catch(() => undefined);
  }

  /**
   * After a reload: starts getting an access token with the kept refresh token (callers that only
   * start it need not wait) and resolves whether there is a session to go on with. Shares the
   * refresh in flight; a network failure keeps the session, as `refresh` does.
   */
  resume(): Promise<boolean> {
    if (this.accessToken !== null) return Promise.resolve(true);
    if (this.refreshToken === null) return Promise.resolve(false);
    return this.refresh().catch(() => true);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Gets a new access token with the stored refresh token. Concurrent callers share one attempt.
   * Resolves false (and signs out) when the session cannot be refreshed; a network failure
   * rejects and keeps the session, so a flaky connection does not log anybody out.
   */
  refresh(): Promise<boolean> {
    if (this.inFlight) return this.inFlight;
    const attempt = async (): Promise<boolean> => {
      const refreshToken = this.store.getItem(REFRESH_KEY);
      if (!refreshToken) {
        this.signedOut();
        return false;
      }
      try {
        this.signedIn(await this.refreshCall(refreshToken));
        return true;
      } catch (e) {
        const err = ConnectError.from(e);
        if (err.code === Code.Unauthenticated || err.code === Code.InvalidArgument) {
          this.signedOut();
          return false;
        }
        throw e;
      }
    };
    const run = this.locks ? this.locks.request("eventkit-refresh", attempt) : attempt();
    this.inFlight = run.finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /**
   * Adds the bearer token; on UNAUTHENTICATED refreshes once and retries the call once. Calls made
   * before any access token exists (after a reload) refresh first.
   */
  readonly interceptor: Interceptor = (next) => async (req) => {
    if (PUBLIC_AUTH_METHODS.has(req.method.name)) return next(req);
    if (this.accessToken === null && this.refreshToken !== null) {
      await this.refresh();
    }
    const sent = this.accessToken;
    if (sent) req.header.set("Authorization", `Bearer ${sent}`);
    try {
      return await next(req);
    } catch (e) {
      const err = ConnectError.from(e);
      if (err.code !== Code.Unauthenticated || sent === null) throw e;
      // Another call may have refreshed meanwhile: then just retry with the newer token.
      const fresh = this.accessToken !== sent ? true : await this.refresh();
      if (!fresh || this.accessToken === null) throw e;
      req.header.set("Authorization", `Bearer ${this.accessToken}`);
      return next(req);
    }
  };

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

export function browserLocks(): Locks | undefined {
  const nav = typeof navigator === "undefined" ? undefined : navigator;
  if (!nav || !("locks" in nav) || !nav.locks) return undefined;
  return {
    request: <T,>(name: string, cb: () => Promise<T>) =>
      nav.locks.request(name, cb) as Promise<T>,
  };
}
