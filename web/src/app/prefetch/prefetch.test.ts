import { describe, expect, it } from "vitest";
import { QueryClient } from "@tanstack/react-query";
import { createConnectQueryKey } from "@connectrpc/connect-query";
import { EventStatus, FulfilmentState, PlanningService } from "../../gen/eventkit/v1/planning_pb";
import { dayStart } from "../../lib/dates";
import { eventPageInput } from "../../features/events/api/events";
import { transport } from "../../lib/transport";
import { dashboardDay, DASHBOARD_DAY_ROWS } from "./dashboard";
import { eventListOptions } from "./events";

describe("route prefetch requests", () => {
  it("the dashboard's day lists: that day, from midnight to midnight, 10 rows, without cancelled events and lost deals", () => {
    const d = dashboardDay(1);
    expect(d.window).toEqual({ start: dayStart(1), end: dayStart(2) });
    expect(d.pageSize).toBe(DASHBOARD_DAY_ROWS);
    expect(DASHBOARD_DAY_ROWS).toBe(10);
    expect(d.statuses).not.toContain(EventStatus.CANCELLED);
    expect(d.statuses).not.toContain(EventStatus.LOST);
    expect(d.statuses).toContain(EventStatus.ENQUIRY);
    expect(d.statuses).toContain(EventStatus.COMPLETED);
  });

  it("the events list's filters from the URL: upcoming by default, past, all, status, gear, page", () => {
    expect(eventListOptions({})).toEqual({
      window: { start: dayStart(0), end: dayStart(366) },
      statuses: [],
      fulfilments: [],
      pageToken: undefined,
    });
    expect(eventListOptions({ when: "past" }).window).toEqual({ start: dayStart(-366), end: dayStart(0) });
    expect(eventListOptions({ when: "all" }).window).toBeUndefined();
    expect(eventListOptions({ status: "CONFIRMED" }).statuses).toEqual([EventStatus.CONFIRMED]);
    expect(eventListOptions({ status: "NONSENSE" }).statuses).toEqual([]);
    expect(eventListOptions({ gear: "ANY_OUT" }).fulfilments).toEqual([
      FulfilmentState.PREPPING,
      FulfilmentState.OUT,
      FulfilmentState.RETURNING,
    ]);
    expect(eventListOptions({ page: "t2" }).pageToken).toBe("t2");
  });

  it("lands in the cache under the key the screen's hook reads", async () => {
    const { prefetchEventList } = await import("./events");
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    prefetchEventList(queryClient, { when: "all" });
    const key = createConnectQueryKey({
      schema: PlanningService.method.listEvents,
      input: eventPageInput({ window: undefined, statuses: [], fulfilments: [], pageToken: undefined }),
      transport,
      cardinality: "finite",
    });
    expect(queryClient.getQueryCache().find({ queryKey: key, exact: true })).toBeDefined();
    queryClient.clear();
  });
});
