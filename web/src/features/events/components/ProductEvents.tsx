import { keepPreviousData } from "@tanstack/react-query";
import { useQuery } from "@connectrpc/connect-query";
import { Title } from "@mantine/core";
import { FormattedMessage } from "react-intl";
import { PlanningService } from "../../../gen/eventkit/v1/planning_pb";
import { QueryState } from "../../../components/QueryState";
import { dayStart, period } from "../../../lib/dates";
import { EventTable } from "./EventTable";

/**
 * The events that book a product (a line of it, a unit of it or a case holding it) from today
 * over the next `days`, by start: where the product's stock goes, one click from the timeline.
 */
export function ProductEvents({ productId, days = 90 }: { productId: string; days?: number }) {
  return (
    <BookingEvents
      filter={{ productId }}
      from={0}
      to={days}
      title={<FormattedMessage id="product.events" values={{ days }} />}
      empty={<FormattedMessage id="product.noEvents" />}
      testId="product-events"
    />
  );
}

/**
 * One unit's bookings (its own lines and the cases it travelled in), from `pastDays` ago to a year
 * ahead: the asset's booking history until scanning adds check-outs and check-ins.
 */
export function AssetEvents({ assetId, pastDays = 365 }: { assetId: string; pastDays?: number }) {
  return (
    <BookingEvents
      filter={{ assetId }}
      from={-pastDays}
      to={365}
      title={<FormattedMessage id="asset.bookings" />}
      empty={<FormattedMessage id="asset.noBookings" />}
      testId="asset-events"
    />
  );
}

function BookingEvents(props: {
  filter: { productId?: string; assetId?: string };
  from: number;
  to: number;
  title: React.ReactNode;
  empty: React.ReactNode;
  testId: string;
}) {
  const events = useQuery(
    PlanningService.method.listEvents,
    { ...props.filter, window: period(dayStart(props.from), dayStart(props.to)), page: { pageSize: 20 } },
    { placeholderData: keepPreviousData },
  );
  return (
    <>
      <Title order={3}>{props.title}</Title>
      <QueryState
        isPending={events.isPending}
        error={events.error}
        onRetry={() => void events.refetch()}
        isEmpty={(events.data?.events.length ?? 0) === 0}
        empty={props.empty}
      >
        <EventTable events={events.data?.events ?? []} testId={props.testId} />
      </QueryState>
    </>
  );
}
