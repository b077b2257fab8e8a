import { Group, Loader, MultiSelect, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { DispatchStatus, StopKind } from "../../../gen/eventkit/v1/transport_pb";
import { ButtonLink } from "../../../components/ButtonLink";
import { AnchorLink } from "../../../components/AnchorLink";
import { DateRange } from "../../../components/DateRange";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";
import { addDays, dayStart, formatDay, parseDay } from "../../../lib/dates";
import { useCan } from "../../../lib/session";
import { useShortcut } from "../../../lib/shortcuts";
import { useCrewAll, useRuns, useVehicleOptions } from "../api/transport";
import { DISPATCH_STATUSES, DispatchStatusBadge, statusName } from "../components/DispatchStatusBadge";
import { TransportTabs } from "../components/TransportTabs";

const route = getRouteApi("/_app/transport/runs/");

/** Default window: a week back to a month ahead. */
export const RUNS_BACK_DAYS = 7;
export const RUNS_AHEAD_DAYS = 30;

/** Dispatch runs by departure in a window, filtered by vehicle, driver and status; all in the URL. */
export function RunListScreen() {
  const intl = useIntl();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const go = useNavigate();
  const canEdit = useCan(Permission.TRANSPORT_WRITE);
  const canReadCrew = useCan(Permission.CREW_READ);
  const from = parseDay(search.from) ?? dayStart(-RUNS_BACK_DAYS);
  const to = parseDay(search.to) ?? addDays(from, RUNS_BACK_DAYS + RUNS_AHEAD_DAYS);
  const statuses = (search.status ?? "")
    .split(",")
    .map((s) => DispatchStatus[s as keyof typeof DispatchStatus])
    .filter((s): s is DispatchStatus => DISPATCH_STATUSES.includes(s as never));
  const runs = useRuns({ start: from, end: addDays(to, 1), vehicleId: search.vehicle, driverId: search.driver, statuses, page: search.page });
  const vehicles = useVehicleOptions(true);
  useShortcut("n", () => void go({ to: "/transport/runs/new" }), canEdit);
  const rows = runs.data?.runs ?? [];
  const setSearch = (patch: Record<string, string | undefined>) => void navigate({ search: (s) => ({ ...s, ...patch, page: undefined }) });

  return (
    <Stack>
      <TransportTabs active="runs" />
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="transport.runs.title" />
        </Title>
        <Group>
          {runs.isFetching && !runs.isPending && <Loader size="xs" aria-label={intl.formatMessage({ id: "transport.refreshing" })} />}
          {canEdit && (
            <ButtonLink to="/transport/runs/new" data-testid="run-new">
              <FormattedMessage id="transport.run.new" />
            </ButtonLink>
          )}
        </Group>
      </Group>
      <Group align="end" wrap="wrap">
        <TextInput type="date" label={intl.formatMessage({ id: "transport.from" })} value={formatDay(from)} onChange={(e) => setSearch({ from: e.currentTarget.value || undefined })} data-testid="runs-from" />
        <TextInput type="date" label={intl.formatMessage({ id: "transport.to" })} value={formatDay(to)} onChange={(e) => setSearch({ to: e.currentTarget.value || undefined })} data-testid="runs-to" />
        <Select
          label={intl.formatMessage({ id: "transport.run.vehicle" })}
          placeholder={intl.formatMessage({ id: "transport.any" })}
          clearable
          searchable
          w={220}
          value={search.vehicle ?? null}
          onChange={(v) => setSearch({ vehicle: v ?? undefined })}
          data={(vehicles.data?.vehicles ?? []).map((v) => ({ value: v.id, label: v.name }))}
          data-testid="runs-vehicle"
        />
        {canReadCrew && <DriverFilter value={search.driver} onChange={(driver) => setSearch({ driver })} />}
        <MultiSelect
          label={intl.formatMessage({ id: "transport.run.status" })}
          placeholder={statuses.length ? undefined : intl.formatMessage({ id: "transport.any" })}
          clearable
          w={300}
          value={statuses.map(statusName)}
          onChange={(v) => setSearch({ status: v.join(",") || undefined })}
          data={DISPATCH_STATUSES.map((s) => ({ value: statusName(s), label: intl.formatMessage({ id: `transport.run.status.${statusName(s)}` }) }))}
          data-testid="runs-status"
        />
      </Group>
      <QueryState isPending={runs.isPending} error={runs.error} onRetry={() => void runs.refetch()} isEmpty={rows.length === 0} empty={<FormattedMessage id="transport.runs.empty" />}>
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover verticalSpacing={4} data-testid="run-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>
                  <FormattedMessage id="transport.run.reference" />
                </Table.Th>
                <Table.Th>
                  <FormattedMessage id="transport.run.when" />
                </Table.Th>
                <Table.Th>
                  <FormattedMessage id="transport.run.vehicle" />
                </Table.Th>
                <Table.Th>
                  <FormattedMessage id="transport.run.driver" />
                </Table.Th>
                <Table.Th>
                  <FormattedMessage id="transport.run.event" />
                </Table.Th>
                <Table.Th>
                  <FormattedMessage id="transport.run.stops" />
                </Table.Th>
                <Table.Th>
                  <FormattedMessage id="transport.run.status" />
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id} data-testid="run-row" data-run={r.reference}>
                  <Table.Td>
                    <AnchorLink to="/transport/runs/$runId" params={{ runId: r.id }} fw={600}>
                      {r.reference}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>
                    <DateRange start={r.period?.start} end={r.period?.end} />
                  </Table.Td>
                  <Table.Td>{r.vehicleName}</Table.Td>
                  <Table.Td>{r.driverName || <Text span size="sm" c="dimmed"><FormattedMessage id="transport.run.noDriver" /></Text>}</Table.Td>
                  <Table.Td>{r.eventName || "—"}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={1} title={r.stops.map((s) => s.name).join(" → ")}>
                      {r.stops.map((s) => s.name || intl.formatMessage({ id: `transport.stop.kind.${StopKind[s.kind]}` })).join(" → ")}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <DispatchStatusBadge status={r.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Pager page={search.page} next={runs.data?.page?.nextPageToken || undefined} onPage={(t) => void navigate({ search: (s) => ({ ...s, page: t }) })} />
      </QueryState>
    </Stack>
  );
}

function DriverFilter({ value, onChange }: { value?: string; onChange(v: string | undefined): void }) {
  const intl = useIntl();
  const crew = useCrewAll();
  return (
    <Select
      label={intl.formatMessage({ id: "transport.run.driver" })}
      placeholder={intl.formatMessage({ id: "transport.any" })}
      clearable
      searchable
      w={220}
      value={value ?? null}
      onChange={(v) => onChange(v ?? undefined)}
      data={(crew.data?.members ?? []).map((m) => ({ value: m.id, label: m.name }))}
      data-testid="runs-driver"
    />
  );
}
