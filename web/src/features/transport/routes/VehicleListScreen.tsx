import { useState } from "react";
import { Badge, Button, Checkbox, Group, Loader, Modal, Stack, Table, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import type { Vehicle } from "../../../gen/eventkit/v1/transport_pb";
import { ListSearch } from "../../../components/ListSearch";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";
import { useAllLocations } from "../../../lib/locations";
import { useCan } from "../../../lib/session";
import { useShortcut } from "../../../lib/shortcuts";
import { useLastOpen } from "../../../lib/dialog";
import { toastInfo } from "../../../lib/notify";
import { useVehicles } from "../api/transport";
import { VehicleForm } from "../components/VehicleForm";
import { MaintenancePanel } from "../components/MaintenancePanel";
import { TransportTabs } from "../components/TransportTabs";
import { kg, m3 } from "../../../lib/units";

const route = getRouteApi("/_app/transport/vehicles");

type Dialog = { kind: "new" } | { kind: "edit"; vehicle: Vehicle } | { kind: "maintenance"; vehicle: Vehicle };

/** The fleet by name: search (name or registration), retired ones on request; filters in the URL. */
export function VehicleListScreen() {
  const intl = useIntl();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const canEdit = useCan(Permission.TRANSPORT_WRITE);
  const list = useVehicles({ q: search.q, retired: search.retired, page: search.page });
  const locations = useAllLocations();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const shown = useLastOpen(dialog);
  useShortcut("/", () => document.querySelector<HTMLInputElement>('[data-testid="vehicle-search"]')?.focus());
  useShortcut("n", () => setDialog({ kind: "new" }), canEdit);
  const rows = list.data?.vehicles ?? [];
  const num = (n: number, digits = 1) => intl.formatNumber(n, { maximumFractionDigits: digits });
  const close = () => setDialog(null);

  return (
    <Stack>
      <TransportTabs active="vehicles" />
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="transport.vehicles.title" />
        </Title>
        <Group>
          {list.isFetching && !list.isPending && <Loader size="xs" aria-label={intl.formatMessage({ id: "transport.refreshing" })} />}
          {canEdit && (
            <Button onClick={() => setDialog({ kind: "new" })} data-testid="vehicle-new">
              <FormattedMessage id="transport.vehicle.new" />
            </Button>
          )}
        </Group>
      </Group>
      <Group align="center" wrap="wrap">
        <ListSearch
          q={search.q}
          onQuery={(q) => void navigate({ search: (s) => ({ ...s, q, page: undefined }) })}
          label={intl.formatMessage({ id: "transport.vehicles.search" })}
          testId="vehicle-search"
        />
        <Checkbox
          label={intl.formatMessage({ id: "transport.vehicles.includeRetired" })}
          checked={!!search.retired}
          onChange={(e) => {
            const retired = e.currentTarget.checked || undefined;
            void navigate({ search: (s) => ({ ...s, retired, page: undefined }) });
          }}
          data-testid="vehicle-include-retired"
        />
      </Group>
      <QueryState
        isPending={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        isEmpty={rows.length === 0}
        empty={<FormattedMessage id={search.q ? "transport.vehicles.none" : "transport.vehicles.empty"} />}
      >
        <Table.ScrollContainer minWidth={820}>
          <Table striped highlightOnHover verticalSpacing={4} data-testid="vehicle-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>
                  <FormattedMessage id="transport.vehicle.name" />
                </Table.Th>
                <Table.Th>
                  <FormattedMessage id="transport.vehicle.registration" />
                </Table.Th>
                <Table.Th ta="end">
                  <FormattedMessage id="transport.vehicle.payloadKg" />
                </Table.Th>
                <Table.Th ta="end">
                  <FormattedMessage id="transport.vehicle.volumeM3" />
                </Table.Th>
                <Table.Th ta="end">
                  <FormattedMessage id="transport.vehicle.lengthM" />
                </Table.Th>
                <Table.Th>
                  <FormattedMessage id="transport.vehicle.qualification" />
                </Table.Th>
                <Table.Th>
                  <FormattedMessage id="transport.vehicle.home" />
                </Table.Th>
                <Table.Th>
                  <FormattedMessage id="transport.actions" />
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((v) => {
                const home = locations.byId.get(v.homeLocationId);
                return (
                  <Table.Tr key={v.id} data-testid="vehicle-row" data-vehicle={v.name}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Text size="sm" fw={600}>
                          {v.name}
                        </Text>
                        {v.retired && (
                          <Badge color="gray" variant="light" size="sm">
                            <FormattedMessage id="transport.vehicle.retired" />
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{v.registration || "—"}</Table.Td>
                    <Table.Td ta="end">{num(kg(v.payloadGrams))}</Table.Td>
                    <Table.Td ta="end">{num(m3(v.volumeCm3), 2)}</Table.Td>
                    <Table.Td ta="end">{v.loadingLengthMm ? num(v.loadingLengthMm / 1000, 2) : "—"}</Table.Td>
                    <Table.Td>{v.requiredQualification || "—"}</Table.Td>
                    <Table.Td>{home ? `${home.code} · ${home.name}` : "—"}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        {canEdit && (
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => setDialog({ kind: "edit", vehicle: v })}
                            aria-label={intl.formatMessage({ id: "transport.vehicle.editNamed" }, { name: v.name })}
                            data-testid="vehicle-edit"
                          >
                            <FormattedMessage id="transport.edit" />
                          </Button>
                        )}
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setDialog({ kind: "maintenance", vehicle: v })}
                          aria-label={intl.formatMessage({ id: "transport.maintenance.named" }, { name: v.name })}
                          data-testid="vehicle-maintenance"
                        >
                          <FormattedMessage id="transport.maintenance.title" />
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Pager page={search.page} next={list.data?.page?.nextPageToken || undefined} onPage={(t) => void navigate({ search: (s) => ({ ...s, page: t }) })} />
      </QueryState>
      <Modal
        opened={dialog?.kind === "new" || dialog?.kind === "edit"}
        onClose={close}
        size="lg"
        title={intl.formatMessage({ id: shown?.kind === "edit" ? "transport.vehicle.edit" : "transport.vehicle.new" })}
        closeButtonProps={{ "aria-label": intl.formatMessage({ id: "transport.close" }) }}
      >
        {(dialog?.kind === "new" || dialog?.kind === "edit") && (
          <VehicleForm
            vehicle={dialog.kind === "edit" ? dialog.vehicle : undefined}
            onCancel={close}
            onDone={(v) => {
              close();
              toastInfo(intl.formatMessage({ id: "transport.vehicle.saved" }, { name: v.name }));
            }}
          />
        )}
      </Modal>
      <Modal
        opened={dialog?.kind === "maintenance"}
        onClose={close}
        size="lg"
        title={shown?.kind === "maintenance" ? intl.formatMessage({ id: "transport.maintenance.named" }, { name: shown.vehicle.name }) : ""}
        closeButtonProps={{ "aria-label": intl.formatMessage({ id: "transport.close" }) }}
      >
        {dialog?.kind === "maintenance" && <MaintenancePanel vehicle={dialog.vehicle} canEdit={canEdit} />}
      </Modal>
    </Stack>
  );
}
