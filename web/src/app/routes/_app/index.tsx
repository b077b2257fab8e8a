import { createFileRoute } from "@tanstack/react-router";
import { DashboardScreen } from "../../shell/DashboardScreen";
import { prefetchDashboard } from "../../prefetch/dashboard";

export const Route = createFileRoute("/_app/")({
  // The dashboard's lists start as soon as the route matches: while its code loads and, after a
  // reload, while the session is refreshed (the calls wait for the token in the transport).
  loader: ({ context }) => prefetchDashboard(context.queryClient),
  component: DashboardScreen,
});
