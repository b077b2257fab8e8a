import { useState } from "react";
import { Badge, Button, Group, Select, Stack, Table, Text } from "@mantine/core";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl } from "react-intl";
import type { Quote, QuoteEmail } from "../../../gen/eventkit/v1/quotes_pb";
import { QueryState } from "../../../components/QueryState";
import { formatMoney } from "../../../lib/money";
import { toastError, toastInfo } from "../../../lib/notify";
import { useDiff, useResendEmail } from "../api/quotes";
import { diffRows, isEmptyDiff, totalsRows } from "../lib/diff";

const EMAIL_COLOR: Record<string, string> = { PENDING: "yellow", SENT: "teal", FAILED: "red" };

/** An email's delivery: PENDING, SENT or FAILED (with the reason and Retry). */
export function EmailStatus({ quoteId, version, email, canRetry }: { quoteId: string; version: number; email: QuoteEmail; canRetry: boolean }) {
  const intl = useIntl();
  const resend = useResendEmail();
  return (
    <Group gap={4} wrap="nowrap" data-testid="email-status" data-state={email.state}>
      <Badge size="xs" color={EMAIL_COLOR[email.state] ?? "gray"} variant="light">
        {intl.formatMessage({ id: `quotes.email.${email.state}` })}
      </Badge>
      <Text size="xs">{email.toAddress}</Text>
      {email.state === "FAILED" && (
        <>
          <Text size="xs" c="red">
            {email.lastError}
          </Text>
          {canRetry && (
            <Button
              size="compact-xs"
              variant="default"
              loading={resend.isPending}
              onClick={() => resend.mutate({ quoteId, version, emailTo: email.toAddress }, { onSuccess: () => toastInfo(intl.formatMessage({ id: "quotes.email.queued" })), onError: toastError })}
              data-testid="email-retry"
            >
              <FormattedMessage id="quotes.email.retry" />
            </Button>
          )}
        </>
      )}
    </Group>
  );
}

