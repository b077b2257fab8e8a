import { useState } from "react";
import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useIntl } from "react-intl";
import type { CrewMember } from "../../../gen/eventkit/v1/crew_pb";
import { useCrewMembers } from "../api/crew";

/**
 * A crew member, found by name or email on the server as one types (archived ones never offered).
 * `initial` names the member already chosen (an edit, or a click on the grid).
 */
export function MemberPicker({
  value,
  onChange,
  initial,
  error,
  disabled,
}: {
  value: string;
  onChange(id: string, member: CrewMember | undefined): void;
  initial?: { id: string; name: string };
  error?: string;
  disabled?: boolean;
}) {
  const intl = useIntl();
  const [search, setSearch] = useState(initial?.name ?? "");
  const [q] = useDebouncedValue(search, 200);
  const chosen = initial && initial.id === value ? initial.name : undefined;
  // The chosen name in the box is not a new search.
  const list = useCrewMembers({ q: q === chosen ? "" : q, pageSize: 20 });
  const members = list.data?.members ?? [];
  const data = members.map((m) => ({ value: m.id, label: m.name }));
  if (value && chosen && !data.some((d) => d.value === value)) data.unshift({ value, label: chosen });
  return (
    <Select
      label={intl.formatMessage({ id: "crew.member" })}
      placeholder={intl.formatMessage({ id: "crew.memberSearch" })}
      required
      searchable
      clearable
      disabled={disabled}
      data={data}
      value={value || null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      onChange={(id) => onChange(id ?? "", members.find((m) => m.id === id))}
      nothingFoundMessage={list.isFetching ? intl.formatMessage({ id: "state.loading" }) : intl.formatMessage({ id: "crew.memberNone" })}
      error={error}
      data-testid="assignment-member"
    />
  );
}
