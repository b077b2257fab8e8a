import { useState } from "react";
import { Alert, Button, Checkbox, Group, SimpleGrid, Stack, TextInput, Textarea } from "@mantine/core";
import { Code } from "@connectrpc/connect";
import { FormattedMessage, useIntl } from "react-intl";
import type { Contact } from "../../../gen/eventkit/v1/crm_pb";
import { toUiError, type UiError } from "../../../lib/errors";
import { useCreateContact, useUpdateContact } from "../api/crm";

const FIELDS = { first_name: "firstName", last_name: "lastName", role: "role", email: "email", phone: "phone", mobile: "mobile", language: "language", notes: "notes" };

function initial(c?: Contact) {
  return {
    firstName: c?.firstName ?? "",
    lastName: c?.lastName ?? "",
    role: c?.role ?? "",
    email: c?.email ?? "",
    phone: c?.phone ?? "",
    mobile: c?.mobile ?? "",
    language: c?.language ?? "",
    notes: c?.notes ?? "",
    primary: c?.primary ?? false,
  };
}

/** A contact of a company, added or edited; a contact whose email is known elsewhere needs "add anyway". */
export function ContactForm({ companyId, contact, onDone, onCancel }: { companyId: string; contact?: Contact; onDone(c: Contact): void; onCancel(): void }) {
  const intl = useIntl();
  const [v, setV] = useState(() => initial(contact));
  const [error, setError] = useState<UiError | null>(null);
  const [dup, setDup] = useState(false);
  const create = useCreateContact();
  const update = useUpdateContact();
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setV({ ...v, [k]: e.currentTarget.value });
    if (error?.fields[k]) setError({ ...error, fields: { ...error.fields, [k]: "" } });
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      if (!contact) {
        onDone(
          await create.mutateAsync({
            companyId,
            firstName: v.firstName.trim(),
            lastName: v.lastName.trim(),
            role: v.role.trim(),
            email: v.email.trim(),
            phone: v.phone.trim(),
            mobile: v.mobile.trim(),
            language: v.language.trim(),
            notes: v.notes,
            primary: v.primary,
            allowDuplicate: dup,
          }),
        );
      } else {
        const was = initial(contact);
        const ch = <K extends keyof typeof was>(k: K) => (v[k] !== was[k] ? (typeof v[k] === "string" ? ((v[k] as string).trim() as (typeof v)[K]) : v[k]) : undefined);
        onDone(
          await update.mutateAsync({
            id: contact.id,
            expectedUpdatedAt: contact.updatedAt,
            firstName: ch("firstName"),
            lastName: ch("lastName"),
            role: ch("role"),
            email: ch("email"),
            phone: ch("phone"),
            mobile: ch("mobile"),
            language: ch("language"),
            notes: ch("notes"),
            primary: ch("primary"),
          }),
        );
      }
    } catch (err) {
      const ui = toUiError(err, FIELDS);
      if (ui.code === Code.AlreadyExists) setDup(true);
      setError(ui.code === Code.Aborted ? { ...ui, message: intl.formatMessage({ id: "crm.conflict" }) } : ui);
    }
  };
  const t = (id: string) => intl.formatMessage({ id });
  return (
    <form onSubmit={submit} noValidate data-testid="contact-form">
      <Stack gap="sm">
        {error?.message && (
          <Alert color="red" role="alert">
            {error.message}
            {dup && (
              <div>
                <FormattedMessage id="crm.dup.contactHint" />
              </div>
            )}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t("crm.contact.firstName")} data-autofocus value={v.firstName} onChange={set("firstName")} error={error?.fields.firstName} data-testid="contact-first" />
          <TextInput label={t("crm.contact.lastName")} value={v.lastName} onChange={set("lastName")} error={error?.fields.lastName} data-testid="contact-last" />
          <TextInput label={t("crm.contact.role")} value={v.role} onChange={set("role")} error={error?.fields.role} />
          <TextInput label={t("crm.email")} type="email" value={v.email} onChange={set("email")} error={error?.fields.email} data-testid="contact-email" />
          <TextInput label={t("crm.phone")} value={v.phone} onChange={set("phone")} error={error?.fields.phone} />
          <TextInput label={t("crm.contact.mobile")} value={v.mobile} onChange={set("mobile")} error={error?.fields.mobile} />
          <TextInput label={t("crm.language")} placeholder="en" value={v.language} onChange={set("language")} error={error?.fields.language} />
        </SimpleGrid>
        <Checkbox label={t("crm.contact.primary")} checked={v.primary} onChange={(e) => setV({ ...v, primary: e.currentTarget.checked })} data-testid="contact-primary" />
        <Textarea label={t("crm.notes")} autosize minRows={2} value={v.notes} onChange={set("notes")} />
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="crm.cancel" />
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending} data-testid="contact-submit">
            <FormattedMessage id={contact ? "crm.save" : dup ? "crm.dup.addAnyway" : "crm.contact.add"} />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
