import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { EventSchema } from "../../../gen/eventkit/v1/planning_pb";
import { formatDay } from "../../../lib/dates";
import { eventsOn, gridDays } from "./CalendarScreen";

const ev = (id: string, start: Date, end: Date) =>
  create(EventSchema, { id, period: { start: timestampFromDate(start), end: timestampFromDate(end) } });

describe("calendar grid", () => {
  it("a month is six weeks from the Monday on or before the 1st; a week is Monday to Sunday", () => {
    const month = gridDays("month", new Date(2026, 11, 17));
    expect(month).toHaveLength(42);
    expect(formatDay(month[0])).toBe("2026-11-30");
    expect(formatDay(month[41])).toBe("2027-01-10");
    const week = gridDays("week", new Date(2026, 11, 17));
    expect(week.map(formatDay)).toEqual(["2026-12-14", "2026-12-15", "2026-12-16", "2026-12-17", "2026-12-18", "2026-12-19", "2026-12-20"]);
  });

  it("an event shows on every day it overlaps, and not on the day its end falls at midnight", () => {
    const events = [ev("a", new Date(2026, 11, 8, 8), new Date(2026, 11, 10, 0)), ev("b", new Date(2026, 11, 9, 20), new Date(2026, 11, 9, 23))];
    expect(eventsOn(events, new Date(2026, 11, 7)).map((e) => e.id)).toEqual([]);
    expect(eventsOn(events, new Date(2026, 11, 8)).map((e) => e.id)).toEqual(["a"]);
    expect(eventsOn(events, new Date(2026, 11, 9)).map((e) => e.id)).toEqual(["a", "b"]);
    expect(eventsOn(events, new Date(2026, 11, 10)).map((e) => e.id)).toEqual([]);
  });
});
