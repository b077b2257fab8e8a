import { useState } from "react";
import { Button, Group, Modal, Stack, Table, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useNavigate } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import type { Location } from "../../../gen/eventkit/v1/inventory_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { Pager } from "../../../components/Pager";
import { useAssetPage } from "../api/inventory";
import { AssetForm } from "./AssetForm";
import { AssetStatusBadge } from "./AssetStatusBadge";

/** A serialised product's assets by barcode, paged on the server; a new one with INVENTORY_WRITE. */
export function AssetList({ productId, locations, canEdit }: { productId: string; locations: Location[]; canEdit: boolean }) {
  const intl = useIntl();
  const go = useNavigate();
  const [page, setPage] = useState<string | undefined>();
  const assets = useAssetPage({ productId, pageToken: page });
  const [creating, { open, close }] = useDisclosure(false);
  const code = (id: string) => locations.find((l) => l.id === id)?.code ?? "—";
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>
          <FormattedMessage id="assets.title" />
        </Title>
        {canEdit && (
          <Button variant="light" onClick={open} data-testid="asset-new">
            <FormattedMessage id="asset.new" />
          </Button>
        )}
      </Group>
      <QueryState
        isPending={assets.isPending}
        error={assets.error}
        onRetry={() => void assets.refetch()}
        isEmpty={assets.data?.assets.length === 0}
        empty={<FormattedMessage id="assets.empty" />}
      >
        <Table.ScrollContainer minWidth={480}>
          <Table striped highlightOnHover verticalSpacing={4} data-testid="asset-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{intl.formatMessage({ id: "asset.barcode" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "asset.serial" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "asset.status" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "asset.location" })}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(assets.data?.assets ?? []).map((a) => (
                <Table.Tr key={a.id} data-barcode={a.barcode}>
                  <Table.Td>
                    <AnchorLink to="/inventory/assets/$assetId" params={{ assetId: a.id }} size="sm">
                      {a.barcode}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{a.serial || "—"}</Table.Td>
                  <Table.Td>
                    <AssetStatusBadge status={a.status} />
                  </Table.Td>
                  <Table.Td>{code(a.locationId)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </QueryState>
      <Pager page={page} next={assets.data?.page?.nextPageToken} onPage={setPage} />
      <Modal opened={creating} onClose={close} title={intl.formatMessage({ id: "asset.new" })}>
        <AssetForm
          productId={productId}
          locations={locations}
          onCancel={close}
          onDone={(a) => {
            close();
            void go({ to: "/inventory/assets/$assetId", params: { assetId: a.id } });
          }}
        />
      </Modal>
    </Stack>
  );
}
