import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import {
  CrewHoursGrouping,
  RelativePeriod,
  ReportDisplay,
  ReportSpecSchema,
  RevenueGrouping,
  UtilisationGrouping,
  UtilisationOrder,
  type ReportSpec,
} from "../../../gen/eventkit/v1/reports_pb";
import { addDays, formatDay, parseDay } from "../../../lib/dates";
import { RELATIVE_PERIODS, type RelativeName, type ReportKind, type ReportSearch } from "./search";

export { REPORT_KINDS, RELATIVE_PERIODS, OUT_OF_SERVICE_STATUSES, parseReportSearch } from "./search";
export type { ReportKind, RelativeName, ReportSearch } from "./search";

/** Money and pay (revenue, sub-hire, crew hours) need REPORTS_FINANCE; the rest REPORTS_READ. */
export function reportPermission(kind: ReportKind): Permission {
  return kind === "revenue" || kind === "subhire" || kind === "crewHours" ? Permission.REPORTS_FINANCE : Permission.REPORTS_READ;
}

/** Which filters a report takes (what its request has). */
export interface ReportFilters {
  period: boolean;
  groups: readonly string[];
  category: boolean;
  location: boolean;
  client: boolean;
  partner: boolean;
  statuses: boolean;
  order: boolean;
}

const NONE: ReportFilters = { period: false, groups: [], category: false, location: false, client: false, partner: false, statuses: false, order: false };

export const REPORT_FILTERS: Record<ReportKind, ReportFilters> = {
  operations: { ...NONE, location: true },
  utilisation: { ...NONE, period: true, groups: ["product", "category"], category: true, location: true, order: true },
  shortages: { ...NONE, period: true, category: true, location: true },
  overdue: { ...NONE, location: true, client: true },
  outOfService: { ...NONE, statuses: true, category: true, location: true },
  revenue: { ...NONE, period: true, groups: ["month", "week", "day", "client", "category"], category: true, client: true },
  subhire: { ...NONE, period: true, partner: true },
  crewHours: { ...NONE, period: true, groups: ["member", "event", "week"] },
};

export function relativeValue(name: RelativeName): RelativePeriod {
  return RelativePeriod[name.toUpperCase() as keyof typeof RelativePeriod];
}

export function relativeName(value: RelativePeriod): RelativeName | undefined {
  const n = RelativePeriod[value]?.toLowerCase();
  return (RELATIVE_PERIODS as readonly string[]).includes(n) ? (n as RelativeName) : undefined;
}

/** A report's period when the URL names none. */
export const DEFAULT_PERIOD: Partial<Record<ReportKind, RelativeName>> = {
  utilisation: "last_30_days",
  shortages: "next_30_days",
  revenue: "last_12_months",
  subhire: "last_90_days",
  crewHours: "last_30_days",
};

const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

type SpecInit = MessageInitShape<typeof ReportSpecSchema>;
type PeriodFields = { period?: { start: ReturnType<typeof timestampFromDate>; end: ReturnType<typeof timestampFromDate> }; relative: RelativePeriod };

/** The period part of a request: from/to days (both included, the browser's midnights) or a relative period. */
export function periodOf(kind: ReportKind, s: ReportSearch): PeriodFields {
  const from = parseDay(s.from);
  const to = parseDay(s.to);
  if (from && to && to >= from) {
    return { period: { start: timestampFromDate(from), end: timestampFromDate(addDays(to, 1)) }, relative: RelativePeriod.UNSPECIFIED };
  }
  const name = s.period ?? DEFAULT_PERIOD[kind] ?? "last_30_days";
  return { relative: relativeValue(name) };
}

function grouping<E extends Record<string, string | number>>(e: E, group: string | undefined, allowed: readonly string[]): number {
  const g = group && allowed.includes(group) ? group : allowed[0];
  return e[g.toUpperCase() as keyof E] as number;
}

