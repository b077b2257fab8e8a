import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  BusyBlockSchema,
  BusyKind,
  ConflictSeverity,
  CrewConflictKind,
  CrewConflictSchema,
  QualificationSchema,
} from "../../../gen/eventkit/v1/crew_pb";
import {
  checkEntries,
  checkQualifications,
  conflictLevel,
  entryMinutes,
  expiryState,
  formatMinutes,
  freeDays,
  fromZonedInput,
  gridDays,
  offerAction,
  placeBlocks,
  sortConflicts,
  toZonedInput,
  totalMinutes,
} from "./crew";

const utc = (s: string) => (s ? new Date(s + "Z") : null);
const H = 3600000;

describe("durations", () => {
  it("formats minutes as h:mm", () => {
    expect(formatMinutes(0)).toBe("0:00");
    expect(formatMinutes(450)).toBe("7:30");
    expect(formatMinutes(61)).toBe("1:01");
    expect(formatMinutes(1440 * 2 + 5)).toBe("48:05");
    expect(formatMinutes(-90)).toBe("-1:30");
  });

  it("counts an entry as worked minus break, never negative, and nothing for a backwards period", () => {
    const s = new Date("2026-12-08T08:00:00Z");
    expect(entryMinutes(s, new Date(s.getTime() + 9 * H), 30)).toBe(510);
    expect(entryMinutes(s, new Date(s.getTime() + 10 * 60000), 30)).toBe(0);
    expect(entryMinutes(s, s, 0)).toBeNull();
    expect(entryMinutes(null, s, 0)).toBeNull();
  });

  it("checks timesheet entries by the API's rules, one problem per entry", () => {
    const ok = { start: "2026-12-08T08:00:00", end: "2026-12-08T17:00:00", breakMinutes: "30" };
    expect(checkEntries([ok], utc)).toEqual([null]);
    expect(checkEntries([{ ...ok, end: "" }], utc)).toEqual(["missing"]);
    expect(checkEntries([{ ...ok, breakMinutes: "-5" }], utc)).toEqual(["missing"]);
    expect(checkEntries([{ ...ok, end: "2026-12-08T07:00:00" }], utc)).toEqual(["order"]);
    expect(checkEntries([{ ...ok, end: "2026-12-09T09:00:00" }], utc)).toEqual(["tooLong"]);
    expect(checkEntries([{ ...ok, breakMinutes: "540" }], utc)).toEqual(["break"]);
    const later = { start: "2026-12-08T16:00:00", end: "2026-12-08T20:00:00", breakMinutes: "0" };
    expect(checkEntries([ok, later], utc)).toEqual(["overlap", "overlap"]);
    // Touching ends are not an overlap (half-open periods).
    expect(checkEntries([ok, { ...later, start: "2026-12-08T17:00:00" }], utc)).toEqual([null, null]);
    expect(totalMinutes([ok, { ...later, start: "2026-12-08T17:00:00" }], utc)).toBe(510 + 180);
  });
});

describe("qualifications", () => {
  it("is red when expired, amber within 30 days, fine otherwise or without expiry", () => {
    expect(expiryState("", "2026-12-05")).toBe("ok");
    expect(expiryState("2026-12-04", "2026-12-05")).toBe("expired");
    // The expiry day is still valid.
    expect(expiryState("2026-12-05", "2026-12-05")).toBe("soon");
    expect(expiryState("2027-01-04", "2026-12-05")).toBe("soon");
    expect(expiryState("2027-01-05", "2026-12-05")).toBe("ok");
  });

  it("flags bad skill names, duplicates and bad dates before sending", () => {
    const q = (skill: string, expiresOn = "") => create(QualificationSchema, { skill, expiresOn });
    expect(checkQualifications([q("rigging-cert", "2027-01-01"), q("foh")])).toEqual({});
    expect(checkQualifications([q("Rigging Cert"), q("foh"), q("foh"), q("x", "soon")])).toEqual({
      0: "crew.qual.badSkill",
      2: "crew.qual.duplicate",
      3: "crew.qual.badDate",
    });
  });
});

