import { useState } from "react";
import { Table, TextInput } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { toUiError } from "../../../lib/errors";
import type { SharedProduct } from "../../../gen/eventkit/v1/federation_pb";
import { usePartnerProducts } from "../api/partners";
import { matchesFilter } from "../lib/partners";
import { MapToLocalDialog } from "./MapToLocalDialog";
import { ButtonCell, MorePages, PagedTable, ProductCells, withActions } from "./PagedTable";
import { PartnerSection } from "./PartnerSection";

const CATALOGUE_COLUMNS = ["partners.product.name", "partners.product.manufacturer", "partners.product.model", "partners.product.category", "partners.product.gtin"];

/**
 * The partner's shared catalogue as this node reads it (cached 60 s by the node), a page at a time;
 * the filter narrows the page shown (the API has no search).
 */
export function PartnerCatalogue({ nodeId, enabled, canWrite }: { nodeId: string; enabled: boolean; canWrite: boolean }) {
  const intl = useIntl();
  const [page, setPage] = useState<string | undefined>();
  const [filter, setFilter] = useState("");
  const [mapping, setMapping] = useState<SharedProduct | null>(null);
  const list = usePartnerProducts(nodeId, page, enabled);
  const rows = (list.data?.products ?? []).filter((p) => matchesFilter(filter, [p.name, p.manufacturer, p.model, p.category, p.gtin]));
  return (
    <PartnerSection titleId="partners.catalogue.title" testId="partner-catalogue" enabled={enabled} dialogs={<MapToLocalDialog nodeId={nodeId} theirs={mapping} onClose={() => setMapping(null)} />}>
      <TextInput
        label={intl.formatMessage({ id: "partners.catalogue.filter" })}
        value={filter}
        onChange={(e) => setFilter(e.currentTarget.value)}
        w={320}
        data-testid="catalogue-filter"
      />
      <PagedTable
        query={list}
        error={list.error ? new Error(toUiError(list.error).message) : null}
        isEmpty={rows.length === 0}
        empty={<FormattedMessage id={filter.trim() ? "partners.catalogue.noMatch" : "partners.catalogue.empty"} />}
        minWidth={700}
        testId="catalogue-table"
        columns={withActions(CATALOGUE_COLUMNS, canWrite)}
      >
        {rows.map((p) => (
          <Table.Tr key={p.id} data-testid="catalogue-row" data-id={p.id}>
            <ProductCells p={p} category={p.category} />
            {canWrite && (
              <ButtonCell
                label={intl.formatMessage({ id: "partners.toLocal.open" })}
                ariaLabel={intl.formatMessage({ id: "partners.toLocal.openOf" }, { product: p.name })}
                onClick={() => setMapping(p)}
              />
            )}
          </Table.Tr>
        ))}
      </PagedTable>
      <MorePages page={page} next={list.data?.page?.nextPageToken} onPage={setPage} />
    </PartnerSection>
  );
}
