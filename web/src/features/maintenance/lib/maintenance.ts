import { RepairStatus } from "../../../gen/eventkit/v1/scanning_pb";
import { toMinorUnits } from "../../../lib/money";
import type { StatusFilter } from "./filters";

// The URL's filters (route files validate them from the first bundle, without scanning_pb).
export { DEFAULT_HORIZON, HORIZONS, STATUS_FILTERS, horizon, statusFilter, type StatusFilter } from "./filters";

/** Where a ticket stands, as the API stores it (OPEN ⇄ IN_PROGRESS, then REPAIRED or RETIRED). */
export type RepairStage = "OPEN" | "IN_PROGRESS" | "REPAIRED" | "RETIRED" | "UNSPECIFIED";

export function repairStage(status: RepairStatus): RepairStage {
  switch (status) {
    case RepairStatus.OPEN:
      return "OPEN";
    case RepairStatus.IN_PROGRESS:
      return "IN_PROGRESS";
    case RepairStatus.REPAIRED:
      return "REPAIRED";
    case RepairStatus.RETIRED:
      return "RETIRED";
    default:
      return "UNSPECIFIED";
  }
}

/** A ticket not closed yet (OPEN or IN_PROGRESS): work can be recorded and it can be closed. */
export function isOpen(status: RepairStatus): boolean {
  return status === RepairStatus.OPEN || status === RepairStatus.IN_PROGRESS;
}

/**
 * The list's status filter in the URL (absent: all) and its API value. The API's OPEN filter
 * returns every ticket not closed (OPEN and IN_PROGRESS); IN_PROGRESS returns those only.
 */
export const STATUS_FILTER: Record<StatusFilter, RepairStatus> = {
  open: RepairStatus.OPEN,
  "in-progress": RepairStatus.IN_PROGRESS,
  repaired: RepairStatus.REPAIRED,
  retired: RepairStatus.RETIRED,
};

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
