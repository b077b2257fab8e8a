import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { period } from "../../../lib/dates";
import {
  BusyKind,
  ConflictSeverity,
  CrewConflictKind,
  type BusyBlock,
  type CrewConflict,
  type Qualification,
  type TimesheetEntry,
} from "../../../gen/eventkit/v1/crew_pb";

const DAY = 24 * 3600 * 1000;

// ---- durations ----

/** 450 → "7:30" (hours:minutes; what timesheets and payroll show). */
export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? "-" : "";
  const m = Math.abs(Math.round(minutes));
  return `${sign}${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}`;
}

/** The minutes an entry counts: worked minus its break, never below zero; null when the times are not a period. */
export function entryMinutes(start: Date | null, end: Date | null, breakMinutes: number): number | null {
  if (!start || !end || !(end.getTime() > start.getTime())) return null;
  return Math.max(0, Math.round((end.getTime() - start.getTime()) / 60000) - Math.max(0, breakMinutes));
}

export interface DraftEntry {
  start: string;
  end: string;
  breakMinutes: string;
}

export type EntryProblem = "missing" | "order" | "tooLong" | "break" | "overlap";

/**
 * The API's rules for a timesheet (1–31 entries, each within 24 h, break shorter than the entry,
 * none overlapping), checked before sending so the crew member sees the problem on the entry.
 * `parse` turns an input's text into an instant. Returns one problem per entry (null when fine).
 */
export function checkEntries(entries: DraftEntry[], parse: (s: string) => Date | null): (EntryProblem | null)[] {
  const spans = entries.map((e) => ({ s: parse(e.start), e: parse(e.end), b: Number(e.breakMinutes || "0") }));
  return spans.map((x, i) => {
    if (!x.s || !x.e || !Number.isFinite(x.b) || x.b < 0) return "missing";
    const ms = x.e.getTime() - x.s.getTime();
    if (ms <= 0) return "order";
    if (ms > DAY) return "tooLong";
    if (x.b * 60000 >= ms) return "break";
    const overlaps = spans.some((o, j) => j !== i && o.s && o.e && o.s.getTime() < x.e!.getTime() && x.s!.getTime() < o.e.getTime());
    return overlaps ? "overlap" : null;
  });
}

/** Total minutes of valid entries. */
export function totalMinutes(entries: DraftEntry[], parse: (s: string) => Date | null): number {
  return entries.reduce((sum, e) => sum + (entryMinutes(parse(e.start), parse(e.end), Number(e.breakMinutes || "0")) ?? 0), 0);
}

/** Entries as the API wants them (call only when checkEntries found nothing). */
export function toEntries(entries: DraftEntry[], parse: (s: string) => Date | null) {
  return entries.map((e) => ({ worked: period(parse(e.start)!, parse(e.end)!), breakMinutes: Number(e.breakMinutes || "0") }));
}

/** A recorded entry back as the form's text, in `zone`. */
export function fromEntry(e: TimesheetEntry, zone: string): DraftEntry {
  const s = e.worked?.start ? toZonedInput(timestampDate(e.worked.start), zone) : "";
  const f = e.worked?.end ? toZonedInput(timestampDate(e.worked.end), zone) : "";
  return { start: s, end: f, breakMinutes: String(e.breakMinutes) };
}

// ---- qualifications ----

export type Expiry = "ok" | "soon" | "expired";

/** Days before expiry from which a qualification shows amber. */
export const EXPIRY_WARNING_DAYS = 30;

/**
 * Whether a qualification is valid on `today` (YYYY-MM-DD; `expires_on` is its last valid day):
 * expired (red), expiring within 30 days (amber), or fine (also: no expiry).
 */
export function expiryState(expiresOn: string, today: string): Expiry {
  if (!expiresOn) return "ok";
  if (expiresOn < today) return "expired";
  const [y, m, d] = today.split("-").map(Number);
  const limit = new Date(Date.UTC(y, m - 1, d) + EXPIRY_WARNING_DAYS * DAY).toISOString().slice(0, 10);
  return expiresOn <= limit ? "soon" : "ok";
}

