import { useState } from "react";
import { Alert, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { useCan } from "../../../lib/session";
import { useCertificateAuthority, usePartnerHealth, usePartners } from "../api/partners";
import { AcceptButton } from "../components/AcceptDialog";
import { ClockOffset, DateCell, ErrorRate, Latency, When, useNow } from "../components/HealthCells";
import { InviteButton } from "../components/InviteDialog";
import { useLevelLabel } from "../components/LevelRadios";
import { PartnerStateBadge } from "../components/PartnerStateBadge";
import { ThisNodeCard } from "../components/ThisNodeCard";
import { certificateExpired, mergeHealth, type PartnerRow } from "../lib/partners";

/**
 * The partner list (TRUST_READ): each partner's levels both ways, state and live health (polled
 * every 10 s), with "Invite a partner" and "Accept an invitation" for TRUST_ADMIN, and this node's
 * root fingerprint for reading out to a partner admin.
 */
export function PartnersScreen() {
  // Without TRUST_READ every call here is refused: say so once instead of one error per call.
  if (!useCan(Permission.TRUST_READ)) {
    return (
      <Stack>
        <Title order={2}>
          <FormattedMessage id="partners.title" />
        </Title>
        <Alert color="gray" c="dark.8" role="alert" data-testid="partners-no-access">
          <FormattedMessage id="partners.noAccess" />
        </Alert>
      </Stack>
    );
  }
  return <PartnerList />;
}

function PartnerList() {
  const intl = useIntl();
  const go = useNavigate();
  const canAdmin = useCan(Permission.TRUST_ADMIN);
  const [page, setPage] = useState<string | undefined>();
  const list = usePartners(page);
  const health = usePartnerHealth();
  const ca = useCertificateAuthority();
  const now = useNow();
  const rows = mergeHealth(list.data?.partners ?? [], health.data?.partners ?? []);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="partners.title" />
        </Title>
        {canAdmin && (
          <Group>
            <InviteButton />
            <AcceptButton
              thisNodeId={ca.data?.nodeId}
              onAccepted={(p) => void go({ to: "/partners/$nodeId", params: { nodeId: p.nodeId } })}
            />
          </Group>
        )}
      </Group>
      <QueryState
        isPending={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        isEmpty={rows.length === 0 && !page}
        empty={
          <Stack gap="xs" data-testid="partners-empty">
            <Text fw={600}>
              <FormattedMessage id="partners.empty" />
            </Text>
            <Text size="sm">
              <FormattedMessage id={canAdmin ? "partners.emptyHow" : "partners.emptyAskAdmin"} />
            </Text>
          </Stack>
        }
      >
        {health.error && (
          <Alert color="yellow" c="dark.8" role="status" data-testid="partners-health-error">
            <FormattedMessage id="partners.health.failed" values={{ message: toUiError(health.error).message }} />
          </Alert>
        )}
        <Table.ScrollContainer minWidth={1100}>
          <Table striped data-testid="partners-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{intl.formatMessage({ id: "partners.col.name" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "partners.col.node" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "partners.col.granted" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "partners.col.received" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "partners.col.state" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "partners.col.latency" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "partners.col.errorRate" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "partners.col.lastSuccess" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "partners.col.clock" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "partners.col.certificate" })}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Row key={r.partner.nodeId} r={r} now={now} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {(page || list.data?.nextPageToken) && <Pager page={page} next={list.data?.nextPageToken} onPage={setPage} />}
      </QueryState>
      <ThisNodeCard />
    </Stack>
  );
}

function Row({ r, now }: { r: PartnerRow; now: Date }) {
  const level = useLevelLabel();
  const p = r.partner;
  const h = r.health;
  return (
    <Table.Tr data-testid="partner-row" data-node={p.nodeId}>
      <Table.Td>
        <AnchorLink to="/partners/$nodeId" params={{ nodeId: p.nodeId }} data-testid="partner-link">
          {r.name}
        </AnchorLink>
      </Table.Td>
      <Table.Td>
        <Text span size="sm" ff="monospace">
          {p.nodeId}
        </Text>
      </Table.Td>
      <Table.Td data-testid="partner-granted">{level(p.grantedLevel)}</Table.Td>
      <Table.Td data-testid="partner-received">{level(p.receivedLevel)}</Table.Td>
      <Table.Td>
        <PartnerStateBadge state={p.state} expired={certificateExpired(p, now)} />
      </Table.Td>
      <Table.Td>
        <Latency h={h} />
      </Table.Td>
      <Table.Td>
        <ErrorRate h={h} />
      </Table.Td>
      <Table.Td>
        <When at={h?.lastSuccess} now={now} testId="partner-last-success" />
      </Table.Td>
      <Table.Td>
        <ClockOffset h={h} />
      </Table.Td>
      <Table.Td>
        <DateCell at={p.clientCertificateExpiresAt ?? h?.clientCertificateExpiresAt} testId="partner-cert-expiry" />
      </Table.Td>
    </Table.Tr>
  );
}
