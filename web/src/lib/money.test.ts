import { describe, expect, it } from "vitest";
import { fromMinorUnits, toMinorUnits } from "./money";

describe("money", () => {
  it("reads typed amounts into minor units by the currency's digits", () => {
    expect(toMinorUnits("12.50", "EUR")).toBe(1250n);
    expect(toMinorUnits("12,5", "EUR")).toBe(1250n);
    expect(toMinorUnits("300", "EUR")).toBe(30000n);
    expect(toMinorUnits("1500", "JPY")).toBe(1500n);
    expect(toMinorUnits("1.5", "JPY")).toBeNull();
    expect(toMinorUnits("-1", "EUR")).toBeNull();
    expect(toMinorUnits("abc", "EUR")).toBeNull();
  });

  it("writes minor units back for editing", () => {
    expect(fromMinorUnits(1250n, "EUR")).toBe("12.50");
    expect(fromMinorUnits(5n, "EUR")).toBe("0.05");
    expect(fromMinorUnits(1500n, "JPY")).toBe("1500");
  });
});
