import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { AvailabilityInterval } from "../gen/eventkit/v1/inventory_pb";

export interface Day {
  start: Date;
  available: number;
  held: number;
  tentative: number;
}

/** Per day, the worst moment: the lowest `available` (and the most held) among the intervals that touch it. */
export function toDays(intervals: AvailabilityInterval[], from: Date, days: number): Day[] {
  const out: Day[] = [];
  for (let i = 0; i < days; i++) {
    const start = new Date(from);
    start.setDate(start.getDate() + i);
    const end = new Date(start);
    end.setDate(end.getDate() + 1);
    let day: Day | null = null;
    for (const iv of intervals) {
      if (!iv.period?.start || !iv.period.end) continue;
      const s = timestampDate(iv.period.start);
      const e = timestampDate(iv.period.end);
      if (s >= end || e <= start) continue;
      day = day
        ? {
            start,
            available: Math.min(day.available, iv.available),
            held: Math.max(day.held, iv.held),
            tentative: Math.max(day.tentative, iv.tentative),
          }
        : { start, available: iv.available, held: iv.held, tentative: iv.tentative };
    }
    if (day) out.push(day);
  }
  return out;
}

/** Colours of "can I?" (ux-brief): red short or none left, amber when pencilled holds compete, green enough. */
export function verdict(d: Day): "short" | "tentative" | "ok" {
  if (d.available <= 0) return "short";
  if (d.tentative > 0) return "tentative";
  return "ok";
}

