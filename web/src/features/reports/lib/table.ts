import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import type { IntlShape } from "react-intl";
import type { Money } from "../../../gen/eventkit/v1/common_pb";
import type {
  GetAssetsOutOfServiceResponse,
  GetCrewHoursResponse,
  GetOverdueReturnsResponse,
  GetRevenueResponse,
  GetSubhireSummaryResponse,
  GetUpcomingShortagesResponse,
  GetUtilisationResponse,
  OperationsSummary,
} from "../../../gen/eventkit/v1/reports_pb";
import { formatMoney, fromMinorUnits } from "../../../lib/money";
import { formatDay } from "../../../lib/dates";
import type { CsvCell } from "./csv";
import type { ReportKind } from "./spec";

/**
 * How a column's values read: "bucket" is a revenue time bucket ("2026-03", "2026-W11",
 * "2026-03-14"); "minutes" is a duration, "days" unit-days or days overdue; "figure" an operations figure's name; "percent" a fraction (0.5 = 50 %).
 */
export type ColType = "text" | "figure" | "number" | "percent" | "money" | "day" | "bucket" | "minutes" | "days";
export type CellValue = string | number | Money | Date | undefined;

export interface Column {
  id: string;
  /** Message id of the header. */
  label: string;
  type: ColType;
}

/** What a row points at, for its links and actions. */
export interface RowRef {
  eventId?: string;
  productId?: string;
  productName?: string;
  assetId?: string;
  repairTicketId?: string;
  shortfall?: number;
}

export interface TableRow {
  key: string;
  cells: CellValue[];
  ref?: RowRef;
}

/** A chart over a table's rows: categories from one column, a series per value column. */
export interface ChartModel {
  type: "bar" | "line";
  labelColumn: number;
  series: number[];
  /** Long labels (products, clients): bars run sideways. */
  horizontal?: boolean;
}

export interface ReportTable {
  columns: Column[];
  rows: TableRow[];
  chart?: ChartModel;
  /** Headline figures over every matching row (not just the page): message id → value. */
  totals: { label: string; type: ColType; value: CellValue }[];
  nextPage?: string;
}

export type ReportResponse =
  | GetUtilisationResponse
  | GetRevenueResponse
  | GetSubhireSummaryResponse
  | GetUpcomingShortagesResponse
  | GetOverdueReturnsResponse
  | GetAssetsOutOfServiceResponse
  | GetCrewHoursResponse
  | OperationsSummary;

const col = (id: string, type: ColType = "text"): Column => ({ id, label: `report.col.${id}`, type });
const date = (t?: Timestamp) => (t ? timestampDate(t) : undefined);

