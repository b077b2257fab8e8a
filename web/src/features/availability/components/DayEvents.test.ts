import { describe, expect, it } from "vitest";
import { holdingWindow } from "./DayEvents";

describe("holdingWindow", () => {
  it("is the day itself without buffers", () => {
    const day = new Date("2027-03-10T00:00:00Z");
    expect(holdingWindow({ bufferBeforeSeconds: 0n, bufferAfterSeconds: 0n }, day)).toEqual({
      start: new Date("2027-03-10T00:00:00Z"),
      end: new Date("2027-03-11T00:00:00Z"),
    });
  });

  it("reaches back by the de-prep buffer and ahead by the prep buffer", () => {
    const day = new Date("2027-03-10T00:00:00Z");
    // An event ending 10:00 the day before still holds the product with 16 h de-prep; one starting
    // 04:00 the day after holds it from midnight with 4 h prep.
    expect(holdingWindow({ bufferBeforeSeconds: 4n * 3600n, bufferAfterSeconds: 16n * 3600n }, day)).toEqual({
      start: new Date("2027-03-09T08:00:00Z"),
      end: new Date("2027-03-11T04:00:00Z"),
    });
  });
});
