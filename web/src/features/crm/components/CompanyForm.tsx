import { useState } from "react";
import { Alert, Anchor, Badge, Button, Group, List, SimpleGrid, Stack, TagsInput, Text, TextInput, Textarea } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { Code } from "@connectrpc/connect";
import { FormattedMessage, useIntl } from "react-intl";
import type { Company } from "../../../gen/eventkit/v1/crm_pb";
import { toUiError, type UiError } from "../../../lib/errors";
import { fieldMap } from "../../../lib/fields";
import { useCreateCompany, useDuplicates, useUpdateCompany } from "../api/crm";
import { duplicateQuery, duplicateRows } from "../lib/duplicates";

const FIELDS = fieldMap({
  name: "name",
  email: "email",
  phone: "phone",
  website: "website",
  tax_id: "taxId",
  default_currency: "currency",
  language: "language",
  "billing_address.line1": "line1",
  "billing_address.postal_code": "postalCode",
  "billing_address.city": "city",
  "billing_address.country_code": "country",
  notes: "notes",
});

function initial(c?: Company) {
  return {
    name: c?.name ?? "",
    email: c?.email ?? "",
    phone: c?.phone ?? "",
    website: c?.website ?? "",
    taxId: c?.taxId ?? "",
    currency: c?.defaultCurrency ?? "",
    language: c?.language ?? "",
    line1: c?.billingAddress?.line1 ?? "",
    line2: c?.billingAddress?.line2 ?? "",
    postalCode: c?.billingAddress?.postalCode ?? "",
    city: c?.billingAddress?.city ?? "",
    country: c?.billingAddress?.countryCode ?? "",
    tags: c?.tags ?? [],
    notes: c?.notes ?? "",
  };
}

/**
 * A company: created (warning while typing about companies and contacts that look the same, with
 * "create anyway"), or edited (only changed fields are sent, with the company's updated_at: someone
 * else's save in between is refused, not overwritten).
 */
