import { useState } from "react";
import { Alert, Button, Group, Select, Stack, TextInput, Textarea } from "@mantine/core";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { FormattedMessage, useIntl } from "react-intl";
import { ActivityKind, type Contact } from "../../../gen/eventkit/v1/crm_pb";
import { toUiError, type UiError } from "../../../lib/errors";
import { fromLocalInput, toLocalInput } from "../../../lib/dates";
import { useAddActivity } from "../api/crm";
import { contactName } from "../lib/duplicates";

export const ACTIVITY_KINDS = ["CALL", "EMAIL", "MEETING", "NOTE"] as const;
export type ActivityKindName = (typeof ACTIVITY_KINDS)[number];

/** "Log call/email/meeting/note" against a company, optionally one of its contacts and a deal. */
export function ActivityForm({ kind, companyId, contacts, dealId, onDone, onCancel }: { kind: ActivityKindName; companyId: string; contacts: Contact[]; dealId?: string; onDone(): void; onCancel(): void }) {
  const intl = useIntl();
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [contactId, setContactId] = useState<string | null>(null);
  const [at, setAt] = useState(toLocalInput(new Date()));
  const [error, setError] = useState<UiError | null>(null);
  const add = useAddActivity();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const when = fromLocalInput(at);
    try {
      await add.mutateAsync({
        kind: ActivityKind[kind],
        companyId,
        contactId: contactId ?? "",
        dealId: dealId ?? "",
        subject: subject.trim(),
        body,
        occurredAt: when ? timestampFromDate(when) : undefined,
      });
      onDone();
    } catch (err) {
      setError(toUiError(err, { subject: "subject", body: "body", occurred_at: "at" }));
    }
  };
  const t = (id: string) => intl.formatMessage({ id });
  return (
    <form onSubmit={submit} noValidate data-testid="activity-form">
      <Stack gap="sm">
        {error?.message && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <TextInput label={t("crm.activity.subject")} required data-autofocus value={subject} onChange={(e) => setSubject(e.currentTarget.value)} error={error?.fields.subject} data-testid="activity-subject" />
        <Select
          label={t("crm.activity.contact")}
          clearable
          value={contactId}
          onChange={setContactId}
          data={contacts.map((c) => ({ value: c.id, label: contactName(c) }))}
        />
        <TextInput type="datetime-local" label={t("crm.activity.when")} value={at} onChange={(e) => setAt(e.currentTarget.value)} error={error?.fields.at} />
        <Textarea label={t("crm.activity.body")} autosize minRows={3} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={error?.fields.body} />
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="crm.cancel" />
          </Button>
          <Button type="submit" loading={add.isPending} data-testid="activity-submit">
            <FormattedMessage id="crm.activity.save" />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
