import { Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Tracking } from "../../../gen/eventkit/v1/inventory_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { useAvailabilityTimeline, useProduct } from "../api/products";
import { AvailabilityStrip, toDays } from "../components/AvailabilityStrip";

const route = getRouteApi("/_app/inventory/products/$productId");
const DAYS = 30;

function today(): Date {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d;
}

/** A product: what it is, what it costs, and how many are free each day of the next 30. */
export function ProductDetailScreen() {
  const intl = useIntl();
  const { productId } = route.useParams();
  const product = useProduct(productId);
  const from = today();
  const until = new Date(from);
  until.setDate(until.getDate() + DAYS);
  const timeline = useAvailabilityTimeline(productId, from, until);
  const p = product.data;
  const money = (m?: { currencyCode: string; minorUnits: bigint }) =>
    m && m.currencyCode
      ? intl.formatNumber(Number(m.minorUnits) / 100, { style: "currency", currency: m.currencyCode })
      : "—";

  return (
    <Stack>
      <AnchorLink to="/inventory/products" size="sm">
        ← <FormattedMessage id="products.title" />
      </AnchorLink>
      <QueryState isPending={product.isPending} error={product.error} onRetry={() => void product.refetch()}>
        {p && (
          <>
            <Title order={2} data-testid="product-name">
              {p.name}
            </Title>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              {(
                [
                  ["products.manufacturer", p.manufacturer],
                  ["products.model", p.model],
                  ["products.category", p.category],
                  ["product.tracking", intl.formatMessage({ id: p.tracking === Tracking.BULK ? "product.bulk" : "product.serialised" })],
                  ["product.dayRate", money(p.rentalPrice)],
                  ["product.replacement", money(p.replacementValue)],
                ] as const
              ).map(([label, value]) => (
                <Card withBorder padding="xs" key={label}>
                  <Text size="xs" c="dimmed">
                    <FormattedMessage id={label} />
                  </Text>
                  <Text>{value || "—"}</Text>
                </Card>
              ))}
            </SimpleGrid>
            {p.description && <Text>{p.description}</Text>}
            <Group justify="space-between">
              <Title order={3}>
                <FormattedMessage id="product.availability" values={{ days: DAYS }} />
              </Title>
            </Group>
            <QueryState isPending={timeline.isPending} error={timeline.error} onRetry={() => void timeline.refetch()}>
              <AvailabilityStrip days={toDays(timeline.data?.intervals ?? [], from, DAYS)} />
            </QueryState>
          </>
        )}
      </QueryState>
    </Stack>
  );
}
