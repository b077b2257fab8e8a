import { useState } from "react";
import { ActionIcon, Alert, Group, Stack, Table, Text, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import type { Case } from "../../../gen/eventkit/v1/inventory_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { toUiError } from "../../../lib/errors";
import { useAsset, useCase, useRemoveFromCase } from "../api/inventory";
import { useProduct } from "../api/products";
import { AssetStatusBadge } from "./AssetStatusBadge";

/** What a case holds (assets, bulk quantities, nested cases); with `canEdit` each can be taken out. */
export function CaseContents({ kase, canEdit }: { kase: Case; canEdit: boolean }) {
  const intl = useIntl();
  const remove = useRemoveFromCase();
  const [error, setError] = useState<string | null>(null);
  const take = async (item: { case: "assetId" | "productId" | "childCaseId"; value: string }) => {
    setError(null);
    try {
      await remove.mutateAsync({ caseId: kase.id, item });
    } catch (err) {
      setError(toUiError(err).message);
    }
  };
  const empty = kase.assetIds.length + kase.bulk.length + kase.childCaseIds.length === 0;
  return (
    <Stack>
      <Title order={3}>
        <FormattedMessage id="cases.contents" />
      </Title>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {empty ? (
        <Text c="dimmed" data-testid="case-empty">
          <FormattedMessage id="cases.isEmpty" />
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={340}>
          <Table verticalSpacing={4} data-testid="case-contents">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{intl.formatMessage({ id: "cases.item" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "asset.product" })}</Table.Th>
                <Table.Th ta="end">{intl.formatMessage({ id: "stock.quantity" })}</Table.Th>
                {canEdit && <Table.Th>{intl.formatMessage({ id: "pull.actions" })}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {kase.assetIds.map((id) => (
                <AssetRow key={id} assetId={id} canEdit={canEdit} onRemove={() => void take({ case: "assetId", value: id })} />
              ))}
              {kase.bulk.map((b) => (
                <BulkRow key={b.productId} productId={b.productId} quantity={b.quantity} canEdit={canEdit} onRemove={() => void take({ case: "productId", value: b.productId })} />
              ))}
              {kase.childCaseIds.map((id) => (
                <ChildRow key={id} caseId={id} canEdit={canEdit} onRemove={() => void take({ case: "childCaseId", value: id })} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function RemoveButton({ label, onRemove }: { label: string; onRemove(): void }) {
  const intl = useIntl();
  return (
    <ActionIcon variant="subtle" color="red" aria-label={intl.formatMessage({ id: "pull.remove" }, { name: label })} onClick={onRemove} data-testid="case-remove">
      ✕
    </ActionIcon>
  );
}

function AssetRow({ assetId, canEdit, onRemove }: { assetId: string; canEdit: boolean; onRemove(): void }) {
  const asset = useAsset(assetId);
  const product = useProduct(asset.data?.productId ?? "");
  const barcode = asset.data?.barcode ?? "…";
  return (
    <Table.Tr data-item="asset" data-barcode={asset.data?.barcode}>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <AnchorLink to="/inventory/assets/$assetId" params={{ assetId }} size="sm">
            {barcode}
          </AnchorLink>
          {asset.data && <AssetStatusBadge status={asset.data.status} />}
        </Group>
      </Table.Td>
      <Table.Td>{product.data?.name ?? "…"}</Table.Td>
      <Table.Td ta="end">1</Table.Td>
      {canEdit && (
        <Table.Td>
          <RemoveButton label={barcode} onRemove={onRemove} />
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function BulkRow({ productId, quantity, canEdit, onRemove }: { productId: string; quantity: number; canEdit: boolean; onRemove(): void }) {
  const intl = useIntl();
  const product = useProduct(productId);
  const name = product.data?.name ?? "…";
  return (
    <Table.Tr data-item="bulk" data-product={productId}>
      <Table.Td>
        <FormattedMessage id="cases.bulk" />
      </Table.Td>
      <Table.Td>
        <AnchorLink to="/inventory/products/$productId" params={{ productId }} size="sm">
          {name}
        </AnchorLink>
      </Table.Td>
      <Table.Td ta="end">{intl.formatNumber(quantity)}</Table.Td>
      {canEdit && (
        <Table.Td>
          <RemoveButton label={name} onRemove={onRemove} />
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function ChildRow({ caseId, canEdit, onRemove }: { caseId: string; canEdit: boolean; onRemove(): void }) {
  const child = useCase(caseId);
  const label = child.data ? `${child.data.barcode} · ${child.data.name}` : "…";
  return (
    <Table.Tr data-item="case">
      <Table.Td>
        <AnchorLink to="/inventory/cases/$caseId" params={{ caseId }} size="sm">
          {label}
        </AnchorLink>
      </Table.Td>
      <Table.Td>
        <FormattedMessage id="cases.nested" />
      </Table.Td>
      <Table.Td ta="end">1</Table.Td>
      {canEdit && (
        <Table.Td>
          <RemoveButton label={label} onRemove={onRemove} />
        </Table.Td>
      )}
    </Table.Tr>
  );
}

