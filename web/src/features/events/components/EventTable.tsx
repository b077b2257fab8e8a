import { Table } from "@mantine/core";
import { AnchorLink } from "../../../components/AnchorLink";
import { useIntl } from "react-intl";
import type { Event } from "../../../gen/eventkit/v1/planning_pb";
import { DateRange } from "../../../components/DateRange";
import { StatusBadge } from "./StatusBadge";

/** Events as a dense table; the name links to the event (keyboard: Tab + Enter). */
export function EventTable({ events, testId = "event-table" }: { events: Event[]; testId?: string }) {
  const intl = useIntl();
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped highlightOnHover verticalSpacing={4} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{intl.formatMessage({ id: "events.name" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "events.when" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "events.status" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "events.client" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "events.venue" })}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>
                <AnchorLink to="/events/$eventId" params={{ eventId: e.id }} size="sm">
                  {e.name}
                </AnchorLink>
              </Table.Td>
              <Table.Td>
                <DateRange start={e.period?.start} end={e.period?.end} />
              </Table.Td>
              <Table.Td>
                <StatusBadge status={e.status} />
              </Table.Td>
              <Table.Td>{e.clientName}</Table.Td>
              <Table.Td>{e.venue}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
