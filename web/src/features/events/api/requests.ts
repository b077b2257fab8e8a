import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { EventStatus, FulfilmentState } from "../../../gen/eventkit/v1/planning_pb";

/*
 * The planning requests the hooks in events.ts send, on their own: route loaders build the same
 * requests to start a screen's calls before its code arrives, and this module is small enough for
 * the first bundle (events.ts and its hooks are not).
 */

export const EVENT_PAGE_SIZE = 50;

/** A period from two dates (the API speaks instants; stored UTC). */
export function period(start: Date, end: Date) {
  return { start: timestampFromDate(start), end: timestampFromDate(end) };
}

/** Midnight today in the browser's clock, plus `days`. */
export function dayStart(days = 0): Date {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() + days);
  return d;
}

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
