import { describe, expect, it } from "vitest";
import { Permission } from "../gen/eventkit/v1/access_pb";
import { activeNav, idlePreloads } from "./nav";

describe("activeNav", () => {
  it("marks the most specific entry", () => {
    expect(activeNav("/")).toBe("/");
    expect(activeNav("/events/calendar")).toBe("/events/calendar");
    expect(activeNav("/events/0b7c…")).toBe("/events");
    expect(activeNav("/inventory/cases/abc")).toBe("/inventory/cases");
    expect(activeNav("/inventory/assets/abc")).toBe("/inventory/products");
    expect(activeNav("/inventory/stocktakes/abc/review")).toBe("/inventory/stocktakes");
    expect(activeNav("/maintenance/repairs/abc")).toBe("/maintenance/repairs");
    expect(activeNav("/maintenance/inspections/scan")).toBe("/maintenance/inspections");
    expect(activeNav("/subhires/0b7c…")).toBe("/subhires");
    expect(activeNav("/subhires/resolve")).toBe("/subhires");
    expect(activeNav("/eventsx")).toBeUndefined();
  });
});

describe("idlePreloads", () => {
  it("the top-level screens the caller may open, without the open one or the indented entries", () => {
    const planner = [Permission.SELF, Permission.PLANNING_READ, Permission.INVENTORY_READ];
    expect(idlePreloads(planner, "/")).toEqual(["/inventory/products", "/events", "/availability/timeline", "/availability/shortages"]);
    expect(idlePreloads([], "/events")).toEqual(["/"]);
  });
});
