import { describe, expect, it } from "vitest";
import { basisPointsText, parseBasisPoints, parseMoney, parseQuantity, parseRate } from "./amounts";

describe("percent input (basis points)", () => {
  it("reads percentages with up to two decimals, either decimal mark, with or without %", () => {
    expect(parseBasisPoints("12.5")).toBe(1250);
    expect(parseBasisPoints("12,5 %")).toBe(1250);
    expect(parseBasisPoints("0.05")).toBe(5);
    expect(parseBasisPoints("100")).toBe(10000);
    expect(parseBasisPoints("")).toBe(0);
  });
  it("refuses what isn't a percentage of 0–100 with two decimals", () => {
    for (const bad of ["100.01", "-5", "1.234", "abc", "1e3"]) expect(parseBasisPoints(bad), bad).toBeNull();
  });
  it("shows basis points as the shortest percentage", () => {
    expect([basisPointsText(1250), basisPointsText(1500), basisPointsText(5), basisPointsText(0)]).toEqual(["12.5", "15", "0.05", "0"]);
  });
});

describe("money input", () => {
  it("parses to minor units of the currency's digits", () => {
    expect(parseMoney("12.50", "EUR")).toEqual({ currencyCode: "EUR", minorUnits: 1250n });
    expect(parseMoney("12,5", "EUR")?.minorUnits).toBe(1250n);
    expect(parseMoney("1500", "JPY")?.minorUnits).toBe(1500n);
    expect(parseMoney("1.234", "KWD")?.minorUnits).toBe(1234n);
  });
  it("refuses negative amounts and more decimals than the currency has", () => {
    expect(parseMoney("-1", "EUR")).toBeNull();
    expect(parseMoney("1.999", "EUR")).toBeNull();
    expect(parseMoney("1.5", "JPY")).toBeNull();
  });
});

describe("quantities and rates", () => {
  it("takes whole rental quantities and up to 3 decimals for services", () => {
    expect(parseQuantity("4", true)).toBe("4");
    expect(parseQuantity("4.5", true)).toBeNull();
    expect(parseQuantity("10,5", false)).toBe("10.5");
    expect(parseQuantity("0", false)).toBeNull();
    expect(parseQuantity("1.2345", false)).toBeNull();
  });
  it("takes exchange rates above zero with up to 8 decimals", () => {
    expect(parseRate("1.0842")).toBe("1.0842");
    expect(parseRate("0")).toBeNull();
    expect(parseRate("1.123456789")).toBeNull();
  });
});

import { dayFactorsText, parseDayFactors } from "./dayFactors";
describe("day factors", () => {
  it("reads 'days:charged' pairs, increasing, and writes them back", () => {
    const f = parseDayFactors("1:1, 2:1.5, 3:2");
    expect(f).toEqual([{ days: 1, chargedDaysMilli: 1000 }, { days: 2, chargedDaysMilli: 1500 }, { days: 3, chargedDaysMilli: 2000 }]);
    expect(dayFactorsText(f!)).toBe("1:1, 2:1.5, 3:2");
    expect(parseDayFactors("")).toEqual([]);
  });
  it("refuses decreasing tables and nonsense", () => {
    expect(parseDayFactors("2:1, 1:1")).toBeNull();
    expect(parseDayFactors("1:2, 2:1")).toBeNull();
    expect(parseDayFactors("x")).toBeNull();
  });
});
