import { describe, expect, it } from "vitest";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import {
  CrewHoursGrouping,
  RelativePeriod,
  RevenueGrouping,
  UtilisationGrouping,
  UtilisationOrder,
  type GetAssetsOutOfServiceRequest,
  type GetRevenueRequest,
  type GetUtilisationRequest,
} from "../../../gen/eventkit/v1/reports_pb";
import { parseReportSearch, reportPermission, searchFromSpec, specFromSearch, REPORT_KINDS, type ReportSearch } from "./spec";

describe("report URL ↔ request", () => {
  it("a relative period and filters become the report's request", () => {
    const spec = specFromSearch({ report: "revenue", period: "this_year", group: "client", client: "c1", category: "Audio", page: "t2" }, 25);
    expect(spec.report.case).toBe("revenue");
    const r = spec.report.value as GetRevenueRequest;
    expect(r.relative).toBe(RelativePeriod.THIS_YEAR);
    expect(r.period).toBeUndefined();
    expect(r.groupBy).toBe(RevenueGrouping.CLIENT);
    expect(r.clientCompanyId).toBe("c1");
    expect(r.category).toBe("Audio");
    expect(r.page).toMatchObject({ pageSize: 25, pageToken: "t2" });
  });

  it("from/to days (both included) become a half-open period from the first midnight to the midnight after the last day", () => {
    const r = specFromSearch({ report: "utilisation", from: "2026-03-01", to: "2026-03-31", period: "last_7_days" }).report.value as GetUtilisationRequest;
    expect(r.relative).toBe(RelativePeriod.UNSPECIFIED);
    expect(timestampDate(r.period!.start!)).toEqual(new Date(2026, 2, 1));
    expect(timestampDate(r.period!.end!)).toEqual(new Date(2026, 3, 1));
  });

  it("each report falls back to its natural period and grouping", () => {
    const u = specFromSearch({ report: "utilisation" }).report.value as GetUtilisationRequest;
    expect(u.relative).toBe(RelativePeriod.LAST_30_DAYS);
    expect(u.groupBy).toBe(UtilisationGrouping.PRODUCT);
    expect(u.order).toBe(UtilisationOrder.UNSPECIFIED);
    const rev = specFromSearch({ report: "revenue", group: "nonsense" }).report.value as GetRevenueRequest;
    expect(rev.relative).toBe(RelativePeriod.LAST_12_MONTHS);
    expect(rev.groupBy).toBe(RevenueGrouping.MONTH);
    expect(specFromSearch({}).report.case).toBe("operations");
  });

  it("a URL survives the round trip through the request (what a saved report stores)", () => {
    const urls: ReportSearch[] = [
      { report: "utilisation", period: "last_90_days", group: "category", order: "lowest", category: "Lighting", location: "l1" },
      { report: "revenue", from: "2026-01-01", to: "2026-06-30", group: "week", client: "c9" },
      { report: "subhire", period: "this_month", partner: "spiffe://b.example/node" },
      { report: "shortages", period: "next_7_days", category: "Audio" },
      { report: "overdue", location: "l2", client: "c3" },
      { report: "outOfService", status: "IN_REPAIR,LOST", category: "Rigging" },
      { report: "crewHours", period: "last_month", group: "event" },
      { report: "operations", location: "l1" },
    ];
    for (const u of urls) expect(searchFromSpec(specFromSearch(u))).toEqual(u);
  });

  it("the route keeps only what it understands", () => {
    expect(
      parseReportSearch({ report: "revenue", period: "forever", from: "2026-02-30", to: "2026-03-01", status: "LOST,BROKEN", order: "random", extra: 1, category: " Audio " }),
    ).toEqual({ report: "revenue", to: "2026-03-01", status: "LOST", category: "Audio" });
    expect(parseReportSearch({ report: "secrets" })).toEqual({});
  });

  it("out of service without statuses asks for all three (the node's default)", () => {
    const r = specFromSearch({ report: "outOfService" }).report.value as GetAssetsOutOfServiceRequest;
    expect(r.statuses).toEqual([]);
  });

  it("crew hours group by week", () => {
    const r = specFromSearch({ report: "crewHours", group: "week" }).report.value as { groupBy: CrewHoursGrouping };
    expect(r.groupBy).toBe(CrewHoursGrouping.WEEK);
  });

  it("money and pay need REPORTS_FINANCE, the rest REPORTS_READ", () => {
    const finance = REPORT_KINDS.filter((k) => reportPermission(k) === Permission.REPORTS_FINANCE);
    expect(finance).toEqual(["revenue", "subhire", "crewHours"]);
  });
});
