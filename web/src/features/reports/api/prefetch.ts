import type { QueryClient } from "@tanstack/react-query";
import { transport } from "../../../lib/transport";
import { hasShortagesWidget, widgetSpec } from "../lib/widgets";
import { dashboardQueryOptions, reportQueryOptions } from "./reports";

/**
 * Starts the dashboard's report calls from the home route's loader: GetDashboard, then each
 * widget's report, while the screen's code is still loading. Imported dynamically (reports_pb is
 * not in the first bundle). GetDashboard goes out at once, beside WhoAmI rather than after it: on
 * a cold load that chain (WhoAmI, GetDashboard, the widgets' reports) was the longest wait. Every
 * built-in role but Crew holds REPORTS_READ, and a Crew-only user's home is My work; anyone else
 * without it costs one refused call, which the screen never shows (it asks only with REPORTS_READ).
 * After a reload, the dashboard is usually in already (see dashboardQueryOptions), and this starts
 * the widgets' calls as soon as the code has arrived.
 * Resolves true when a widget lists the shortages (the home screen then has no list of its own).
 */
export async function prefetchReportDashboard(queryClient: QueryClient): Promise<boolean> {
  try {
    const dashboard = await queryClient.fetchQuery(dashboardQueryOptions(transport));
    for (const w of dashboard.widgets) {
      const spec = widgetSpec(w);
      if (spec) void queryClient.prefetchQuery({ ...reportQueryOptions(spec, transport), staleTime: 30_000 });
    }
    return hasShortagesWidget(dashboard);
  } catch {
    // Refused (no REPORTS_READ) or failed: the screen's own queries ask again and show the error.
    return false;
  }
}
