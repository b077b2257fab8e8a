import { Group, Select, Stack, Table, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import type { InspectionDue } from "../../../gen/eventkit/v1/scanning_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { ButtonLink } from "../../../components/ButtonLink";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";
import { useCan } from "../../../lib/session";
import { useInspectionsDue } from "../api/maintenance";
import { DueBadge } from "../components/DueBadge";
import { DEFAULT_HORIZON, HORIZONS } from "../lib/maintenance";

const route = getRouteApi("/_app/maintenance/inspections/");

/**
 * Units due an inspection within a horizon (or overdue only), most overdue first, a page at a
 * time as the API pages. Overdue rows say so in words and with a sign, not by colour alone.
 */
export function InspectionsDueScreen() {
  const intl = useIntl();
  const { within, page } = route.useSearch();
  const navigate = route.useNavigate();
  const canScan = useCan(Permission.SCAN);
  const days = within ?? DEFAULT_HORIZON;
  const list = useInspectionsDue(days, page);
  const rows = list.data?.units ?? [];
  const now = new Date();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="inspection.title" />
        </Title>
        {canScan && (
          <ButtonLink to="/maintenance/inspections/scan" data-testid="inspection-scan-link">
            <FormattedMessage id="inspection.scan" />
          </ButtonLink>
        )}
      </Group>
      <Select
        label={intl.formatMessage({ id: "inspection.within" })}
        data={HORIZONS.map((h) => ({
          value: String(h),
          label: h === 0 ? intl.formatMessage({ id: "inspection.overdueOnly" }) : intl.formatMessage({ id: "inspection.horizonDays" }, { days: h }),
        }))}
        value={String(days)}
        allowDeselect={false}
        onChange={(v) => void navigate({ search: (s) => ({ ...s, within: v === null || Number(v) === DEFAULT_HORIZON ? undefined : Number(v), page: undefined }) })}
        w={220}
        data-testid="inspection-within"
      />
      <QueryState
        isPending={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        isEmpty={rows.length === 0}
        empty={<FormattedMessage id={days === 0 ? "inspection.emptyOverdue" : "inspection.empty"} />}
      >
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="inspection-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{intl.formatMessage({ id: "inspection.asset" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "inspection.product" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "inspection.last" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "inspection.due" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "inspection.state" })}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((u) => (
                <Row key={u.assetId} u={u} now={now} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Pager page={page} next={list.data?.page?.nextPageToken} onPage={(p) => void navigate({ search: (s) => ({ ...s, page: p }) })} />
      </QueryState>
    </Stack>
  );
}

function Row({ u, now }: { u: InspectionDue; now: Date }) {
  const intl = useIntl();
  const due = u.dueAt ? timestampDate(u.dueAt) : null;
  const day = (d: Date) => (
    <span title={intl.formatDate(d, { dateStyle: "full", timeStyle: "short" })}>{intl.formatDate(d, { dateStyle: "medium" })}</span>
  );
  return (
    <Table.Tr data-testid="inspection-row" data-barcode={u.barcode} data-overdue={u.overdue ? "true" : "false"} fw={u.overdue ? 600 : undefined}>
      <Table.Td>
        <AnchorLink to="/inventory/assets/$assetId" params={{ assetId: u.assetId }}>
          {u.barcode}
        </AnchorLink>
      </Table.Td>
      <Table.Td>
        <AnchorLink to="/inventory/products/$productId" params={{ productId: u.productId }}>
          {u.productName}
        </AnchorLink>
      </Table.Td>
      <Table.Td>{u.lastInspectedAt ? day(timestampDate(u.lastInspectedAt)) : intl.formatMessage({ id: "inspection.never" })}</Table.Td>
      <Table.Td>{due ? day(due) : "—"}</Table.Td>
      <Table.Td>{due && <DueBadge dueAt={due} overdue={u.overdue} now={now} />}</Table.Td>
    </Table.Tr>
  );
}