/** A report's answer as one table (and the chart drawn from its rows). */
export function reportTable(kind: ReportKind, data: ReportResponse): ReportTable {
  switch (kind) {
    case "utilisation": {
      const d = data as GetUtilisationResponse;
      return {
        columns: [col("name"), col("category"), col("unitsOwned", "number"), col("unitDaysOwned", "days"), col("unitDaysBooked", "days"), col("utilisation", "percent")],
        rows: d.rows.map((r) => ({ key: r.key, cells: [r.label, r.category, Number(r.unitsOwned), r.unitDaysOwned, r.unitDaysBooked, r.utilisation] })),
        chart: { type: "bar", labelColumn: 0, series: [5], horizontal: true },
        totals: [
          { label: "report.total.utilisation", type: "percent", value: d.utilisation },
          { label: "report.total.unitDaysBooked", type: "days", value: d.unitDaysBooked },
          { label: "report.total.unitDaysOwned", type: "days", value: d.unitDaysOwned },
        ],
        nextPage: d.page?.nextPageToken || undefined,
      };
    }
    case "revenue": {
      const d = data as GetRevenueResponse;
      const time = d.rows.length > 0 && /^\d{4}-(\d{2}|W\d{2})(-\d{2})?$/.test(d.rows[0].key);
      return {
        columns: [time ? col("bucket", "bucket") : col("name"), col("revenue", "money"), col("currency"), col("quotes", "number")],
        rows: d.rows.map((r) => ({ key: r.key, cells: [time ? r.key : r.label, r.amount, r.amount?.currencyCode ?? "", r.quoteCount] })),
        chart: { type: time ? "line" : "bar", labelColumn: 0, series: [1], horizontal: !time },
        totals: [
          { label: "report.total.revenue", type: "money", value: d.total },
          { label: "report.total.quotes", type: "number", value: d.quoteCount },
        ],
        nextPage: d.page?.nextPageToken || undefined,
      };
    }
    case "subhire": {
      const d = data as GetSubhireSummaryResponse;
      return {
        columns: [col("partner"), col("currency"), col("spend", "money"), col("income", "money"), col("borrowed", "number"), col("supplied", "number")],
        rows: d.rows.map((r) => ({
          key: `${r.partnerNodeId}/${r.spend?.currencyCode ?? r.income?.currencyCode ?? ""}`,
          cells: [r.partnerName || r.partnerNodeId, r.spend?.currencyCode || r.income?.currencyCode || "", r.spend, r.income, r.borrowedCount, r.suppliedCount],
        })),
        chart: { type: "bar", labelColumn: 0, series: [2, 3], horizontal: true },
        totals: [],
        nextPage: d.page?.nextPageToken || undefined,
      };
    }
    case "shortages": {
      const d = data as GetUpcomingShortagesResponse;
      return {
        columns: [col("from", "day"), col("event"), col("product"), col("category"), col("requested", "number"), col("shortfall", "number")],
        rows: d.rows.map((r) => ({
          key: `${r.eventId}/${r.productId}`,
          cells: [date(r.eventPeriod?.start), r.eventName, r.productName, r.category, r.requested, r.shortfall],
          ref: { eventId: r.eventId, productId: r.productId, productName: r.productName, shortfall: r.shortfall },
        })),
        totals: [
          { label: "report.total.shortfall", type: "number", value: d.totalShortfall },
          { label: "report.total.rows", type: "number", value: d.totalRows },
        ],
        nextPage: d.page?.nextPageToken || undefined,
      };
    }
    case "overdue": {
      const d = data as GetOverdueReturnsResponse;
      return {
        columns: [col("due", "day"), col("overdueDays", "days"), col("event"), col("client"), col("product"), col("quantityOut", "number"), col("barcodes")],
        rows: d.rows.map((r) => ({
          key: `${r.eventId}/${r.productId}`,
          cells: [date(r.dueAt), Math.round((Number(r.overdueSeconds) / 86400) * 10) / 10, r.eventName, r.clientName, r.productName, r.quantityOut, r.barcodes.join(" ")],
          ref: { eventId: r.eventId, productId: r.productId },
        })),
        totals: [
          { label: "report.total.rows", type: "number", value: d.totalRows },
          { label: "report.total.quantity", type: "number", value: d.totalQuantity },
        ],
        nextPage: d.page?.nextPageToken || undefined,
      };
    }
    case "outOfService": {
      const d = data as GetAssetsOutOfServiceResponse;
      return {
        columns: [col("barcode"), col("product"), col("category"), col("status"), col("location"), col("since", "day"), col("description"), col("replacementValue", "money")],
        rows: d.rows.map((r) => ({
          key: r.assetId,
          cells: [r.barcode, r.productName, r.category, r.status, r.locationName, date(r.since), r.description, r.replacementValue],
          ref: { assetId: r.assetId, productId: r.productId, repairTicketId: r.repairTicketId || undefined },
        })),
        totals: [
          { label: "report.total.inRepair", type: "number", value: d.inRepair },
          { label: "report.total.quarantine", type: "number", value: d.quarantine },
          { label: "report.total.lost", type: "number", value: d.lost },
        ],
        nextPage: d.page?.nextPageToken || undefined,
      };
    }
    case "crewHours": {
      const d = data as GetCrewHoursResponse;
      return {
        columns: [col("name"), col("approvedHours", "minutes"), col("pendingHours", "minutes"), col("approvedPay", "money"), col("currency")],
        rows: d.rows.map((r) => ({
          key: `${r.key}/${r.approvedPay?.currencyCode ?? ""}`,
          cells: [r.label, r.approvedMinutes, r.pendingMinutes, r.approvedPay, r.approvedPay?.currencyCode ?? ""],
        })),
        chart: { type: "bar", labelColumn: 0, series: [1, 2], horizontal: true },
        totals: [
          { label: "report.total.approvedHours", type: "minutes", value: d.approvedMinutes },
          { label: "report.total.pendingHours", type: "minutes", value: d.pendingMinutes },
        ],
        nextPage: d.page?.nextPageToken || undefined,
      };
    }
    case "operations": {
      const d = data as OperationsSummary;
      return {
        columns: [col("figure", "figure"), col("value", "number")],
        rows: OPERATION_FIGURES.map((f) => ({ key: f, cells: [f, d[f]] })),
        totals: [],
      };
    }
  }
}

