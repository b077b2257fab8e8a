import { useState } from "react";
import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useIntl } from "react-intl";
import { useEventById, useEventSearch } from "../api/crew";

/** An event to staff, found by name, client or venue on the server. */
export function EventPicker({ value, onChange }: { value: string | undefined; onChange(id: string | undefined): void }) {
  const intl = useIntl();
  const chosen = useEventById(value ?? "");
  const chosenName = chosen.data?.event?.name;
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search, 200);
  const list = useEventSearch(q === chosenName ? "" : q);
  const data = (list.data?.events ?? []).map((e) => ({ value: e.id, label: e.name }));
  if (value && chosenName && !data.some((d) => d.value === value)) data.unshift({ value, label: chosenName });
  return (
    <Select
      label={intl.formatMessage({ id: "crew.grid.event" })}
      placeholder={intl.formatMessage({ id: "crew.grid.eventHint" })}
      searchable
      clearable
      w={280}
      data={data}
      value={value ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      onChange={(id) => onChange(id ?? undefined)}
      nothingFoundMessage={intl.formatMessage({ id: "crew.grid.noEvents" })}
      data-testid="grid-event"
    />
  );
}
