import { useRef, useState, type FormEvent } from "react";
import { Badge, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { ButtonLink } from "../../../components/ButtonLink";
import { keepPreviousData } from "@tanstack/react-query";
import { useQuery } from "@connectrpc/connect-query";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { CaseKind, InventoryService, type Case } from "../../../gen/eventkit/v1/inventory_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { useCan } from "../../../lib/session";
import { client } from "../../../lib/transport";
import { toastInfo } from "../../../lib/notify";
import { useAddToCase, useCase, useDeleteCase } from "../api/inventory";
import { useAllLocations } from "../../../lib/locations";
import { CaseForm } from "../components/CaseForm";
import { ConfirmDelete } from "../components/ConfirmDelete";
import { CaseContents } from "../components/CaseContents";
import { formatDimensionsCm } from "../../../lib/units";

const route = getRouteApi("/_app/inventory/cases/$caseId");

/**
 * A case and what it holds (assets, bulk quantities, nested cases). With INVENTORY_WRITE: scan or
 * type barcodes (several at once, separated by spaces or commas) to put assets and cases in, add a
 * bulk quantity of a product, take anything out, edit its name, kind and location, and delete it
 * (the node refuses while it holds anything or is booked, and says so).
 */
export function CaseDetailScreen() {
  const intl = useIntl();
  const { caseId } = route.useParams();
  const kase = useCase(caseId);
  const locations = useAllLocations();
  const canEdit = useCan(Permission.INVENTORY_WRITE);
  const c = kase.data;
  const go = useNavigate();
  const [editing, edit] = useDisclosure(false);
  const [deleting, del] = useDisclosure(false);
  const remove = useDeleteCase();
  return (
    <Stack>
      <AnchorLink to="/inventory/cases" search={{}} size="sm">
        ← <FormattedMessage id="cases.title" />
      </AnchorLink>
      <QueryState isPending={kase.isPending} error={kase.error} onRetry={() => void kase.refetch()}>
        {c && (
          <>
            <Group justify="space-between" align="start">
              <Group>
                <Title order={2} data-testid="case-title">
                  {c.name}
                </Title>
                <Badge variant={c.kind === CaseKind.TEMPORARY ? "outline" : "light"} data-testid="case-kind-badge">
                  {intl.formatMessage({ id: c.kind === CaseKind.TEMPORARY ? "cases.kind.TEMPORARY" : "cases.kind.PERMANENT" })}
                </Badge>
              </Group>
              {canEdit && (
                <Group>
                  <ButtonLink to="/inventory/cases/$caseId/pack" params={{ caseId: c.id }} data-testid="case-pack">
                    <FormattedMessage id="pack.open" />
                  </ButtonLink>
                  <Button variant="default" onClick={edit.open} data-testid="case-edit">
                    <FormattedMessage id="form.edit" />
                  </Button>
                  <Button variant="light" color="red" onClick={del.open} data-testid="case-delete">
                    <FormattedMessage id="form.delete" />
                  </Button>
                </Group>
              )}
            </Group>
            <Modal opened={editing} onClose={edit.close} title={intl.formatMessage({ id: "cases.edit.title" })} closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}>
              <CaseForm
                kase={c}
                locations={locations.locations}
                onCancel={edit.close}
                onDone={() => {
                  edit.close();
                  toastInfo(intl.formatMessage({ id: "form.saved" }));
                }}
              />
            </Modal>
            <ConfirmDelete
              opened={deleting}
              onClose={del.close}
              title={intl.formatMessage({ id: "cases.delete.title" })}
              body={<FormattedMessage id="cases.delete.body" values={{ barcode: c.barcode }} />}
              pending={remove.isPending}
              onConfirm={async () => {
                await remove.mutateAsync({ id: c.id });
                del.close();
                toastInfo(intl.formatMessage({ id: "cases.deleted" }, { barcode: c.barcode }));
                void go({ to: "/inventory/cases", search: {} });
              }}
              testId="case-delete"
            />
            <SimpleGrid cols={{ base: 1, xs: 3 }}>
              <Card withBorder padding="xs">
                <Text size="xs" c="dimmed">
                  <FormattedMessage id="asset.barcode" />
                </Text>
                <Text>{c.barcode}</Text>
              </Card>
              <Card withBorder padding="xs">
                <Text size="xs" c="dimmed">
                  <FormattedMessage id="asset.location" />
                </Text>
                <Text>{locations.byId.get(c.locationId)?.code ?? "—"}</Text>
              </Card>
              <Card withBorder padding="xs">
                <Text size="xs" c="dimmed">
                  <FormattedMessage id="cases.parent" />
                </Text>
                {c.parentCaseId ? (
                  <AnchorLink to="/inventory/cases/$caseId" params={{ caseId: c.parentCaseId }}>
                    <FormattedMessage id="cases.open" />
                  </AnchorLink>
                ) : (
                  <Text>—</Text>
                )}
              </Card>
              <Card withBorder padding="xs">
                <Text size="xs" c="dimmed">
                  <FormattedMessage id="cases.weight" />
                </Text>
                <Text data-testid="case-weight">{c.weightGrams ? `${intl.formatNumber(Number(c.weightGrams) / 1000, { maximumFractionDigits: 2 })} kg` : "—"}</Text>
              </Card>
              <Card withBorder padding="xs">
                <Text size="xs" c="dimmed">
                  <FormattedMessage id="product.dimensions" />
                </Text>
                <Text data-testid="case-dimensions">{formatDimensionsCm(intl, c.lengthMm, c.widthMm, c.heightMm) || "—"}</Text>
              </Card>
            </SimpleGrid>
            {canEdit && <AddToCase kase={c} />}
            <CaseContents kase={c} canEdit={canEdit} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}

/** Scanned or typed barcodes go in one by one; the field keeps focus for the next scan. */
function AddToCase({ kase }: { kase: Case }) {
  const intl = useIntl();
  const add = useAddToCase();
  const [barcodes, setBarcodes] = useState("");
  const [results, setResults] = useState<{ barcode: string; ok: boolean; message: string }[]>([]);
  const [productQuery, setProductQuery] = useState("");
  const [productId, setProductId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState("1");
  const [bulkError, setBulkError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const [debounced] = useDebouncedValue(productQuery.trim(), 200);
  const search = useQuery(
    InventoryService.method.search,
    { query: debounced, page: { pageSize: 20 } },
    { enabled: debounced.length > 0, placeholderData: keepPreviousData },
  );
  const products = (search.data?.hits ?? []).flatMap((h) => (h.item.case === "product" ? [h.item.value] : []));

  const addBarcodes = async (e: FormEvent) => {
    e.preventDefault();
    const list = barcodes.split(/[\s,;]+/).filter(Boolean);
    if (list.length === 0) return;
    const out: typeof results = [];
    for (const barcode of list) {
      try {
        const r = await client(InventoryService).resolveBarcode({ barcode });
        const item =
          r.item.case === "asset"
            ? ({ case: "assetId", value: r.item.value.id } as const)
            : r.item.case === "case"
              ? ({ case: "childCaseId", value: r.item.value.id } as const)
              : null;
        if (!item) throw new Error(intl.formatMessage({ id: "search.none" }));
        await add.mutateAsync({ caseId: kase.id, item });
        out.push({ barcode, ok: true, message: intl.formatMessage({ id: "cases.added" }) });
      } catch (err) {
        out.push({ barcode, ok: false, message: err instanceof Error && !("code" in err) ? err.message : toUiError(err).message });
      }
    }
    setResults(out);
    setBarcodes(out.filter((r) => !r.ok).map((r) => r.barcode).join(" "));
    input.current?.focus();
  };

  const addBulk = async (e: FormEvent) => {
    e.preventDefault();
    setBulkError(null);
    const q = Number(quantity);
    if (!productId || !Number.isInteger(q) || q <= 0) {
      setBulkError(intl.formatMessage({ id: productId ? "form.positive" : "cases.pickProduct" }));
      return;
    }
    try {
      await add.mutateAsync({ caseId: kase.id, item: { case: "bulk", value: { productId, quantity: q } } });
      setProductId(null);
      setProductQuery("");
      setQuantity("1");
    } catch (err) {
      setBulkError(toUiError(err).message);
    }
  };

  return (
    <Card withBorder>
      <Stack gap="sm">
        <form onSubmit={addBarcodes} data-testid="case-add-barcodes">
          <Group align="end" wrap="wrap">
            <TextInput
              ref={input}
              style={{ flex: 1, minWidth: 200 }}
              label={intl.formatMessage({ id: "cases.scan" })}
              description={intl.formatMessage({ id: "cases.scanHint" })}
              value={barcodes}
              onChange={(e) => setBarcodes(e.currentTarget.value)}
              autoComplete="off"
              data-testid="case-barcodes"
            />
            <Button type="submit" loading={add.isPending} data-testid="case-add-submit">
              <FormattedMessage id="cases.add" />
            </Button>
          </Group>
        </form>
        {results.length > 0 && (
          <Stack gap={2} aria-live="polite" data-testid="case-add-results">
            {results.map((r) => (
              <Text key={r.barcode} size="sm" c={r.ok ? "green" : "red"} data-ok={r.ok}>
                {r.barcode}: {r.message}
              </Text>
            ))}
          </Stack>
        )}
        <form onSubmit={addBulk} data-testid="case-add-bulk">
          <Group align="end" wrap="wrap">
            <Select
              style={{ flex: 1, minWidth: 200 }}
              label={intl.formatMessage({ id: "cases.bulkProduct" })}
              placeholder={intl.formatMessage({ id: "pull.productHint" })}
              searchable
              clearable
              searchValue={productQuery}
              onSearchChange={setProductQuery}
              filter={({ options }) => options}
              data={products.map((p) => ({ value: p.id, label: p.name }))}
              value={productId}
              onChange={setProductId}
              data-testid="case-bulk-product"
            />
            <TextInput w={90} label={intl.formatMessage({ id: "stock.quantity" })} inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.currentTarget.value)} data-testid="case-bulk-quantity" />
            <Button type="submit" variant="light" loading={add.isPending} data-testid="case-bulk-submit">
              <FormattedMessage id="cases.addBulk" />
            </Button>
          </Group>
          {bulkError && (
            <Text c="red" size="sm" role="alert" mt={4}>
              {bulkError}
            </Text>
          )}
        </form>
      </Stack>
    </Card>
  );
}
