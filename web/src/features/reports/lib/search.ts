import { parseDay } from "../../../lib/dates";

/*
 * The report URL's vocabulary. Kept apart from spec.ts (which builds requests from it) because the
 * route's validateSearch runs in the first bundle: this file must not import the generated
 * ReportService code, or it would load with the first page.
 */

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

