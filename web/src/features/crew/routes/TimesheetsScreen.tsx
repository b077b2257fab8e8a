import { useEffect, useState } from "react";
import { Alert, Anchor, Button, Card, Group, Modal, SegmentedControl, Stack, Table, Text, TextInput, Textarea, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl } from "react-intl";
import { EmploymentKind, TimesheetStatus, type ExportPayrollResponse, type Timesheet } from "../../../gen/eventkit/v1/crew_pb";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { QueryState } from "../../../components/QueryState";
import { Pager } from "../../../components/Pager";
import { addDays, parseDay, period } from "../../../lib/dates";
import { toUiError } from "../../../lib/errors";
import { formatMoney } from "../../../lib/money";
import { toastError, toastInfo } from "../../../lib/notify";
import { useCan } from "../../../lib/session";
import { useExportPayroll, useReviewTimesheet, useTimesheets } from "../api/crew";
import { TimesheetStatusBadge } from "../components/badges";
import { csvUrl, formatMinutes, isoDay } from "../lib/crew";

const route = getRouteApi("/_app/crew/timesheets");
const FILTERS = ["SUBMITTED", "APPROVED", "REJECTED"] as const;

/** Timesheet approvals (submitted first) and the payroll export for a period (CREW_MANAGE). */
export function TimesheetsScreen() {
  const canManage = useCan(Permission.CREW_MANAGE);
  if (!canManage) {
    return (
      <Alert color="gray" role="status">
        <FormattedMessage id="crew.needManage" />
      </Alert>
    );
  }
  return (
    <Stack gap="xl">
      <Approvals />
      <Payroll />
    </Stack>
  );
}

