import { useState } from "react";
import { Alert, Button, Group, NumberInput, Stack, TextInput, Textarea } from "@mantine/core";
import { Code } from "@connectrpc/connect";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl } from "react-intl";
import type { Event } from "../../../gen/eventkit/v1/planning_pb";
import { toUiError, type UiError } from "../../../lib/errors";
import { useUpdateEvent } from "../api/events";
import { period } from "../../../lib/dates";
import { toLocalInput } from "../../../lib/dates";
import type { ClientPickerSlot, EventClientValue } from "./clientSlot";

const FIELDS = {
  name: "name",
  client_name: "clientName",
  venue: "venue",
  time_zone: "timeZone",
  priority: "priority",
  notes: "notes",
  period: "start",
  "period.start": "start",
  "period.end": "end",
  client_company_id: "client",
  client_contact_id: "client",
};

/**
 * Edits an event's details and dates. Only the fields that changed are sent, with the event's
 * `updatedAt` as read: if someone else saved in between, the API refuses (ABORTED) and the form
 * says so instead of overwriting their change. Moving the dates moves the lines with them; the API
 * re-checks stock and reports shortfalls as warnings (or refuses, under the REFUSE policy).
 */
export function EditEventForm({ event, onDone, onCancel, clientPicker }: { event: Event; onDone(warnings: string[]): void; onCancel(): void; clientPicker?: ClientPickerSlot }) {
  const initialClient: EventClientValue = { companyId: event.client?.companyId ?? "", companyName: event.client?.companyName ?? "", contactId: event.client?.contactId ?? "" };
  const [client, setClient] = useState<EventClientValue>(initialClient);
  const intl = useIntl();
  const initial = {
    name: event.name,
    clientName: event.clientName,
    venue: event.venue,
    timeZone: event.timeZone,
    start: event.period?.start ? toLocalInput(timestampDate(event.period.start)) : "",
    end: event.period?.end ? toLocalInput(timestampDate(event.period.end)) : "",
    priority: event.priority,
    notes: event.notes,
  };
  const [v, setV] = useState(initial);
  const [error, setError] = useState<UiError | null>(null);
  const update = useUpdateEvent();
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setV({ ...v, [k]: e.currentTarget.value });
    if (error?.fields[k]) setError({ ...error, fields: { ...error.fields, [k]: "" } });
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const start = new Date(v.start);
    const end = new Date(v.end);
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
      setError({ fields: { start: intl.formatMessage({ id: "newEvent.badDate" }) }, message: "", code: Code.InvalidArgument });
      return;
    }
    const moved = v.start !== initial.start || v.end !== initial.end;
    try {
      const r = await update.mutateAsync({
        id: event.id,
        expectedUpdatedAt: event.updatedAt,
        name: v.name !== initial.name ? v.name.trim() : undefined,
        clientName: v.clientName !== initial.clientName ? v.clientName.trim() : undefined,
        venue: v.venue !== initial.venue ? v.venue.trim() : undefined,
        timeZone: v.timeZone !== initial.timeZone ? v.timeZone.trim() : undefined,
        notes: v.notes !== initial.notes ? v.notes : undefined,
        priority: v.priority !== initial.priority ? v.priority : undefined,
        period: moved ? period(start, end) : undefined,
        clientCompanyId: clientPicker && client.companyId !== initialClient.companyId ? client.companyId : undefined,
        clientContactId: clientPicker && (client.contactId !== initialClient.contactId || client.companyId !== initialClient.companyId) ? client.contactId : undefined,
      });
      onDone(r.warnings);
    } catch (err) {
      const ui = toUiError(err, FIELDS);
      setError(
        ui.code === Code.Aborted ? { ...ui, message: intl.formatMessage({ id: "editEvent.conflict" }, { detail: ui.message }) } : ui,
      );
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="edit-event">
      <Stack>
        {error?.message && (
          <Alert color="red" role="alert" data-testid="edit-event-error">
            {error.message}
          </Alert>
        )}
        <TextInput label={intl.formatMessage({ id: "events.name" })} required data-autofocus value={v.name} onChange={set("name")} error={error?.fields.name} data-testid="edit-event-name" />
        {clientPicker && clientPicker(client, setClient)}
        {error?.fields.client && (
          <Alert color="red" role="alert">
            {error.fields.client}
          </Alert>
        )}
        {!client.companyId && (
          <TextInput label={intl.formatMessage({ id: clientPicker ? "events.clientName" : "events.client" })} value={v.clientName} onChange={set("clientName")} error={error?.fields.clientName} />
        )}
        <TextInput label={intl.formatMessage({ id: "events.venue" })} value={v.venue} onChange={set("venue")} error={error?.fields.venue} />
        <Group grow wrap="wrap">
          <TextInput type="datetime-local" label={intl.formatMessage({ id: "newEvent.start" })} required value={v.start} onChange={set("start")} error={error?.fields.start} data-testid="edit-event-start" />
          <TextInput type="datetime-local" label={intl.formatMessage({ id: "newEvent.end" })} required value={v.end} onChange={set("end")} error={error?.fields.end} data-testid="edit-event-end" />
        </Group>
        <Group grow wrap="wrap">
          <TextInput label={intl.formatMessage({ id: "events.timeZone" })} value={v.timeZone} onChange={set("timeZone")} error={error?.fields.timeZone} />
          <NumberInput
            label={intl.formatMessage({ id: "editEvent.priority" })}
            description={intl.formatMessage({ id: "editEvent.priorityHint" })}
            value={v.priority}
            min={-1000}
            max={1000}
            allowDecimal={false}
            onChange={(n) => setV({ ...v, priority: typeof n === "number" ? n : 0 })}
            error={error?.fields.priority}
          />
        </Group>
        <Textarea label={intl.formatMessage({ id: "editEvent.notes" })} autosize minRows={2} value={v.notes} onChange={set("notes")} error={error?.fields.notes} />
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="newEvent.cancel" />
          </Button>
          <Button type="submit" loading={update.isPending} data-testid="edit-event-submit">
            <FormattedMessage id="editEvent.save" />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
