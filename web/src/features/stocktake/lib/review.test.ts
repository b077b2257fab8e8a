import { describe, expect, it } from "vitest";
import { CountVerdict } from "../../../gen/eventkit/v1/scanning_pb";
import { approvalSummary, countVerdictLook, groupLines } from "./review";

const line = (kind: string, assetId: string, difference: number) => ({ kind, assetId, difference });

describe("approvalSummary", () => {
  it("counts units lost, units moved here and bulk adjustments", () => {
    const lines = [
      line("MISSING", "a1", -1),
      line("MISSING", "a2", -1),
      line("UNEXPECTED", "a3", 1),
      line("SHORT", "", -4),
      line("OVER", "", 2),
      line("OK", "", 0),
    ];
    expect(approvalSummary(lines)).toEqual({ lost: 2, moved: 1, bulk: 2 });
  });

  it("is all zero for no differences", () => {
    expect(approvalSummary([])).toEqual({ lost: 0, moved: 0, bulk: 0 });
    expect(approvalSummary([line("OK", "", 0), line("COUNTED", "a1", 0)])).toEqual({ lost: 0, moved: 0, bulk: 0 });
  });
});

describe("groupLines", () => {
  it("groups by kind, differences first, unknown kinds last", () => {
    const lines = [line("OK", "", 0), line("OVER", "", 1), line("MISSING", "a", -1), line("WEIRD", "", 3), line("MISSING", "b", -1)];
    const groups = groupLines(lines);
    expect(groups.map((g) => g.kind)).toEqual(["MISSING", "OVER", "OK", "OTHER"]);
    expect(groups[0].lines.map((l) => l.assetId)).toEqual(["a", "b"]);
  });
});

describe("countVerdictLook", () => {
  it("is green for OK and red for an unknown barcode", () => {
    expect(countVerdictLook(CountVerdict.OK)).toEqual({ color: "green", severity: "OK" });
    expect(countVerdictLook(CountVerdict.UNKNOWN_BARCODE).severity).toBe("ERROR");
    expect(countVerdictLook(CountVerdict.UNEXPECTED).severity).toBe("WARNING");
    expect(countVerdictLook(CountVerdict.DUPLICATE).severity).toBe("INFO");
  });
});
