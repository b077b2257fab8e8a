import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { AvailabilityIntervalSchema } from "../../../gen/eventkit/v1/inventory_pb";
import { toDays, verdict } from "./AvailabilityStrip";

const at = (d: Date, hours: number) => new Date(d.getTime() + hours * 3600_000);
const iv = (from: Date, to: Date, available: number, held = 0, tentative = 0) =>
  create(AvailabilityIntervalSchema, {
    period: { start: timestampFromDate(from), end: timestampFromDate(to) },
    available,
    held,
    tentative,
  });

describe("toDays", () => {
  const day0 = new Date(2027, 0, 4);
  it("takes each day's worst moment among the intervals touching it", () => {
    const days = toDays(
      [iv(day0, at(day0, 30), 9), iv(at(day0, 30), at(day0, 40), 6, 3), iv(at(day0, 40), at(day0, 72), 9, 0, 2)],
      day0,
      3,
    );
    expect(days.map((d) => d.available)).toEqual([9, 6, 9]);
    expect(days[1].held).toBe(3);
    expect(days.map(verdict)).toEqual(["ok", "tentative", "tentative"]);
  });

  it("marks a day with nothing left, or overbooked, as short", () => {
    const [d] = toDays([iv(day0, at(day0, 24), -2, 5)], day0, 1);
    expect(verdict(d)).toBe("short");
  });
});
