import { useEffect, useRef, useState, type FormEvent } from "react";
import { Alert, Badge, Button, Card, Group, Paper, Select, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { getRouteApi } from "@tanstack/react-router";
import { keepPreviousData } from "@tanstack/react-query";
import { useQuery } from "@connectrpc/connect-query";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { InventoryService } from "../../../gen/eventkit/v1/inventory_pb";
import { CountVerdict, StocktakeStatus, VerdictSeverity, type StocktakeCount } from "../../../gen/eventkit/v1/scanning_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { useCan } from "../../../lib/session";
import { useAllLocations } from "../../../lib/locations";
import { newOperationId } from "../../../lib/operationId";
import { ScanInput, useWedgeFocus } from "../../../components/ScanInput";
import { VerdictPanel } from "../../../components/VerdictPanel";
import { signal } from "../../../lib/signal";
import { useCountStocktake, useStocktake } from "../api/stocktakes";
import { countVerdictLook } from "../lib/review";
import { StatusBadge } from "./StocktakeListScreen";

const route = getRouteApi("/_app/inventory/stocktakes/$stocktakeId");

type Last = { kind: "count"; count: StocktakeCount; code: string } | { kind: "refused"; code: string; message: string };

const SEVERITY: Record<string, VerdictSeverity> = {
  OK: VerdictSeverity.OK,
  INFO: VerdictSeverity.INFO,
  WARNING: VerdictSeverity.WARNING,
  ERROR: VerdictSeverity.ERROR,
};

/**
 * Counting an OPEN stocktake: the big focused scan input (a unit's or a case's barcode, one
 * CountStocktake each with a fresh operation ID), the verdict big and coloured with a beep, a bulk
 * count form (product, quantity, optional bin), and what this session counted. Counting changes no
 * books; the review and approval do.
 */
export function StocktakeCountScreen() {
  const intl = useIntl();
  const { stocktakeId } = route.useParams();
  const review = useStocktake(stocktakeId);
  const canScan = useCan(Permission.SCAN);
  const count = useCountStocktake();
  const [code, setCode] = useState("");
  const [last, setLast] = useState<Last | null>(null);
  const [session, setSession] = useState<{ id: string; count: StocktakeCount; code: string }[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const focus = useWedgeFocus(input);
  const s = review.data?.stocktake;
  const open = s?.status === StocktakeStatus.OPEN;
  // The input appears once the stocktake has loaded (after a dialog may have taken the focus).
  useEffect(() => {
    if (open && canScan) focus();
  }, [open, canScan, focus]);

  const record = (c: StocktakeCount, label: string) => {
    const look = countVerdictLook(c.verdict);
    setLast({ kind: "count", count: c, code: label });
    signal(SEVERITY[look.severity]);
    setSession((list) => [{ id: c.operationId, count: c, code: label }, ...list].slice(0, 200));
  };

  const onScan = async (e: FormEvent) => {
    e.preventDefault();
    const barcode = code.trim();
    if (!barcode) return;
    setCode("");
    try {
      record(await count.mutateAsync({ operationId: newOperationId(), stocktakeId, barcode }), barcode);
    } catch (err) {
      setLast({ kind: "refused", code: barcode, message: toUiError(err).message });
      signal(VerdictSeverity.ERROR);
    }
    focus();
  };

  return (
    <Stack maw={820}>
      <AnchorLink to="/inventory/stocktakes" size="sm">
        ← <FormattedMessage id="stocktake.back" />
      </AnchorLink>
      <QueryState isPending={review.isPending} error={review.error} onRetry={() => void review.refetch()}>
        {s && (
          <>
            <Group justify="space-between" align="center">
              <Group gap="sm">
                <Title order={2}>
                  <FormattedMessage id="stocktake.countTitle" values={{ name: s.name }} />
                </Title>
                <StatusBadge status={s.status} />
                <Badge variant="outline" color="gray" tt="none">
                  {s.locationCode}
                </Badge>
              </Group>
              <AnchorLink to="/inventory/stocktakes/$stocktakeId/review" params={{ stocktakeId }} data-testid="stocktake-review-link">
                <FormattedMessage id="stocktake.review" />
              </AnchorLink>
            </Group>
            {!open && (
              <Alert color="gray" role="status">
                <FormattedMessage
                  id="stocktake.notOpen"
                  values={{ status: intl.formatMessage({ id: `stocktake.status.${StocktakeStatus[s.status]}` }) }}
                />
              </Alert>
            )}
            {open && !canScan && (
              <Alert color="yellow" role="status">
                <FormattedMessage id="stocktake.noPermission" />
              </Alert>
            )}
            {open && canScan && (
              <>
                <form onSubmit={onScan}>
                  <Group align="end" gap="sm" wrap="wrap">
                    <div style={{ flex: 1, minWidth: 220 }}>
                      <ScanInput
                        inputRef={input}
                        label={intl.formatMessage({ id: "stocktake.code" })}
                        placeholder={intl.formatMessage({ id: "stocktake.codeHint" })}
                        value={code}
                        onChange={setCode}
                      />
                    </div>
                    <Button type="submit" size="xl" loading={count.isPending} data-testid="scan-submit">
                      <FormattedMessage id="stocktake.submit" />
                    </Button>
                  </Group>
                </form>
                <div aria-live="polite" role="status" data-testid="scan-status">
                  {last && <CountVerdictPanel last={last} />}
                </div>
                <BulkCount
                  stocktakeId={stocktakeId}
                  locationId={s.locationId}
                  onCounted={(c) => {
                    record(c, c.productName);
                    focus();
                  }}
                />
              </>
            )}
            <Title order={3}>
              <FormattedMessage id="stocktake.session" />
            </Title>
            {session.length === 0 ? (
              <Text c="dimmed">
                <FormattedMessage id="stocktake.sessionEmpty" />
              </Text>
            ) : (
              <Stack gap={4} data-testid="stocktake-session">
                {session.map((r) => {
                  const look = countVerdictLook(r.count.verdict);
                  return (
                    <Paper key={r.id} withBorder p="xs" data-testid="stocktake-count-row" data-verdict={CountVerdict[r.count.verdict]}>
                      <Group gap="sm" wrap="nowrap" align="start">
                        <Badge color={look.color} variant="light" style={{ flexShrink: 0 }}>
                          {intl.formatMessage({ id: `stocktake.verdict.${CountVerdict[r.count.verdict] ?? "UNSPECIFIED"}` })}
                        </Badge>
                        <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                          {r.count.message || r.code}
                        </Text>
                      </Group>
                    </Paper>
                  );
                })}
              </Stack>
            )}
          </>
        )}
      </QueryState>
    </Stack>
  );
}

function CountVerdictPanel({ last }: { last: Last }) {
  const intl = useIntl();
  if (last.kind === "refused") {
    return (
      <VerdictPanel color="red" severity="ERROR">
        <Text fz={28} fw={700}>
          <FormattedMessage id="stocktake.refused" values={{ code: last.code }} />
        </Text>
        <Text>{last.message}</Text>
      </VerdictPanel>
    );
  }
  const c = last.count;
  const look = countVerdictLook(c.verdict);
  return (
    <VerdictPanel color={look.color} severity={look.severity} verdict={CountVerdict[c.verdict]}>
      <Text fz={28} fw={700}>
        {intl.formatMessage({ id: `stocktake.verdict.${CountVerdict[c.verdict] ?? "UNSPECIFIED"}` })}
        {c.replayed && (
          <Badge ms="sm" variant="outline" color="gray">
            <FormattedMessage id="scan.replayed" />
          </Badge>
        )}
      </Text>
      <Text size="lg">{c.message || last.code}</Text>
      {c.units > 0 && (
        <Text size="md">
          <FormattedMessage id="stocktake.units" values={{ count: c.units }} />
        </Text>
      )}
    </VerdictPanel>
  );
}

/** A bulk product's counted quantity (replacing an earlier count of it there). */
function BulkCount({ stocktakeId, locationId, onCounted }: { stocktakeId: string; locationId: string; onCounted(c: StocktakeCount): void }) {
  const intl = useIntl();
  const count = useCountStocktake();
  const locations = useAllLocations();
  const [productQuery, setProductQuery] = useState("");
  const [productId, setProductId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState("");
  const [where, setWhere] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [debounced] = useDebouncedValue(productQuery.trim(), 200);
  const search = useQuery(
    InventoryService.method.search,
    { query: debounced, page: { pageSize: 20 } },
    { enabled: debounced.length > 0, placeholderData: keepPreviousData },
  );
  const products = (search.data?.hits ?? []).flatMap((h) => (h.item.case === "product" ? [h.item.value] : []));
  // The stocktake's location and its bins.
  const places = locations.locations.filter((l) => l.id === locationId || l.parentId === locationId);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const q = Number(quantity);
    if (!productId) return setError(intl.formatMessage({ id: "stocktake.pickProduct" }));
    if (quantity.trim() === "" || !Number.isInteger(q) || q < 0) return setError(intl.formatMessage({ id: "stocktake.quantityInvalid" }));
    try {
      const c = await count.mutateAsync({ operationId: newOperationId(), stocktakeId, productId, quantity: q, locationId: where ?? "" });
      onCounted(c);
      setProductId(null);
      setProductQuery("");
      setQuantity("");
    } catch (err) {
      setError(toUiError(err).message);
    }
  };

  return (
    <Card withBorder>
      <form onSubmit={submit} data-testid="stocktake-bulk">
        <Stack gap="sm">
          <Title order={3} size="h4">
            <FormattedMessage id="stocktake.bulkTitle" />
          </Title>
          <Group align="end" wrap="wrap">
            <Select
              style={{ flex: 2, minWidth: 200 }}
              label={intl.formatMessage({ id: "stocktake.product" })}
              placeholder={intl.formatMessage({ id: "stocktake.productHint" })}
              searchable
              clearable
              searchValue={productQuery}
              onSearchChange={setProductQuery}
              filter={({ options }) => options}
              data={products.map((p) => ({ value: p.id, label: p.name }))}
              value={productId}
              onChange={setProductId}
              data-testid="stocktake-bulk-product"
            />
            <TextInput
              w={120}
              label={intl.formatMessage({ id: "stocktake.quantity" })}
              inputMode="numeric"
              value={quantity}
              onChange={(e) => setQuantity(e.currentTarget.value)}
              data-testid="stocktake-bulk-quantity"
            />
            <Select
              style={{ flex: 1, minWidth: 160 }}
              label={intl.formatMessage({ id: "stocktake.bulkLocation" })}
              clearable
              data={places.map((l) => ({ value: l.id, label: `${l.code} · ${l.name}` }))}
              value={where}
              onChange={setWhere}
              data-testid="stocktake-bulk-location"
            />
            <Button type="submit" variant="light" loading={count.isPending} data-testid="stocktake-bulk-submit">
              <FormattedMessage id="stocktake.bulkSubmit" />
            </Button>
          </Group>
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
        </Stack>
      </form>
    </Card>
  );
}
