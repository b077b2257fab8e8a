import type { ReactNode } from "react";
import { Alert, Card, Group, SimpleGrid, Stack, Table, Text, Timeline, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { equals } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { PeriodSchema, type Period } from "../../../gen/eventkit/v1/common_pb";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { SubHireRole, type SubHire } from "../../../gen/eventkit/v1/subhire_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { DateRange } from "../../../components/DateRange";
import { QueryState } from "../../../components/QueryState";
import { formatMoney } from "../../../lib/money";
import { useCan } from "../../../lib/session";
import { useSubHire } from "../api/subhire";
import { DeliveryStatus } from "../components/DeliveryStatus";
import { StateBadge } from "../components/StateBadge";
import { SubHireActions } from "../components/SubHireActions";
import { stateName } from "../lib/subhire";

const route = getRouteApi("/_app/subhires/$negotiationId");

/**
 * One negotiation (GetSubHire, polled while open): who with, the terms, the lines and quote, the
 * manifest once dispatched, the delivery of our messages, the history as a timeline, and the
 * actions this side may take now.
 */
export function SubHireDetailScreen() {
  const { negotiationId } = route.useParams();
  const q = useSubHire(negotiationId);
  return (
    <Stack>
      <AnchorLink to="/subhires" size="sm">
        ← <FormattedMessage id="subhire.title" />
      </AnchorLink>
      <QueryState
        isPending={q.isPending}
        error={q.error}
        onRetry={() => void q.refetch()}
        invalidIsNotFound
        notFound={
          <Alert color="red" role="alert" data-testid="subhire-not-found">
            <FormattedMessage id="subhire.notFound" />
          </Alert>
        }
      >
        {q.data && <Detail s={q.data} />}
      </QueryState>
    </Stack>
  );
}

function Detail({ s }: { s: SubHire }) {
  const intl = useIntl();
  const canWrite = useCan(Permission.SUBHIRE_WRITE);
  const borrower = s.role === SubHireRole.BORROWER;
  const at = (t?: Parameters<typeof timestampDate>[0]) => (t ? intl.formatDate(timestampDate(t), { dateStyle: "medium", timeStyle: "short" }) : "—");
  const same = (a?: Period, b?: Period) => (a && b ? equals(PeriodSchema, a, b) : a === b);
  return (
    <>
      <Group justify="space-between" align="start">
        <Stack gap={4}>
          <Title order={2} data-testid="subhire-title">
            {s.eventName || s.negotiationId}
          </Title>
          <Group gap="sm">
            <StateBadge state={s.state} />
            {s.peerState !== s.state && s.peerState !== 0 && (
              <Text size="sm" data-testid="subhire-peer-state">
                <FormattedMessage id="subhire.peerSays" values={{ state: intl.formatMessage({ id: `subhire.state.${stateName(s.peerState)}` }) }} />
              </Text>
            )}
            <Text size="sm" data-testid="subhire-role">
              <FormattedMessage id={borrower ? "subhire.roleBorrower" : "subhire.roleSupplier"} values={{ partner: s.partnerName || s.partnerNodeId }} />
            </Text>
          </Group>
        </Stack>
        {canWrite && <SubHireActions s={s} />}
      </Group>
      {s.reason && (
        <Alert color="gray" role="status" data-testid="subhire-reason">
          {s.reason}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        <Field label="subhire.partner" testId="subhire-partner">
          {s.partnerName && s.partnerName !== s.partnerNodeId ? `${s.partnerName} (${s.partnerNodeId})` : s.partnerNodeId}
        </Field>
        <Field label="subhire.event">
          {s.eventName || "—"}
          {s.eventReference && ` · ${s.eventReference}`}
        </Field>
        <Field label="subhire.usage" testId="subhire-usage">
          <DateRange start={s.usagePeriod?.start} end={s.usagePeriod?.end} />
        </Field>
        <Field label="subhire.deliveryPeriod">
          {same(s.deliveryPeriod, s.usagePeriod) ? <FormattedMessage id="subhire.sameAsUsage" /> : <DateRange start={s.deliveryPeriod?.start} end={s.deliveryPeriod?.end} />}
        </Field>
        <Field label="subhire.location">{s.location || "—"}</Field>
        <Field label="subhire.contact">
          {[s.contactName, s.contactEmail, s.contactPhone].filter(Boolean).join(" · ") || "—"}
          {s.requestingCompany && ` (${s.requestingCompany})`}
        </Field>
        <Field label="subhire.updated">{at(s.updatedAt)}</Field>
        {!borrower && s.supplierEventName && <Field label="subhire.supplierEvent">{s.supplierEventName}</Field>}
      </SimpleGrid>
      {s.note && (
        <Field label="subhire.note" testId="subhire-note">
          <span style={{ whiteSpace: "pre-wrap" }}>{s.note}</span>
        </Field>
      )}
      <Title order={3}>
        <FormattedMessage id="subhire.lines" />
      </Title>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing={4} data-testid="subhire-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{intl.formatMessage({ id: "subhire.product" })}</Table.Th>
              {borrower && <Table.Th>{intl.formatMessage({ id: "subhire.localProduct" })}</Table.Th>}
              <Table.Th ta="end">{intl.formatMessage({ id: "subhire.quantity" })}</Table.Th>
              <Table.Th ta="end">{intl.formatMessage({ id: "subhire.suggestedPrice" })}</Table.Th>
              <Table.Th ta="end">{intl.formatMessage({ id: "subhire.quotedPrice" })}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.lines.map((l) => (
              <Table.Tr key={l.supplierProductId}>
                <Table.Td>{l.productName || l.supplierProductId}</Table.Td>
                {borrower && (
                  <Table.Td>
                    {l.localProductId ? (
                      <AnchorLink to="/inventory/products/$productId" params={{ productId: l.localProductId }} size="sm">
                        {l.localProductName || l.localProductId}
                      </AnchorLink>
                    ) : (
                      "—"
                    )}
                  </Table.Td>
                )}
                <Table.Td ta="end">{intl.formatNumber(l.quantity)}</Table.Td>
                <Table.Td ta="end">{formatMoney(intl, l.suggestedUnitPrice)}</Table.Td>
                <Table.Td ta="end">{formatMoney(intl, l.quotedUnitPrice)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {s.quoteTotal?.currencyCode && (
        <Text data-testid="subhire-quote">
          <FormattedMessage id="subhire.quoteTotal" values={{ total: formatMoney(intl, s.quoteTotal), until: at(s.quoteValidUntil) }} />
        </Text>
      )}
      {s.manifest.length > 0 && (
        <>
          <Title order={3}>
            <FormattedMessage id="subhire.manifest" values={{ count: s.manifest.length }} />
          </Title>
          <Table.ScrollContainer minWidth={420}>
            <Table verticalSpacing={4} data-testid="subhire-manifest">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{intl.formatMessage({ id: "subhire.barcode" })}</Table.Th>
                  <Table.Th>{intl.formatMessage({ id: "subhire.product" })}</Table.Th>
                  <Table.Th>{intl.formatMessage({ id: "subhire.assetRef" })}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.manifest.map((m) => (
                  <Table.Tr key={m.barcode}>
                    <Table.Td>{m.barcode}</Table.Td>
                    <Table.Td>{m.productName}</Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{m.assetRef}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
      <Title order={3}>
        <FormattedMessage id="subhire.delivery" />
      </Title>
      <DeliveryStatus delivery={s.delivery} />
      <Title order={3}>
        <FormattedMessage id="subhire.history" />
      </Title>
      {s.history.length === 0 ? (
        <Text c="dimmed">
          <FormattedMessage id="subhire.noHistory" />
        </Text>
      ) : (
        <Timeline bulletSize={14} lineWidth={2} active={s.history.length - 1} data-testid="subhire-history">
          {s.history.map((h, i) => (
            <Timeline.Item
              key={i}
              title={
                h.fromState && h.fromState !== h.toState
                  ? `${intl.formatMessage({ id: `subhire.state.${stateName(h.fromState)}` })} → ${intl.formatMessage({ id: `subhire.state.${stateName(h.toState)}` })}`
                  : intl.formatMessage({ id: `subhire.state.${stateName(h.toState)}` })
              }
            >
              <Text size="sm">
                {at(h.at)} · {h.actor}
              </Text>
              {h.detail && (
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  {h.detail}
                </Text>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </>
  );
}

function Field({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <Card withBorder padding="xs">
      <Text size="xs" c="dimmed">
        <FormattedMessage id={label} />
      </Text>
      <Text component="div" size="sm" style={{ overflowWrap: "anywhere" }} data-testid={testId}>
        {children}
      </Text>
    </Card>
  );
}
