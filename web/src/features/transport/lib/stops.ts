import type { MessageInitShape } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { DispatchStatus, StopKind, type DispatchStop, type DispatchStopSchema } from "../../../gen/eventkit/v1/transport_pb";
import { fromLocalInput, toLocalInput } from "../../../lib/dates";

/** A stop as the run editor holds it: strings for inputs, a stable key for React lists. */
export interface StopDraft {
  key: string;
  kind: StopKind;
  locationId: string;
  partnerNodeId: string;
  subhireId: string;
  name: string;
  address: string;
  /** `<input type="datetime-local">` value, or "". */
  arriveAt: string;
  notes: string;
}

let seq = 0;
const nextKey = () => `stop-${++seq}`;

export function emptyStop(kind: StopKind = StopKind.WAREHOUSE): StopDraft {
  return { key: nextKey(), kind, locationId: "", partnerNodeId: "", subhireId: "", name: "", address: "", arriveAt: "", notes: "" };
}

/** Changes a stop's kind, dropping what only the old kind used (a location, a partner). */
export function withKind(s: StopDraft, kind: StopKind): StopDraft {
  return {
    ...s,
    kind,
    locationId: kind === StopKind.WAREHOUSE ? s.locationId : "",
    partnerNodeId: kind === StopKind.PARTNER_WAREHOUSE ? s.partnerNodeId : "",
    subhireId: kind === StopKind.PARTNER_WAREHOUSE ? s.subhireId : "",
  };
}

/** The list with stop `i` moved one place up (-1) or down (+1); unchanged at either end. */
export function moveStop<T>(stops: readonly T[], i: number, dir: -1 | 1): T[] {
  const j = i + dir;
  const out = [...stops];
  if (i < 0 || i >= stops.length || j < 0 || j >= stops.length) return out;
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

export function removeStop<T>(stops: readonly T[], i: number): T[] {
  return stops.filter((_, k) => k !== i);
}

export type StopProblem = "location" | "event" | "partner" | "name" | "arriveAt" | "arriveOutside";

/**
 * What the editor can tell before asking the node, per stop (an empty list when it is fine):
 * a warehouse needs a location, a venue needs the run's event, a partner's warehouse a partner,
 * another place a name or an address; a planned arrival must be a date and inside the run's period (when known).
 */
export function stopProblems(s: StopDraft, ctx: { eventId: string; start: Date | null; end: Date | null }): StopProblem[] {
  const out: StopProblem[] = [];
  if (s.kind === StopKind.WAREHOUSE && !s.locationId) out.push("location");
  if (s.kind === StopKind.VENUE && !ctx.eventId) out.push("event");
  if (s.kind === StopKind.PARTNER_WAREHOUSE && !s.partnerNodeId) out.push("partner");
  if (s.kind === StopKind.OTHER && !s.name.trim() && !s.address.trim()) out.push("name");
  if (s.arriveAt.trim()) {
    const at = fromLocalInput(s.arriveAt);
    if (!at) out.push("arriveAt");
    else if ((ctx.start && at < ctx.start) || (ctx.end && at > ctx.end)) out.push("arriveOutside");
  }
  return out;
}

export function toStopInit(s: StopDraft): MessageInitShape<typeof DispatchStopSchema> {
  const at = s.arriveAt.trim() ? fromLocalInput(s.arriveAt) : null;
  return {
    kind: s.kind,
    locationId: s.kind === StopKind.WAREHOUSE ? s.locationId : "",
    partnerNodeId: s.kind === StopKind.PARTNER_WAREHOUSE ? s.partnerNodeId : "",
    subhireId: s.kind === StopKind.PARTNER_WAREHOUSE ? s.subhireId.trim() : "",
    name: s.name.trim(),
    address: s.address.trim(),
    arriveAt: at ? timestampFromDate(at) : undefined,
    notes: s.notes.trim(),
  };
}

export function fromStop(s: DispatchStop): StopDraft {
  return {
    key: nextKey(),
    kind: s.kind,
    locationId: s.locationId,
    partnerNodeId: s.partnerNodeId,
    subhireId: s.subhireId,
    // Names and addresses filled in by the node from a location, event or partner stay empty in
    // the form for those kinds, so they keep following their source.
    name: s.kind === StopKind.OTHER || s.kind === StopKind.PARTNER_WAREHOUSE ? s.name : "",
    address: s.kind === StopKind.OTHER || s.kind === StopKind.VENUE ? s.address : "",
    arriveAt: s.arriveAt ? toLocalInput(timestampDate(s.arriveAt)) : "",
    notes: s.notes,
  };
}

/** The status moves a run offers from `status` (PLANNED → DISPATCHED → COMPLETED; either open one → CANCELLED). */
export function statusActions(status: DispatchStatus): DispatchStatus[] {
  if (status === DispatchStatus.PLANNED) return [DispatchStatus.DISPATCHED, DispatchStatus.CANCELLED];
  if (status === DispatchStatus.DISPATCHED) return [DispatchStatus.COMPLETED, DispatchStatus.CANCELLED];
  return [];
}

/** Whether a run can still be edited (not once COMPLETED or CANCELLED). */
export function isEditable(status: DispatchStatus | undefined): boolean {
  return status === undefined || status === DispatchStatus.PLANNED || status === DispatchStatus.DISPATCHED;
}
