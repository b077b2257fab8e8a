import { createFileRoute, redirect } from "@tanstack/react-router";
import { auth } from "../../lib/transport";
import { AppShellLayout } from "../shell/AppShellLayout";

/** Every screen behind login. Without a session (or one that cannot be refreshed): the login page. */
export const Route = createFileRoute("/_app")({
  beforeLoad: async ({ location }) => {
    if (auth.token === null && auth.refreshToken !== null) {
      await auth.refresh().catch(() => false);
    }
    if (!auth.hasSession) {
      throw redirect({ to: "/login", search: { redirect: location.href } });
    }
  },
  component: AppShellLayout,
});
