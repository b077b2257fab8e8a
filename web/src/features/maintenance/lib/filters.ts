/*
 * The repair list's and the inspections' filters as the URL holds them. Their own module, free of
 * generated code: the route files' search validation runs from the first bundle, and importing
 * maintenance.ts there brought scanning_pb's descriptors with it (built at start-up, on every page).
 */

/** The repair list's status filter in the URL (absent: all); maintenance.ts maps it to the API. */
export const STATUS_FILTERS = ["open", "in-progress", "repaired", "retired"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export function statusFilter(s: unknown): StatusFilter | undefined {
  return typeof s === "string" && (STATUS_FILTERS as readonly string[]).includes(s) ? (s as StatusFilter) : undefined;
}

/** The due list's horizons (days ahead; 0 is overdue only). */
export const HORIZONS = [0, 7, 30, 90, 365] as const;
export const DEFAULT_HORIZON = 30;

export function horizon(s: unknown): number | undefined {
  const n = typeof s === "number" ? s : typeof s === "string" ? Number(s) : NaN;
  return (HORIZONS as readonly number[]).includes(n) && n !== DEFAULT_HORIZON ? n : undefined;
}
