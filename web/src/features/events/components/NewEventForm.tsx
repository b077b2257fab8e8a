import { useState } from "react";
import { Alert, Button, Group, Stack, TextInput } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { toUiError, type UiError } from "../../../lib/errors";
import { useCreateEvent } from "../api/events";
import { period } from "../../../lib/dates";
import { usePreferences } from "../../../app/i18n";
import { toLocalInput } from "../../../lib/dates";
import type { ClientPickerSlot, EventClientValue } from "./clientSlot";

const FIELDS = {
  name: "name",
  client_name: "clientName",
  venue: "venue",
  time_zone: "timeZone",
  period: "start",
  "period.start": "start",
  "period.end": "end",
  client_company_id: "client",
  client_contact_id: "client",
};


/** A new event (status ENQUIRY). Field errors come from the API; what was typed stays on failure. */
export function NewEventForm({ onCreated, onCancel, clientPicker }: { onCreated(id: string): void; onCancel(): void; clientPicker?: ClientPickerSlot }) {
  const [client, setClient] = useState<EventClientValue>({ companyId: "", companyName: "", contactId: "" });
  const intl = useIntl();
  const { timeZone } = usePreferences();
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(8, 0, 0, 0);
  const [v, setV] = useState({
    name: "",
    clientName: "",
    venue: "",
    timeZone,
    start: toLocalInput(tomorrow),
    end: toLocalInput(new Date(tomorrow.getTime() + 2 * 24 * 3600 * 1000)),
  });
  const [error, setError] = useState<UiError | null>(null);
  const create = useCreateEvent();
  // Typing in a field clears that field's error; the others stay until the next submit.
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setV({ ...v, [k]: e.currentTarget.value });
    if (error?.fields[k]) setError({ ...error, fields: { ...error.fields, [k]: "" } });
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const start = new Date(v.start);
    const end = new Date(v.end);
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
      setError({ fields: { start: intl.formatMessage({ id: "newEvent.badDate" }) }, message: "", code: 3 });
      return;
    }
    try {
      const ev = await create.mutateAsync({
        name: v.name.trim(),
        clientName: v.clientName.trim(),
        venue: v.venue.trim(),
        timeZone: v.timeZone,
        period: period(start, end),
        clientCompanyId: client.companyId,
        clientContactId: client.contactId,
      });
      onCreated(ev.id);
    } catch (err) {
      setError(toUiError(err, FIELDS));
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="new-event">
      <Stack>
        {error?.message && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <TextInput label={intl.formatMessage({ id: "events.name" })} required data-autofocus value={v.name} onChange={set("name")} error={error?.fields.name} data-testid="new-event-name" />
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
          <TextInput type="datetime-local" label={intl.formatMessage({ id: "newEvent.start" })} required value={v.start} onChange={set("start")} error={error?.fields.start} />
          <TextInput type="datetime-local" label={intl.formatMessage({ id: "newEvent.end" })} required value={v.end} onChange={set("end")} error={error?.fields.end} />
        </Group>
        <TextInput label={intl.formatMessage({ id: "events.timeZone" })} value={v.timeZone} onChange={set("timeZone")} error={error?.fields.timeZone} />
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="newEvent.cancel" />
          </Button>
          <Button type="submit" loading={create.isPending} data-testid="new-event-submit">
            <FormattedMessage id="newEvent.create" />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
