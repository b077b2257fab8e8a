import { describe, expect, it } from "vitest";
import { create, toJson } from "@bufbuild/protobuf";
import { DashboardWidgetSchema, RelativePeriod, ReportSpecSchema, RevenueGrouping } from "../../../gen/eventkit/v1/reports_pb";
import { hasShortagesWidget, widgetSpec } from "./widgets";

describe("dashboard widgets", () => {
  it("run their first page, as a real request (its JSON is the query key), leaving the dashboard's copy alone", () => {
    const w = create(DashboardWidgetSchema, {
      id: "default.revenue-by-month",
      spec: { report: { case: "revenue", value: { relative: RelativePeriod.LAST_12_MONTHS, groupBy: RevenueGrouping.MONTH } } },
    });
    const spec = widgetSpec(w)!;
    expect(toJson(ReportSpecSchema, spec)).toEqual({
      revenue: { relative: "RELATIVE_PERIOD_LAST_12_MONTHS", groupBy: "REVENUE_GROUPING_MONTH", page: { pageSize: 20 } },
    });
    expect((w.spec!.report.value as { page?: unknown }).page).toBeUndefined();
    expect(widgetSpec(create(DashboardWidgetSchema, { id: "empty" }))).toBeUndefined();
  });

  it("know whether the dashboard lists the shortages itself", () => {
    const shortages = create(DashboardWidgetSchema, { id: "s", spec: { report: { case: "shortages", value: {} } } });
    expect(hasShortagesWidget(undefined)).toBe(false);
    expect(hasShortagesWidget({ widgets: [shortages] } as never)).toBe(true);
  });
});
