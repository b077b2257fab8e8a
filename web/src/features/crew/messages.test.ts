import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AssignmentStatus, BusyKind, CrewConflictKind, EmploymentKind, RateUnit, TimesheetStatus } from "../../gen/eventkit/v1/crew_pb";
import { crewEn } from "./messages";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.includes(".test.") && e.name !== "messages.ts" ? [join(dir, e.name)] : [],
  );
}
const names = (e: object) => Object.keys(e).filter((k) => Number.isNaN(Number(k)));

describe("crew messages", () => {
  it("have an English text for every key the screens name", () => {
    const used = new Set<string>();
    for (const f of sources(__dirname)) for (const m of readFileSync(f, "utf8").matchAll(/"(crew\.[A-Za-z0-9_.]+)"/g)) used.add(m[1]);
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !(k in crewEn))).toEqual([]);
  });

  it("name every status, kind and unit the API can send", () => {
    const keys = [
      ...names(AssignmentStatus).map((n) => `crew.assignment.${n}`),
      ...names(TimesheetStatus).map((n) => `crew.timesheet.${n}`),
      ...names(BusyKind).map((n) => `crew.busy.${n}`),
      ...names(CrewConflictKind).map((n) => `crew.conflict.${n}`),
      ...names(EmploymentKind).map((n) => `crew.employment.${n}`),
      ...names(RateUnit).map((n) => `crew.rateUnit.${n}`),
      ...["ok", "soon", "expired"].map((s) => `crew.qual.${s}`),
      ...["missing", "order", "tooLong", "break", "overlap"].map((p) => `crew.ts.problem.${p}`),
    ];
    expect(keys.filter((k) => !(k in crewEn))).toEqual([]);
  });
});
