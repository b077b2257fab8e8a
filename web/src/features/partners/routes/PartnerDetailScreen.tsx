import type { ReactNode } from "react";
import { Alert, Button, Divider, Group, Paper, SimpleGrid, Stack, Tabs, Text, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { TrustLevel } from "../../../gen/eventkit/v1/federation_pb";
import { PartnerState, type Partner, type PartnerHealth } from "../../../gen/eventkit/v1/trust_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { toUiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useCan } from "../../../lib/session";
import { usePartner, usePartnerHealth, useRefreshPartner, useResumePartner, useSuspendPartner } from "../api/partners";
import { ClockOffset, DateCell, ErrorRate, Latency, When, useNow } from "../components/HealthCells";
import { LevelForm } from "../components/LevelForm";
import { useLevelLabel } from "../components/LevelRadios";
import { PartnerCatalogue } from "../components/PartnerCatalogue";
import { PartnerStateBadge } from "../components/PartnerStateBadge";
import { ProductMappings } from "../components/ProductMappings";
import { RevokeButton } from "../components/RevokeDialog";
import { TrustAudit } from "../components/TrustAudit";
import { certificateExpired, mergeHealth } from "../lib/partners";

const route = getRouteApi("/_app/partners_/$nodeId");

/** One partner: state and health, the trust actions (TRUST_ADMIN), its shared catalogue, the product mappings and its audit trail. */
export function PartnerDetailScreen() {
  const { nodeId } = route.useParams();
  const partner = usePartner(nodeId);
  const health = usePartnerHealth();
  const canAdmin = useCan(Permission.TRUST_ADMIN);
  const canMap = useCan(Permission.SUBHIRE_WRITE);
  const canAudit = useCan(Permission.AUDIT_READ);
  const canSubhire = useCan(Permission.SUBHIRE_READ);

  return (
    <Stack>
      <AnchorLink to="/partners">
        <FormattedMessage id="partners.back" />
      </AnchorLink>
      <QueryState
        isPending={partner.isPending}
        error={partner.error}
        onRetry={() => void partner.refetch()}
        notFound={
          <Alert color="red" role="alert">
            <FormattedMessage id="partners.notFound" values={{ node: nodeId }} />
          </Alert>
        }
      >
          {partner.data && (
            <Detail
              p={partner.data}
              h={health.data?.partners.find((x) => x.nodeId === nodeId)}
              canAdmin={canAdmin}
              canMap={canMap}
              canAudit={canAudit}
              canSubhire={canSubhire}
              healthError={health.error ? toUiError(health.error).message : null}
            />
          )}
        </QueryState>
    </Stack>
  );
}

function Detail({
  p,
  h,
  canAdmin,
  canMap,
  canAudit,
  canSubhire,
  healthError,
}: {
  p: Partner;
  h?: PartnerHealth;
  canAdmin: boolean;
  canMap: boolean;
  canAudit: boolean;
  canSubhire: boolean;
  healthError: string | null;
}) {
  const intl = useIntl();
  const level = useLevelLabel();
  const now = useNow();
  const name = mergeHealth([p], h ? [h] : [])[0].name;
  const active = p.state === PartnerState.ACTIVE;
  // What the partner says we may do there: below DISCOVER its catalogue can't be read (unknown: try).
  const readable = active && (p.receivedLevel === TrustLevel.UNSPECIFIED || p.receivedLevel >= TrustLevel.DISCOVER);
  const final = p.state === PartnerState.REVOKED || p.state === PartnerState.REVOKED_BY_PARTNER;
  return (
    <Stack>
      <Group justify="space-between" align="start">
        <Stack gap={2}>
          <Title order={2} data-testid="partner-title">
            {name}
          </Title>
          <Text size="sm" ff="monospace" data-testid="partner-node-id">
            {p.nodeId}
          </Text>
        </Stack>
        <PartnerStateBadge state={p.state} expired={certificateExpired(p, now)} />
      </Group>
      {p.state === PartnerState.REVOKED_BY_PARTNER && (
        <Alert color="red" c="dark.8">
          <FormattedMessage id="partners.revokedByPartner" values={{ name }} />
        </Alert>
      )}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
          <Fact label="partners.col.granted" testId="detail-granted">
            {level(p.grantedLevel)}
          </Fact>
          <Fact label="partners.col.received" testId="detail-received">
            {level(p.receivedLevel)}
          </Fact>
          <Fact label="partners.detail.endpoint">{p.federationEndpoint || "—"}</Fact>
          <Fact label="partners.col.latency">
            <Latency h={h} />
          </Fact>
          <Fact label="partners.col.errorRate">
            <ErrorRate h={h} />
          </Fact>
          <Fact label="partners.col.lastSuccess">
            <When at={h?.lastSuccess} now={now} testId="detail-last-success" />
          </Fact>
          <Fact label="partners.detail.lastError">
            {h?.lastErrorAt ? (
              <>
                <When at={h.lastErrorAt} now={now} />
                {h.lastError && (
                  <Text size="xs" style={{ overflowWrap: "anywhere" }}>
                    {h.lastError}
                  </Text>
                )}
              </>
            ) : (
              "—"
            )}
          </Fact>
          <Fact label="partners.detail.circuit">{h?.circuitState || "—"}</Fact>
          <Fact label="partners.col.clock">
            <ClockOffset h={h} />
          </Fact>
          <Fact label="partners.col.certificate">
            <DateCell at={p.clientCertificateExpiresAt} withTime />
          </Fact>
          <Fact label="partners.detail.bundle">
            <When at={p.bundleFetchedAt} now={now} />
          </Fact>
          <Fact label="partners.detail.since">
            <DateCell at={p.stateChangedAt} withTime />
          </Fact>
        </SimpleGrid>
        {healthError && (
          <Text size="sm" c="red.9" mt="sm">
            <FormattedMessage id="partners.health.failed" values={{ message: healthError }} />
          </Text>
        )}
      </Paper>
      {canAdmin && !final && (
        <Paper withBorder p="md" role="region" aria-label={intl.formatMessage({ id: "partners.actions" })} data-testid="partner-actions">
          <Stack>
            <StateActions p={p} name={name} />
            <Divider />
            <LevelForm key={`${p.nodeId}/${p.grantedLevel}`} partner={p} name={name} />
          </Stack>
        </Paper>
      )}
      {canSubhire && active && !readable && (
        <Alert color="gray" c="dark.8" data-testid="partner-no-discover">
          <FormattedMessage id="partners.noDiscover" values={{ name, level: level(p.receivedLevel) }} />
        </Alert>
      )}
      {/* One list at a time: each reads the partner's catalogue or the audit only when shown (SUBHIRE_READ, AUDIT_READ). */}
      {(canSubhire || canAudit) && (
        <Tabs defaultValue={canSubhire ? "mappings" : "audit"} keepMounted={false}>
          <Tabs.List>
            {canSubhire && (
              <>
                <Tabs.Tab value="mappings" data-testid="tab-mappings">
                  {intl.formatMessage({ id: "partners.mapping.title" })}
                </Tabs.Tab>
                <Tabs.Tab value="catalogue" data-testid="tab-catalogue">
                  {intl.formatMessage({ id: "partners.catalogue.title" })}
                </Tabs.Tab>
              </>
            )}
            {canAudit && (
              <Tabs.Tab value="audit" data-testid="tab-audit">
                {intl.formatMessage({ id: "partners.audit.title" })}
              </Tabs.Tab>
            )}
          </Tabs.List>
          {canSubhire && (
            <>
              <Tabs.Panel value="mappings" pt="md">
                <ProductMappings nodeId={p.nodeId} enabled={readable} canWrite={canMap} />
              </Tabs.Panel>
              <Tabs.Panel value="catalogue" pt="md">
                <PartnerCatalogue nodeId={p.nodeId} enabled={readable} canWrite={canMap} />
              </Tabs.Panel>
            </>
          )}
          {canAudit && (
            <Tabs.Panel value="audit" pt="md">
              <TrustAudit nodeId={p.nodeId} />
            </Tabs.Panel>
          )}
        </Tabs>
      )}
    </Stack>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        <FormattedMessage id={label} />
      </Text>
      <Text size="sm" component="div" data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}

/** Suspend/resume and refresh (each disabled while any is running), and revoke with its confirmation. */
function StateActions({ p, name }: { p: Partner; name: string }) {
  const intl = useIntl();
  const suspend = useSuspendPartner();
  const resume = useResumePartner();
  const refresh = useRefreshPartner();
  const busy = suspend.isPending || resume.isPending || refresh.isPending;
  const run = async (m: { mutateAsync(r: { nodeId: string }): Promise<unknown> }, done: string) => {
    try {
      await m.mutateAsync({ nodeId: p.nodeId });
      toastInfo(intl.formatMessage({ id: done }, { name }));
    } catch {
      // Shown below the buttons (the mutation keeps its error).
    }
  };
  const lastError = suspend.error ?? resume.error ?? refresh.error;
  return (
    <Stack gap="xs">
      <Group>
        {p.state === PartnerState.SUSPENDED ? (
          <Button variant="default" disabled={busy} loading={resume.isPending} onClick={() => void run(resume, "partners.resumed")} data-testid="partner-resume">
            <FormattedMessage id="partners.resume" />
          </Button>
        ) : (
          <Button
            variant="default"
            disabled={busy || p.state !== PartnerState.ACTIVE}
            loading={suspend.isPending}
            onClick={() => void run(suspend, "partners.suspended")}
            data-testid="partner-suspend"
          >
            <FormattedMessage id="partners.suspend" />
          </Button>
        )}
        <Button variant="default" disabled={busy} loading={refresh.isPending} onClick={() => void run(refresh, "partners.refreshed")} data-testid="partner-refresh">
          <FormattedMessage id="partners.refresh" />
        </Button>
        <RevokeButton nodeId={p.nodeId} name={name} />
      </Group>
      <Text size="xs" c="dimmed">
        <FormattedMessage id="partners.actionsHint" />
      </Text>
      {lastError && (
        <Alert color="red" role="alert" data-testid="partner-action-error">
          {toUiError(lastError).message}
        </Alert>
      )}
    </Stack>
  );
}
