import { describe, expect, it } from "vitest";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { addDays, dayStart, formatDay, fromLocalInput, parseDay, period, startOfWeek, toLocalInput, visibleRange } from "./dates";

describe("dates", () => {
  it("reads and writes the URL's day, and refuses what is not a calendar day", () => {
    expect(formatDay(parseDay("2026-12-08")!)).toBe("2026-12-08");
    expect(parseDay("2026-02-30")).toBeNull();
    expect(parseDay("tomorrow")).toBeNull();
    expect(parseDay(undefined)).toBeNull();
  });

  it("weeks start on Monday, across a month end", () => {
    expect(formatDay(startOfWeek(new Date(2026, 11, 6)))).toBe("2026-11-30"); // a Sunday
    expect(formatDay(startOfWeek(new Date(2026, 11, 7)))).toBe("2026-12-07");
    expect(formatDay(addDays(new Date(2026, 11, 31), 1))).toBe("2027-01-01");
  });
});

describe("visibleRange", () => {
  it("renders only the rows in view plus the overscan, whatever the list's length", () => {
    expect(visibleRange(0, 640, 32, 5000, 8)).toEqual({ first: 0, last: 28 });
    const r = visibleRange(32 * 4000, 640, 32, 5000, 8);
    expect(r).toEqual({ first: 3992, last: 4028 });
    expect(r.last - r.first).toBeLessThan(50);
    expect(visibleRange(32 * 4990, 640, 32, 5000, 8).last).toBe(5000);
  });

  it("turns two dates into the API's period, to the millisecond", () => {
    const p = period(new Date("2027-03-10T08:30:00.250Z"), new Date("2027-03-12T18:00:00Z"));
    expect(timestampDate(p.start).toISOString()).toBe("2027-03-10T08:30:00.250Z");
    expect(timestampDate(p.end).toISOString()).toBe("2027-03-12T18:00:00.000Z");
  });

  it("starts today and later days at local midnight", () => {
    const today = new Date();
    const d = dayStart();
    expect([d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()]).toEqual([0, 0, 0, 0]);
    expect(formatDay(d)).toBe(formatDay(today));
    expect(formatDay(dayStart(3))).toBe(formatDay(addDays(today, 3)));
  });

  it("round-trips datetime-local values and refuses others", () => {
    const d = new Date(2026, 11, 8, 9, 30);
    expect(toLocalInput(d)).toBe("2026-12-08T09:30");
    expect(fromLocalInput("2026-12-08T09:30")?.getTime()).toBe(d.getTime());
    expect(fromLocalInput("2026-02-30")).toBeNull();
    expect(fromLocalInput("")).toBeNull();
  });
});