function Approvals() {
  const intl = useIntl();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const status = search.status ?? "SUBMITTED";
  const list = useTimesheets({ statuses: [TimesheetStatus[status]], page: search.page });
  const review = useReviewTimesheet();
  const [rejecting, setRejecting] = useState<Timesheet | null>(null);
  const [reason, setReason] = useState("");
  const rows = list.data?.timesheets ?? [];
  const when = (ts: Timesheet) => {
    const first = ts.entries[0]?.worked?.start;
    return first ? intl.formatDate(timestampDate(first), { weekday: "short", day: "numeric", month: "short" }) : "—";
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="crew.approvals.title" />
        </Title>
        <SegmentedControl
          value={status}
          onChange={(v) => void navigate({ search: (s) => ({ ...s, status: v === "SUBMITTED" ? undefined : (v as (typeof FILTERS)[number]), page: undefined }) })}
          data={FILTERS.map((f) => ({ value: f, label: intl.formatMessage({ id: `crew.timesheet.${f}` }) }))}
          aria-label={intl.formatMessage({ id: "crew.status" })}
          data-testid="approvals-filter"
        />
      </Group>
      <QueryState isPending={list.isPending} error={list.error} onRetry={() => void list.refetch()} isEmpty={rows.length === 0} empty={<FormattedMessage id="crew.approvals.empty" />}>
        <Table.ScrollContainer minWidth={820}>
          <Table striped verticalSpacing={6} data-testid="approvals-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{intl.formatMessage({ id: "crew.member" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crew.event" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crew.ts.worked" })}</Table.Th>
                <Table.Th ta="end">{intl.formatMessage({ id: "crew.ts.hours" })}</Table.Th>
                <Table.Th ta="end">{intl.formatMessage({ id: "crew.ts.amount" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crew.status" })}</Table.Th>
                <Table.Th>{intl.formatMessage({ id: "crew.actions" })}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((ts) => (
                <Table.Tr key={ts.id} data-testid="approval-row" data-timesheet={ts.id} data-member={ts.crewMemberId}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {ts.crewMemberName}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{ts.eventName}</Text>
                    <Text size="xs" c="dimmed">
                      {ts.function}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{when(ts)}</Text>
                    {ts.notes && (
                      <Text size="xs" c="dimmed">
                        {ts.notes}
                      </Text>
                    )}
                    {ts.rejectReason && (
                      <Text size="xs" c="red">
                        {ts.rejectReason}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="end">
                    <Text size="sm" ff="monospace">
                      {formatMinutes(ts.totalMinutes)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="end">
                    <Text size="sm">{formatMoney(intl, ts.amount)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <TimesheetStatusBadge status={ts.status} />
                  </Table.Td>
                  <Table.Td>
                    {ts.status === TimesheetStatus.SUBMITTED && (
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="xs"
                          color="green"
                          loading={review.isPending && review.variables?.id === ts.id && review.variables.approve}
                          onClick={() =>
                            review.mutate(
                              { id: ts.id, approve: true },
                              { onSuccess: () => toastInfo(intl.formatMessage({ id: "crew.approvals.approved" }, { name: ts.crewMemberName })), onError: toastError },
                            )
                          }
                          aria-label={intl.formatMessage({ id: "crew.approvals.approveLabel" }, { name: ts.crewMemberName, event: ts.eventName })}
                          data-testid="timesheet-approve"
                        >
                          <FormattedMessage id="crew.approvals.approve" />
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => {
                            setReason("");
                            setRejecting(ts);
                          }}
                          aria-label={intl.formatMessage({ id: "crew.approvals.rejectLabel" }, { name: ts.crewMemberName, event: ts.eventName })}
                          data-testid="timesheet-reject"
                        >
                          <FormattedMessage id="crew.approvals.reject" />
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Pager page={search.page} next={list.data?.page?.nextPageToken || undefined} onPage={(tk) => void navigate({ search: (s) => ({ ...s, page: tk }) })} />
      </QueryState>
      <Modal opened={!!rejecting} onClose={() => setRejecting(null)} title={intl.formatMessage({ id: "crew.approvals.rejectTitle" }, { name: rejecting?.crewMemberName ?? "" })} closeButtonProps={{ "aria-label": intl.formatMessage({ id: "dialog.close" }) }}>
        {rejecting && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!reason.trim()) return;
              review.mutate({ id: rejecting.id, approve: false, reason: reason.trim() }, { onSuccess: () => setRejecting(null), onError: toastError });
            }}
          >
            <Stack>
              <Textarea label={intl.formatMessage({ id: "crew.approvals.reason" })} required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus data-testid="reject-reason" />
              <Group justify="end">
                <Button variant="default" onClick={() => setRejecting(null)}>
                  <FormattedMessage id="crew.cancel" />
                </Button>
                <Button type="submit" color="red.9" disabled={!reason.trim()} loading={review.isPending} data-testid="reject-submit">
                  <FormattedMessage id="crew.approvals.reject" />
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
    </Stack>
  );
}

function Payroll() {
  const intl = useIntl();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const now = new Date();
  const defFrom = isoDay(new Date(now.getFullYear(), now.getMonth(), 1));
  const defTo = isoDay(new Date(now.getFullYear(), now.getMonth() + 1, 0));
  const [from, setFrom] = useState(search.from ?? defFrom);
  const [to, setTo] = useState(search.to ?? defTo);
  const [error, setError] = useState("");
  const [result, setResult] = useState<ExportPayrollResponse | null>(null);
  const [href, setHref] = useState("");
  const exp = useExportPayroll();
  useEffect(() => () => (href ? URL.revokeObjectURL(href) : undefined), [href]);

  const run = (e?: React.FormEvent) => {
    e?.preventDefault();
    setError("");
    const f = parseDay(from);
    const t0 = parseDay(to);
    if (!f || !t0 || t0 < f) {
      setError(intl.formatMessage({ id: "crew.payroll.badPeriod" }));
      return;
    }
    void navigate({ search: (s) => ({ ...s, from, to }) });
    // The last day is included.
    exp.mutate(
      { period: period(f, addDays(t0, 1)) },
      {
        onSuccess: (r) => {
          setResult(r);
          setHref(csvUrl(r.csv));
        },
        onError: (err) => setError(toUiError(err).message),
      },
    );
  };

  const totals = result?.totals ?? [];
  const grand = totals.reduce((s, x) => s + x.totalMinutes, 0);
  return (
    <Card withBorder padding="md" data-testid="payroll">
      <Stack>
        <Title order={2}>
          <FormattedMessage id="crew.payroll.title" />
        </Title>
        <form onSubmit={run} noValidate>
          <Group align="end" wrap="wrap">
            <TextInput type="date" label={intl.formatMessage({ id: "crew.payroll.from" })} value={from} onChange={(e) => setFrom(e.currentTarget.value)} data-testid="payroll-from" />
            <TextInput type="date" label={intl.formatMessage({ id: "crew.payroll.to" })} value={to} onChange={(e) => setTo(e.currentTarget.value)} data-testid="payroll-to" />
            <Button type="submit" loading={exp.isPending} data-testid="payroll-run">
              <FormattedMessage id="crew.payroll.run" />
            </Button>
            {result && href && (
              <Anchor href={href} download={result.fileName || "payroll.csv"} data-testid="payroll-download">
                <FormattedMessage id="crew.payroll.download" values={{ file: result.fileName || "payroll.csv" }} />
              </Anchor>
            )}
          </Group>
        </form>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {result &&
          (totals.length === 0 ? (
            <Text c="dimmed" data-testid="payroll-empty">
              <FormattedMessage id="crew.payroll.empty" />
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped verticalSpacing={4} data-testid="payroll-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{intl.formatMessage({ id: "crew.member" })}</Table.Th>
                    <Table.Th>{intl.formatMessage({ id: "crew.employment" })}</Table.Th>
                    <Table.Th ta="end">{intl.formatMessage({ id: "crew.payroll.timesheets" })}</Table.Th>
                    <Table.Th ta="end">{intl.formatMessage({ id: "crew.ts.hours" })}</Table.Th>
                    <Table.Th ta="end">{intl.formatMessage({ id: "crew.ts.amount" })}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {totals.map((x) => (
                    <Table.Tr key={x.crewMemberId} data-testid="payroll-row" data-member={x.crewMemberId}>
                      <Table.Td>{x.crewMemberName}</Table.Td>
                      <Table.Td>{intl.formatMessage({ id: `crew.employment.${EmploymentKind[x.employment]}` })}</Table.Td>
                      <Table.Td ta="end">{x.timesheets}</Table.Td>
                      <Table.Td ta="end" ff="monospace">
                        {formatMinutes(x.totalMinutes)}
                      </Table.Td>
                      <Table.Td ta="end">{formatMoney(intl, x.amount)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th>{intl.formatMessage({ id: "crew.payroll.total" })}</Table.Th>
                    <Table.Th />
                    <Table.Th ta="end">{totals.reduce((s, x) => s + x.timesheets, 0)}</Table.Th>
                    <Table.Th ta="end" ff="monospace">
                      {formatMinutes(grand)}
                    </Table.Th>
                    <Table.Th ta="end">{sumMoney(intl, totals.map((x) => x.amount))}</Table.Th>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
          ))}
      </Stack>
    </Card>
  );
}

/** The sum when all amounts share a currency; otherwise one sum per currency. */
function sumMoney(intl: ReturnType<typeof useIntl>, amounts: ({ currencyCode: string; minorUnits: bigint } | undefined)[]): string {
  const by = new Map<string, bigint>();
  for (const a of amounts) if (a?.currencyCode) by.set(a.currencyCode, (by.get(a.currencyCode) ?? 0n) + a.minorUnits);
  return [...by].map(([currencyCode, minorUnits]) => formatMoney(intl, { currencyCode, minorUnits })).join(" + ") || "—";
}