describe("conflicts", () => {
  const c = (kind: CrewConflictKind, severity: ConflictSeverity, message = "") => create(CrewConflictSchema, { kind, severity, message });

  it("a refusal outranks warnings; warnings need a reason; none offers straight away", () => {
    const warn = c(CrewConflictKind.INSUFFICIENT_REST, ConflictSeverity.WARNING);
    const refuse = c(CrewConflictKind.DOUBLE_BOOKED, ConflictSeverity.REFUSAL);
    expect(conflictLevel([])).toBe("none");
    expect(conflictLevel([warn])).toBe("warning");
    expect(conflictLevel([warn, refuse])).toBe("refusal");
    expect(offerAction("none", "")).toEqual({ enabled: true, anyway: false });
    expect(offerAction("warning", "  ")).toEqual({ enabled: false, anyway: true });
    expect(offerAction("warning", "client asked for her")).toEqual({ enabled: true, anyway: true });
    expect(offerAction("refusal", "please")).toEqual({ enabled: false, anyway: false });
  });

  it("lists refusals first, then by rule", () => {
    const list = [
      c(CrewConflictKind.UNAVAILABLE, ConflictSeverity.WARNING, "u"),
      c(CrewConflictKind.MISSING_SKILL, ConflictSeverity.WARNING, "m"),
      c(CrewConflictKind.DOUBLE_BOOKED, ConflictSeverity.REFUSAL, "d"),
    ];
    expect(sortConflicts(list).map((x) => x.message)).toEqual(["d", "m", "u"]);
  });
});

describe("the availability grid", () => {
  const days = gridDays(new Date(2026, 11, 7, 15, 30), 14);
  const block = (id: string, kind: BusyKind, s: Date, e: Date) => create(BusyBlockSchema, { id, kind, period: { start: timestampFromDate(s), end: timestampFromDate(e) } });
  const at = (d: number, h = 0) => new Date(2026, 11, d, h);

  it("starts at midnight and has one column per day", () => {
    expect(days).toHaveLength(14);
    expect(days[0].getHours()).toBe(0);
    expect(days[0].getDate()).toBe(7);
    expect(days[13].getDate()).toBe(20);
  });

  it("covers the days a block overlaps, clipped to the window; a block ending at midnight stops the day before", () => {
    const { placed, lanes } = placeBlocks(
      [
        block("a", BusyKind.ASSIGNMENT_ACCEPTED, at(8, 14), at(8, 23)),
        block("b", BusyKind.UNAVAILABLE, at(10), at(12)),
        block("c", BusyKind.ASSIGNMENT_OFFERED, at(1), at(8, 6)),
        block("d", BusyKind.ASSIGNMENT_OFFERED, at(19), at(30)),
        block("gone", BusyKind.UNAVAILABLE, at(1), at(5)),
      ],
      days,
    );
    const by = Object.fromEntries(placed.map((p) => [p.block.id, [p.first, p.last, p.lane]]));
    expect(by).toEqual({ c: [0, 1, 0], a: [1, 1, 1], b: [3, 4, 0], d: [12, 13, 0] });
    expect(lanes).toBe(2);
    expect(freeDays(placed, 14)).toEqual([false, false, true, false, false, true, true, true, true, true, true, true, false, false]);
  });

  it("gives a row one lane when nothing overlaps", () => {
    expect(placeBlocks([], days)).toEqual({ placed: [], lanes: 1 });
  });
});

describe("event time zones", () => {
  it("shows an instant as wall time in the event's zone and reads it back", () => {
    const d = new Date("2026-12-08T13:00:00Z");
    expect(toZonedInput(d, "Europe/Berlin")).toBe("2026-12-08T14:00");
    expect(toZonedInput(d, "America/New_York")).toBe("2026-12-08T08:00");
    expect(fromZonedInput("2026-12-08T14:00", "Europe/Berlin")?.toISOString()).toBe("2026-12-08T13:00:00.000Z");
    // Summer time.
    expect(fromZonedInput("2026-07-01T09:30", "Europe/Berlin")?.toISOString()).toBe("2026-07-01T07:30:00.000Z");
    expect(fromZonedInput("2026-12-08T14:00", "Asia/Dubai")?.toISOString()).toBe("2026-12-08T10:00:00.000Z");
    expect(fromZonedInput("2026-02-30T10:00", "Europe/Berlin")).toBeNull();
    expect(fromZonedInput("tomorrow", "Europe/Berlin")).toBeNull();
  });
});
