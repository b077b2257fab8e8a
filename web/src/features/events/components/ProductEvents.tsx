import { keepPreviousData } from "@tanstack/react-query";
import { useQuery } from "@connectrpc/connect-query";
import { Title } from "@mantine/core";
import { FormattedMessage } from "react-intl";
import { PlanningService } from "../../../gen/eventkit/v1/planning_pb";
import { QueryState } from "../../../components/QueryState";
import { dayStart, period } from "../api/events";
import { EventTable } from "./EventTable";

/**
 * The events that book a product (a line of it, a unit of it or a case holding it) from today
 * over the next `days`, by start: where the product's stock goes, one click from the timeline.
 */
export function ProductEvents({ productId, days = 90 }: { productId: string; days?: number }) {
  const events = useQuery(
    PlanningService.method.listEvents,
    { productId, window: period(dayStart(0), dayStart(days)), page: { pageSize: 20 } },
    { placeholderData: keepPreviousData },
  );
  return (
    <>
      <Title order={3}>
        <FormattedMessage id="product.events" values={{ days }} />
      </Title>
      <QueryState
        isPending={events.isPending}
        error={events.error}
        onRetry={() => void events.refetch()}
        isEmpty={(events.data?.events.length ?? 0) === 0}
        empty={<FormattedMessage id="product.noEvents" />}
      >
        <EventTable events={events.data?.events ?? []} testId="product-events" />
      </QueryState>
    </>
  );
}
