import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { QuoteDiffSchema, QuoteLineChange_Kind } from "../../../gen/eventkit/v1/quotes_pb";
import { diffRows, isEmptyDiff, totalsRows } from "./diff";

const eur = (n: number) => ({ currencyCode: "EUR", minorUnits: BigInt(n) });

describe("version diff", () => {
  const d = create(QuoteDiffSchema, {
    fromVersion: 1,
    toVersion: 2,
    lines: [
      { kind: QuoteLineChange_Kind.REMOVED, description: "Haze machine", line: { quantity: "1", net: eur(5000) } },
      { kind: QuoteLineChange_Kind.CHANGED, description: "LED par", changes: [{ field: "quantity", before: "10", after: "12" }] },
      { kind: QuoteLineChange_Kind.ADDED, description: "", line: { description: "Stage hand", quantity: "8", net: eur(24000) } },
    ],
    totalsBefore: { subtotal: eur(100), net: eur(100), tax: eur(20), total: eur(120) },
    totalsAfter: { subtotal: eur(150), net: eur(100), tax: eur(20), total: eur(120) },
  });

  it("lists added, then changed (field before → after), then removed lines", () => {
    expect(diffRows(d)).toEqual([
      { kind: "added", description: "Stage hand", quantity: "8", net: expect.objectContaining({ minorUnits: 24000n }), changes: [] },
      { kind: "changed", description: "LED par", quantity: "", net: undefined, changes: [{ field: "quantity", before: "10", after: "12" }] },
      { kind: "removed", description: "Haze machine", quantity: "1", net: expect.objectContaining({ minorUnits: 5000n }), changes: [] },
    ]);
  });

  it("marks the totals that moved", () => {
    const rows = totalsRows(d.totalsBefore, d.totalsAfter);
    expect(rows.filter((r) => r.changed).map((r) => r.key)).toEqual(["subtotal"]);
    expect(rows.find((r) => r.key === "lineDiscounts")?.changed).toBe(false);
  });

  it("knows an empty diff", () => {
    expect(isEmptyDiff(create(QuoteDiffSchema, {}))).toBe(true);
    expect(isEmptyDiff(d)).toBe(false);
  });
});
