import { describe, expect, it } from "vitest";
import { NegotiationState as S, SubHireRole } from "../../../gen/eventkit/v1/subhire_pb";
import { PartnerQueryStatus } from "../../../gen/eventkit/v1/federation_query_pb";
import {
  ALL_STATES,
  allowedActions,
  dispatchProblems,
  newUuid,
  parseBarcodes,
  partnerAnswerKind,
  statesOf,
} from "./subhire";

// What each side may do in each state, read off docs/federation.md §17.2 and the node's checks
// (BorrowerSide / SupplierSide); resync is always there.
const SUPPLIER_EXPECTED: Record<string, string[]> = {
  REQUESTED: ["decline", "resync"],
  ACKNOWLEDGED: ["quote", "decline", "resync"],
  QUOTED: ["quote", "decline", "resync"],
  ACCEPTED: ["confirm", "decline", "resync"],
  CONFIRMED: ["dispatch", "resync"],
  DISPATCHED: ["checkIn", "resync"],
  ON_HIRE: ["checkIn", "resync"],
  RETURNED: ["checkIn", "resync"],
  CLOSED: ["resync"],
  DECLINED: ["resync"],
  EXPIRED: ["resync"],
  CANCEL_REQUESTED: ["resync"],
  CANCELLED: ["resync"],
  CANCEL_REFUSED: ["resync"],
};
const BORROWER_EXPECTED: Record<string, string[]> = {
  REQUESTED: ["change", "cancel", "resync"],
  ACKNOWLEDGED: ["change", "cancel", "resync"],
  QUOTED: ["accept", "change", "cancel", "resync"],
  ACCEPTED: ["cancel", "resync"],
  CONFIRMED: ["cancel", "resync"],
  DISPATCHED: ["return", "resync"],
  ON_HIRE: ["return", "resync"],
  RETURNED: ["resync"],
  CLOSED: ["resync"],
  DECLINED: ["resync"],
  EXPIRED: ["resync"],
  CANCEL_REQUESTED: ["resync"],
  CANCELLED: ["resync"],
  CANCEL_REFUSED: ["resync"],
};

describe("allowedActions", () => {
  it("gives the supplier exactly its transitions in every state", () => {
    expect(ALL_STATES).toHaveLength(14);
    for (const s of ALL_STATES) expect([S[s], allowedActions(SubHireRole.SUPPLIER, s)]).toEqual([S[s], SUPPLIER_EXPECTED[S[s]]]);
  });

  it("gives the borrower exactly its transitions in every state", () => {
    for (const s of ALL_STATES) expect([S[s], allowedActions(SubHireRole.BORROWER, s)]).toEqual([S[s], BORROWER_EXPECTED[S[s]]]);
  });

  it("never offers one side the other's actions, and nothing without a role", () => {
    const supplierOnly = ["quote", "confirm", "decline", "dispatch", "checkIn"];
    const borrowerOnly = ["accept", "change", "cancel", "return"];
    for (const s of ALL_STATES) {
      expect(allowedActions(SubHireRole.BORROWER, s).filter((a) => supplierOnly.includes(a))).toEqual([]);
      expect(allowedActions(SubHireRole.SUPPLIER, s).filter((a) => borrowerOnly.includes(a))).toEqual([]);
      expect(allowedActions(SubHireRole.SUB_HIRE_ROLE_UNSPECIFIED, s)).toEqual([]);
    }
  });
});

describe("state filter", () => {
  it("splits the states into open and done, all being no filter", () => {
    expect(statesOf("done").map((s) => S[s])).toEqual(["CLOSED", "DECLINED", "EXPIRED", "CANCELLED"]);
    expect(statesOf("open")).toHaveLength(10);
    expect(statesOf("open")).not.toContain(S.CLOSED);
    expect(statesOf("open")).toContain(S.CANCEL_REQUESTED);
    expect(statesOf("all")).toEqual([]);
  });
});

describe("partnerAnswerKind", () => {
  it("says in words why a partner did not answer; only OK is an answer", () => {
    expect(partnerAnswerKind(PartnerQueryStatus.OK)).toBe("ok");
    expect(partnerAnswerKind(PartnerQueryStatus.TIMEOUT)).toBe("notResponding");
    expect(partnerAnswerKind(PartnerQueryStatus.UNAVAILABLE)).toBe("unavailable");
    expect(partnerAnswerKind(PartnerQueryStatus.CIRCUIT_OPEN)).toBe("unavailable");
    expect(partnerAnswerKind(PartnerQueryStatus.DENIED)).toBe("noAccess");
    expect(partnerAnswerKind(PartnerQueryStatus.BUSY)).toBe("busy");
    expect(partnerAnswerKind(PartnerQueryStatus.ERROR)).toBe("error");
    expect(partnerAnswerKind(PartnerQueryStatus.UNSPECIFIED)).toBe("error");
  });
});

describe("dispatch barcodes", () => {
  const lines = [
    { productId: "p1", name: "Mic", quantity: 2, serialised: true },
    { productId: "p2", name: "Cable", quantity: 10, serialised: false },
  ];

  it("parses one per line (or comma), trimming blanks", () => {
    expect(parseBarcodes(" A1\n\nA2 ,A3\r\n")).toEqual(["A1", "A2", "A3"]);
  });

  it("needs one barcode per unit of a serialised line and none for bulk", () => {
    expect(dispatchProblems(lines, { p1: ["A1"] })).toEqual({ p1: { kind: "count", given: 1, needed: 2 } });
    expect(dispatchProblems(lines, { p1: ["A1", "A2", "A3"] })).toEqual({ p1: { kind: "count", given: 3, needed: 2 } });
    expect(dispatchProblems(lines, { p1: ["A1", "A1"] })).toEqual({ p1: { kind: "duplicate", barcode: "A1" } });
    expect(dispatchProblems(lines, { p1: ["A1", "A2"] })).toEqual({});
  });
});

describe("helpers", () => {
  it("makes UUIDs the node accepts as negotiation IDs", () => {
    const a = newUuid();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(newUuid()).not.toBe(a);
  });

});
