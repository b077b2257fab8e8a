import { useEffect, useState, type FormEvent } from "react";
import { Button, Group, Modal, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Code } from "@connectrpc/connect";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { RepairStatus, type RepairTicket } from "../../../gen/eventkit/v1/scanning_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { toastError, toastInfo } from "../../../lib/notify";
import { useCan } from "../../../lib/session";
import { useShortcut } from "../../../lib/shortcuts";
import { useAssetByBarcode, useRepairs } from "../api/maintenance";
import { ByAt } from "../components/ByAt";
import { OpenRepairForm } from "../components/OpenRepairForm";
import { RepairStageBadge, useSourceLabel } from "../components/RepairStageBadge";
import { STATUS_FILTER, type StatusFilter } from "../lib/maintenance";

const route = getRouteApi("/_app/maintenance/repairs/");

/**
 * Repair tickets, newest first, a page at a time as the API pages: filtered by status and by one
 * unit (its barcode in the URL). "Open repair" ('n') opens one by hand (Inventory write); `?report=`
 * opens that form with a unit's barcode filled in (the asset page's "Report a fault").
 */
export function RepairListScreen() {
  const intl = useIntl();
  const { status, barcode, page, report } = route.useSearch();
  const navigate = route.useNavigate();
  const go = useNavigate();
  const canWrite = useCan(Permission.INVENTORY_WRITE);
  const [openedByHand, dialog] = useDisclosure(false);
  const opened = openedByHand || (canWrite && !!report);
  const closeDialog = () => {
    dialog.close();
    if (report) void navigate({ search: (s) => ({ ...s, report: undefined }), replace: true });
  };
  useShortcut("n", dialog.open, canWrite && !opened);
  const asset = useAssetByBarcode(barcode ?? "");
  const assetId = asset.data?.item.case === "asset" ? asset.data.item.value.id : "";
  const assetMissing = !!barcode && (asset.isError || (asset.isSuccess && !assetId));
  const list = useRepairs(STATUS_FILTER[status as StatusFilter] ?? RepairStatus.UNSPECIFIED, assetId, page, !barcode || !!assetId);
  const rows = list.data?.tickets ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="repair.title" />
        </Title>
        {canWrite && (
          <Button onClick={dialog.open} data-testid="repair-new">
            <FormattedMessage id="repair.new" />
          </Button>
        )}
      </Group>
      <Group align="end" gap="sm" wrap="wrap">
        <Select
          label={intl.formatMessage({ id: "repair.filterStatus" })}
          data={[
            { value: "all", label: intl.formatMessage({ id: "repair.filterAll" }) },
            { value: "open", label: intl.formatMessage({ id: "repair.filterOpen" }) },
            { value: "in-progress", label: intl.formatMessage({ id: "repair.stage.IN_PROGRESS" }) },
            { value: "repaired", label: intl.formatMessage({ id: "repair.stage.REPAIRED" }) },
            { value: "retired", label: intl.formatMessage({ id: "repair.stage.RETIRED" }) },
          ]}
          value={status ?? "all"}
          allowDeselect={false}
          onChange={(v) =>
            void navigate({ search: (s) => ({ ...s, status: v && v !== "all" ? (v as StatusFilter) : undefined, page: undefined }) })
          }
          w={220}
          data-testid="repair-filter-status"
        />
        <AssetFilter
          barcode={barcode}
          error={
            assetMissing
              ? asset.error && toUiError(asset.error).code !== Code.NotFound
                ? toUiError(asset.error).message
                : intl.formatMessage({ id: "repair.noAsset" }, { barcode })
              : undefined
          }
          onChange={(b) => void navigate({ search: (s) => ({ ...s, barcode: b, page: undefined }) })}
        />
      </Group>
      {!assetMissing && (
        <QueryState
          isPending={list.isPending || (!!barcode && asset.isPending)}
          error={list.error}
          onRetry={() => void list.refetch()}
          isEmpty={rows.length === 0}
          empty={<FormattedMessage id="repair.empty" />}
        >
          <Table.ScrollContainer minWidth={880}>
            <Table striped data-testid="repair-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{intl.formatMessage({ id: "repair.asset" })}</Table.Th>
                  <Table.Th>{intl.formatMessage({ id: "repair.product" })}</Table.Th>
                  <Table.Th>{intl.formatMessage({ id: "repair.fault" })}</Table.Th>
                  <Table.Th>{intl.formatMessage({ id: "repair.source" })}</Table.Th>
                  <Table.Th>{intl.formatMessage({ id: "repair.status" })}</Table.Th>
                  <Table.Th>{intl.formatMessage({ id: "repair.openedCol" })}</Table.Th>
                  <Table.Th>{intl.formatMessage({ id: "repair.closedCol" })}</Table.Th>
                  <Table.Th>{intl.formatMessage({ id: "repair.details" })}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((t) => (
                  <Row key={t.id} t={t} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Pager page={page} next={list.data?.page?.nextPageToken} onPage={(p) => void navigate({ search: (s) => ({ ...s, page: p }) })} />
        </QueryState>
      )}
      <Modal
        opened={opened}
        onClose={closeDialog}
        title={intl.formatMessage({ id: "repair.newTitle" })}
        closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}
      >
        {opened && (
          <OpenRepairForm
            initialBarcode={report ?? barcode}
            onCancel={closeDialog}
            onOpened={(t, costError) => {
              dialog.close();
              toastInfo(intl.formatMessage({ id: "repair.opened" }, { barcode: t.barcode }));
              if (costError) toastError(new Error(costError));
              // From "Report a fault": Back returns to the asset, not to the form again.
              void go({ to: "/maintenance/repairs/$repairId", params: { repairId: t.id }, replace: !!report });
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

/** The barcode filter: typed (or scanned) and applied with Enter; cleared to show every unit's tickets. */
function AssetFilter({ barcode, error, onChange }: { barcode?: string; error?: string; onChange(b: string | undefined): void }) {
  const intl = useIntl();
  const [value, setValue] = useState(barcode ?? "");
  useEffect(() => setValue(barcode ?? ""), [barcode]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange(value.trim() || undefined);
  };
  return (
    <form onSubmit={submit}>
      <Group align="end" gap="xs" wrap="wrap">
        <TextInput
          label={intl.formatMessage({ id: "repair.filterAsset" })}
          placeholder={intl.formatMessage({ id: "repair.filterAssetHint" })}
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={error}
          w={240}
          data-testid="repair-filter-asset"
        />
        <Button type="submit" variant="default">
          <FormattedMessage id="repair.filterApply" />
        </Button>
        {barcode && (
          <Button variant="subtle" onClick={() => onChange(undefined)} data-testid="repair-filter-clear">
            <FormattedMessage id="repair.filterClear" />
          </Button>
        )}
      </Group>
    </form>
  );
}

function Row({ t }: { t: RepairTicket }) {
  const intl = useIntl();
  const source = useSourceLabel();
  return (
    <Table.Tr data-testid="repair-row" data-id={t.id} data-barcode={t.barcode}>
      <Table.Td>
        <AnchorLink to="/inventory/assets/$assetId" params={{ assetId: t.assetId }}>
          {t.barcode}
        </AnchorLink>
      </Table.Td>
      <Table.Td>{t.productName}</Table.Td>
      <Table.Td>
        <Text size="sm" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
          {t.description}
        </Text>
      </Table.Td>
      <Table.Td>{source(t.source)}</Table.Td>
      <Table.Td>
        <RepairStageBadge ticket={t} />
      </Table.Td>
      <Table.Td>
        <ByAt by={t.openedBy} at={t.openedAt} />
      </Table.Td>
      <Table.Td>
        <ByAt by={t.closedBy} at={t.closedAt} />
      </Table.Td>
      <Table.Td>
        <AnchorLink
          to="/maintenance/repairs/$repairId"
          params={{ repairId: t.id }}
          aria-label={intl.formatMessage({ id: "repair.detailsOf" }, { barcode: t.barcode })}
          data-testid="repair-details"
        >
          <FormattedMessage id="repair.details" />
        </AnchorLink>
      </Table.Td>
    </Table.Tr>
  );
}