/** The ReportSpec (one report's request) the URL describes; `pageToken` pages the report's list. */
export function specFromSearch(s: ReportSearch, pageSize = 50): ReportSpec {
  const kind = s.report ?? "operations";
  const f = REPORT_FILTERS[kind];
  const page = { pageSize, pageToken: s.page ?? "" };
  const statuses = s.status ? s.status.split(",") : [];
  let init: SpecInit;
  switch (kind) {
    case "operations":
      init = { report: { case: "operations", value: { locationId: s.location ?? "" } } };
      break;
    case "utilisation":
      init = {
        report: {
          case: "utilisation",
          value: {
            ...periodOf(kind, s),
            groupBy: grouping(UtilisationGrouping, s.group, f.groups),
            category: s.category ?? "",
            locationId: s.location ?? "",
            order: s.order ? UtilisationOrder[s.order.toUpperCase() as "HIGHEST"] : UtilisationOrder.UNSPECIFIED,
            page,
          },
        },
      };
      break;
    case "shortages":
      init = { report: { case: "shortages", value: { ...periodOf(kind, s), category: s.category ?? "", locationId: s.location ?? "", page } } };
      break;
    case "overdue":
      init = { report: { case: "overdue", value: { locationId: s.location ?? "", clientCompanyId: s.client ?? "", page } } };
      break;
    case "outOfService":
      init = { report: { case: "outOfService", value: { statuses, category: s.category ?? "", locationId: s.location ?? "", page } } };
      break;
    case "revenue":
      init = {
        report: {
          case: "revenue",
          value: {
            ...periodOf(kind, s),
            groupBy: grouping(RevenueGrouping, s.group, f.groups),
            clientCompanyId: s.client ?? "",
            category: s.category ?? "",
            page,
          },
        },
      };
      break;
    case "subhire":
      init = { report: { case: "subhire", value: { ...periodOf(kind, s), partnerNodeId: s.partner ?? "", page } } };
      break;
    case "crewHours":
      init = { report: { case: "crewHours", value: { ...periodOf(kind, s), groupBy: grouping(CrewHoursGrouping, s.group, f.groups), page } } };
      break;
  }
  return create(ReportSpecSchema, init);
}

function lower<E extends Record<number, string>>(e: E, v: number): string | undefined {
  const n = e[v];
  return n && n !== "UNSPECIFIED" ? n.toLowerCase() : undefined;
}

/** The URL of a spec (a saved report's or a dashboard widget's): the inverse of specFromSearch. */
export function searchFromSpec(spec: ReportSpec): ReportSearch {
  const r = spec.report;
  if (!r.case) return {};
  const out: ReportSearch = { report: r.case };
  const v = r.value as unknown as Record<string, unknown>;
  if ("relative" in v || "period" in v) {
    const p = v.period as { start?: Parameters<typeof timestampDate>[0]; end?: Parameters<typeof timestampDate>[0] } | undefined;
    if (p?.start && p.end) {
      out.from = formatDay(timestampDate(p.start));
      out.to = formatDay(addDays(timestampDate(p.end), -1));
    } else {
      out.period = relativeName(v.relative as RelativePeriod);
    }
  }
  switch (r.case) {
    case "utilisation":
      out.group = lower(UtilisationGrouping, r.value.groupBy);
      out.order = lower(UtilisationOrder, r.value.order) as ReportSearch["order"];
      break;
    case "revenue":
      out.group = lower(RevenueGrouping, r.value.groupBy);
      break;
    case "crewHours":
      out.group = lower(CrewHoursGrouping, r.value.groupBy);
      break;
    case "outOfService":
      out.status = r.value.statuses.join(",") || undefined;
      break;
  }
  out.category = str(v.category);
  out.location = str(v.locationId);
  out.client = str(v.clientCompanyId);
  out.partner = str(v.partnerNodeId);
  for (const k of Object.keys(out) as (keyof ReportSearch)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/** A report's natural display when the saved report or widget says UNSPECIFIED. */
export function naturalDisplay(spec: ReportSpec): ReportDisplay {
  const r = spec.report;
  switch (r.case) {
    case "operations":
      return ReportDisplay.FIGURES;
    case "revenue":
      return r.value.groupBy === RevenueGrouping.CLIENT || r.value.groupBy === RevenueGrouping.CATEGORY ? ReportDisplay.BAR : ReportDisplay.LINE;
    case "utilisation":
    case "subhire":
    case "crewHours":
      return ReportDisplay.BAR;
    default:
      return ReportDisplay.TABLE;
  }
}

export function displayOf(spec: ReportSpec, display: ReportDisplay): ReportDisplay {
  return display === ReportDisplay.UNSPECIFIED ? naturalDisplay(spec) : display;
}