export function CompanyForm({ company, onDone, onCancel }: { company?: Company; onDone(c: Company): void; onCancel(): void }) {
  const intl = useIntl();
  const [v, setV] = useState(() => initial(company));
  const [error, setError] = useState<UiError | null>(null);
  const [allowDuplicate, setAllowDuplicate] = useState(false);
  const create = useCreateCompany();
  const update = useUpdateCompany();
  const [typed] = useDebouncedValue({ name: v.name, email: v.email, website: v.website }, 300);
  const dupQuery = company ? null : duplicateQuery(typed);
  const dups = useDuplicates(dupQuery);
  const rows = dupQuery ? duplicateRows(dups.data?.matches ?? []) : [];
  const warned = rows.length > 0 || allowDuplicate;
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setV({ ...v, [k]: e.currentTarget.value });
    if (error?.fields[k]) setError({ ...error, fields: { ...error.fields, [k]: "" } });
  };
  const address = { line1: v.line1.trim(), line2: v.line2.trim(), postalCode: v.postalCode.trim(), city: v.city.trim(), region: "", countryCode: v.country.trim().toUpperCase() };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      if (!company) {
        const c = await create.mutateAsync({
          name: v.name.trim(),
          email: v.email.trim(),
          phone: v.phone.trim(),
          website: v.website.trim(),
          taxId: v.taxId.trim(),
          billingAddress: address,
          defaultCurrency: v.currency.trim().toUpperCase(),
          language: v.language.trim(),
          tags: v.tags,
          notes: v.notes,
          allowDuplicate: warned,
        });
        onDone(c);
      } else {
        const was = initial(company);
        const changed = (k: keyof typeof was) => v[k] !== was[k];
        const addressChanged = (["line1", "line2", "postalCode", "city", "country"] as const).some(changed);
        const c = await update.mutateAsync({
          id: company.id,
          expectedUpdatedAt: company.updatedAt,
          name: changed("name") ? v.name.trim() : undefined,
          email: changed("email") ? v.email.trim() : undefined,
          phone: changed("phone") ? v.phone.trim() : undefined,
          website: changed("website") ? v.website.trim() : undefined,
          taxId: changed("taxId") ? v.taxId.trim() : undefined,
          defaultCurrency: changed("currency") ? v.currency.trim().toUpperCase() : undefined,
          language: changed("language") ? v.language.trim() : undefined,
          notes: changed("notes") ? v.notes : undefined,
          billingAddress: addressChanged ? address : undefined,
          tags: v.tags,
          replaceTags: v.tags.join("\u0000") !== was.tags.join("\u0000"),
        });
        onDone(c);
      }
    } catch (err) {
      const ui = toUiError(err, FIELDS);
      if (ui.code === Code.AlreadyExists) setAllowDuplicate(true);
      setError(ui.code === Code.Aborted ? { ...ui, message: intl.formatMessage({ id: "crm.conflict" }) } : ui);
    }
  };

  const t = (id: string) => intl.formatMessage({ id });
  return (
    <form onSubmit={submit} noValidate data-testid="company-form">
      <Stack gap="sm">
        {error?.message && (
          <Alert color="red" role="alert" data-testid="company-form-error">
            {error.message}
          </Alert>
        )}
        <TextInput label={t("crm.company.name")} required data-autofocus value={v.name} onChange={set("name")} error={error?.fields.name} data-testid="company-name" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t("crm.email")} type="email" value={v.email} onChange={set("email")} error={error?.fields.email} data-testid="company-email" />
          <TextInput label={t("crm.phone")} value={v.phone} onChange={set("phone")} error={error?.fields.phone} />
          <TextInput label={t("crm.website")} value={v.website} onChange={set("website")} error={error?.fields.website} />
          <TextInput label={t("crm.taxId")} value={v.taxId} onChange={set("taxId")} error={error?.fields.taxId} />
        </SimpleGrid>
        {rows.length > 0 && (
          <Alert color="yellow" role="status" title={t("crm.dup.title")} data-testid="duplicate-warning">
            <List size="sm">
              {rows.map((r) => (
                <List.Item key={`${r.kind}:${r.id}`}>
                  <Anchor href={`/clients/${r.companyId}`} target="_blank" size="sm">
                    {r.label}
                  </Anchor>{" "}
                  <Text span size="xs">
                    <FormattedMessage id={`crm.dup.${r.reason}`} />
                  </Text>{" "}
                  {r.archived && (
                    <Badge size="xs" color="gray">
                      <FormattedMessage id="crm.archived" />
                    </Badge>
                  )}
                </List.Item>
              ))}
            </List>
            <Text size="sm" mt="xs">
              <FormattedMessage id="crm.dup.hint" />
            </Text>
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t("crm.address.line1")} value={v.line1} onChange={set("line1")} error={error?.fields.line1} />
          <TextInput label={t("crm.address.line2")} value={v.line2} onChange={set("line2")} />
          <TextInput label={t("crm.address.postalCode")} value={v.postalCode} onChange={set("postalCode")} error={error?.fields.postalCode} />
          <TextInput label={t("crm.address.city")} value={v.city} onChange={set("city")} error={error?.fields.city} />
          <TextInput label={t("crm.address.country")} maxLength={2} value={v.country} onChange={set("country")} error={error?.fields.country} />
          <TextInput label={t("crm.currency")} maxLength={3} placeholder="EUR" value={v.currency} onChange={set("currency")} error={error?.fields.currency} />
          <TextInput label={t("crm.language")} placeholder="en" value={v.language} onChange={set("language")} error={error?.fields.language} />
        </SimpleGrid>
        <TagsInput label={t("crm.tags")} value={v.tags} onChange={(tags) => setV({ ...v, tags })} data-testid="company-tags" />
        <Textarea label={t("crm.notes")} autosize minRows={2} value={v.notes} onChange={set("notes")} error={error?.fields.notes} />
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            <FormattedMessage id="crm.cancel" />
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending} color={!company && warned ? "yellow.8" : undefined} data-testid="company-submit">
            <FormattedMessage id={company ? "crm.save" : warned ? "crm.dup.createAnyway" : "crm.company.create"} />
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
