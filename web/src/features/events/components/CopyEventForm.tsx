import { useState } from "react";
import { Alert, Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { Code } from "@connectrpc/connect";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl } from "react-intl";
import type { Event } from "../../../gen/eventkit/v1/planning_pb";
import { toUiError, type UiError } from "../../../lib/errors";
import { useCopyEvent } from "../api/events";
import { toLocalInput } from "../../../lib/dates";

/** 52 weeks: "the same show next year" lands on the same weekday. */
const YEAR_OF_WEEKS = 364 * 24 * 3600 * 1000;

/**
 * Copies an event to a new start ("same show next year"). The copy is an enquiry with the same
 * details and lines; specific assets and cases become product quantities (the API's rule).
 */
export function CopyEventForm({ event, onCopied, onCancel }: { event: Event; onCopied(id: string, warnings: string[]): void; onCancel(): void }) {
  const intl = useIntl();
  const sourceStart = event.period?.start ? timestampDate(event.period.start) : new Date();
  const [name, setName] = useState(intl.formatMessage({ id: "copyEvent.defaultName" }, { name: event.name }));
  const [start, setStart] = useState(toLocalInput(new Date(sourceStart.getTime() + YEAR_OF_WEEKS)));
  const [error, setError] = useState<UiError | null>(null);
  const copy = useCopyEvent();

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const at = new Date(start);
    if (Number.isNaN(at.getTime())) {
      setError({ fields: { start: intl.formatMessage({ id: "newEvent.badDate" }) }, message: "", code: Code.InvalidArgument });
      return;
    }
    try {
      const r = await copy.mutateAsync({ id: event.id, start: timestampFromDate(at), name: name.trim() });
      onCopied(r.event?.id ?? "", r.warnings);
    } catch (err) {
      setError(toUiError(err, { name: "name", start: "start" }));
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="copy-event">
      <Stack>
        {error?.message && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <Text size="sm" c="dimmed">
          <FormattedMessage id="copyEvent.explain" />
        </Text>
        <TextInput label={intl.formatMessage({ id: "events.name" })} required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={error?.fields.name} data-testid="copy-event-name" />
        <TextInput type="datetime-local" label={intl.formatMessage({ id: "copyEvent.start" })} required value={start} onChange={(e) => setStart(e.currentTarget.value)} error={error?.fields.start} data-testid="copy-event-start" />
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="newEvent.cancel" />
          </Button>
          <Button type="submit" loading={copy.isPending} data-testid="copy-event-submit">
            <FormattedMessage id="copyEvent.submit" />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
