import { useState, type ReactNode } from "react";
import { Alert, Button, Card, Group, Modal, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { Tracking, type Product } from "../../../gen/eventkit/v1/inventory_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { formatMoney } from "../../../lib/money";
import { toastInfo } from "../../../lib/notify";
import { useCan } from "../../../lib/session";
import { useAvailabilityTimeline, useProduct } from "../api/products";
import { useDeleteProduct } from "../api/inventory";
import { useAllLocations } from "../../../lib/locations";
import { AvailabilityStrip, toDays } from "../components/AvailabilityStrip";
import { AssetList } from "../components/AssetList";
import { ProductForm } from "../components/ProductForm";
import { StockPanel } from "../components/StockPanel";
import { formatDimensionsCm } from "../../../lib/units";

const route = getRouteApi("/_app/inventory/products/$productId");
const DAYS = 30;

function today(): Date {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d;
}

/**
 * A product: what it is and costs, how many are free each day of the next 30, and its units:
 * assets (serialised) or stock per location with its history (bulk). Edit and delete with
 * INVENTORY_WRITE. Other features' sections about the product are slots the route fills (features
 * meet there, not in each other): `events` below the availability strip (events' bookings of the
 * product), `extra` at the end (maintenance's inspection interval, sub-hire's partner availability).
 */
export function ProductDetailScreen({
  events,
  extra,
}: { events?: (product: Product) => ReactNode; extra?: (product: Product) => ReactNode } = {}) {
  const intl = useIntl();
  const { productId } = route.useParams();
  const go = useNavigate();
  const product = useProduct(productId);
  const locations = useAllLocations();
  const canEdit = useCan(Permission.INVENTORY_WRITE);
  const [editing, edit] = useDisclosure(false);
  const [deleting, del] = useDisclosure(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const remove = useDeleteProduct();
  const from = today();
  const until = new Date(from);
  until.setDate(until.getDate() + DAYS);
  const timeline = useAvailabilityTimeline(productId, from, until);
  const p = product.data;

  const confirmDelete = async () => {
    setDeleteError(null);
    try {
      await remove.mutateAsync({ id: productId });
      del.close();
      toastInfo(intl.formatMessage({ id: "product.deleted" }, { name: p?.name ?? "" }));
      void go({ to: "/inventory/products" });
    } catch (err) {
      setDeleteError(toUiError(err).message);
    }
  };

  return (
    <Stack>
      <AnchorLink to="/inventory/products" size="sm">
        ← <FormattedMessage id="products.title" />
      </AnchorLink>
      <QueryState isPending={product.isPending} error={product.error} onRetry={() => void product.refetch()}>
        {p && (
          <>
            <Group justify="space-between" align="start">
              <Title order={2} data-testid="product-name">
                {p.name}
              </Title>
              {canEdit && (
                <Group>
                  <Button variant="default" onClick={edit.open} data-testid="product-edit">
                    <FormattedMessage id="form.edit" />
                  </Button>
                  <Button variant="light" color="red" onClick={() => { setDeleteError(null); del.open(); }} data-testid="product-delete">
                    <FormattedMessage id="form.delete" />
                  </Button>
                </Group>
              )}
            </Group>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              {(
                [
                  ["products.manufacturer", p.manufacturer],
                  ["products.model", p.model],
                  ["products.category", p.category],
                  ["product.tracking", intl.formatMessage({ id: p.tracking === Tracking.BULK ? "product.bulk" : "product.serialised" })],
                  ["product.dayRate", formatMoney(intl, p.rentalPrice)],
                  ["product.replacement", formatMoney(intl, p.replacementValue)],
                  ["product.gtin", p.gtin],
                  ["product.weight", p.weightGrams ? intl.formatNumber(Number(p.weightGrams)) : ""],
                  ["product.dimensions", formatDimensionsCm(intl, p.lengthMm, p.widthMm, p.heightMm)],
                ] as const
              ).map(([label, value]) => (
                <Card withBorder padding="xs" key={label}>
                  <Text size="xs" c="dimmed">
                    <FormattedMessage id={label} />
                  </Text>
                  <Text data-field={label}>{value || "—"}</Text>
                </Card>
              ))}
            </SimpleGrid>
            {p.description && <Text>{p.description}</Text>}
            <Title order={3}>
              <FormattedMessage id="product.availability" values={{ days: DAYS }} />
            </Title>
            <QueryState isPending={timeline.isPending} error={timeline.error} onRetry={() => void timeline.refetch()}>
              <AvailabilityStrip days={toDays(timeline.data?.intervals ?? [], from, DAYS)} />
            </QueryState>
            {events?.(p)}
            {p.tracking === Tracking.BULK ? (
              <StockPanel productId={p.id} locations={locations.locations} canEdit={canEdit} />
            ) : (
              <AssetList productId={p.id} locations={locations.locations} canEdit={canEdit} />
            )}
            {extra?.(p)}
            <Modal opened={editing} onClose={edit.close} size="lg" title={intl.formatMessage({ id: "product.edit.title" })}>
              <ProductForm
                product={p}
                onCancel={edit.close}
                onDone={() => {
                  edit.close();
                  toastInfo(intl.formatMessage({ id: "form.saved" }));
                }}
              />
            </Modal>
            <Modal opened={deleting} onClose={del.close} title={intl.formatMessage({ id: "product.delete.title" })}>
              <Stack>
                <Text>
                  <FormattedMessage id="product.delete.body" values={{ name: p.name }} />
                </Text>
                {deleteError && (
                  <Alert color="red" role="alert" data-testid="product-delete-error">
                    {deleteError}
                  </Alert>
                )}
                <Group justify="end">
                  <Button variant="default" onClick={del.close} data-autofocus>
                    <FormattedMessage id="form.cancel" />
                  </Button>
                  <Button color="red" loading={remove.isPending} onClick={() => void confirmDelete()} data-testid="product-delete-confirm">
                    <FormattedMessage id="form.delete" />
                  </Button>
                </Group>
              </Stack>
            </Modal>
          </>
        )}
      </QueryState>
    </Stack>
  );
}
