import { useState, type FormEvent, type ReactNode } from "react";
import { Button, Card, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import type { Asset, Location } from "../../../gen/eventkit/v1/inventory_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { toUiError, type UiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useCan } from "../../../lib/session";
import { useProduct } from "../api/products";
import { useAsset, useTransferStock } from "../api/inventory";
import { useAllLocations } from "../../../lib/locations";
import { AssetForm } from "../components/AssetForm";
import { AssetStatusBadge } from "../components/AssetStatusBadge";
import { FormError } from "../components/FormError";

const route = getRouteApi("/_app/inventory/assets/$assetId");

/**
 * One serialised unit: product, status, where it is and lives, its case and notes; edit and move it.
 * `extra` renders other features' sections about the unit (the route composes them: events' bookings,
 * scanning's trips, maintenance).
 */
export function AssetDetailScreen({ extra }: { extra?: (asset: Asset) => ReactNode } = {}) {
  const intl = useIntl();
  const { assetId } = route.useParams();
  const asset = useAsset(assetId);
  const a = asset.data;
  const product = useProduct(a?.productId ?? "");
  const locations = useAllLocations();
  const canEdit = useCan(Permission.INVENTORY_WRITE);
  const [editing, edit] = useDisclosure(false);
  const [moving, move] = useDisclosure(false);
  const where = (id: string) => {
    const l = locations.byId.get(id);
    return l ? `${l.code} · ${l.name}` : "—";
  };

  return (
    <Stack>
      {a && (
        <AnchorLink to="/inventory/products/$productId" params={{ productId: a.productId }} size="sm">
          ← {product.data?.name ?? intl.formatMessage({ id: "products.title" })}
        </AnchorLink>
      )}
      <QueryState isPending={asset.isPending} error={asset.error} onRetry={() => void asset.refetch()}>
        {a && (
          <>
            <Group justify="space-between" align="start">
              <Group>
                <Title order={2} data-testid="asset-title">
                  <FormattedMessage id="asset.title" values={{ barcode: a.barcode }} />
                </Title>
                <span data-testid="asset-status">
                  <AssetStatusBadge status={a.status} />
                </span>
              </Group>
              {canEdit && (
                <Group>
                  <Button variant="default" onClick={edit.open} data-testid="asset-edit">
                    <FormattedMessage id="form.edit" />
                  </Button>
                  <Button variant="light" onClick={move.open} data-testid="asset-move">
                    <FormattedMessage id="asset.move" />
                  </Button>
                </Group>
              )}
            </Group>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
              {(
                [
                  ["asset.product", product.data?.name ?? "…"],
                  ["asset.barcode", a.barcode],
                  ["asset.serial", a.serial],
                  ["asset.location", where(a.locationId)],
                  ["asset.home", where(a.homeLocationId)],
                  ["asset.case", a.caseBarcode],
                  ["asset.ref", a.ref],
                  ["asset.updated", a.updatedAt ? intl.formatDate(timestampDate(a.updatedAt), { dateStyle: "medium", timeStyle: "short" }) : ""],
                ] as const
              ).map(([label, value]) => (
                <Card withBorder padding="xs" key={label}>
                  <Text size="xs" c="dimmed">
                    <FormattedMessage id={label} />
                  </Text>
                  {label === "asset.case" && a.caseId ? (
                    <AnchorLink to="/inventory/cases/$caseId" params={{ caseId: a.caseId }} data-testid="asset-case">
                      {value}
                    </AnchorLink>
                  ) : (
                    <Text style={{ overflowWrap: "anywhere" }} data-field={label}>
                      {value || "—"}
                    </Text>
                  )}
                </Card>
              ))}
            </SimpleGrid>
            <Card withBorder padding="xs">
              <Text size="xs" c="dimmed">
                <FormattedMessage id="asset.notes" />
              </Text>
              <Text data-testid="asset-notes-text">{a.notes || "—"}</Text>
            </Card>
            {extra?.(a)}
            <Modal opened={editing} onClose={edit.close} title={intl.formatMessage({ id: "asset.edit.title" })}>
              <AssetForm
                productId={a.productId}
                asset={a}
                locations={locations.locations}
                onCancel={edit.close}
                onDone={() => {
                  edit.close();
                  toastInfo(intl.formatMessage({ id: "form.saved" }));
                }}
              />
            </Modal>
            <Modal opened={moving} onClose={move.close} title={intl.formatMessage({ id: "asset.move" })}>
              <MoveForm asset={a} locations={locations.locations} onDone={move.close} />
            </Modal>
          </>
        )}
      </QueryState>
    </Stack>
  );
}

/** Moves the asset from where it is to another location (TransferStock with one asset). */
function MoveForm({ asset, locations, onDone }: { asset: Asset; locations: Location[]; onDone(): void }) {
  const intl = useIntl();
  const transfer = useTransferStock();
  const [to, setTo] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<UiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await transfer.mutateAsync({ fromLocationId: asset.locationId, toLocationId: to, assetIds: [asset.id], note: note.trim() });
      toastInfo(intl.formatMessage({ id: "stock.transferred" }));
      onDone();
    } catch (err) {
      setError(toUiError(err, { to_location_id: "to", note: "note" }));
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid="asset-move-form">
      <Stack gap="sm">
        <FormError error={error} />
        <Select
          label={intl.formatMessage({ id: "stock.to" })}
          required
          searchable
          value={to || null}
          onChange={(x) => setTo(x ?? "")}
          data={locations.filter((l) => l.id !== asset.locationId).map((l) => ({ value: l.id, label: `${l.code} · ${l.name}` }))}
          error={error?.fields.to}
          data-testid="asset-move-to"
        />
        <TextInput label={intl.formatMessage({ id: "stock.note" })} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        <Group justify="end">
          <Button variant="default" onClick={onDone}>
            <FormattedMessage id="form.cancel" />
          </Button>
          <Button type="submit" loading={transfer.isPending} data-testid="asset-move-submit">
            <FormattedMessage id="asset.move" />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
