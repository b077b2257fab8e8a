import { useState } from "react";
import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { TableCard } from "../../../components/TableCard";
import { Code } from "@connectrpc/connect";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl, type IntlShape } from "react-intl";
import type { AuthAuditEntry } from "../../../gen/eventkit/v1/auth_pb";
import { toUiError } from "../../../lib/errors";
import { useAuthAudit } from "../api/audit";

/** Prefixes of "<kind>:<id>" actors and subjects that have a name. */
const KINDS = ["user", "token", "tenant", "webhook", "role", "session", "kid", "oidc"];
/** Actors that are a word, not "<kind>:<id>". */
const WORDS = ["system", "operator", "retention", "ldap"];

const has = (intl: IntlShape, id: string) => Object.prototype.hasOwnProperty.call(intl.messages, id);

/** An actor or subject as the log writes it ("user:ana@example.com", "token:<id>", "system"), with a named kind. */
function Who({ value }: { value: string }) {
  const intl = useIntl();
  if (!value) return <Text size="sm">—</Text>;
  if (WORDS.includes(value)) return <Text size="sm">{intl.formatMessage({ id: `audit.actor.${value}` })}</Text>;
  const colon = value.indexOf(":");
  const kind = colon > 0 ? value.slice(0, colon) : "";
  if (!KINDS.includes(kind)) {
    return (
      <Text size="sm" style={{ overflowWrap: "anywhere" }}>
        <bdi>{value}</bdi>
      </Text>
    );
  }
  return (
    <>
      <Text size="xs" c="dimmed">
        {intl.formatMessage({ id: `audit.kind.${kind}` })}
      </Text>
      <Text size="sm" style={{ overflowWrap: "anywhere" }}>
        <bdi>{value.slice(colon + 1)}</bdi>
      </Text>
    </>
  );
}

/** The action's name where the app has one; the raw code, which is always shown too, otherwise. */
function Action({ code }: { code: string }) {
  const intl = useIntl();
  const id = `audit.action.${code}`;
  const failed = code.endsWith("_FAILED");
  if (!has(intl, id)) {
    return (
      <Text size="sm" ff="monospace" c={failed ? "red.9" : undefined} data-testid="audit-action">
        {code}
      </Text>
    );
  }
  return (
    <>
      <Badge variant="light" color={failed ? "red" : "gray"} tt="none" miw="max-content" data-testid="audit-action">
        {intl.formatMessage({ id })}
      </Badge>
      <Text size="xs" c="dimmed" ff="monospace">
        {code}
      </Text>
    </>
  );
}

/** The auth audit (AUDIT_READ): sign-ins and changes to users, roles, keys and passwords, newest first, a page at a time. */
export function AuditPanel() {
  const intl = useIntl();
  // The page tokens followed from the first page: the last one is the page on show.
  const [trail, setTrail] = useState<string[]>([]);
  const audit = useAuthAudit(trail.at(-1));
  const entries: AuthAuditEntry[] = audit.data?.entries ?? [];
  const next = audit.data?.nextPageToken || undefined;
  const denied = !!audit.error && toUiError(audit.error).code === Code.PermissionDenied;
  const timeZone = intl.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

  return (
    <Stack data-testid="audit-panel">
      <Group justify="space-between" wrap="wrap">
        <Title order={3}>
          <FormattedMessage id="audit.title" />
        </Title>
        <Button variant="default" onClick={() => void audit.refetch()} loading={audit.isFetching && !audit.isPending} disabled={denied} data-testid="audit-refresh">
          <FormattedMessage id="audit.refresh" />
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        <FormattedMessage id="audit.intro" values={{ timeZone }} />
      </Text>
      {denied ? (
        <Alert color="gray" role="status" data-testid="audit-forbidden">
          <FormattedMessage id="audit.needPermission" />
        </Alert>
      ) : (
        <>
          <TableCard query={audit} isEmpty={entries.length === 0} empty={<FormattedMessage id="audit.empty" />} minWidth={960}>
            <Table
              verticalSpacing={8}
              aria-label={intl.formatMessage({ id: "audit.title" })}
              aria-busy={audit.isPlaceholderData || undefined}
              style={{ opacity: audit.isPlaceholderData ? 0.6 : 1 }}
              data-testid="audit-table"
            >
              <Table.Thead>
                <Table.Tr>
                  {(["time", "actor", "action", "subject", "detail", "address"] as const).map((c) => (
                    <Table.Th key={c} scope="col">
                      <FormattedMessage id={`audit.col.${c}`} />
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((e) => {
                  const at = e.at ? timestampDate(e.at) : undefined;
                  return (
                    <Table.Tr key={String(e.id)} data-testid="audit-row" data-action={e.action}>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>
                        {at && (
                          <time dateTime={at.toISOString()} title={intl.formatDate(at, { dateStyle: "full", timeStyle: "long" })} data-testid="audit-time">
                            {intl.formatDate(at, { dateStyle: "medium", timeStyle: "medium" })}
                          </time>
                        )}
                      </Table.Td>
                      <Table.Td style={{ maxWidth: 220 }} data-testid="audit-actor">
                        <Who value={e.actor} />
                      </Table.Td>
                      <Table.Td>
                        <Action code={e.action} />
                      </Table.Td>
                      <Table.Td style={{ maxWidth: 220 }} data-testid="audit-subject">
                        <Who value={e.subject} />
                      </Table.Td>
                      <Table.Td style={{ maxWidth: 360 }}>
                        <Text size="sm" style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }} data-testid="audit-detail">
                          <bdi>{e.detail}</bdi>
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace" dir="ltr" style={{ overflowWrap: "anywhere" }} data-testid="audit-address">
                          {e.actorAddress}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </TableCard>
          <Group justify="space-between" wrap="wrap">
            <Group gap="xs">
              <Button variant="default" disabled={trail.length === 0} onClick={() => setTrail([])} data-testid="audit-newest">
                <FormattedMessage id="audit.newest" />
              </Button>
              <Button variant="default" disabled={trail.length === 0} onClick={() => setTrail((t) => t.slice(0, -1))} data-testid="audit-newer">
                <FormattedMessage id="audit.newer" />
              </Button>
              <Button
                variant="default"
                disabled={!next || audit.isPlaceholderData}
                onClick={() => next && setTrail((t) => [...t, next])}
                data-testid="audit-older"
              >
                <FormattedMessage id="audit.older" />
              </Button>
            </Group>
            <Text size="sm" c="dimmed" aria-live="polite" data-testid="audit-page">
              <FormattedMessage id="audit.pageNumber" values={{ page: trail.length + 1 }} />
            </Text>
          </Group>
        </>
      )}
    </Stack>
  );
}
