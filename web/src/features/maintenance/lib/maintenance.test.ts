import { describe, expect, it } from "vitest";
import { RepairStatus } from "../../../gen/eventkit/v1/scanning_pb";
import { daysUntil, findDue, horizon, parseCost, parseInterval, repairStage, statusFilter } from "./maintenance";

describe("repairStage", () => {
  it("tells a new open ticket from one with work recorded, and closed outcomes apart", () => {
    expect(repairStage({ status: RepairStatus.OPEN, notes: "" })).toBe("OPEN");
    expect(repairStage({ status: RepairStatus.OPEN, notes: "  " })).toBe("OPEN");
    expect(repairStage({ status: RepairStatus.OPEN, notes: "new fuse" })).toBe("IN_PROGRESS");
    // A cost alone (an estimate given when opening) is no work done.
    expect(repairStage({ status: RepairStatus.OPEN, notes: "", cost: { currencyCode: "EUR" } })).toBe("OPEN");
    expect(repairStage({ status: RepairStatus.REPAIRED, notes: "x" })).toBe("REPAIRED");
    expect(repairStage({ status: RepairStatus.RETIRED, notes: "" })).toBe("RETIRED");
    expect(repairStage({ status: RepairStatus.UNSPECIFIED, notes: "" })).toBe("UNSPECIFIED");
  });
});

describe("URL filters", () => {
  it("keeps known statuses and horizons only (the default horizon stays out of the URL)", () => {
    expect(statusFilter("open")).toBe("open");
    expect(statusFilter("closed")).toBeUndefined();
    expect(statusFilter(3)).toBeUndefined();
    expect(horizon("0")).toBe(0);
    expect(horizon(90)).toBe(90);
    expect(horizon("30")).toBeUndefined();
    expect(horizon("12")).toBeUndefined();
    expect(horizon(undefined)).toBeUndefined();
  });
});

describe("parseInterval", () => {
  it("takes whole days 0 to 3650", () => {
    expect(parseInterval("365")).toBe(365);
    expect(parseInterval(" 0 ")).toBe(0);
    expect(parseInterval("3650")).toBe(3650);
    expect(parseInterval("3651")).toBeNull();
    expect(parseInterval("-1")).toBeNull();
    expect(parseInterval("1.5")).toBeNull();
    expect(parseInterval("")).toBeNull();
  });
});

describe("parseCost", () => {
  it("is optional, and names the field at fault", () => {
    expect(parseCost("", "")).toEqual({});
    expect(parseCost("12.50", "eur")).toEqual({ cost: { currencyCode: "EUR", minorUnits: 1250n } });
    expect(parseCost("1500", "JPY")).toEqual({ cost: { currencyCode: "JPY", minorUnits: 1500n } });
    expect(parseCost("12.5x", "EUR")).toEqual({ error: "amount" });
    expect(parseCost("12.505", "EUR")).toEqual({ error: "amount" });
    expect(parseCost("12", "EU")).toEqual({ error: "currency" });
  });
});

describe("daysUntil", () => {
  const now = new Date("2026-12-04T12:00:00Z");
  it("counts whole days ahead and overdue", () => {
    expect(daysUntil(new Date("2026-12-04T13:00:00Z"), now)).toBe(1);
    expect(daysUntil(new Date("2026-12-11T12:00:00Z"), now)).toBe(7);
    expect(daysUntil(new Date("2026-12-04T11:00:00Z"), now)).toBe(-1);
    expect(daysUntil(new Date("2026-11-01T12:00:00Z"), now)).toBe(-33);
  });
});

describe("findDue", () => {
  const units = [{ assetId: "a" }, { assetId: "b" }];
  it("finds the unit, or says whether its absence is certain", () => {
    expect(findDue(units, "", "b")).toEqual({ kind: "due", unit: { assetId: "b" } });
    expect(findDue(units, "", "c")).toEqual({ kind: "none" });
    expect(findDue(units, "next", "c")).toEqual({ kind: "unknown" });
  });
});