/** The sent versions, newest first: when, by whom, total, emails; each opens its PDF or a diff. */
export function VersionHistory({ quote, canWrite, onPdf }: { quote: Quote; canWrite: boolean; onPdf(version: number): void }) {
  const intl = useIntl();
  const versions = [...quote.versions].sort((a, b) => b.version - a.version);
  // Until chosen: the last two versions, or the only one against the draft.
  const [fromChoice, setFrom] = useState<number | null>(null);
  const [toChoice, setTo] = useState<number | null>(null);
  const from = fromChoice ?? versions[1]?.version ?? versions[0]?.version ?? 0;
  const to = toChoice ?? (versions[1] ? versions[0].version : 0);
  if (versions.length === 0)
    return (
      <Text c="dimmed">
        <FormattedMessage id="quotes.versions.none" />
      </Text>
    );
  const options = [{ value: "0", label: intl.formatMessage({ id: "quotes.draft" }) }, ...versions.map((v) => ({ value: String(v.version), label: `v${v.version}` }))];
  return (
    <Stack>
      <Table verticalSpacing={4} data-testid="quote-versions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{intl.formatMessage({ id: "quotes.version" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "quotes.sentAt" })}</Table.Th>
            <Table.Th style={{ textAlign: "end" }}>{intl.formatMessage({ id: "quotes.total" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "quotes.emails" })}</Table.Th>
            <Table.Th>{intl.formatMessage({ id: "quotes.line.actions" })}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((v) => (
            <Table.Tr key={v.version} data-testid="quote-version">
              <Table.Td>
                v{v.version}
                {quote.acceptedVersion === v.version && (
                  <Badge size="xs" color="teal" ms={4}>
                    <FormattedMessage id="quotes.state.ACCEPTED" />
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {v.sentAt ? intl.formatDate(timestampDate(v.sentAt), { dateStyle: "medium", timeStyle: "short" }) : ""} · {v.sentBy}
                </Text>
              </Table.Td>
              <Table.Td style={{ textAlign: "end" }}>{formatMoney(intl, v.total)}</Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  {v.emails.length === 0 ? (
                    <Text size="xs" c="dimmed">
                      <FormattedMessage id="quotes.email.none" />
                    </Text>
                  ) : (
                    v.emails.map((e) => <EmailStatus key={e.id} quoteId={quote.id} version={v.version} email={e} canRetry={canWrite} />)
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Button size="compact-xs" variant="default" onClick={() => onPdf(v.version)} data-testid="version-pdf">
                  PDF
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group align="end">
        <Select label={intl.formatMessage({ id: "quotes.diff.from" })} w={120} allowDeselect={false} value={String(from)} onChange={(v) => setFrom(Number(v))} data={options.filter((o) => o.value !== "0")} />
        <Select label={intl.formatMessage({ id: "quotes.diff.to" })} w={120} allowDeselect={false} value={String(to)} onChange={(v) => setTo(Number(v))} data={options} data-testid="diff-to" />
      </Group>
      <DiffView quoteId={quote.id} from={from} to={to} />
    </Stack>
  );
}

/** What changed between two versions (0: the draft): header fields, lines, totals before → after. */
export function DiffView({ quoteId, from, to }: { quoteId: string; from: number; to: number }) {
  const intl = useIntl();
  const d = useDiff(quoteId, from, to, from !== to);
  if (from === to) return null;
  const diff = d.data;
  return (
    <QueryState isPending={d.isPending} error={d.error} onRetry={() => void d.refetch()} isEmpty={!!diff && isEmptyDiff(diff)} empty={<FormattedMessage id="quotes.diff.same" />}>
      {diff && (
        <Stack gap="xs" data-testid="quote-diff">
          {diff.header.length > 0 && (
            <Stack gap={2}>
              {diff.header.map((h) => (
                <Text key={h.field} size="sm">
                  <b>{intl.formatMessage({ id: `quotes.field.${h.field}`, defaultMessage: h.field })}</b>: <del>{h.before || "—"}</del> → <ins>{h.after || "—"}</ins>
                </Text>
              ))}
            </Stack>
          )}
          <Table verticalSpacing={4}>
            <Table.Tbody>
              {diffRows(diff).map((r, i) => (
                <Table.Tr key={i} data-testid="diff-line" data-kind={r.kind} style={{ background: r.kind === "added" ? "var(--mantine-color-green-light)" : r.kind === "removed" ? "var(--mantine-color-red-light)" : undefined }}>
                  <Table.Td w={110}>
                    <Badge size="xs" color={r.kind === "added" ? "green" : r.kind === "removed" ? "red" : "blue"} variant="filled">
                      {intl.formatMessage({ id: `quotes.diff.${r.kind}` })}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{r.kind === "removed" ? <del>{r.description}</del> : r.description}</Table.Td>
                  <Table.Td>
                    {r.kind === "changed" ? (
                      r.changes.map((c) => (
                        <Text key={c.field} size="xs">
                          {intl.formatMessage({ id: `quotes.field.${c.field}`, defaultMessage: c.field })}: {c.before || "—"} → {c.after || "—"}
                        </Text>
                      ))
                    ) : (
                      <Text size="xs">
                        {r.quantity} · {formatMoney(intl, r.net)}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Table verticalSpacing={2} fz="sm" data-testid="diff-totals">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th style={{ textAlign: "end" }}>{from === 0 ? intl.formatMessage({ id: "quotes.draft" }) : `v${from}`}</Table.Th>
                <Table.Th style={{ textAlign: "end" }}>{to === 0 ? intl.formatMessage({ id: "quotes.draft" }) : `v${to}`}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {totalsRows(diff.totalsBefore, diff.totalsAfter).map((r) => (
                <Table.Tr key={r.key} fw={r.changed ? 700 : undefined}>
                  <Table.Td>{intl.formatMessage({ id: `quotes.${r.key}` })}</Table.Td>
                  <Table.Td style={{ textAlign: "end" }}>{formatMoney(intl, r.before)}</Table.Td>
                  <Table.Td style={{ textAlign: "end" }}>{formatMoney(intl, r.after)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </QueryState>
  );
}
