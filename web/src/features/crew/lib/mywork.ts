import { timestampDate } from "@bufbuild/protobuf/wkt";
import { AssignmentStatus, type Assignment } from "../../../gen/eventkit/v1/crew_pb";

const end = (a: Assignment) => (a.call?.end ? timestampDate(a.call.end).getTime() : 0);
const start = (a: Assignment) => (a.call?.start ? timestampDate(a.call.start).getTime() : 0);

/**
 * "My assignments" order: offers waiting for an answer first, then what is still to come (soonest
 * first), then the past (latest first).
 */
export function myAssignmentOrder(list: Assignment[], now: number): Assignment[] {
  const rank = (a: Assignment) => (end(a) < now ? 2 : a.status === AssignmentStatus.OFFERED ? 0 : 1);
  return [...list].sort((a, b) => rank(a) - rank(b) || (rank(a) === 2 ? start(b) - start(a) : start(a) - start(b)));
}

/** Whether the crew member can still answer: an offer whose call has not ended. */
export function canRespond(a: Assignment, now: number): boolean {
  return (a.status === AssignmentStatus.OFFERED || a.status === AssignmentStatus.ACCEPTED) && end(a) >= now;
}
