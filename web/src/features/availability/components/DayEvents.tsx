import type { ReactNode } from "react";
import { Modal, Stack, Text } from "@mantine/core";
import { keepPreviousData, skipToken } from "@tanstack/react-query";
import { useQuery } from "@connectrpc/connect-query";
import { FormattedMessage, useIntl } from "react-intl";
import type { Product } from "../../../gen/eventkit/v1/inventory_pb";
import { PlanningService, type Event } from "../../../gen/eventkit/v1/planning_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { addDays, period } from "../../../lib/dates";

export interface DayCell {
  product: Product;
  day: Date;
  available: number;
}

/**
 * The ListEvents window whose events hold the product during `day`: a booking holds it for its
 * period widened by the product's turnaround buffers, so an event ending up to `buffer_after`
 * before the day, or starting up to `buffer_before` after it, still holds it then.
 */
export function holdingWindow(product: Pick<Product, "bufferBeforeSeconds" | "bufferAfterSeconds">, day: Date) {
  const start = new Date(day.getTime() - Number(product.bufferAfterSeconds) * 1000);
  const end = new Date(addDays(day, 1).getTime() + Number(product.bufferBeforeSeconds) * 1000);
  return { start, end };
}

/** How the events are shown: events' table, handed in by the route (features meet there). */
export type EventsSlot = (events: Event[], testId: string) => ReactNode;

/**
 * A timeline cell's drill-down: the events holding this product on this day (ListEvents by product
 * and window, any status, buffers included), each linked to its event, and the product itself.
 */
export function DayEvents({ cell, onClose, events: showEvents }: { cell: DayCell | null; onClose(): void; events: EventsSlot }) {
  const intl = useIntl();
  const events = useQuery(
    PlanningService.method.listEvents,
    cell
      ? (() => {
          const w = holdingWindow(cell.product, cell.day);
          return { productId: cell.product.id, window: period(w.start, w.end), page: { pageSize: 50 } };
        })()
      : skipToken,
    { placeholderData: keepPreviousData },
  );
  return (
    <Modal
      opened={!!cell}
      onClose={onClose}
      size="lg"
      closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
      title={cell ? intl.formatMessage({ id: "timeline.day.title" }, { product: cell.product.name, day: intl.formatDate(cell.day, { dateStyle: "full" }) }) : ""}
    >
      {cell && (
        <Stack gap="sm" data-testid="timeline-day">
          <Text size="sm">
            <FormattedMessage id="timeline.day.available" values={{ available: cell.available }} />
          </Text>
          <QueryState
            isPending={events.isPending}
            error={events.error}
            onRetry={() => void events.refetch()}
            isEmpty={(events.data?.events.length ?? 0) === 0}
            empty={<FormattedMessage id="timeline.day.none" />}
          >
            {showEvents(events.data?.events ?? [], "timeline-day-events")}
          </QueryState>
          {events.data?.page?.nextPageToken && (
            <Text size="sm" c="dimmed">
              <FormattedMessage id="timeline.day.more" />
            </Text>
          )}
          <AnchorLink to="/inventory/products/$productId" params={{ productId: cell.product.id }} size="sm" data-testid="timeline-day-product">
            <FormattedMessage id="timeline.day.product" values={{ product: cell.product.name }} />
          </AnchorLink>
        </Stack>
      )}
    </Modal>
  );
}
