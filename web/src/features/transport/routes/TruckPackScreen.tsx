import { useState } from "react";
import { Alert, Badge, Button, Card, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { create } from "@bufbuild/protobuf";
import { VehicleLoadSchema, type LoadUnit, type Vehicle, type VehicleLoad } from "../../../gen/eventkit/v1/transport_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { useCan } from "../../../lib/session";
import { toastError } from "../../../lib/notify";
import { useLastOpen } from "../../../lib/dialog";
import { useLoadItem, useTruckPack, useUnloadItem, useVehicleOptions } from "../api/transport";
import { CapacityBar } from "../components/CapacityBar";
import { LoadListPreview } from "../components/LoadListPreview";
import { kg, m3 } from "../../../lib/units";

const route = getRouteApi("/_app/events/$eventId_/truck");

/**
 * An event's truck pack: its load units (what is still unplaced, per-unit weight and volume, a
 * badge where dimensions are missing) and one card per vehicle with weight and volume against
 * capacity, items longer than the load space flagged. Load a quantity onto the vehicle chosen
 * above the list, unload from a card, print a vehicle's load list.
 */
export function TruckPackScreen() {
  const intl = useIntl();
  const { eventId } = route.useParams();
  const pack = useTruckPack(eventId);
  const vehicles = useVehicleOptions();
  const canEdit = useCan(Permission.TRANSPORT_WRITE);
  const load = useLoadItem();
  const unload = useUnloadItem();
  const [target, setTarget] = useState<string | null>(null);
  const [qty, setQty] = useState<Record<string, number | string>>({});
  const [print, setPrint] = useState<Vehicle | null>(null);
  const printing = useLastOpen(print);
  const p = pack.data;
  const fleet = vehicles.data?.vehicles ?? [];
  const loads = p?.loads ?? [];
  // The chosen vehicle, else the first that already carries something, else the first in service.
  const targetId = target ?? loads[0]?.vehicle?.id ?? fleet[0]?.id ?? null;
  const targetVehicle = fleet.find((v) => v.id === targetId) ?? loads.find((l) => l.vehicle?.id === targetId)?.vehicle;
  // Cards: every vehicle carrying something, and the target even while it is empty.
  const cards: VehicleLoad[] = [...loads];
  if (targetVehicle && !loads.some((l) => l.vehicle?.id === targetVehicle.id)) {
    cards.push(create(VehicleLoadSchema, { vehicle: targetVehicle }));
  }
  const num = (n: number, digits = 1) => intl.formatNumber(n, { maximumFractionDigits: digits });
  const units = p?.units ?? [];

  const doLoad = (u: LoadUnit) => {
    if (!targetId) return;
    const q = Number(qty[u.bookingLineId] ?? u.unplaced);
    if (!Number.isInteger(q) || q < 1 || q > u.unplaced) {
      toastError(new Error(intl.formatMessage({ id: "transport.pack.badQuantity" }, { max: u.unplaced })));
      return;
    }
    load.mutate(
      { eventId, vehicleId: targetId, bookingLineId: u.bookingLineId, quantity: q },
      {
        // Back to its default: what is still unplaced.
        onSuccess: () =>
          setQty((o) => {
            const { [u.bookingLineId]: _, ...rest } = o;
            return rest;
          }),
        onError: toastError,
      },
    );
  };

  return (
    <Stack>
      <AnchorLink to="/events/$eventId" params={{ eventId }} size="sm">
        ← <FormattedMessage id="transport.pack.backToEvent" />
      </AnchorLink>
      <QueryState isPending={pack.isPending} error={pack.error} onRetry={() => void pack.refetch()}>
        {p && (
          <>
            <Group justify="space-between" align="start" wrap="wrap">
              <Stack gap={4}>
                <Title order={2} data-testid="pack-title">
                  <FormattedMessage id="transport.pack.title" values={{ name: p.eventName }} />
                </Title>
                <Text size="sm" data-testid="pack-totals">
                  <FormattedMessage
                    id="transport.pack.totals"
                    values={{ weight: num(kg(p.totalWeightGrams)), volume: num(m3(p.totalVolumeCm3), 2) }}
                  />
                </Text>
              </Stack>
              <Badge color={p.complete ? "green" : "yellow"} variant="light" size="lg" data-testid="pack-complete" data-complete={p.complete}>
                <FormattedMessage id={p.complete ? "transport.pack.complete" : "transport.pack.incomplete"} />
              </Badge>
            </Group>
            <Title order={3}>
              <FormattedMessage id="transport.pack.units" />
            </Title>
            {canEdit && (
              <Group align="end">
                <Select
                  label={intl.formatMessage({ id: "transport.pack.loadOnto" })}
                  w={320}
                  allowDeselect={false}
                  searchable
                  value={targetId}
                  onChange={setTarget}
                  data={fleet.map((v) => ({ value: v.id, label: v.registration ? `${v.name} · ${v.registration}` : v.name }))}
                  nothingFoundMessage={intl.formatMessage({ id: "transport.none" })}
                  data-testid="pack-target"
                />
                {fleet.length === 0 && !vehicles.isPending && (
                  <Text size="sm">
                    <FormattedMessage id="transport.pack.noVehicles" />{" "}
                    <AnchorLink to="/transport/vehicles">
                      <FormattedMessage id="transport.vehicles.title" />
                    </AnchorLink>
                  </Text>
                )}
              </Group>
            )}
            {units.length === 0 ? (
              <Text c="dimmed">
                <FormattedMessage id="transport.pack.noUnits" />
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={760}>
                <Table striped verticalSpacing={4} data-testid="pack-units">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>
                        <FormattedMessage id="transport.pack.unit" />
                      </Table.Th>
                      <Table.Th ta="end">
                        <FormattedMessage id="transport.pack.quantity" />
                      </Table.Th>
                      <Table.Th ta="end">
                        <FormattedMessage id="transport.pack.unplaced" />
                      </Table.Th>
                      <Table.Th ta="end">
                        <FormattedMessage id="transport.pack.unitWeight" />
                      </Table.Th>
                      <Table.Th ta="end">
                        <FormattedMessage id="transport.pack.unitVolume" />
                      </Table.Th>
                      {canEdit && (
                        <Table.Th>
                          <FormattedMessage id="transport.pack.load" />
                        </Table.Th>
                      )}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {units.map((u) => (
                      <Table.Tr key={u.bookingLineId} data-testid="pack-unit" data-line={u.bookingLineId} data-unplaced={u.unplaced}>
                        <Table.Td>
                          <Group gap="xs">
                            <Text size="sm">{u.label}</Text>
                            {u.dimensionsMissing && (
                              <Badge color="orange" variant="light" size="sm" data-testid="dimensions-missing">
                                <FormattedMessage id="transport.pack.dimensionsMissing" />
                              </Badge>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td ta="end">{u.quantity}</Table.Td>
                        <Table.Td ta="end" fw={u.unplaced > 0 ? 700 : undefined} data-testid="pack-unit-unplaced">
                          {u.unplaced}
                        </Table.Td>
                        <Table.Td ta="end">{u.unitWeightGrams ? `${num(kg(u.unitWeightGrams), 2)} kg` : "—"}</Table.Td>
                        <Table.Td ta="end">{u.unitVolumeCm3 ? `${num(m3(u.unitVolumeCm3), 3)} m³` : "—"}</Table.Td>
                        {canEdit && (
                          <Table.Td>
                            {u.unplaced > 0 && targetId && (
                              <Group gap={4} wrap="nowrap">
                                <NumberInput
                                  size="xs"
                                  w={80}
                                  min={1}
                                  max={u.unplaced}
                                  allowDecimal={false}
                                  allowNegative={false}
                                  value={qty[u.bookingLineId] ?? u.unplaced}
                                  onChange={(v) => setQty((o) => ({ ...o, [u.bookingLineId]: v }))}
                                  onKeyDown={(e) => {
                                    if (e.key === "Enter") {
                                      e.preventDefault();
                                      doLoad(u);
                                    }
                                  }}
                                  aria-label={intl.formatMessage({ id: "transport.pack.quantityOf" }, { label: u.label })}
                                  data-testid="pack-unit-qty"
                                />
                                <Button
                                  size="xs"
                                  onClick={() => doLoad(u)}
                                  loading={load.isPending && load.variables?.bookingLineId === u.bookingLineId}
                                  aria-label={intl.formatMessage({ id: "transport.pack.loadNamed" }, { label: u.label, vehicle: targetVehicle?.name ?? "" })}
                                  data-testid="pack-unit-load"
                                >
                                  <FormattedMessage id="transport.pack.load" />
                                </Button>
                              </Group>
                            )}
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
            <Title order={3}>
              <FormattedMessage id="transport.pack.vehicles" />
            </Title>
            {cards.length === 0 ? (
              <Text c="dimmed">
                <FormattedMessage id="transport.pack.nothingLoaded" />
              </Text>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                {cards.map((l) => (
                  <VehicleCard
                    key={l.vehicle?.id}
                    load={l}
                    canEdit={canEdit}
                    selected={l.vehicle?.id === targetId}
                    onUnload={(lineId, quantity) =>
                      unload.mutate({ eventId, vehicleId: l.vehicle!.id, bookingLineId: lineId, quantity }, { onError: toastError })
                    }
                    onPrint={() => l.vehicle && setPrint(l.vehicle)}
                    busy={unload.isPending}
                  />
                ))}
              </SimpleGrid>
            )}
          </>
        )}
      </QueryState>
      <Modal
        opened={print !== null}
        onClose={() => setPrint(null)}
        size="xl"
        title={intl.formatMessage({ id: "transport.pack.loadListOf" }, { name: printing?.name ?? "" })}
        closeButtonProps={{ "aria-label": intl.formatMessage({ id: "transport.close" }) }}
      >
        {print && <LoadListPreview eventId={eventId} vehicleId={print.id} />}
      </Modal>
    </Stack>
  );
}

function VehicleCard({
  load,
  canEdit,
  selected,
  onUnload,
  onPrint,
  busy,
}: {
  load: VehicleLoad;
  canEdit: boolean;
  selected: boolean;
  onUnload(lineId: string, quantity: number): void;
  onPrint(): void;
  busy: boolean;
}) {
  const intl = useIntl();
  const v = load.vehicle!;
  const num = (n: number, digits = 1) => intl.formatNumber(n, { maximumFractionDigits: digits });
  return (
    <Card withBorder padding="sm" data-testid="pack-vehicle" data-vehicle={v.name} style={selected ? { borderColor: "var(--mantine-color-blue-filled)", borderWidth: 2 } : undefined}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Stack gap={0}>
            <Text fw={700}>{v.name}</Text>
            <Text size="xs">
              {[v.registration, v.loadingLengthMm ? intl.formatMessage({ id: "transport.pack.loadingLength" }, { m: num(v.loadingLengthMm / 1000, 2) }) : ""]
                .filter(Boolean)
                .join(" · ")}
            </Text>
          </Stack>
          <Button size="xs" variant="default" onClick={onPrint} disabled={load.items.length === 0} data-testid="pack-print">
            <FormattedMessage id="transport.pack.print" />
          </Button>
        </Group>
        <CapacityBar kind="weight" used={load.weightGrams} capacity={v.payloadGrams} testId="capacity-weight" />
        <CapacityBar kind="volume" used={load.volumeCm3} capacity={v.volumeCm3} testId="capacity-volume" />
        {load.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            <FormattedMessage id="transport.pack.empty" />
          </Text>
        ) : (
          <Table verticalSpacing={2} fz="sm">
            <Table.Tbody>
              {load.items.map((it) => {
                const tooLong = load.tooLongLineIds.includes(it.bookingLineId);
                return (
                  <Table.Tr key={it.bookingLineId} data-testid="pack-item" data-line={it.bookingLineId}>
                    <Table.Td>
                      {/* The node's label carries the quantity ("2 × …"; a case or an asset is one). */}
                      <Text size="sm">{it.label}</Text>
                      {tooLong && (
                        <Badge color="red" variant="light" size="sm" data-testid="too-long">
                          <FormattedMessage id="transport.pack.tooLong" />
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td ta="end" style={{ whiteSpace: "nowrap" }}>
                      {num(kg(it.weightGrams))} kg
                    </Table.Td>
                    {canEdit && (
                      <Table.Td ta="end">
                        <Group gap={4} justify="end" wrap="nowrap">
                          {it.quantity > 1 && (
                            <Button
                              size="compact-xs"
                              variant="default"
                              disabled={busy}
                              onClick={() => onUnload(it.bookingLineId, 1)}
                            >
                              {/* The name starts with what shows (axe: label-content-name-mismatch). */}
                              −1
                              <VisuallyHidden>{intl.formatMessage({ id: "transport.pack.unloadOne" }, { label: it.label, vehicle: v.name })}</VisuallyHidden>
                            </Button>
                          )}
                          <Button
                            size="compact-xs"
                            variant="light"
                            color="red"
                            disabled={busy}
                            onClick={() => onUnload(it.bookingLineId, 0)}
                            aria-label={intl.formatMessage({ id: "transport.pack.unloadNamed" }, { label: it.label, vehicle: v.name })}
                            data-testid="pack-unload"
                          >
                            <FormattedMessage id="transport.pack.unload" />
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
        {(load.overWeight || load.overVolume) && (
          <Alert color="red" variant="light" p="xs" role="status">
            <FormattedMessage id="transport.pack.overAlert" />
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
