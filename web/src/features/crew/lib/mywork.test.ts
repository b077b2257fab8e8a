import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { AssignmentSchema, AssignmentStatus } from "../../../gen/eventkit/v1/crew_pb";
import { canRespond, myAssignmentOrder } from "./mywork";

const NOW = Date.UTC(2026, 11, 5, 12);
const H = 3600000;
const a = (id: string, status: AssignmentStatus, startH: number) =>
  create(AssignmentSchema, { id, status, call: { start: timestampFromDate(new Date(NOW + startH * H)), end: timestampFromDate(new Date(NOW + (startH + 8) * H)) } });

describe("my assignments", () => {
  it("puts open offers first, then what is to come soonest first, then the past latest first", () => {
    const list = [
      a("past-old", AssignmentStatus.ACCEPTED, -100),
      a("later", AssignmentStatus.ACCEPTED, 72),
      a("offer-late", AssignmentStatus.OFFERED, 200),
      a("soon", AssignmentStatus.ACCEPTED, 24),
      a("past-recent", AssignmentStatus.ACCEPTED, -20),
      a("offer-soon", AssignmentStatus.OFFERED, 30),
    ];
    expect(myAssignmentOrder(list, NOW).map((x) => x.id)).toEqual(["offer-soon", "offer-late", "soon", "later", "past-recent", "past-old"]);
  });

  it("can answer an offer (or back out of an accepted job) until the call ends", () => {
    expect(canRespond(a("x", AssignmentStatus.OFFERED, 5), NOW)).toBe(true);
    expect(canRespond(a("x", AssignmentStatus.OFFERED, -4), NOW)).toBe(true);
    expect(canRespond(a("x", AssignmentStatus.OFFERED, -9), NOW)).toBe(false);
    expect(canRespond(a("x", AssignmentStatus.CANCELLED, 5), NOW)).toBe(false);
    expect(canRespond(a("x", AssignmentStatus.DECLINED, 5), NOW)).toBe(false);
  });
});
