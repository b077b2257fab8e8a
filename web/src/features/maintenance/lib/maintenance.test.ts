import { describe, expect, it } from "vitest";
import { RepairStatus } from "../../../gen/eventkit/v1/scanning_pb";
import { daysUntil, horizon, isOpen, parseCost, parseInterval, repairStage, statusFilter } from "./maintenance";

describe("repairStage", () => {
  it("says the API's status, and which ones are not closed yet", () => {
    expect(repairStage(RepairStatus.OPEN)).toBe("OPEN");
    expect(repairStage(RepairStatus.IN_PROGRESS)).toBe("IN_PROGRESS");
    expect(repairStage(RepairStatus.REPAIRED)).toBe("REPAIRED");
    expect(repairStage(RepairStatus.RETIRED)).toBe("RETIRED");
    expect(repairStage(RepairStatus.UNSPECIFIED)).toBe("UNSPECIFIED");
    expect([RepairStatus.OPEN, RepairStatus.IN_PROGRESS, RepairStatus.REPAIRED, RepairStatus.RETIRED].map(isOpen)).toEqual([true, true, false, false]);
  });
});

describe("URL filters", () => {
  it("keeps known statuses and horizons only (the default horizon stays out of the URL)", () => {
    expect(statusFilter("open")).toBe("open");
    expect(statusFilter("in-progress")).toBe("in-progress");
    expect(statusFilter("toString")).toBeUndefined();
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
