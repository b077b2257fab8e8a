import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient } from "@connectrpc/connect";
import { AuthService } from "../gen/eventkit/v1/auth_pb";
import { chooseTenant, chosenTenant, isValidTenant, TENANT_KEY, tenantHeaders } from "./tenant";
import { auth, client, transport } from "./transport";

type Seen = { url: string; tenant: string | null; authorization: string | null };

/** A node behind fetch answering every Connect call with `body` (JSON), recording what was sent. */
function stubNode(body: object = {}): Seen[] {
  const seen: Seen[] = [];
  vi.stubGlobal("fetch", (url: string, init: RequestInit) => {
    const h = new Headers(init.headers);
    seen.push({ url, tenant: h.get("EventKit-Tenant"), authorization: h.get("Authorization") });
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } }));
  });
  return seen;
}

afterEach(() => {
  vi.unstubAllGlobals();
  auth.signedOut();
  localStorage.removeItem(TENANT_KEY);
});

describe("the chosen company account", () => {
  it("is kept normalised (the node ignores case and spaces), and only when it is an ID", () => {
    expect(chosenTenant()).toBeNull();
    chooseTenant("  Acme-Events ");
    expect(chosenTenant()).toBe("acme-events");
    expect(localStorage.getItem(TENANT_KEY)).toBe("acme-events");
    chooseTenant("-acme");
    expect(chosenTenant()).toBeNull();
    chooseTenant("acme");
    chooseTenant("");
    expect(localStorage.getItem(TENANT_KEY)).toBeNull();
  });

  it("checks IDs with the node's pattern: 1-63 of a-z, 0-9 and '-', starting with a letter or digit", () => {
    for (const ok of ["a", "7", "acme", "acme-events-2", "a".repeat(63)]) expect(isValidTenant(ok), ok).toBe(true);
    for (const bad of ["", "-acme", "Acme", "acme_events", "acme.example", "a".repeat(64), "acme events"]) expect(isValidTenant(bad), bad).toBe(false);
  });

  it("ignores a stored value that is no ID (no header the node would refuse)", () => {
    localStorage.setItem(TENANT_KEY, "not an id");
    expect(chosenTenant()).toBeNull();
    expect(tenantHeaders()).toEqual({});
  });
});

describe("the transport (lib/transport.ts)", () => {
  it("names no company account while none is chosen, as on a self-hosted node", async () => {
    const seen = stubNode({ password: true });
    await client(AuthService).getLoginOptions({});
    expect(seen).toEqual([{ url: expect.stringContaining("/eventkit.v1.AuthService/GetLoginOptions"), tenant: null, authorization: null }]);
    expect(tenantHeaders()).toEqual({});
  });

  it("sends EventKit-Tenant on every call once a company account is chosen, read at each call", async () => {
    const seen = stubNode({ password: true, tenantRequired: true, tenant: "acme" });
    chooseTenant("acme");
    await client(AuthService).getLoginOptions({});
    chooseTenant("beta");
    await client(AuthService).getLoginOptions({});
    chooseTenant(null);
    await client(AuthService).getLoginOptions({});
    expect(seen.map((s) => s.tenant)).toEqual(["acme", "beta", null]);
  });

  it("names it on the refresh too, and on calls with the session's token", async () => {
    chooseTenant("acme");
    const seen = stubNode({ accessToken: "access-2", refreshToken: "refresh-2", sessionId: "s1" });
    auth.signedIn({ accessToken: "access-1", refreshToken: "refresh-1", sessionId: "s1" });
    await expect(auth.refresh()).resolves.toBe(true);
    await client(AuthService).whoAmI({});
    expect(seen).toEqual([
      { url: expect.stringContaining("/eventkit.v1.AuthService/Refresh"), tenant: "acme", authorization: null },
      { url: expect.stringContaining("/eventkit.v1.AuthService/WhoAmI"), tenant: "acme", authorization: "Bearer access-2" },
    ]);
  });

  it("leaves a company account a call names itself (the login screen asking about another)", async () => {
    chooseTenant("acme");
    const seen = stubNode({ password: true });
    await client(AuthService).getLoginOptions({}, { headers: { "EventKit-Tenant": "beta" } });
    expect(seen.map((s) => s.tenant)).toEqual(["beta"]);
  });

  it("gives the same header to requests that are not Connect calls (uploads, the export)", () => {
    chooseTenant("acme");
    expect(tenantHeaders()).toEqual({ "EventKit-Tenant": "acme" });
  });

  it("is the transport the app's queries use (TransportProvider), not only client()", async () => {
    chooseTenant("acme");
    const seen = stubNode({});
    await createClient(AuthService, transport).getLoginOptions({});
    expect(seen[0].tenant).toBe("acme");
  });
});
