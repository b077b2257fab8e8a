import { Group, Loader, SegmentedControl, Stack, Table, Tabs, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { SubHireRole, type SubHire } from "../../../gen/eventkit/v1/subhire_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { DateRange } from "../../../components/DateRange";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";
import { useSubHires } from "../api/subhire";
import { DeliveryStatus } from "../components/DeliveryStatus";
import { ResolveAssetBox } from "../components/ResolveAssetBox";
import { StateBadge } from "../components/StateBadge";
import { allowedActions, isOpen, stateName, statesOf, type StateFilter } from "../lib/subhire";

const route = getRouteApi("/_app/subhires/");

/**
 * The sub-hire inbox: one row per negotiation on one side (outgoing: we borrow; incoming: a partner
 * borrows from us), filtered by open / all / done, newest first, a page at a time, polled. Side,
 * filter and page live in the URL.
 */
export function SubHireInboxScreen() {
  const intl = useIntl();
  const { side, show, page } = route.useSearch();
  const navigate = route.useNavigate();
  const role = side === "incoming" ? SubHireRole.SUPPLIER : SubHireRole.BORROWER;
  const filter: StateFilter = show ?? "open";
  const list = useSubHires(role, statesOf(filter), page);
  const rows = list.data?.subHires ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="subhire.title" />
        </Title>
        {list.isFetching && !list.isPending && <Loader size="xs" aria-label={intl.formatMessage({ id: "subhire.refreshing" })} />}
      </Group>
      <ResolveAssetBox />
      <Group gap="md" wrap="wrap">
        <Tabs
          value={side ?? "outgoing"}
          onChange={(v) => void navigate({ search: (s) => ({ ...s, side: v === "incoming" ? "incoming" : undefined, page: undefined }) })}
          data-testid="subhire-side"
        >
          <Tabs.List aria-label={intl.formatMessage({ id: "subhire.side" })}>
            <Tabs.Tab value="outgoing">{intl.formatMessage({ id: "subhire.outgoing" })}</Tabs.Tab>
            <Tabs.Tab value="incoming">{intl.formatMessage({ id: "subhire.incoming" })}</Tabs.Tab>
          </Tabs.List>
        </Tabs>
        <SegmentedControl
          aria-label={intl.formatMessage({ id: "subhire.filter" })}
          value={filter}
          onChange={(v) => void navigate({ search: (s) => ({ ...s, show: v === "open" ? undefined : (v as StateFilter), page: undefined }) })}
          data={(["open", "all", "done"] as const).map((f) => ({ value: f, label: intl.formatMessage({ id: `subhire.filter.${f}` }) }))}
          data-testid="subhire-filter"
        />
      </Group>
      <QueryState
        isPending={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        isEmpty={rows.length === 0}
        empty={<FormattedMessage id={role === SubHireRole.SUPPLIER ? "subhire.emptyIncoming" : "subhire.emptyOutgoing"} />}
      >
        <InboxTable rows={rows} />
        <Pager page={page} next={list.data?.page?.nextPageToken || undefined} onPage={(t) => void navigate({ search: (s) => ({ ...s, page: t }) })} />
      </QueryState>
    </Stack>
  );
}

function linesSummary(s: SubHire): string {
  const first = s.lines.slice(0, 2).map((l) => `${l.quantity} × ${l.productName || l.localProductName || l.supplierProductId}`);
  return s.lines.length > 2 ? `${first.join(", ")} +${s.lines.length - 2}` : first.join(", ");
}

/** What this side can do next (the buttons on the detail), or that it is the partner's turn. */
function nextStep(s: SubHire, intl: ReturnType<typeof useIntl>): string {
  // Cancelling, changing and declining are always options, not the step the negotiation waits for.
  const mine = allowedActions(s.role, s.state).filter((a) => !["resync", "cancel", "change", "decline"].includes(a));
  if (mine.length) return mine.map((a) => intl.formatMessage({ id: `subhire.action.${a}` })).join(" / ");
  return isOpen(s.state) ? intl.formatMessage({ id: "subhire.partnersTurn" }) : "—";
}

export function InboxTable({ rows }: { rows: SubHire[] }) {
  const intl = useIntl();
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table verticalSpacing={4} data-testid="subhire-inbox">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{intl.formatMessage({ id: "subhire.partner" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "subhire.event" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "subhire.usage" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "subhire.lines" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "subhire.stateCol" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "subhire.nextStep" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "subhire.updated" })}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((s) => (
            <Table.Tr key={s.negotiationId} data-testid="subhire-row" data-negotiation={s.negotiationId} data-state={stateName(s.state)}>
              <Table.Td>
                <Text size="sm">{s.partnerName || s.partnerNodeId}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  <AnchorLink to="/subhires/$negotiationId" params={{ negotiationId: s.negotiationId }} size="sm" data-testid="subhire-open">
                    {s.eventName || s.negotiationId}
                  </AnchorLink>
                  {s.eventReference && (
                    <Text span size="xs" c="dimmed">
                      {" "}
                      · {s.eventReference}
                    </Text>
                  )}
                </Text>
              </Table.Td>
              <Table.Td>
                <DateRange start={s.usagePeriod?.start} end={s.usagePeriod?.end} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{linesSummary(s)}</Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={2} align="start">
                  <StateBadge state={s.state} />
                  {s.peerState !== s.state && s.peerState !== 0 && (
                    <Text size="xs" data-testid="subhire-row-peer">
                      <FormattedMessage id="subhire.peerSays" values={{ state: intl.formatMessage({ id: `subhire.state.${stateName(s.peerState)}` }) }} />
                    </Text>
                  )}
                  <DeliveryStatus delivery={s.delivery} compact />
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm" data-testid="subhire-next">
                  {nextStep(s, intl)}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                {s.updatedAt && (
                  <Text size="sm" title={intl.formatDate(timestampDate(s.updatedAt), { dateStyle: "full", timeStyle: "medium" })}>
                    {intl.formatDate(timestampDate(s.updatedAt), { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
