import { period } from "../../../lib/dates";
import { EventStatus, type FulfilmentState } from "../../../gen/eventkit/v1/planning_pb";

/*
 * The planning requests the hooks in events.ts send, on their own: route loaders build the same
 * requests to start a screen's calls before its code arrives, and this module is small enough for
 * the first bundle (events.ts and its hooks are not).
 */

export const EVENT_PAGE_SIZE = 50;
/**
 * How long the events list's page is reused without asking again. Its route loader fetches it as
 * the link is hovered or clicked; with the default (0) the screen asked for it a second time as it
 * mounted (and the loader a third when a hover had started it). Planning changes made in this app
 * (useInvalidatePlanning) and its scans (invalidateAfterScans: the gear state follows them)
 * invalidate it at once; other people's changes, and a client renamed in CRM, show within this time.
 */
export const EVENT_LIST_STALE_MS = 10_000;

/** The ladder in order, then the two ways out. */
export const STATUS_LADDER = [
  EventStatus.ENQUIRY,
  EventStatus.QUOTE,
  EventStatus.PROVISIONAL,
  EventStatus.RESERVED,
  EventStatus.CONFIRMED,
  EventStatus.COMPLETED,
  EventStatus.CANCELLED,
  EventStatus.LOST,
] as const;

export interface EventPageOptions {
  window?: { start: Date; end: Date };
  statuses?: EventStatus[];
  fulfilments?: FulfilmentState[];
  pageToken?: string;
  pageSize?: number;
}

/** ListEvents' request for `useEventPage` (also what a route loader prefetches). */
export function eventPageInput(opts: EventPageOptions) {
  return {
    page: { pageSize: opts.pageSize ?? EVENT_PAGE_SIZE, pageToken: opts.pageToken ?? "" },
    statuses: opts.statuses ?? [],
    fulfilments: opts.fulfilments ?? [],
    window: opts.window ? period(opts.window.start, opts.window.end) : undefined,
  };
}

/** ListShortages' request for `useShortages`. */
export function shortagesInput(start: Date, end: Date) {
  return { window: period(start, end), page: { pageSize: 100 } };
}
