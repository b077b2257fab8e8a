import { describe, expect, it } from "vitest";
import { boxVolumeCm3, cm3ToM3Text, cmToMm, gramsToKgText, kgToGrams, m3ToCm3, mmToCmText, mmToMText, mToMm, parseDecimal } from "./units";

describe("units", () => {
  it("reads decimals with a point or a comma; empty is 0; junk and negatives are null", () => {
    expect(parseDecimal("7.5")).toBe(7.5);
    expect(parseDecimal(" 7,5 ")).toBe(7.5);
    expect(parseDecimal("")).toBe(0);
    expect(parseDecimal("12")).toBe(12);
    expect(parseDecimal("-1")).toBeNull();
    expect(parseDecimal("1e3")).toBeNull();
    expect(parseDecimal("abc")).toBeNull();
    expect(parseDecimal(".")).toBeNull();
  });

  it("kilograms to grams and back", () => {
    expect(kgToGrams("3500")).toBe(3_500_000n);
    expect(kgToGrams("0,25")).toBe(250n);
    expect(kgToGrams("1.2345")).toBe(1235n); // rounded to the gram
    expect(kgToGrams("x")).toBeNull();
    expect(gramsToKgText(3_500_000n)).toBe("3500");
    expect(gramsToKgText(250n)).toBe("0.25");
    expect(gramsToKgText(0n, true)).toBe("");
  });

  it("cubic metres to cm³ and back", () => {
    expect(m3ToCm3("18")).toBe(18_000_000n);
    expect(m3ToCm3("0.5")).toBe(500_000n);
    expect(cm3ToM3Text(18_000_000n)).toBe("18");
    expect(cm3ToM3Text(1_234_567n)).toBe("1.235");
  });

  it("metres and centimetres to millimetres and back", () => {
    expect(mToMm("6.2")).toBe(6200);
    expect(mmToMText(6200)).toBe("6.2");
    expect(mmToMText(0, true)).toBe("");
    expect(cmToMm("120")).toBe(1200);
    expect(cmToMm("45,5")).toBe(455);
    expect(cmToMm("")).toBe(0);
    expect(mmToCmText(455)).toBe("45.5");
    expect(mmToCmText(0)).toBe("");
  });

  it("a box's volume in cm³ from its sides in mm; 0 when a side is unknown", () => {
    expect(boxVolumeCm3(1000, 500, 200)).toBe(100_000);
    expect(boxVolumeCm3(1000, 0, 200)).toBe(0);
  });
});
