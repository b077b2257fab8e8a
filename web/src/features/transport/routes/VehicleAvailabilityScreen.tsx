import { Badge, Button, Group, Loader, Stack, Table, Text, Title, Tooltip, VisuallyHidden } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { VehicleBusyKind } from "../../../gen/eventkit/v1/transport_pb";
import { QueryState } from "../../../components/QueryState";
import { Pager } from "../../../components/Pager";
import { addDays, dayStart, formatDay, parseDay } from "../../../lib/dates";
import { useVehicleAvailability } from "../api/transport";
import { TransportTabs } from "../components/TransportTabs";
import { blocksOnDay } from "../lib/grid";

const route = getRouteApi("/_app/transport/availability");
export const GRID_DAYS = 14;

/**
 * Vehicles × 14 days: each day shows the runs (blue) and maintenance (orange) that touch it,
 * labelled; prev/next move a week, "Today" comes back. The first day is in the URL.
 */
export function VehicleAvailabilityScreen() {
  const intl = useIntl();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const from = parseDay(search.from) ?? dayStart(0);
  const days = Array.from({ length: GRID_DAYS }, (_, i) => addDays(from, i));
  const grid = useVehicleAvailability(from, addDays(from, GRID_DAYS), search.page);
  const rows = grid.data?.rows ?? [];
  const go = (d: Date | undefined) => void navigate({ search: (s) => ({ ...s, from: d ? formatDay(d) : undefined, page: undefined }) });
  const today = formatDay(dayStart(0));

  return (
    <Stack>
      <TransportTabs active="availability" />
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>
          <FormattedMessage id="transport.grid.title" />
        </Title>
        <Group gap="xs">
          {grid.isFetching && !grid.isPending && <Loader size="xs" aria-label={intl.formatMessage({ id: "transport.refreshing" })} />}
          <Button variant="default" size="xs" onClick={() => go(addDays(from, -7))} data-testid="grid-prev">
            <FormattedMessage id="transport.grid.prev" />
          </Button>
          <Button variant="default" size="xs" onClick={() => go(undefined)} data-testid="grid-today">
            <FormattedMessage id="transport.grid.today" />
          </Button>
          <Button variant="default" size="xs" onClick={() => go(addDays(from, 7))} data-testid="grid-next">
            <FormattedMessage id="transport.grid.next" />
          </Button>
        </Group>
      </Group>
      <Group gap="xs">
        <Badge color="blue" variant="light">
          <FormattedMessage id="transport.grid.run" />
        </Badge>
        <Badge color="orange" variant="light">
          <FormattedMessage id="transport.grid.maintenance" />
        </Badge>
      </Group>
      <QueryState isPending={grid.isPending} error={grid.error} onRetry={() => void grid.refetch()} isEmpty={rows.length === 0} empty={<FormattedMessage id="transport.vehicles.empty" />}>
        <Table.ScrollContainer minWidth={1100}>
          <Table withColumnBorders withTableBorder verticalSpacing={2} horizontalSpacing={4} data-testid="vehicle-grid" style={{ tableLayout: "fixed" }}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={180}>
                  <FormattedMessage id="transport.vehicle.name" />
                </Table.Th>
                {days.map((d) => (
                  <Table.Th key={d.toISOString()} ta="center" fz="xs" bg={formatDay(d) === today ? "var(--mantine-color-blue-light)" : undefined}>
                    {intl.formatDate(d, { weekday: "short", day: "numeric", month: "short" })}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.vehicle?.id} data-testid="grid-row" data-vehicle={r.vehicle?.name}>
                  <Table.Th scope="row" fz="sm">
                    {r.vehicle?.name}
                    {r.vehicle?.registration && (
                      <Text span size="xs" c="dimmed" ms={4}>
                        {r.vehicle.registration}
                      </Text>
                    )}
                  </Table.Th>
                  {days.map((d) => {
                    const on = blocksOnDay(r.busy, d);
                    return (
                      <Table.Td key={d.toISOString()} p={2} style={{ verticalAlign: "top" }}>
                        <Stack gap={2}>
                          {on.map((b) => {
                            const run = b.kind === VehicleBusyKind.DISPATCH;
                            const kind = intl.formatMessage({ id: run ? "transport.grid.run" : "transport.grid.maintenance" });
                            return (
                              <Tooltip key={b.id} label={`${kind}: ${b.label}`} openDelay={200}>
                                <Badge
                                  color={run ? "blue" : "orange"}
                                  variant="light"
                                  radius="sm"
                                  size="xs"
                                  fullWidth
                                  tabIndex={0}
                                  data-testid={run ? "grid-run" : "grid-maintenance"}
                                  style={{ textTransform: "none" }}
                                >
                                  <VisuallyHidden>{kind}: </VisuallyHidden>
                                  {b.label}
                                </Badge>
                              </Tooltip>
                            );
                          })}
                        </Stack>
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Pager page={search.page} next={grid.data?.page?.nextPageToken || undefined} onPage={(t) => void navigate({ search: (s) => ({ ...s, page: t }) })} />
      </QueryState>
    </Stack>
  );
}
