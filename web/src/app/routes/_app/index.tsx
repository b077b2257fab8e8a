import { createFileRoute } from "@tanstack/react-router";
import { DashboardScreen } from "../../shell/DashboardScreen";

export const Route = createFileRoute("/_app/")({
  // The dashboard's lists start while its code loads (and, after a reload, while the session is
  // refreshed: the calls wait for the token in the transport), not after the first render.
  loader: ({ context }) => {
    void import("../../prefetch/dashboard").then((m) => m.prefetchDashboard(context.queryClient));
  },
  component: DashboardScreen,
});
