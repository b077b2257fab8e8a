import { createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import type { DescService } from "@bufbuild/protobuf";
import { AuthService } from "../gen/eventkit/v1/auth_pb";
import { Auth, browserLocks } from "./auth";
import { tenantInterceptor } from "./tenant";

/**
 * The one place that builds the Connect transport: same origin, the binary protobuf encoding in
 * production builds and JSON in dev (readable in the browser's network tab), the chosen company
 * account's `EventKit-Tenant` header on every call, the refresh included (tenant.ts), and the
 * session's interceptor (bearer token, refresh on 401 once).
 */
function baseTransport(interceptors: Interceptor[]): Transport {
  return createConnectTransport({
    baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
    useBinaryFormat: import.meta.env.PROD,
    interceptors: [tenantInterceptor, ...interceptors],
  });
}

const bare = baseTransport([]);
const authClient = createClient(AuthService, bare);

export const auth = new Auth(
  async (refreshToken) => {
    const r = await authClient.refresh({ refreshToken });
    if (r.user?.displayName) window.localStorage.setItem("eventkit.displayName", r.user.displayName);
    return { accessToken: r.accessToken, refreshToken: r.refreshToken, sessionId: r.sessionId };
  },
  window.localStorage,
  browserLocks(),
);

// A refresh index.html started while this code loaded (earlyRefresh.ts).
if (window.__eventkitRefresh) auth.adopt(window.__eventkitRefresh);

export const transport: Transport = baseTransport([auth.interceptor]);

export function client<T extends DescService>(service: T): Client<T> {
  return createClient(service, transport);
}
