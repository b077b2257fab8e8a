import { useState } from "react";
import { ActionIcon, Alert, Button, Card, Group, NumberInput, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl } from "react-intl";
import { TimesheetStatus, type Assignment, type Timesheet } from "../../../gen/eventkit/v1/crew_pb";
import { formatMoney } from "../../../lib/money";
import { toUiError } from "../../../lib/errors";
import { toastInfo } from "../../../lib/notify";
import { useRecordTimesheet } from "../api/crew";
import { checkEntries, formatMinutes, fromEntry, fromZonedInput, toEntries, toZonedInput, totalMinutes, type DraftEntry } from "../lib/crew";
import { CallTimes } from "./AssignmentTable";
import { TimesheetStatusBadge } from "./badges";

/**
 * The hours of one accepted assignment: entries (start, end, unpaid break) in the event's zone,
 * saved as a draft or submitted. Submitted and approved timesheets are read-only; a rejected one
 * shows why and can be corrected and submitted again.
 */
export function TimesheetCard({ assignment, timesheet }: { assignment: Assignment; timesheet?: Timesheet }) {
  const intl = useIntl();
  const t = (id: string, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  const zone = assignment.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
  const parse = (s: string) => fromZonedInput(s, zone);
  const editable = !timesheet || timesheet.status === TimesheetStatus.DRAFT || timesheet.status === TimesheetStatus.REJECTED;
  const [entries, setEntries] = useState<DraftEntry[]>(() =>
    timesheet && timesheet.entries.length > 0
      ? timesheet.entries.map((e) => fromEntry(e, zone))
      : [
          {
            start: assignment.call?.start ? toZonedInput(timestampDate(assignment.call.start), zone) : "",
            end: assignment.call?.end ? toZonedInput(timestampDate(assignment.call.end), zone) : "",
            breakMinutes: "0",
          },
        ],
  );
  const [notes, setNotes] = useState(timesheet?.notes ?? "");
  const [tried, setTried] = useState(false);
  const [error, setError] = useState("");
  const record = useRecordTimesheet();
  const problems = checkEntries(entries, parse);
  const total = totalMinutes(entries, parse);
  const setEntry = (i: number, patch: Partial<DraftEntry>) => setEntries(entries.map((e, j) => (j === i ? { ...e, ...patch } : e)));

  const save = (submit: boolean) => {
    setTried(true);
    setError("");
    if (problems.some(Boolean)) return;
    record.mutate(
      { assignmentId: assignment.id, entries: toEntries(entries, parse), notes, submit },
      {
        onSuccess: () => toastInfo(t(submit ? "crew.ts.submitted" : "crew.ts.saved")),
        onError: (e) => setError(toUiError(e).message),
      },
    );
  };

  return (
    <Card withBorder padding="md" data-testid="timesheet-card" data-assignment={assignment.id}>
      <Stack gap="sm">
        <Group justify="space-between" align="start" wrap="nowrap">
          <div>
            <Text fw={600}>{assignment.eventName}</Text>
            <Text size="sm">{assignment.function}</Text>
            <CallTimes a={assignment} />
          </div>
          {timesheet ? <TimesheetStatusBadge status={timesheet.status} /> : null}
        </Group>
        {timesheet?.status === TimesheetStatus.REJECTED && (
          <Alert color="red" role="status" data-testid="timesheet-rejected">
            <FormattedMessage id="crew.ts.rejectedBecause" values={{ reason: timesheet.rejectReason }} />
          </Alert>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {editable ? (
          <>
            {entries.map((e, i) => (
              <Card key={i} withBorder padding="xs" data-testid="timesheet-entry">
                <Stack gap={6}>
                  <Group grow wrap="wrap" align="end">
                    <TextInput type="datetime-local" size="md" label={t("crew.ts.start", { n: i + 1 })} value={e.start} onChange={(x) => setEntry(i, { start: x.currentTarget.value })} miw={200} data-testid="entry-start" />
                    <TextInput type="datetime-local" size="md" label={t("crew.ts.end", { n: i + 1 })} value={e.end} onChange={(x) => setEntry(i, { end: x.currentTarget.value })} miw={200} data-testid="entry-end" />
                  </Group>
                  <Group align="end" wrap="nowrap">
                    <NumberInput
                      size="md"
                      label={t("crew.ts.break", { n: i + 1 })}
                      min={0}
                      max={1440}
                      step={15}
                      allowDecimal={false}
                      value={e.breakMinutes}
                      onChange={(x) => setEntry(i, { breakMinutes: String(x ?? "0") })}
                      w={160}
                      data-testid="entry-break"
                    />
                    {entries.length > 1 && (
                      <ActionIcon size="xl" variant="subtle" color="red" aria-label={t("crew.ts.removeEntry", { n: i + 1 })} onClick={() => setEntries(entries.filter((_, j) => j !== i))}>
                        ✕
                      </ActionIcon>
                    )}
                  </Group>
                  {tried && problems[i] && (
                    <Text size="sm" c="red" role="alert" data-testid="entry-problem">
                      <FormattedMessage id={`crew.ts.problem.${problems[i]}`} />
                    </Text>
                  )}
                </Stack>
              </Card>
            ))}
            {entries.length < 31 && (
              <Button variant="default" size="md" onClick={() => setEntries([...entries, { start: "", end: "", breakMinutes: "0" }])} data-testid="entry-add">
                <FormattedMessage id="crew.ts.addEntry" />
              </Button>
            )}
            <Textarea label={t("crew.notes")} autosize minRows={1} value={notes} onChange={(x) => setNotes(x.currentTarget.value)} />
            <Text fw={600} data-testid="timesheet-total">
              <FormattedMessage id="crew.ts.total" values={{ hours: formatMinutes(total) }} />
            </Text>
            <Group grow>
              <Button variant="default" size="lg" loading={record.isPending && !record.variables?.submit} onClick={() => save(false)} data-testid="timesheet-save">
                <FormattedMessage id="crew.ts.save" />
              </Button>
              <Button size="lg" loading={record.isPending && !!record.variables?.submit} onClick={() => save(true)} data-testid="timesheet-submit">
                <FormattedMessage id="crew.ts.submit" />
              </Button>
            </Group>
          </>
        ) : (
          timesheet && (
            <Stack gap={4}>
              {timesheet.entries.map((e, i) => (
                <Text key={i} size="sm">
                  {e.worked?.start && e.worked?.end
                    ? `${intl.formatDate(timestampDate(e.worked.start), { timeZone: zone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })} – ${intl.formatTime(timestampDate(e.worked.end), { timeZone: zone })}`
                    : "—"}
                  {e.breakMinutes > 0 && ` · ${t("crew.ts.breakShort", { minutes: e.breakMinutes })}`}
                </Text>
              ))}
              <Text fw={600} data-testid="timesheet-total">
                <FormattedMessage id="crew.ts.totalAmount" values={{ hours: formatMinutes(timesheet.totalMinutes), amount: formatMoney(intl, timesheet.amount) }} />
              </Text>
            </Stack>
          )
        )}
      </Stack>
    </Card>
  );
}
