import { useState, type FormEvent } from "react";
import { Alert, Button, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { Code } from "@connectrpc/connect";
import { VehicleBusyKind, type Vehicle } from "../../../gen/eventkit/v1/transport_pb";
import { QueryState } from "../../../components/QueryState";
import { DateRange } from "../../../components/DateRange";
import { addDays, dayStart, fromLocalInput, period, toLocalInput } from "../../../lib/dates";
import { toUiError, type UiError } from "../../../lib/errors";
import { toastError } from "../../../lib/notify";
import { useAddMaintenance, useRemoveMaintenance, useVehicleBusy } from "../api/transport";

/** How far ahead the panel lists maintenance: the availability query's limit. */
const WINDOW_DAYS = 62;

/**
 * A vehicle's maintenance periods in the next 62 days (from GetVehicleAvailability), one removed
 * with a click, a new one added with its dates and reason. An overlap with a run or another
 * period is refused by the node, whose message names the other one.
 */
export function MaintenancePanel({ vehicle, canEdit }: { vehicle: Vehicle; canEdit: boolean }) {
  const intl = useIntl();
  const from = dayStart(0);
  const to = addDays(from, WINDOW_DAYS);
  const busy = useVehicleBusy(from, to, true);
  const row = busy.data?.rows.find((r) => r.vehicle?.id === vehicle.id);
  const periods = (row?.busy ?? []).filter((b) => b.kind === VehicleBusyKind.MAINTENANCE);
  const add = useAddMaintenance();
  const remove = useRemoveMaintenance();
  const [start, setStart] = useState(toLocalInput(addDays(from, 1)));
  const [end, setEnd] = useState(toLocalInput(addDays(from, 2)));
  const [reason, setReason] = useState("");
  const [error, setError] = useState<UiError | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const s = fromLocalInput(start);
    const en = fromLocalInput(end);
    const fields: Record<string, string> = {};
    if (!s) fields.start = intl.formatMessage({ id: "transport.form.date" });
    if (!en) fields.end = intl.formatMessage({ id: "transport.form.date" });
    if (s && en && en <= s) fields.end = intl.formatMessage({ id: "transport.form.endAfterStart" });
    if (!reason.trim()) fields.reason = intl.formatMessage({ id: "transport.form.required" });
    if (Object.keys(fields).length) return setError({ fields, message: "", code: Code.InvalidArgument });
    try {
      await add.mutateAsync({ vehicleId: vehicle.id, period: period(s!, en!), reason: reason.trim() });
      setReason("");
    } catch (err) {
      setError(toUiError(err, { reason: "reason", "period.start": "start", "period.end": "end", period: "end" }));
    }
  };

  return (
    <Stack gap="sm" data-testid="maintenance-panel">
      <Title order={4}>
        <FormattedMessage id="transport.maintenance.upcoming" values={{ days: WINDOW_DAYS }} />
      </Title>
      <QueryState isPending={busy.isPending} error={busy.error} onRetry={() => void busy.refetch()} isEmpty={periods.length === 0} empty={<FormattedMessage id="transport.maintenance.empty" />}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>
                <FormattedMessage id="transport.maintenance.when" />
              </Table.Th>
              <Table.Th>
                <FormattedMessage id="transport.maintenance.reason" />
              </Table.Th>
              {canEdit && (
                <Table.Th>
                  <FormattedMessage id="transport.actions" />
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {periods.map((p) => (
              <Table.Tr key={p.id} data-testid="maintenance-row">
                <Table.Td>
                  <DateRange start={p.period?.start} end={p.period?.end} />
                </Table.Td>
                <Table.Td>{p.label}</Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="light"
                      color="red"
                      loading={remove.isPending && remove.variables?.id === p.id}
                      onClick={() => remove.mutate({ id: p.id }, { onError: toastError })}
                      aria-label={intl.formatMessage({ id: "transport.maintenance.remove" }, { reason: p.label })}
                    >
                      <FormattedMessage id="transport.remove" />
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </QueryState>
      {canEdit && (
        <form onSubmit={submit} noValidate data-testid="maintenance-form">
          <Stack gap="xs">
            {error?.message && (
              <Alert color="red" role="alert">
                {error.message}
              </Alert>
            )}
            <Group align="start" wrap="wrap">
              <TextInput type="datetime-local" label={intl.formatMessage({ id: "transport.from" })} value={start} onChange={(e) => setStart(e.currentTarget.value)} error={error?.fields.start} />
              <TextInput type="datetime-local" label={intl.formatMessage({ id: "transport.to" })} value={end} onChange={(e) => setEnd(e.currentTarget.value)} error={error?.fields.end} />
              <TextInput
                label={intl.formatMessage({ id: "transport.maintenance.reason" })}
                placeholder={intl.formatMessage({ id: "transport.maintenance.reasonHint" })}
                maxLength={200}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={error?.fields.reason}
                data-testid="maintenance-reason"
              />
            </Group>
            <Group>
              <Button type="submit" loading={add.isPending} data-testid="maintenance-add">
                <FormattedMessage id="transport.maintenance.add" />
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      <Text size="xs" c="dimmed">
        <FormattedMessage id="transport.maintenance.hint" />
      </Text>
    </Stack>
  );
}
