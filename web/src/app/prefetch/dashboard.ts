import type { QueryClient } from "@tanstack/react-query";
import { createQueryOptions } from "@connectrpc/connect-query";
import { transport } from "../../lib/transport";
import { EventStatus, PlanningService } from "../../gen/eventkit/v1/planning_pb";
import { dayStart } from "../../lib/dates";
import { eventPageInput, shortagesInput, STATUS_LADDER, type EventPageOptions } from "../../features/events/api/requests";

/*
 * What route loaders start before a screen's code has even arrived, so its data and its chunks
 * load side by side instead of one after the other. The keys are the ones the screens' hooks use
 * (same method, same request, same transport), so the screen picks up the call in flight. This
 * one is in the first bundle (a reload of the dashboard is the first load that matters most): it
 * needs only the request builders (requests.ts), not the screens' hooks and components.
 */

/**
 * The dashboard's two day lists, rows per list; the rest of a busy day is one click away in the
 * calendar. At 30 a list, a day of the benchmark's dataset (about 30 events overlap any day) made
 * the home screen four screens long, and its first draw the longest part of a cold load.
 */
export const DASHBOARD_DAY_ROWS = 10;

/**
 * What the day lists show: what is on that day. Cancelled events and lost deals are not; the events
 * list still finds them.
 */
export const DASHBOARD_DAY_STATUSES = STATUS_LADDER.filter((s) => s !== EventStatus.CANCELLED && s !== EventStatus.LOST);
/** The dashboard's shortage window, in days from today. */
export const DASHBOARD_SHORTAGE_DAYS = 14;

/**
 * How long the dashboard's own lists (today, tomorrow, shortages) are reused without asking again.
 * The loader has just fetched them: with the default (0) each list was fetched a second time the
 * moment the screen mounted, two ListEvents and a ListShortages more on every cold load, queued on
 * the browser's six connections beside the report widgets' calls. Planning changes made in this app
 * invalidate them at once (useInvalidatePlanning); other people's changes show within this time.
 */
export const DASHBOARD_STALE_MS = 30_000;

/** The dashboard's list for the day `offset` days from today. */
export function dashboardDay(offset: number): EventPageOptions {
  return {
    window: { start: dayStart(offset), end: dayStart(offset + 1) },
    statuses: DASHBOARD_DAY_STATUSES,
    pageSize: DASHBOARD_DAY_ROWS,
  };
}

export function prefetchDashboard(queryClient: QueryClient): void {
  for (const offset of [0, 1]) {
    void queryClient.prefetchQuery(
      createQueryOptions(PlanningService.method.listEvents, eventPageInput(dashboardDay(offset)), { transport }),
    );
  }
  // The report dashboard's calls (GetDashboard, then each widget's report) start here too; its
  // code comes in a chunk of its own, so ReportService stays out of the first bundle. The home
  // screen's own shortage list is asked for only when no report widget lists them (the screen shows
  // one or the other): asked at once, it was a shortage sweep the server ran for nothing on nearly
  // every cold load, beside the calls the screen waits for.
  const ownShortages = () =>
    void queryClient.prefetchQuery(
      createQueryOptions(
        PlanningService.method.listShortages,
        shortagesInput(dayStart(0), dayStart(DASHBOARD_SHORTAGE_DAYS)),
        { transport },
      ),
    );
  void import("../../features/reports/api/prefetch")
    .then((m) => m.prefetchReportDashboard(queryClient))
    .then((listed) => listed || ownShortages(), ownShortages);
}