/** The operations summary's figures, in the order the tiles show them. */
export const OPERATION_FIGURES = [
  "eventsOutToday",
  "eventsBackToday",
  "overdueEvents",
  "overdueItems",
  "shortageLinesNext14Days",
  "eventsNext7Days",
  "inRepair",
  "quarantine",
  "lost",
  "openRepairTickets",
] as const satisfies readonly (keyof OperationsSummary)[];

const isMoney = (v: CellValue): v is Money => typeof v === "object" && v !== null && !(v instanceof Date) && "minorUnits" in v;

/** A cell as a plain number for a chart: money in major units, minutes in hours. */
export function chartValue(v: CellValue, type: ColType): number {
  if (isMoney(v)) return Number(fromMinorUnits(v.minorUnits, v.currencyCode));
  if (typeof v !== "number") return 0;
  return type === "minutes" ? v / 60 : v;
}

/** A cell for CSV: machine-readable (dots for decimals, ISO days, money in major units, hours for minutes). */
export function csvValue(v: CellValue, type: ColType): CsvCell {
  if (v === undefined) return "";
  if (isMoney(v)) return v.currencyCode ? fromMinorUnits(v.minorUnits, v.currencyCode) : "";
  if (v instanceof Date) return formatDay(v);
  if (type === "minutes" && typeof v === "number") return Math.round((v / 60) * 100) / 100;
  if (type === "percent" && typeof v === "number") return Math.round(v * 10000) / 10000;
  return v as string | number;
}

/** A time bucket's key in the user's words: "Mar 2026", "W11 2026", "Sat 14 Mar". */
export function formatBucket(intl: IntlShape, key: string): string {
  let m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return intl.formatDate(new Date(Date.UTC(+m[1], +m[2] - 1, 1)), { month: "short", year: "numeric", timeZone: "UTC" });
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (m) return intl.formatDate(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])), { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
  m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (m) return intl.formatMessage({ id: "report.week" }, { week: intl.formatNumber(+m[2]), year: m[1] });
  return key;
}

/** A cell as the user reads it, in their locale. */
export function formatCell(intl: IntlShape, v: CellValue, type: ColType): string {
  if (v === undefined || v === "") return "—";
  if (isMoney(v)) return formatMoney(intl, v);
  if (v instanceof Date) return intl.formatDate(v, { weekday: "short", day: "numeric", month: "short" });
  if (typeof v === "string") return type === "bucket" ? formatBucket(intl, v) : type === "figure" ? intl.formatMessage({ id: `report.figure.${v}` }) : v;
  switch (type) {
    case "percent":
      return intl.formatNumber(v, { style: "percent", maximumFractionDigits: 1 });
    case "minutes":
      return intl.formatNumber(v / 60, { maximumFractionDigits: 1 });
    case "days":
      return intl.formatNumber(v, { maximumFractionDigits: 1 });
    default:
      return intl.formatNumber(v);
  }
}

/** The table as CSV rows, with its translated header. */
export function tableCsv(intl: IntlShape, t: ReportTable): { header: string[]; rows: CsvCell[][] } {
  return {
    header: t.columns.map((c) => intl.formatMessage({ id: c.label })),
    rows: t.rows.map((r) =>
      r.cells.map((v, i) => (t.columns[i].type === "figure" ? formatCell(intl, v, "figure") : csvValue(v, t.columns[i].type))),
    ),
  };
}
