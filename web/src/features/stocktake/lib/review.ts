import { CountVerdict } from "../../../gen/eventkit/v1/scanning_pb";

/** The fields of a StocktakeLine the summaries read. */
export interface LineLike {
  kind: string;
  assetId: string;
  difference: number;
}

/** Review groups in the order a reviewer reads them: the differences first. */
export const KIND_ORDER = ["MISSING", "UNEXPECTED", "SHORT", "OVER", "NOT_COUNTED", "COUNTED", "OK"] as const;

/** Lines grouped by kind in {@link KIND_ORDER}; unknown kinds last, as OTHER. Empty groups are left out. */
export function groupLines<T extends LineLike>(lines: readonly T[]): { kind: string; lines: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const l of lines) {
    const kind = (KIND_ORDER as readonly string[]).includes(l.kind) ? l.kind : "OTHER";
    groups.set(kind, [...(groups.get(kind) ?? []), l]);
  }
  return [...KIND_ORDER, "OTHER"].flatMap((kind) => {
    const g = groups.get(kind);
    return g ? [{ kind, lines: g }] : [];
  });
}

/**
 * What approving would do to the books (scanning.proto): serialised units expected but not counted
 * become LOST, units counted here that the books place elsewhere move here, and every bulk line
 * with a difference becomes one stock adjustment.
 */
export function approvalSummary(lines: readonly LineLike[]): { lost: number; moved: number; bulk: number } {
  let lost = 0;
  let moved = 0;
  let bulk = 0;
  for (const l of lines) {
    if (l.assetId) {
      if (l.kind === "MISSING") lost++;
      else if (l.kind === "UNEXPECTED") moved++;
    } else if (l.difference !== 0) {
      bulk++;
    }
  }
  return { lost, moved, bulk };
}

/** A count verdict's colour and severity name (as on the scan screen: green, amber, blue, red). */
export function countVerdictLook(v: CountVerdict): { color: string; severity: "OK" | "WARNING" | "INFO" | "ERROR" } {
  switch (v) {
    case CountVerdict.OK:
      return { color: "green", severity: "OK" };
    case CountVerdict.UNEXPECTED:
      return { color: "yellow", severity: "WARNING" };
    case CountVerdict.DUPLICATE:
      return { color: "blue", severity: "INFO" };
    default:
      return { color: "red", severity: "ERROR" };
  }
}
