import { Badge, Group, Table } from "@mantine/core";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { AnchorLink } from "../../../components/AnchorLink";
import { useIntl } from "react-intl";
import { FulfilmentState, type Event } from "../../../gen/eventkit/v1/planning_pb";
import { FulfilmentBadge } from "../../../components/FulfilmentBadge";
import { DateRange } from "../../../components/DateRange";
import { StatusBadge } from "./StatusBadge";
import { useFirstRows } from "../../../lib/firstRows";

/** Events as a dense table; the name links to the event (keyboard: Tab + Enter). */
/**
 * With `day`, events that start in it are marked as going out and those that end in it as coming
 * back (the dashboard's "what goes out and comes back").
 */
export function EventTable({
  events,
  testId = "event-table",
  day,
}: {
  events: Event[];
  testId?: string;
  day?: { start: Date; end: Date };
}) {
  const intl = useIntl();
  const rows = useFirstRows(events);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped highlightOnHover verticalSpacing={4} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{intl.formatMessage({ id: "events.name" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "events.when" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "events.status" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "events.fulfilment" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "events.client" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "events.venue" })}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>
                <AnchorLink to="/events/$eventId" params={{ eventId: e.id }} size="sm">
                  {e.name}
                </AnchorLink>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <DateRange start={e.period?.start} end={e.period?.end} />
                  {day && within(e.period?.start, day) && (
                    <Badge size="xs" color="indigo" variant="light" miw="max-content" data-movement="out">
                      {intl.formatMessage({ id: "dashboard.out" })}
                    </Badge>
                  )}
                  {day && within(e.period?.end, day) && (
                    <Badge size="xs" color="teal" variant="light" miw="max-content" data-movement="back">
                      {intl.formatMessage({ id: "dashboard.back" })}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={e.status} />
              </Table.Td>
              <Table.Td>
                {e.fulfilment > FulfilmentState.NOT_STARTED && <FulfilmentBadge state={e.fulfilment} />}
              </Table.Td>
              <Table.Td>{e.client?.companyName || e.clientName}</Table.Td>
              <Table.Td>{e.venue}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function within(t: Parameters<typeof timestampDate>[0] | undefined, day: { start: Date; end: Date }): boolean {
  if (!t) return false;
  const d = timestampDate(t);
  return d >= day.start && d < day.end;
}
