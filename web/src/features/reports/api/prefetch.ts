import type { QueryClient } from "@tanstack/react-query";
import { createQueryOptions } from "@connectrpc/connect-query";
import { transport } from "../../../lib/transport";
import { can, WHOAMI_STALE_MS } from "../../../lib/session";
import { AuthService } from "../../../gen/eventkit/v1/auth_pb";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { ReportService } from "../../../gen/eventkit/v1/reports_pb";
import { widgetSpec } from "../lib/widgets";
import { reportQueryOptions } from "./reports";

/**
 * Starts the dashboard's report calls from the home route's loader: GetDashboard, then each
 * widget's report, while the screen's code is still loading. Imported dynamically (reports_pb is
 * not in the first bundle); callers without REPORTS_READ ask nothing.
 */
export async function prefetchReportDashboard(queryClient: QueryClient): Promise<void> {
  try {
    const me = await queryClient.ensureQueryData({ ...createQueryOptions(AuthService.method.whoAmI, {}, { transport }), staleTime: WHOAMI_STALE_MS });
    if (!can(me.permissions, Permission.REPORTS_READ)) return;
    const dashboard = await queryClient.fetchQuery({ ...createQueryOptions(ReportService.method.getDashboard, {}, { transport }), staleTime: 30_000 });
    for (const w of dashboard.widgets) {
      const spec = widgetSpec(w);
      if (spec) void queryClient.prefetchQuery({ ...reportQueryOptions(spec, transport), staleTime: 30_000 });
    }
  } catch {
    // The screen's own queries ask again and show the error.
  }
}
