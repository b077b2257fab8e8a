import { useState } from "react";
import { Alert, Badge, Button, Group, NativeSelect, Stack, Table, Text, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { MappingDecision, MappingState, ProductMatch, type ProductMapping } from "../../../gen/eventkit/v1/federation_query_pb";
import { toUiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useDecideMapping, usePartnerProducts, useProductMappings, useUnmatchedProducts } from "../api/partners";
import { ByWhen } from "./ByWhen";
import { ButtonCell, MorePages, PagedTable, ProductCells, withActions } from "./PagedTable";
import { PartnerSection } from "./PartnerSection";
import { PickProductDialog } from "./PickProductDialog";

const STATE_COLOR: Record<MappingState, string> = {
  [MappingState.UNSPECIFIED]: "gray",
  [MappingState.SUGGESTED]: "blue",
  [MappingState.CONFIRMED]: "green",
  [MappingState.OVERRIDDEN]: "teal",
  [MappingState.REJECTED]: "red",
};
const MAPPING_COLUMNS = ["partners.mapping.local", "partners.mapping.theirs", "partners.mapping.match", "partners.mapping.stateCol", "partners.mapping.decided"];
const FILTERS: Record<string, MappingState[]> = {
  all: [],
  SUGGESTED: [MappingState.SUGGESTED],
  CONFIRMED: [MappingState.CONFIRMED],
  OVERRIDDEN: [MappingState.OVERRIDDEN],
  REJECTED: [MappingState.REJECTED],
};

/** Who maps which local product to which partner product; confirm, override or reject needs SUBHIRE_WRITE. */
export function ProductMappings({ nodeId, enabled, canWrite }: { nodeId: string; enabled: boolean; canWrite: boolean }) {
  const intl = useIntl();
  const [filter, setFilter] = useState("all");
  const [page, setPage] = useState<string | undefined>();
  const list = useProductMappings(nodeId, FILTERS[filter] ?? [], page, enabled);
  const decide = useDecideMapping();
  const [error, setError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<{ productId: string; productName: string } | null>(null);
  const rows = list.data?.mappings ?? [];

  const act = async (m: ProductMapping, decision: MappingDecision) => {
    setError(null);
    try {
      await decide.mutateAsync({ partnerNodeId: nodeId, productId: m.productId, partnerProductId: m.partnerProduct?.id ?? "", decision });
      toastInfo(
        intl.formatMessage(
          { id: decision === MappingDecision.CONFIRM ? "partners.mapping.confirmed" : "partners.mapping.rejected" },
          { product: m.productName },
        ),
      );
    } catch (err) {
      setError(toUiError(err).message);
    }
  };

  return (
    <PartnerSection titleId="partners.mapping.title" testId="partner-mappings" enabled={enabled} dialogs={<OverrideDialog nodeId={nodeId} product={mapping} onClose={() => setMapping(null)} />}>
      <Text size="sm" c="dimmed">
        <FormattedMessage id="partners.mapping.intro" />
      </Text>
      <NativeSelect
        label={intl.formatMessage({ id: "partners.mapping.filter" })}
        value={filter}
        onChange={(e) => {
          setFilter(e.currentTarget.value);
          setPage(undefined);
        }}
        data={Object.keys(FILTERS).map((k) => ({
          value: k,
          label: intl.formatMessage({ id: k === "all" ? "partners.mapping.all" : `partners.mapping.state.${k}` }),
        }))}
        w={240}
        data-testid="mapping-filter"
      />
      {list.data?.refreshError && (
        <Alert color="yellow" c="dark.8" role="status">
          <FormattedMessage id="partners.mapping.stale" values={{ message: list.data.refreshError }} />
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert" data-testid="mapping-error">
          {error}
        </Alert>
      )}
      <PagedTable
        query={list}
        error={list.error}
        isEmpty={rows.length === 0}
        empty={<FormattedMessage id="partners.mapping.empty" />}
        minWidth={900}
        testId="mapping-table"
        columns={withActions(MAPPING_COLUMNS, canWrite)}
        footer={<MorePages page={page} next={list.data?.page?.nextPageToken} onPage={setPage} />}
      >
        {rows.map((m) => {
          const theirs = m.partnerProduct ? m.partnerProduct.name || `${m.partnerProduct.manufacturer} ${m.partnerProduct.model}` : "—";
          const pair = { local: m.productName, theirs };
          return (
            <Table.Tr
              key={`${m.productId}/${m.partnerProduct?.id}`}
              data-testid="mapping-row"
              data-product={m.productId}
              data-state={MappingState[m.state]}
            >
              <Table.Td>{m.productName}</Table.Td>
              <Table.Td>
                {theirs}
                {m.partnerProduct && (
                  <Text size="xs" c="dimmed">
                    {m.partnerProduct.manufacturer} {m.partnerProduct.model}
                    {m.partnerProduct.gtin ? ` · ${m.partnerProduct.gtin}` : ""}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{intl.formatMessage({ id: `partners.match.${ProductMatch[m.match] ?? "UNSPECIFIED"}` })}</Table.Td>
              <Table.Td>
                <Badge color={STATE_COLOR[m.state]} variant="light" c="dark.8">
                  {intl.formatMessage({ id: `partners.mapping.state.${MappingState[m.state] ?? "UNSPECIFIED"}` })}
                </Badge>
              </Table.Td>
              <Table.Td>
                <ByWhen by={m.decidedBy} at={m.decidedAt} />
              </Table.Td>
              {canWrite && (
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {(m.state === MappingState.SUGGESTED || m.state === MappingState.REJECTED) && (
                      <Button
                        size="xs"
                        variant="light"
                        disabled={decide.isPending}
                        onClick={() => void act(m, MappingDecision.CONFIRM)}
                        aria-label={intl.formatMessage({ id: "partners.mapping.confirmOf" }, pair)}
                      >
                        <FormattedMessage id="partners.mapping.confirm" />
                      </Button>
                    )}
                    <Button
                      size="xs"
                      variant="default"
                      disabled={decide.isPending}
                      onClick={() => setMapping({ productId: m.productId, productName: m.productName })}
                      aria-label={intl.formatMessage({ id: "partners.mapping.overrideOf" }, pair)}
                    >
                      <FormattedMessage id="partners.mapping.override" />
                    </Button>
                    {m.state !== MappingState.REJECTED && (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        disabled={decide.isPending}
                        onClick={() => void act(m, MappingDecision.REJECT)}
                        aria-label={intl.formatMessage({ id: "partners.mapping.rejectOf" }, pair)}
                      >
                        <FormattedMessage id="partners.mapping.reject" />
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          );
        })}
      </PagedTable>
      <Unmatched nodeId={nodeId} canWrite={canWrite} onMap={setMapping} />
    </PartnerSection>
  );
}

/** This node's products with no usable mapping to the partner. */
function Unmatched({ nodeId, canWrite, onMap }: { nodeId: string; canWrite: boolean; onMap(p: { productId: string; productName: string }): void }) {
  const intl = useIntl();
  const [page, setPage] = useState<string | undefined>();
  const list = useUnmatchedProducts(nodeId, page, true);
  const rows = list.data?.products ?? [];
  return (
    <Stack gap="xs" data-testid="unmatched">
      <Title order={4} size="h5">
        <FormattedMessage id="partners.unmatched.title" />
      </Title>
      <PagedTable
        query={list}
        error={list.error}
        isEmpty={rows.length === 0}
        empty={<FormattedMessage id="partners.unmatched.empty" />}
        minWidth={700}
        testId="unmatched-table"
        columns={withActions(["partners.product.name", "partners.product.manufacturer", "partners.product.model", "partners.product.gtin"], canWrite)}
        footer={<MorePages page={page} next={list.data?.page?.nextPageToken} onPage={setPage} />}
      >
        {rows.map((p) => (
          <Table.Tr key={p.productId} data-testid="unmatched-row" data-product={p.productId}>
            <ProductCells p={p} />
            {canWrite && (
              <ButtonCell
                label={intl.formatMessage({ id: "partners.unmatched.map" })}
                ariaLabel={intl.formatMessage({ id: "partners.unmatched.mapOf" }, { local: p.name })}
                onClick={() => onMap({ productId: p.productId, productName: p.name })}
              />
            )}
          </Table.Tr>
        ))}
      </PagedTable>
    </Stack>
  );
}

/** OVERRIDE: maps one local product to a partner product of the planner's choice (from its shared catalogue). */
function OverrideDialog({ nodeId, product, onClose }: { nodeId: string; product: { productId: string; productName: string } | null; onClose(): void }) {
  const intl = useIntl();
  const decide = useDecideMapping();
  const catalogue = usePartnerProducts(nodeId, undefined, !!product, 500);
  return (
    <PickProductDialog
      subject={product}
      title={(p) => intl.formatMessage({ id: "partners.override.title" }, { product: p?.productName ?? "" })}
      products={{ isPending: catalogue.isPending, error: catalogue.error, refetch: catalogue.refetch, items: catalogue.data?.products ?? [] }}
      labelOf={(p) => `${p.name} (${p.manufacturer} ${p.model})`}
      text={{
        filter: intl.formatMessage({ id: "partners.override.filter" }),
        product: intl.formatMessage({ id: "partners.override.product" }),
        needChoice: intl.formatMessage({ id: "partners.override.needChoice" }),
      }}
      testId="override"
      pending={decide.isPending}
      onPick={async (p, partnerProductId) => {
        await decide.mutateAsync({ partnerNodeId: nodeId, productId: p.productId, partnerProductId, decision: MappingDecision.OVERRIDE });
        toastInfo(intl.formatMessage({ id: "partners.override.done" }, { product: p.productName }));
      }}
      onClose={onClose}
    />
  );
}
