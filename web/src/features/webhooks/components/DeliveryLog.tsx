import { Fragment, useState } from "react";
import { ActionIcon, Badge, Button, Card, Code, Group, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { DeliveryState, type Webhook, type WebhookDelivery } from "../../../gen/eventkit/v1/notifications_pb";
import { Pager } from "../../../components/Pager";
import { QueryState } from "../../../components/QueryState";
import { toastError, toastInfo } from "../../../lib/notify";
import { useDeliveries, useReplayDelivery } from "../api/webhooks";
import { deliveryBadge, prettyJson } from "../lib/webhook";

const FILTERS = [DeliveryState.UNSPECIFIED, DeliveryState.PENDING, DeliveryState.DELIVERED, DeliveryState.FAILED];

/** A subscription's delivery log, newest first: filter by state, page, expand attempts and payload, replay. */
export function DeliveryLog({ webhook, onClose }: { webhook: Webhook; onClose(): void }) {
  const intl = useIntl();
  const [state, setState] = useState(DeliveryState.UNSPECIFIED);
  const [page, setPage] = useState<string | undefined>();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const list = useDeliveries(webhook.id, state, page);
  const replay = useReplayDelivery();
  const items = list.data?.deliveries ?? [];
  const when = (t: Timestamp | undefined) => (t ? intl.formatDate(timestampDate(t), { dateStyle: "short", timeStyle: "medium" }) : "");
  const toggle = (id: string) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const code = (c: number) => (c === 0 ? intl.formatMessage({ id: "log.noAnswer" }) : String(c));

  return (
    <Card withBorder padding="md" data-testid="delivery-log" data-webhook={webhook.id}>
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <Title order={3} size="h4" style={{ overflowWrap: "anywhere" }}>
            <FormattedMessage id="log.title" values={{ url: webhook.url }} />
          </Title>
          <Button variant="subtle" size="xs" onClick={onClose} data-testid="delivery-log-close">
            <FormattedMessage id="log.close" />
          </Button>
        </Group>
        <SegmentedControl
          aria-label={intl.formatMessage({ id: "log.filter" })}
          value={String(state)}
          onChange={(v) => {
            setState(Number(v) as DeliveryState);
            setPage(undefined);
          }}
          data={FILTERS.map((s) => ({
            value: String(s),
            label: intl.formatMessage({ id: s === DeliveryState.UNSPECIFIED ? "log.all" : deliveryBadge(s).key }),
          }))}
          data-testid="delivery-filter"
          style={{ alignSelf: "start", maxWidth: "100%" }}
        />
        <QueryState
          isPending={list.isPending}
          error={list.error}
          onRetry={() => void list.refetch()}
          isEmpty={items.length === 0}
          empty={<FormattedMessage id="log.empty" />}
        >
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing={6} data-testid="delivery-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    <FormattedMessage id="webhooks.state" />
                  </Table.Th>
                  <Table.Th>
                    <FormattedMessage id="log.type" />
                  </Table.Th>
                  <Table.Th ta="end">
                    <FormattedMessage id="log.attempts" />
                  </Table.Th>
                  <Table.Th ta="end">
                    <FormattedMessage id="log.code" />
                  </Table.Th>
                  <Table.Th ta="end">
                    <FormattedMessage id="log.latency" />
                  </Table.Th>
                  <Table.Th>
                    <FormattedMessage id="log.time" />
                  </Table.Th>
                  <Table.Th>
                    <FormattedMessage id="webhooks.actions" />
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((d) => (
                  <Fragment key={d.id}>
                    <Table.Tr data-testid="delivery" data-state={DeliveryState[d.state]} data-event-type={d.eventType}>
                      <Table.Td>
                        <Badge variant="light" color={deliveryBadge(d.state).color} miw="max-content">
                          <FormattedMessage id={deliveryBadge(d.state).key} />
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {d.eventType}
                        </Text>
                        {d.lastError && (
                          <Text size="xs" c="red.9">
                            {d.lastError}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="end">{d.attemptCount}</Table.Td>
                      <Table.Td ta="end">{d.attemptCount > 0 ? code(d.lastResponseCode) : ""}</Table.Td>
                      <Table.Td ta="end">
                        {d.attemptCount > 0 ? intl.formatMessage({ id: "log.latencyMs" }, { ms: intl.formatNumber(Number(d.lastLatencyMs)) }) : ""}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{when(d.createdAt)}</Text>
                        {d.state === DeliveryState.PENDING && d.nextAttemptAt && (
                          <Text size="xs" c="dimmed">
                            <FormattedMessage id="log.next" values={{ time: when(d.nextAttemptAt) }} />
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <ActionIcon
                            variant="subtle"
                            onClick={() => toggle(d.id)}
                            aria-expanded={open.has(d.id)}
                            aria-controls={`delivery-${d.id}`}
                            aria-label={intl.formatMessage({ id: "log.detailsFor" }, { id: d.eventId || d.id })}
                            data-testid="delivery-expand"
                          >
                            <span aria-hidden style={{ display: "inline-block", transform: open.has(d.id) ? "rotate(90deg)" : undefined }}>
                              ▸
                            </span>
                          </ActionIcon>
                          <Button
                            size="compact-xs"
                            variant="light"
                            loading={replay.isPending && replay.variables?.id === d.id}
                            onClick={() =>
                              replay.mutate({ id: d.id }, { onSuccess: () => toastInfo(intl.formatMessage({ id: "log.replayed" })), onError: toastError })
                            }
                            data-testid="delivery-replay"
                          >
                            <FormattedMessage id="log.replay" />
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                    {open.has(d.id) && (
                      <Table.Tr id={`delivery-${d.id}`} data-testid="delivery-details">
                        <Table.Td colSpan={7}>
                          <DeliveryDetails d={d} when={when} code={code} />
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </QueryState>
        <Pager page={page} next={list.data?.page?.nextPageToken || undefined} onPage={setPage} />
      </Stack>
    </Card>
  );
}

function DeliveryDetails({ d, when, code }: { d: WebhookDelivery; when(t: Timestamp | undefined): string; code(c: number): string }) {
  const intl = useIntl();
  return (
    <Stack gap="xs">
      <Text size="sm">
        <FormattedMessage id="log.eventId" />: <Code>{d.eventId}</Code>
      </Text>
      {d.attempts.length === 0 ? (
        <Text size="sm" c="dimmed">
          <FormattedMessage id="log.noAttempts" />
        </Text>
      ) : (
        <Table withTableBorder verticalSpacing={4} fz="sm" data-testid="delivery-attempts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>
                <FormattedMessage id="log.attempt.at" />
              </Table.Th>
              <Table.Th ta="end">
                <FormattedMessage id="log.attempt.code" />
              </Table.Th>
              <Table.Th ta="end">
                <FormattedMessage id="log.attempt.latency" />
              </Table.Th>
              <Table.Th>
                <FormattedMessage id="log.attempt.error" />
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.attempts.map((a, i) => (
              <Table.Tr key={i}>
                <Table.Td>
                  {when(a.at)}
                  {a.replay && (
                    <Badge ms="xs" size="xs" variant="outline">
                      <FormattedMessage id="log.attempt.replay" />
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="end">{code(a.responseCode)}</Table.Td>
                <Table.Td ta="end">{intl.formatMessage({ id: "log.latencyMs" }, { ms: intl.formatNumber(Number(a.latencyMs)) })}</Table.Td>
                <Table.Td>{a.error}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text size="sm" fw={500}>
        <FormattedMessage id="log.payload" />
      </Text>
      <Code block dir="ltr" tabIndex={0} style={{ maxHeight: 320, overflow: "auto", whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-testid="delivery-payload">
        {prettyJson(d.payloadJson)}
      </Code>
    </Stack>
  );
}
