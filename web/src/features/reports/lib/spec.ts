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

/** The reports, by the name of their case in ReportSpec (also their name in the URL). */
export const REPORT_KINDS = [
  "operations",
  "utilisation",
  "shortages",
  "overdue",
  "outOfService",
  "revenue",
  "subhire",
  "crewHours",
] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

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

/** The relative periods by their URL name ("last_30_days"), in the order a picker offers them. */
export const RELATIVE_PERIODS = [
  "today",
  "last_7_days",
  "last_30_days",
  "last_90_days",
  "last_12_months",
  "this_month",
  "last_month",
  "this_year",
  "next_7_days",
  "next_30_days",
] as const;
export type RelativeName = (typeof RELATIVE_PERIODS)[number];

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

export const OUT_OF_SERVICE_STATUSES = ["IN_REPAIR", "QUARANTINE", "LOST"] as const;

/**
 * A report and its filters as the URL carries them (/reports?report=revenue&period=last_12_months&group=client),
 * so a link reproduces the report. `from`/`to` are days (YYYY-MM-DD, both included) and win over `period`.
 */
export interface ReportSearch {
  report?: ReportKind;
  period?: RelativeName;
  from?: string;
  to?: string;
  group?: string;
  order?: "highest" | "lowest" | "name";
  category?: string;
  location?: string;
  client?: string;
  partner?: string;
  /** Out-of-service statuses, comma-separated. */
  status?: string;
  page?: string;
  /** The saved report this view was opened from (for "Save" to update it). */
  saved?: string;
}

const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/** The route's validateSearch: keeps only what a report understands. */
export function parseReportSearch(s: Record<string, unknown>): ReportSearch {
  const report = (REPORT_KINDS as readonly string[]).includes(s.report as string) ? (s.report as ReportKind) : undefined;
  const period = (RELATIVE_PERIODS as readonly string[]).includes(s.period as string) ? (s.period as RelativeName) : undefined;
  const from = parseDay(str(s.from)) ? str(s.from) : undefined;
  const to = parseDay(str(s.to)) ? str(s.to) : undefined;
  const order = s.order === "highest" || s.order === "lowest" || s.order === "name" ? s.order : undefined;
  const status = str(s.status)
    ?.split(",")
    .filter((x) => (OUT_OF_SERVICE_STATUSES as readonly string[]).includes(x))
    .join(",");
  const out: ReportSearch = {
    report,
    period,
    from,
    to,
    group: str(s.group),
    order,
    category: str(s.category),
    location: str(s.location),
    client: str(s.client),
    partner: str(s.partner),
    status: status || undefined,
    page: str(s.page),
    saved: str(s.saved),
  };
  for (const k of Object.keys(out) as (keyof ReportSearch)[]) if (out[k] === undefined) delete out[k];
  return out;
}

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
