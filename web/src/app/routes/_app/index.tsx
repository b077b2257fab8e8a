import { Center, Loader } from "@mantine/core";
import { createFileRoute, Navigate } from "@tanstack/react-router";
import { DashboardScreen } from "../../shell/DashboardScreen";
import { prefetchDashboard } from "../../prefetch/dashboard";
import { homeFor, useWhoAmI } from "../../../lib/session";

/** The dashboard, except for a user whose only role is Crew: their home is My work. */
function Home() {
  const me = useWhoAmI();
  if (me.isPending) {
    return (
      <Center p="xl">
        <Loader size="sm" />
      </Center>
    );
  }
  const home = me.data ? homeFor(me.data) : "/";
  if (home !== "/") return <Navigate to={home} replace />;
  return <DashboardScreen />;
}

export const Route = createFileRoute("/_app/")({
  // The dashboard's lists start as soon as the route matches: while its code loads and, after a
  // reload, while the session is refreshed (the calls wait for the token in the transport).
  loader: ({ context }) => prefetchDashboard(context.queryClient),
  component: Home,
});