export const EXPIRY_COLOR: Record<Expiry, string> = { ok: "gray", soon: "yellow", expired: "red" };

/** A skill as the API accepts it: lower-case letters, digits and '-', 1–64 characters. */
export function normaliseSkill(s: string): string {
  return s.trim().toLowerCase().replace(/[\s_]+/g, "-");
}
export function validSkill(s: string): boolean {
  return /^[a-z0-9-]{1,64}$/.test(s);
}

/** Qualifications problems before sending: bad skill names, a skill twice, bad dates. Index → message key. */
export function checkQualifications(qs: Qualification[]): Record<number, string> {
  const out: Record<number, string> = {};
  const seen = new Set<string>();
  qs.forEach((q, i) => {
    if (!validSkill(q.skill)) out[i] = "crew.qual.badSkill";
    else if (seen.has(q.skill)) out[i] = "crew.qual.duplicate";
    else if (q.expiresOn && !/^\d{4}-\d{2}-\d{2}$/.test(q.expiresOn)) out[i] = "crew.qual.badDate";
    else if (q.reference.length > 200) out[i] = "crew.qual.longReference";
    seen.add(q.skill);
  });
  return out;
}

// ---- conflicts ----

export type ConflictLevel = "none" | "warning" | "refusal";

/** The worst of the conflicts: a refusal blocks, warnings need a reason, none goes straight through. */
export function conflictLevel(conflicts: CrewConflict[]): ConflictLevel {
  if (conflicts.some((c) => c.severity === ConflictSeverity.REFUSAL)) return "refusal";
  return conflicts.length > 0 ? "warning" : "none";
}

/** Refusals first, then warnings; the same kinds together. */
export function sortConflicts(conflicts: CrewConflict[]): CrewConflict[] {
  return [...conflicts].sort((a, b) => b.severity - a.severity || a.kind - b.kind || a.message.localeCompare(b.message));
}

export const CONFLICT_COLOR: Record<ConflictLevel, string> = { none: "green", warning: "yellow", refusal: "red" };

export function conflictKindKey(kind: CrewConflictKind): string {
  return `crew.conflict.${CrewConflictKind[kind] ?? "UNSPECIFIED"}`;
}

/** What the offer button does for the conflicts found: offer, offer anyway (with a reason), or nothing. */
export function offerAction(level: ConflictLevel, reason: string): { enabled: boolean; anyway: boolean } {
  if (level === "refusal") return { enabled: false, anyway: false };
  if (level === "warning") return { enabled: reason.trim().length > 0, anyway: true };
  return { enabled: true, anyway: false };
}

// ---- the availability grid ----

/** The grid's window: `days` whole days from midnight of `from` (in the browser's zone). */
export function gridDays(from: Date, days: number): Date[] {
  const start = new Date(from);
  start.setHours(0, 0, 0, 0);
  return Array.from({ length: days }, (_, i) => {
    const d = new Date(start);
    d.setDate(start.getDate() + i);
    return d;
  });
}

export interface PlacedBlock {
  block: BusyBlock;
  /** First and last day column (inclusive) the block touches. */
  first: number;
  last: number;
  /** Lane within the row, so overlapping blocks stack instead of hiding each other. */
  lane: number;
}

/**
 * Lays busy blocks on day columns: each block covers the days it overlaps (a block ending at
 * midnight does not touch the next day), clipped to the window; overlapping blocks get separate
 * lanes. `days` are the columns' midnights; the window ends a day after the last.
 */
