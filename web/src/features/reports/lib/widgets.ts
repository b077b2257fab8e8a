import { clone, create } from "@bufbuild/protobuf";
import { PageRequestSchema } from "../../../gen/eventkit/v1/common_pb";
import { ReportSpecSchema, type Dashboard, type DashboardWidget, type ReportSpec } from "../../../gen/eventkit/v1/reports_pb";

/** Rows a dashboard widget asks for (the node takes the first page). */
export const WIDGET_ROWS = 20;

/** A widget's spec as the dashboard runs it (and the prefetch asks for it): its first page of WIDGET_ROWS rows. */
export function widgetSpec(w: DashboardWidget): ReportSpec | undefined {
  const spec = w.spec;
  if (!spec?.report.case) return undefined;
  if (spec.report.case === "operations") return spec;
  // A copy (the dashboard's answer stays as the cache holds it), with a real PageRequest message:
  // the query key is the request's JSON.
  const copy = clone(ReportSpecSchema, spec);
  (copy.report.value as { page?: unknown }).page = create(PageRequestSchema, { pageSize: WIDGET_ROWS });
  return copy;
}

/** Whether the dashboard already lists the upcoming shortages (the home screen then leaves out its own list). */
export function hasShortagesWidget(d: Dashboard | undefined): boolean {
  return !!d?.widgets.some((w) => w.spec?.report.case === "shortages");
}

/** Figures (the operations summary) go at the top of the home screen, the rest below the day lists. */
export function isFigures(w: DashboardWidget): boolean {
  return w.spec?.report.case === "operations";
}
