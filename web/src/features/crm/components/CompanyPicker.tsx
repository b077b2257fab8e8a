import { useState } from "react";
import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useIntl } from "react-intl";
import { useCompanySearch } from "../api/crm";

/** A company chosen by typing its name (ListCompanies' text search); `initial` labels the current one. */
export function CompanyPicker({ value, initialLabel, onChange, label, testId, required, error }: { value: string; initialLabel?: string; onChange(id: string, name: string): void; label: string; testId?: string; required?: boolean; error?: string }) {
  const intl = useIntl();
  const [text, setText] = useState(initialLabel ?? "");
  const [debounced] = useDebouncedValue(text.trim(), 200);
  const found = useCompanySearch(debounced === initialLabel ? "" : debounced);
  const options = (found.data?.companies ?? []).map((c) => ({ value: c.id, label: c.name }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: initialLabel || value });
  return (
    <Select
      label={label}
      required={required}
      searchable
      clearable
      value={value || null}
      searchValue={text}
      onSearchChange={setText}
      filter={({ options: o }) => o}
      data={options}
      error={error}
      nothingFoundMessage={debounced && !found.isFetching ? intl.formatMessage({ id: "crm.noCompanyFound" }) : undefined}
      onChange={(id, option) => onChange(id ?? "", option?.label ?? "")}
      data-testid={testId}
    />
  );
}
