import { describe, expect, it, vi } from "vitest";
import { Code, ConnectError, createClient, createRouterTransport, type Interceptor } from "@connectrpc/connect";
import { AuthService } from "../gen/eventkit/v1/auth_pb";
import { Auth, type Tokens } from "./auth";

class MemoryStore {
  private readonly m = new Map<string, string>();
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

/**
 * A fake node that speaks AuthService over Connect's in-memory router transport: WhoAmI accepts
 * only the current access token; Refresh rotates single-use refresh tokens.
 */
function fakeNode() {
  const state = { access: "access-1", refresh: "refresh-1", refreshCalls: 0, whoAmICalls: 0, n: 1 };
  const transport = (interceptors: Interceptor[]) =>
    createRouterTransport(
      ({ service }) => {
        service(AuthService, {
          whoAmI: (_req, ctx) => {
            state.whoAmICalls++;
            if (ctx.requestHeader.get("Authorization") !== `Bearer ${state.access}`) {
              throw new ConnectError("access token expired", Code.Unauthenticated);
            }
            return { name: "Ada" };
          },
          refresh: (req) => {
            state.refreshCalls++;
            if (req.refreshToken !== state.refresh) {
              throw new ConnectError("refresh token unknown or spent", Code.Unauthenticated);
            }
            state.n++;
            state.access = `access-${state.n}`;
            state.refresh = `refresh-${state.n}`;
            return { accessToken: state.access, refreshToken: state.refresh, sessionId: "s1" };
          },
        });
      },
      { transport: { interceptors } },
    );
  const bare = createClient(AuthService, transport([]));
  const auth = new Auth(
    async (refreshToken): Promise<Tokens> => {
      const r = await bare.refresh({ refreshToken });
      return { accessToken: r.accessToken, refreshToken: r.refreshToken, sessionId: r.sessionId };
    },
    new MemoryStore(),
    undefined,
  );
  return { state, auth, client: createClient(AuthService, transport([auth.interceptor])) };
}

describe("Auth", () => {
  it("refreshes once on UNAUTHENTICATED and retries the call with the new token", async () => {
    const { state, auth, client } = fakeNode();
    auth.signedIn({ accessToken: "stale", refreshToken: "refresh-1", sessionId: "s1" });

    const me = await client.whoAmI({});

    expect(me.name).toBe("Ada");
    expect(state.refreshCalls).toBe(1);
    expect(state.whoAmICalls).toBe(2);
    expect(auth.token).toBe("access-2");
    expect(auth.refreshToken).toBe("refresh-2");
  });

  it("concurrent 401s share one refresh (a spent refresh token would end the session)", async () => {
    const { state, auth, client } = fakeNode();
    auth.signedIn({ accessToken: "stale", refreshToken: "refresh-1", sessionId: "s1" });

    const all = await Promise.all([client.whoAmI({}), client.whoAmI({}), client.whoAmI({})]);

    expect(all.map((r) => r.name)).toEqual(["Ada", "Ada", "Ada"]);
    expect(state.refreshCalls).toBe(1);
  });

  it("signs out when the refresh token is refused, and the call fails once, unretried", async () => {
    const { state, auth, client } = fakeNode();
    const listener = vi.fn();
    auth.subscribe(listener);
    auth.signedIn({ accessToken: "stale", refreshToken: "spent", sessionId: "s1" });
    listener.mockClear();

    await expect(client.whoAmI({})).rejects.toMatchObject({ code: Code.Unauthenticated });

    expect(state.refreshCalls).toBe(1);
    expect(state.whoAmICalls).toBe(1);
    expect(auth.hasSession).toBe(false);
    expect(listener).toHaveBeenCalled();
  });

  it("after a reload (no access token in memory) refreshes before the first call", async () => {
    const { state } = fakeNode();
    const reloaded = new Auth(
      async (rt) => {
        state.refreshCalls++;
        expect(rt).toBe("refresh-1");
        return { accessToken: state.access, refreshToken: "refresh-9", sessionId: "s1" };
      },
      { getItem: (k) => (k.endsWith("refreshToken") ? "refresh-1" : null), setItem: () => {}, removeItem: () => {} },
      undefined,
    );
    expect(reloaded.token).toBeNull();
    expect(reloaded.hasSession).toBe(true);
    await reloaded.refresh();
    expect(reloaded.token).toBe("access-1");
  });

  it("keeps the session when the refresh fails for a network reason", async () => {
    const auth = new Auth(
      async () => {
        throw new ConnectError("failed to fetch", Code.Unavailable);
      },
      new MemoryStore(),
      undefined,
    );
    auth.signedIn({ accessToken: "a", refreshToken: "r", sessionId: "s" });
    await expect(auth.refresh()).rejects.toBeTruthy();
    expect(auth.refreshToken).toBe("r");
  });
});
