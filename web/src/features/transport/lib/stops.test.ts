import { describe, expect, it } from "vitest";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { create } from "@bufbuild/protobuf";
import { DispatchStatus, DispatchStopSchema, StopKind } from "../../../gen/eventkit/v1/transport_pb";
import { emptyStop, fromStop, isEditable, moveStop, removeStop, statusActions, stopProblems, toStopInit, withKind } from "./stops";

const start = new Date(2026, 11, 8, 7, 0);
const end = new Date(2026, 11, 8, 18, 0);
const ctx = { eventId: "ev-1", start, end };

describe("stops editor", () => {
  it("moves a stop up and down, and not past either end", () => {
    const list = ["a", "b", "c"];
    expect(moveStop(list, 1, -1)).toEqual(["b", "a", "c"]);
    expect(moveStop(list, 1, 1)).toEqual(["a", "c", "b"]);
    expect(moveStop(list, 0, -1)).toEqual(list);
    expect(moveStop(list, 2, 1)).toEqual(list);
    expect(removeStop(list, 1)).toEqual(["a", "c"]);
    expect(list).toEqual(["a", "b", "c"]);
  });

  it("asks each kind for what it needs", () => {
    expect(stopProblems(emptyStop(StopKind.WAREHOUSE), ctx)).toEqual(["location"]);
    expect(stopProblems({ ...emptyStop(StopKind.WAREHOUSE), locationId: "loc" }, ctx)).toEqual([]);
    expect(stopProblems(emptyStop(StopKind.VENUE), ctx)).toEqual([]);
    expect(stopProblems(emptyStop(StopKind.VENUE), { ...ctx, eventId: "" })).toEqual(["event"]);
    expect(stopProblems(emptyStop(StopKind.PARTNER_WAREHOUSE), ctx)).toEqual(["partner"]);
    expect(stopProblems({ ...emptyStop(StopKind.OTHER), name: "  " }, ctx)).toEqual(["name"]);
    expect(stopProblems({ ...emptyStop(StopKind.OTHER), address: "Gate 4, Messe" }, ctx)).toEqual([]);
  });

  it("a planned arrival must be a date inside the run", () => {
    const s = { ...emptyStop(StopKind.VENUE) };
    expect(stopProblems({ ...s, arriveAt: "2026-12-08T09:30" }, ctx)).toEqual([]);
    expect(stopProblems({ ...s, arriveAt: "2026-12-08T19:00" }, ctx)).toEqual(["arriveOutside"]);
    expect(stopProblems({ ...s, arriveAt: "2026-12-08T06:59" }, ctx)).toEqual(["arriveOutside"]);
    expect(stopProblems({ ...s, arriveAt: "2026-13-40T09:00" }, ctx)).toEqual(["arriveAt"]);
  });

  it("changing the kind drops what only the old kind used", () => {
    const w = { ...emptyStop(StopKind.WAREHOUSE), locationId: "loc", name: "Depot" };
    const p = withKind(w, StopKind.PARTNER_WAREHOUSE);
    expect(p.locationId).toBe("");
    expect(p.name).toBe("Depot");
    const back = withKind({ ...p, partnerNodeId: "b.example", subhireId: "sh" }, StopKind.WAREHOUSE);
    expect(back.partnerNodeId).toBe("");
    expect(back.subhireId).toBe("");
  });

  it("sends only the kind's own fields, trimmed, with the arrival as a timestamp", () => {
    const s = { ...emptyStop(StopKind.OTHER), name: " Stage door ", address: " 1 High St ", locationId: "stale", arriveAt: "2026-12-08T09:30" };
    const init = toStopInit(s);
    expect(init.kind).toBe(StopKind.OTHER);
    expect(init.name).toBe("Stage door");
    expect(init.address).toBe("1 High St");
    expect(init.locationId).toBe("");
    expect(init.arriveAt).toEqual(timestampFromDate(new Date(2026, 11, 8, 9, 30)));
    expect(toStopInit(emptyStop()).arriveAt).toBeUndefined();
  });

  it("reads a stored stop back, leaving a warehouse's filled-in name to its location", () => {
    const stored = create(DispatchStopSchema, {
      kind: StopKind.WAREHOUSE,
      locationId: "loc",
      name: "Main warehouse",
      arriveAt: timestampFromDate(new Date(2026, 11, 8, 9, 30)),
    });
    const d = fromStop(stored);
    expect(d.locationId).toBe("loc");
    expect(d.name).toBe("");
    expect(d.arriveAt).toBe("2026-12-08T09:30");
    expect(fromStop(create(DispatchStopSchema, { kind: StopKind.OTHER, name: "Gate 4" })).name).toBe("Gate 4");
  });

  it("offers the status moves the node allows", () => {
    expect(statusActions(DispatchStatus.PLANNED)).toEqual([DispatchStatus.DISPATCHED, DispatchStatus.CANCELLED]);
    expect(statusActions(DispatchStatus.DISPATCHED)).toEqual([DispatchStatus.COMPLETED, DispatchStatus.CANCELLED]);
    expect(statusActions(DispatchStatus.COMPLETED)).toEqual([]);
    expect(statusActions(DispatchStatus.CANCELLED)).toEqual([]);
    expect(isEditable(undefined)).toBe(true);
    expect(isEditable(DispatchStatus.COMPLETED)).toBe(false);
  });
});
