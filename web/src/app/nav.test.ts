import { describe, expect, it } from "vitest";
import { activeNav } from "./nav";

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
    expect(activeNav("/clients/0b7c…")).toBe("/clients");
    expect(activeNav("/quotes/0b7c…")).toBe("/quotes");
    expect(activeNav("/reports")).toBe("/reports");
    expect(activeNav("/data")).toBe("/data");
    expect(activeNav("/data/import")).toBe("/data/import");
    expect(activeNav("/settings/webhooks")).toBe("/settings/webhooks");
    expect(activeNav("/settings")).toBe("/settings");
    expect(activeNav("/eventsx")).toBeUndefined();
  });
});