export function placeBlocks(blocks: BusyBlock[], days: Date[]): { placed: PlacedBlock[]; lanes: number } {
  if (days.length === 0) return { placed: [], lanes: 0 };
  const edges = [...days.map((d) => d.getTime()), nextMidnight(days[days.length - 1]).getTime()];
  const col = (t: number) => {
    let i = 0;
    while (i < days.length - 1 && edges[i + 1] <= t) i++;
    return i;
  };
  const sorted = blocks
    .map((b) => ({ b, s: ts(b.period?.start), e: ts(b.period?.end) }))
    .filter((x) => x.s !== null && x.e !== null && x.e > edges[0] && x.s < edges[edges.length - 1])
    .sort((a, b) => a.s! - b.s! || a.e! - b.e!);
  const laneEnds: number[] = [];
  const placed: PlacedBlock[] = [];
  for (const x of sorted) {
    const first = col(Math.max(x.s!, edges[0]));
    const last = col(Math.min(x.e!, edges[edges.length - 1]) - 1);
    let lane = laneEnds.findIndex((end) => end < first);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(last);
    } else laneEnds[lane] = last;
    placed.push({ block: x.b, first, last, lane });
  }
  return { placed, lanes: Math.max(1, laneEnds.length) };
}

/** Day columns with nothing on them (where a click may start an offer). */
export function freeDays(placed: PlacedBlock[], dayCount: number): boolean[] {
  const free = Array.from({ length: dayCount }, () => true);
  for (const p of placed) for (let i = p.first; i <= p.last; i++) free[i] = false;
  return free;
}

export const BUSY_STYLE: Record<BusyKind, { key: string; color: string }> = {
  [BusyKind.UNSPECIFIED]: { key: "crew.busy.UNSPECIFIED", color: "gray" },
  [BusyKind.ASSIGNMENT_OFFERED]: { key: "crew.busy.ASSIGNMENT_OFFERED", color: "yellow" },
  [BusyKind.ASSIGNMENT_ACCEPTED]: { key: "crew.busy.ASSIGNMENT_ACCEPTED", color: "blue" },
  [BusyKind.UNAVAILABLE]: { key: "crew.busy.UNAVAILABLE", color: "gray" },
};

function nextMidnight(d: Date): Date {
  const x = new Date(d);
  x.setDate(x.getDate() + 1);
  x.setHours(0, 0, 0, 0);
  return x;
}

function ts(t: Timestamp | undefined): number | null {
  return t ? timestampDate(t).getTime() : null;
}

// ---- time zones ----

function zoneParts(d: Date, zone: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? "0");
  return { y: get("year"), mo: get("month"), d: get("day"), h: get("hour") % 24, mi: get("minute") };
}

/** An instant as the value of a datetime-local input showing wall time in `zone` (the event's). */
export function toZonedInput(d: Date, zone: string): string {
  const p = (n: number) => String(n).padStart(2, "0");
  try {
    const z = zoneParts(d, zone);
    return `${z.y}-${p(z.mo)}-${p(z.d)}T${p(z.h)}:${p(z.mi)}`;
  } catch {
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }
}

/**
 * A datetime-local value read as wall time in `zone` → the instant; null when it is no such value.
 * (A wall time skipped by a DST change resolves to the instant an hour later, as Java does.)
 */
export function fromZonedInput(s: string, zone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  if (new Date(wall).getUTCDate() !== d) return null;
  try {
    let guess = wall;
    for (let i = 0; i < 3; i++) {
      const z = zoneParts(new Date(guess), zone);
      const shown = Date.UTC(z.y, z.mo - 1, z.d, z.h, z.mi);
      const diff = wall - shown;
      if (diff === 0) return new Date(guess);
      guess += diff;
    }
    return new Date(guess);
  } catch {
    return new Date(y, mo - 1, d, h, mi);
  }
}

/** "YYYY-MM-DD" of an instant in the browser's zone. */
export function isoDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

// ---- files ----

/** The payroll CSV as a download: a blob: URL the caller revokes when done. */
export function csvUrl(bytes: Uint8Array): string {
  return URL.createObjectURL(new Blob([bytes as BlobPart], { type: "text/csv;charset=utf-8" }));
}
