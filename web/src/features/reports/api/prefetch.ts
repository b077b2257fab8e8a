import type { QueryClient } from "@tanstack/react-query";
import { createQueryOptions } from "@connectrpc/connect-query";
import { transport } from "../../../lib/transport";
import { ReportService } from "../../../gen/eventkit/v1/reports_pb";
import { widgetSpec } from "../lib/widgets";
import { reportQueryOptions } from "./reports";

/**
 * Starts the dashboard's report calls from the home route's loader: GetDashboard, then each
 * widget's report, while the screen's code is still loading. Imported dynamically (reports_pb is
 * not in the first bundle). GetDashboard goes out at once, beside WhoAmI rather than after it: on
 * a cold load that chain (WhoAmI, GetDashboard, the widgets' reports) was the longest wait. Every
 * built-in role but Crew holds REPORTS_READ, and a Crew-only user's home is My work; anyone else
 * without it costs one refused call, which the screen never shows (it asks only with REPORTS_READ).
 */
export async function prefetchReportDashboard(queryClient: QueryClient): Promise<void> {
  try {
    const dashboard = await queryClient.fetchQuery({ ...createQueryOptions(ReportService.method.getDashboard, {}, { transport }), staleTime: 30_000 });
    for (const w of dashboard.widgets) {
      const spec = widgetSpec(w);
      if (spec) void queryClient.prefetchQuery({ ...reportQueryOptions(spec, transport), staleTime: 30_000 });
    }
  } catch {
    // Refused (no REPORTS_READ) or failed: the screen's own queries ask again and show the error.
  }
}
