import { createFileRoute, redirect } from "@tanstack/react-router";
import { createQueryOptions } from "@connectrpc/connect-query";
import { auth, transport } from "../../lib/transport";
import { AuthService } from "../../gen/eventkit/v1/auth_pb";
import { WHOAMI_STALE_MS } from "../../lib/session";
import { AppShellLayout } from "../shell/AppShellLayout";

/**
 * Every screen behind login. Without a session (or one that cannot be refreshed): the login page.
 * After a reload the refresh is only started in beforeLoad: the router runs every beforeLoad before
 * it fetches any route code, so awaiting it there put one round trip in front of all the chunks.
 * The loader waits for it instead, side by side with the chunks and the screens' first calls.
 */
export const Route = createFileRoute("/_app")({
  beforeLoad: ({ location }) => {
    if (!auth.hasSession) {
      throw redirect({ to: "/login", search: { redirect: location.href } });
    }
    void auth.resume();
  },
  loader: async ({ context, location }) => {
    void context.queryClient.prefetchQuery({
      ...createQueryOptions(AuthService.method.whoAmI, {}, { transport }),
      staleTime: WHOAMI_STALE_MS,
    });
    if (!(await auth.resume())) {
      throw redirect({ to: "/login", search: { redirect: location.href } });
    }
  },
  component: AppShellLayout,
});
