import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { DealSchema, DealStageSchema } from "../../../gen/eventkit/v1/crm_pb";
import { boardReducer, columns, NO_MOVES } from "./board";

const eur = (n: number) => ({ currencyCode: "EUR", minorUnits: BigInt(n) });
const stages = [
  create(DealStageSchema, { id: "lead", name: "Lead", dealCount: 2, totalValue: eur(3000) }),
  create(DealStageSchema, { id: "won", name: "Won", dealCount: 0, totalValue: eur(0) }),
];
const deals = [
  create(DealSchema, { id: "a", stageId: "lead", value: eur(1000) }),
  create(DealSchema, { id: "b", stageId: "lead", value: eur(2000) }),
];

describe("deal board moves", () => {
  it("shows a dragged card in its new column with counts and totals moved, before the server answers", () => {
    const moved = boardReducer(NO_MOVES, { type: "move", dealId: "a", toStageId: "won" });
    const [lead, won] = columns(stages, deals, moved);
    expect(lead.deals.map((d) => d.id)).toEqual(["b"]);
    expect(won.deals.map((d) => d.id)).toEqual(["a"]);
    expect([lead.count, won.count]).toEqual([1, 1]);
    expect([lead.total?.minorUnits, won.total?.minorUnits]).toEqual([2000n, 1000n]);
  });

  it("rolls a failed move back to where the server has the deal", () => {
    const moved = boardReducer(NO_MOVES, { type: "move", dealId: "a", toStageId: "won" });
    const back = boardReducer(moved, { type: "rollback", dealId: "a" });
    const [lead, won] = columns(stages, deals, back);
    expect(lead.deals.map((d) => d.id)).toEqual(["a", "b"]);
    expect(won.deals).toEqual([]);
    expect([lead.count, won.count, lead.total?.minorUnits]).toEqual([2, 0, 3000n]);
  });

  it("keeps other pending moves when one settles, and ignores a settle it doesn't know", () => {
    let s = boardReducer(NO_MOVES, { type: "move", dealId: "a", toStageId: "won" });
    s = boardReducer(s, { type: "move", dealId: "b", toStageId: "won" });
    s = boardReducer(s, { type: "settled", dealId: "a" });
    expect(s.pending).toEqual({ b: "won" });
    expect(boardReducer(s, { type: "settled", dealId: "zzz" })).toBe(s);
  });

  it("doesn't add a deal in another currency to a column's total", () => {
    const usd = [create(DealSchema, { id: "c", stageId: "lead", value: { currencyCode: "USD", minorUnits: 500n } })];
    const s = boardReducer(NO_MOVES, { type: "move", dealId: "c", toStageId: "won" });
    const [lead, won] = columns(stages, usd, s);
    expect([lead.count, won.count]).toEqual([1, 1]);
    expect([lead.total?.minorUnits, won.total?.minorUnits]).toEqual([3000n, 0n]);
  });
});
