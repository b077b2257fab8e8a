import { describe, expect, it } from "vitest";
import { barValue, capacityLevel, capacityPercent } from "./capacity";

describe("capacity", () => {
  it("is green under 90 %, amber from 90 % to 100 %, red over 100 %", () => {
    expect(capacityLevel(0n, 1000n)).toBe("ok");
    expect(capacityLevel(899n, 1000n)).toBe("ok");
    expect(capacityLevel(900n, 1000n)).toBe("near");
    expect(capacityLevel(1000n, 1000n)).toBe("near");
    expect(capacityLevel(1001n, 1000n)).toBe("over");
  });

  it("a vehicle without capacity is over as soon as it carries anything", () => {
    expect(capacityLevel(0n, 0n)).toBe("ok");
    expect(capacityLevel(1n, 0n)).toBe("over");
    expect(capacityPercent(1n, 0n)).toBe(Infinity);
  });

  it("the bar fills up to 100 % however far over", () => {
    expect(barValue(500n, 1000n)).toBe(50);
    expect(barValue(2500n, 1000n)).toBe(100);
    expect(barValue(1n, 0n)).toBe(100);
  });
});
