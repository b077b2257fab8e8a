import { useState, type FormEvent } from "react";
import { Button, Group, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { FormattedMessage, useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Location } from "../../../gen/eventkit/v1/inventory_pb";
import { QueryState } from "../../../components/QueryState";
import { Pager } from "../../../components/Pager";
import { toUiError, type UiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useAdjustStock, useStockAdjustments, useStockLevels, useTransferStock } from "../api/inventory";
import { FormError } from "./FormError";

const ADJUST_FIELDS = { location_id: "locationId", delta: "delta", reason: "reason", note: "note" };
const TRANSFER_FIELDS = {
  from_location_id: "from",
  to_location_id: "to",
  bulk: "quantity",
  "bulk[0].quantity": "quantity",
  note: "note",
};

function locationOptions(locations: Location[]) {
  return locations.map((l) => ({ value: l.id, label: `${l.code} · ${l.name}` }));
}

/** A bulk product's stock: quantity per location, adjust and transfer, and the adjustments history. */
export function StockPanel({ productId, locations, canEdit }: { productId: string; locations: Location[]; canEdit: boolean }) {
  const intl = useIntl();
  const levels = useStockLevels(productId);
  const [historyPage, setHistoryPage] = useState<string | undefined>();
  const history = useStockAdjustments(productId, historyPage);
  const [adjusting, adjust] = useDisclosure(false);
  const [moving, move] = useDisclosure(false);
  const name = (id: string) => {
    const l = locations.find((x) => x.id === id);
    return l ? `${l.code} · ${l.name}` : id.slice(0, 8);
  };

  return (
    <Stack data-testid="stock-panel">
      <Group justify="space-between">
        <Title order={3}>
          <FormattedMessage id="stock.title" />
        </Title>
        {canEdit && (
          <Group>
            <Button variant="light" onClick={adjust.open} data-testid="stock-adjust-open">
              <FormattedMessage id="stock.adjust" />
            </Button>
            <Button variant="light" onClick={move.open} data-testid="stock-transfer-open">
              <FormattedMessage id="stock.transfer" />
            </Button>
          </Group>
        )}
      </Group>
      <QueryState
        isPending={levels.isPending}
        error={levels.error}
        onRetry={() => void levels.refetch()}
        isEmpty={levels.data?.levels.length === 0}
        empty={<FormattedMessage id="stock.none" />}
      >
        <Table verticalSpacing={4} data-testid="stock-levels">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{intl.formatMessage({ id: "stock.location" })}</Table.Th>
              <Table.Th ta="end">{intl.formatMessage({ id: "stock.quantity" })}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(levels.data?.levels ?? []).map((l) => (
              <Table.Tr key={l.locationId} data-location={l.locationId}>
                <Table.Td>{name(l.locationId)}</Table.Td>
                <Table.Td ta="end" data-testid="stock-quantity">
                  {intl.formatNumber(l.quantity)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th>{intl.formatMessage({ id: "stock.total" })}</Table.Th>
              <Table.Th ta="end" data-testid="stock-total">
                {intl.formatNumber(levels.data?.total ?? 0)}
              </Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </QueryState>
      <Title order={4}>
        <FormattedMessage id="stock.history" />
      </Title>
      <QueryState
        isPending={history.isPending}
        error={history.error}
        onRetry={() => void history.refetch()}
        isEmpty={history.data?.adjustments.length === 0}
        empty={<FormattedMessage id="stock.noHistory" />}
      >
        <Table.ScrollContainer minWidth={560}>
          <Table striped verticalSpacing={4} data-testid="stock-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{intl.formatMessage({ id: "stock.when" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "stock.location" })}</Table.Th>
                <Table.Th ta="end">{intl.formatMessage({ id: "stock.delta" })}</Table.Th>
                <Table.Th ta="end">{intl.formatMessage({ id: "stock.after" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "stock.reason" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "stock.actor" })}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(history.data?.adjustments ?? []).map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    {a.createdAt ? intl.formatDate(timestampDate(a.createdAt), { dateStyle: "medium", timeStyle: "short" }) : "—"}
                  </Table.Td>
                  <Table.Td>{name(a.locationId)}</Table.Td>
                  <Table.Td ta="end" c={a.delta < 0 ? "red" : "green"}>
                    {a.delta > 0 ? "+" : ""}
                    {intl.formatNumber(a.delta)}
                  </Table.Td>
                  <Table.Td ta="end">{intl.formatNumber(a.quantityAfter)}</Table.Td>
                  <Table.Td>
                    {a.transferId ? intl.formatMessage({ id: "stock.transferReason" }) : a.reason}
                    {a.note && (
                      <Text span c="dimmed" size="sm">
                        {" "}
                        · {a.note}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{a.actor}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </QueryState>
      <Pager page={historyPage} next={history.data?.page?.nextPageToken} onPage={setHistoryPage} />
      <Modal opened={adjusting} onClose={adjust.close} title={intl.formatMessage({ id: "stock.adjust" })}>
        <AdjustForm productId={productId} locations={locations} onDone={adjust.close} />
      </Modal>
      <Modal opened={moving} onClose={move.close} title={intl.formatMessage({ id: "stock.transfer" })}>
        <TransferForm productId={productId} locations={locations} onDone={move.close} />
      </Modal>
    </Stack>
  );
}

function AdjustForm({ productId, locations, onDone }: { productId: string; locations: Location[]; onDone(): void }) {
  const intl = useIntl();
  const adjust = useAdjustStock();
  const [v, setV] = useState({ locationId: "", delta: "", reason: "", note: "" });
  const [error, setError] = useState<UiError | null>(null);
  const set = (k: keyof typeof v) => (value: string) => {
    setV((old) => ({ ...old, [k]: value }));
    if (error?.fields[k]) setError({ ...error, fields: { ...error.fields, [k]: "" } });
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const delta = Number(v.delta);
    if (!Number.isInteger(delta)) {
      setError({ fields: { delta: intl.formatMessage({ id: "form.integer" }) }, message: "", code: 3 });
      return;
    }
    try {
      const r = await adjust.mutateAsync({ productId, locationId: v.locationId, delta, reason: v.reason.trim(), note: v.note.trim() });
      toastInfo(intl.formatMessage({ id: "stock.adjusted" }, { after: r.adjustment?.quantityAfter ?? 0 }));
      onDone();
    } catch (err) {
      setError(toUiError(err, ADJUST_FIELDS));
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid="stock-adjust-form">
      <Stack gap="sm">
        <FormError error={error} />
        <Select
          label={intl.formatMessage({ id: "stock.location" })}
          required
          searchable
          value={v.locationId || null}
          onChange={(x) => set("locationId")(x ?? "")}
          data={locationOptions(locations)}
          error={error?.fields.locationId}
          data-testid="stock-adjust-location"
        />
        <TextInput label={intl.formatMessage({ id: "stock.delta" })} description={intl.formatMessage({ id: "stock.deltaHint" })} required inputMode="numeric" value={v.delta} onChange={(e) => set("delta")(e.currentTarget.value)} error={error?.fields.delta} data-testid="stock-adjust-delta" />
        <TextInput label={intl.formatMessage({ id: "stock.reason" })} required value={v.reason} onChange={(e) => set("reason")(e.currentTarget.value)} error={error?.fields.reason} data-testid="stock-adjust-reason" />
        <TextInput label={intl.formatMessage({ id: "stock.note" })} value={v.note} onChange={(e) => set("note")(e.currentTarget.value)} error={error?.fields.note} />
        <Group justify="end">
          <Button variant="default" onClick={onDone}>
            <FormattedMessage id="form.cancel" />
          </Button>
          <Button type="submit" loading={adjust.isPending} data-testid="stock-adjust-submit">
            <FormattedMessage id="stock.adjust" />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TransferForm({ productId, locations, onDone }: { productId: string; locations: Location[]; onDone(): void }) {
  const intl = useIntl();
  const transfer = useTransferStock();
  const [v, setV] = useState({ from: "", to: "", quantity: "", note: "" });
  const [error, setError] = useState<UiError | null>(null);
  const set = (k: keyof typeof v) => (value: string) => {
    setV((old) => ({ ...old, [k]: value }));
    if (error?.fields[k]) setError({ ...error, fields: { ...error.fields, [k]: "" } });
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const quantity = Number(v.quantity);
    if (!Number.isInteger(quantity) || quantity <= 0) {
      setError({ fields: { quantity: intl.formatMessage({ id: "form.positive" }) }, message: "", code: 3 });
      return;
    }
    try {
      await transfer.mutateAsync({ fromLocationId: v.from, toLocationId: v.to, bulk: [{ productId, quantity }], note: v.note.trim() });
      toastInfo(intl.formatMessage({ id: "stock.transferred" }));
      onDone();
    } catch (err) {
      setError(toUiError(err, TRANSFER_FIELDS));
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid="stock-transfer-form">
      <Stack gap="sm">
        <FormError error={error} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Select label={intl.formatMessage({ id: "stock.from" })} required searchable value={v.from || null} onChange={(x) => set("from")(x ?? "")} data={locationOptions(locations)} error={error?.fields.from} data-testid="stock-transfer-from" />
          <Select label={intl.formatMessage({ id: "stock.to" })} required searchable value={v.to || null} onChange={(x) => set("to")(x ?? "")} data={locationOptions(locations)} error={error?.fields.to} data-testid="stock-transfer-to" />
        </SimpleGrid>
        <TextInput label={intl.formatMessage({ id: "stock.quantity" })} required inputMode="numeric" value={v.quantity} onChange={(e) => set("quantity")(e.currentTarget.value)} error={error?.fields.quantity} data-testid="stock-transfer-quantity" />
        <TextInput label={intl.formatMessage({ id: "stock.note" })} value={v.note} onChange={(e) => set("note")(e.currentTarget.value)} error={error?.fields.note} />
        <Group justify="end">
          <Button variant="default" onClick={onDone}>
            <FormattedMessage id="form.cancel" />
          </Button>
          <Button type="submit" loading={transfer.isPending} data-testid="stock-transfer-submit">
            <FormattedMessage id="stock.transfer" />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
