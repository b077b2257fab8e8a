/**
 * How full a vehicle is, for the capacity bars: under 90 % is fine (green), 90–100 % is nearly
 * full (amber), over 100 % is over capacity (red). The level is always written out as well, so
 * colour is never the only signal.
 */
export type CapacityLevel = "ok" | "near" | "over";

export const NEAR_FULL_PERCENT = 90;

export function capacityPercent(used: bigint | number, capacity: bigint | number): number {
  const c = Number(capacity);
  if (c <= 0) return Number(used) > 0 ? Infinity : 0;
  return (Number(used) / c) * 100;
}

export function capacityLevel(used: bigint | number, capacity: bigint | number): CapacityLevel {
  const p = capacityPercent(used, capacity);
  if (p > 100) return "over";
  if (p >= NEAR_FULL_PERCENT) return "near";
  return "ok";
}

export const LEVEL_COLOR: Record<CapacityLevel, string> = { ok: "green", near: "yellow", over: "red" };

/** The bar's fill: the percentage capped at 100 (the text says how far over). */
export function barValue(used: bigint | number, capacity: bigint | number): number {
  const p = capacityPercent(used, capacity);
  return Number.isFinite(p) ? Math.min(100, Math.max(0, p)) : 100;
}
