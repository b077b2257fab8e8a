import { useState } from "react";
import { ActionIcon, Alert, Button, Card, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl } from "react-intl";
import { BusyKind } from "../../../gen/eventkit/v1/crew_pb";
import { QueryState } from "../../../components/QueryState";
import { DateRange } from "../../../components/DateRange";
import { addDays, fromLocalInput, period, startOfDay } from "../../../lib/dates";
import { toUiError } from "../../../lib/errors";
import { toastError } from "../../../lib/notify";
import { useAddUnavailability, useAvailabilityGrid, useRemoveUnavailability } from "../api/crew";

const WINDOW_DAYS = 62;

/**
 * A crew member's unavailable periods from today for the next 62 days (the grid's longest window),
 * with add and remove. Empty `crewMemberId`: the caller's own (My work).
 */
export function UnavailabilityPanel({ crewMemberId, memberName, canEdit }: { crewMemberId: string; memberName: string; canEdit: boolean }) {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  const from = startOfDay(new Date());
  const to = addDays(from, WINDOW_DAYS);
  // The grid filtered to this person's name is the one read that lists unavailability.
  const grid = useAvailabilityGrid(from, to, { q: memberName });
  const row = grid.data?.rows.find((r) => r.member?.id === crewMemberId);
  const periods = (row?.busy ?? []).filter((b) => b.kind === BusyKind.UNAVAILABLE);
  const add = useAddUnavailability();
  const remove = useRemoveUnavailability();
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setError("");
    const s = fromLocalInput(start);
    // A whole day when only dates are given: the end day is included.
    const f0 = fromLocalInput(end);
    const f = f0 && !end.includes("T") ? addDays(f0, 1) : f0;
    if (!s || !f || f <= s) {
      setError(t("crew.unavailable.badPeriod"));
      return;
    }
    add.mutate(
      { crewMemberId, period: period(s, f), reason: reason.trim() },
      {
        onSuccess: () => {
          setStart("");
          setEnd("");
          setReason("");
        },
        onError: (err) => setError(toUiError(err).message),
      },
    );
  };

  return (
    <Card withBorder padding="sm" data-testid="unavailability">
      <Stack gap="sm">
        <Title order={3} size="h4">
          <FormattedMessage id="crew.unavailable.title" />
        </Title>
        <QueryState isPending={grid.isPending} error={grid.error} onRetry={() => void grid.refetch()} isEmpty={periods.length === 0} empty={<FormattedMessage id="crew.unavailable.none" />}>
          <Table verticalSpacing={6} data-testid="unavailability-table">
            <Table.Tbody>
              {periods.map((b) => (
                <Table.Tr key={b.id} data-testid="unavailability-row">
                  <Table.Td>
                    <DateRange start={b.period?.start} end={b.period?.end} />
                    <Text span size="xs" c="dimmed" ms="xs">
                      {b.period?.start && b.period?.end
                        ? `${intl.formatTime(timestampDate(b.period.start))}–${intl.formatTime(timestampDate(b.period.end))}`
                        : ""}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{b.label}</Text>
                  </Table.Td>
                  {canEdit && (
                    <Table.Td w={56}>
                      <ActionIcon
                        size="lg"
                        variant="subtle"
                        color="red"
                        loading={remove.isPending && remove.variables?.id === b.id}
                        aria-label={intl.formatMessage({ id: "crew.unavailable.remove" }, { reason: b.label || "" })}
                        onClick={() => remove.mutate({ id: b.id }, { onError: toastError })}
                        data-testid="unavailability-remove"
                      >
                        ✕
                      </ActionIcon>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </QueryState>
        {canEdit && (
          <form onSubmit={submit} noValidate data-testid="unavailability-form">
            <Stack gap="xs">
              {error && (
                <Alert color="red" role="alert">
                  {error}
                </Alert>
              )}
              <Group grow wrap="wrap" align="end">
                <TextInput type="datetime-local" label={t("crew.unavailable.from")} value={start} onChange={(e) => setStart(e.currentTarget.value)} miw={180} data-testid="unavailability-from" />
                <TextInput type="datetime-local" label={t("crew.unavailable.to")} value={end} onChange={(e) => setEnd(e.currentTarget.value)} miw={180} data-testid="unavailability-to" />
              </Group>
              <TextInput label={t("crew.unavailable.reason")} maxLength={200} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="unavailability-reason" />
              <Button type="submit" size="md" loading={add.isPending} data-testid="unavailability-add">
                <FormattedMessage id="crew.unavailable.add" />
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}
