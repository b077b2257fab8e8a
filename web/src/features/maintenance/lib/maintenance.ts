import { RepairStatus } from "../../../gen/eventkit/v1/scanning_pb";
import { toMinorUnits } from "../../../lib/money";

/**
 * Where a ticket stands, as the screens say it. The API knows OPEN, REPAIRED and RETIRED; an open
 * ticket with work notes recorded shows as IN_PROGRESS, so a list tells
 * new faults from ones being worked on. (A stored in-progress state would need the API to have one.)
 */
export type RepairStage = "OPEN" | "IN_PROGRESS" | "REPAIRED" | "RETIRED" | "UNSPECIFIED";

export function repairStage(t: { status: RepairStatus; notes: string; cost?: { currencyCode: string } }): RepairStage {
  switch (t.status) {
    case RepairStatus.OPEN:
      return t.notes.trim() !== "" ? "IN_PROGRESS" : "OPEN";
    case RepairStatus.REPAIRED:
      return "REPAIRED";
    case RepairStatus.RETIRED:
      return "RETIRED";
    default:
      return "UNSPECIFIED";
  }
}

/** The list's status filter in the URL ("open", "repaired", "retired"; absent: all) and its API value. */
export const STATUS_FILTER = {
  open: RepairStatus.OPEN,
  repaired: RepairStatus.REPAIRED,
  retired: RepairStatus.RETIRED,
} as const;
export type StatusFilter = keyof typeof STATUS_FILTER;

export function statusFilter(s: unknown): StatusFilter | undefined {
  return typeof s === "string" && s in STATUS_FILTER ? (s as StatusFilter) : undefined;
}

/** The due list's horizons (days ahead; 0 is overdue only). */
export const HORIZONS = [0, 7, 30, 90, 365] as const;
export const DEFAULT_HORIZON = 30;

export function horizon(s: unknown): number | undefined {
  const n = typeof s === "number" ? s : typeof s === "string" ? Number(s) : NaN;
  return (HORIZONS as readonly number[]).includes(n) && n !== DEFAULT_HORIZON ? n : undefined;
}

/** An inspection interval as typed: whole days 0–3650 (0 removes the rule); null otherwise. */
export function parseInterval(s: string): number | null {
  const t = s.trim();
  if (!/^\d{1,4}$/.test(t)) return null;
  const n = Number(t);
  return n <= 3650 ? n : null;
}

/**
 * An optional cost as typed: empty is no cost; otherwise an amount in the currency's major units
 * and a three-letter currency. `error` names the field at fault.
 */
export function parseCost(
  amount: string,
  currency: string,
): { cost?: { currencyCode: string; minorUnits: bigint }; error?: "amount" | "currency" } {
  if (amount.trim() === "") return {};
  const code = currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return { error: "currency" };
  const minor = toMinorUnits(amount, code);
  if (minor === null) return { error: "amount" };
  return { cost: { currencyCode: code, minorUnits: minor } };
}

/** Whole days from `now` until `due` (negative: overdue by that many days), rounded away from now. */
export function daysUntil(due: Date, now: Date): number {
  const ms = due.getTime() - now.getTime();
  const days = ms / 86_400_000;
  return days >= 0 ? Math.ceil(days) : -Math.ceil(-days);
}

/**
 * What the asset page can say about a unit's next inspection from the first page of units due
 * within a year (the API lists due units, not one unit's due date): its row; "none" when the whole
 * list was read and the unit is not on it (no rule for its product, or not due within the year);
 * "unknown" when the unit is not on the page but more pages exist.
 */
export function findDue<T extends { assetId: string }>(
  units: T[],
  nextPageToken: string,
  assetId: string,
): { kind: "due"; unit: T } | { kind: "none" } | { kind: "unknown" } {
  const unit = units.find((u) => u.assetId === assetId);
  if (unit) return { kind: "due", unit };
  return nextPageToken ? { kind: "unknown" } : { kind: "none" };
}
