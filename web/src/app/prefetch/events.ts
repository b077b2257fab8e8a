import type { QueryClient } from "@tanstack/react-query";
import { createQueryOptions } from "@connectrpc/connect-query";
import { transport } from "../../lib/transport";
import { EventStatus, PlanningService } from "../../gen/eventkit/v1/planning_pb";
import { dayStart } from "../../lib/dates";
import { EVENT_LIST_STALE_MS, eventPageInput, type EventPageOptions } from "../../features/events/api/requests";
import { gearStates } from "../../features/events/routes/EventListScreen";

/**
 * The events list's first page, started by its route loader (see dashboard.ts); loaded on demand
 * with the list's code (it reads the list's gear filter from the screen).
 */
export interface EventListFilters {
  when?: "upcoming" | "past" | "all";
  status?: string;
  gear?: string;
  page?: string;
}

/** The events list's request for its URL filters (as EventListScreen asks for it). */
export function eventListOptions(f: EventListFilters): EventPageOptions {
  const when = f.when ?? "upcoming";
  const status = f.status ? EventStatus[f.status as keyof typeof EventStatus] : undefined;
  return {
    window:
      when === "upcoming"
        ? { start: dayStart(0), end: dayStart(366) }
        : when === "past"
          ? { start: dayStart(-366), end: dayStart(0) }
          : undefined,
    statuses: status !== undefined ? [status] : [],
    fulfilments: gearStates(f.gear),
    pageToken: f.page,
  };
}

export function prefetchEventList(queryClient: QueryClient, f: EventListFilters): void {
  void queryClient.prefetchQuery({
    ...createQueryOptions(PlanningService.method.listEvents, eventPageInput(eventListOptions(f)), { transport }),
    staleTime: EVENT_LIST_STALE_MS,
  });
}
