import { Select, SimpleGrid } from "@mantine/core";
import { useIntl } from "react-intl";
import { useCompany } from "../api/crm";
import { contactName } from "../lib/duplicates";
import { CompanyPicker } from "./CompanyPicker";

export interface ClientValue {
  companyId: string;
  companyName: string;
  contactId: string;
}

/**
 * An event's client from CRM: a company found by typing, then one of its contacts (the primary
 * one picked by default). The events feature gets it through its route's `clientPicker` slot.
 */
export function ClientPicker({ value, onChange }: { value: ClientValue; onChange(v: ClientValue): void }) {
  const intl = useIntl();
  const company = useCompany(value.companyId);
  const contacts = (company.data?.contacts ?? []).filter((c) => !c.archived || c.id === value.contactId);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <CompanyPicker
        label={intl.formatMessage({ id: "crm.clientCompany" })}
        value={value.companyId}
        initialLabel={value.companyName}
        onChange={(companyId, companyName) => onChange({ companyId, companyName, contactId: "" })}
        testId="client-company"
      />
      <Select
        label={intl.formatMessage({ id: "crm.clientContact" })}
        clearable
        disabled={!value.companyId}
        value={value.contactId || null}
        onChange={(id) => onChange({ ...value, contactId: id ?? "" })}
        data={contacts.map((c) => ({ value: c.id, label: c.primary ? `${contactName(c)} ★` : contactName(c) }))}
        data-testid="client-contact"
      />
    </SimpleGrid>
  );
}
