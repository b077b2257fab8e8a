import { Badge, Code, Group, NativeSelect, Table, Text } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import { assign, fileColumns, isKeyField, type Assignment, type EntityKey } from "../lib/mapping";

/**
 * The mapping as a table: one row per field of the entity, the file's column that fills it (or
 * none), and that column's value in the file's first record.
 */
export function MappingEditor(props: {
  entity: EntityKey;
  fields: string[];
  headers: string[];
  sample: string[];
  assignment: Assignment;
  onChange(a: Assignment): void;
}) {
  const intl = useIntl();
  const columns = fileColumns(props.headers);
  const sampleOf = (header: string) => {
    const i = props.headers.findIndex((h) => h.trim().toLowerCase() === header.trim().toLowerCase());
    return i >= 0 ? (props.sample[i] ?? "") : "";
  };
  const none = intl.formatMessage({ id: "data.import.map.none" });

  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped verticalSpacing={4} data-testid="mapping-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">
              <FormattedMessage id="data.import.map.field" />
            </Table.Th>
            <Table.Th scope="col">
              <FormattedMessage id="data.import.map.column" />
            </Table.Th>
            <Table.Th scope="col">
              <FormattedMessage id="data.import.map.sample" />
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.fields.map((f) => {
            const value = props.assignment[f] ?? "";
            return (
              <Table.Tr key={f} data-testid="mapping-row" data-field={f} data-column={value}>
                <Table.Th scope="row" fw="normal">
                  <Group gap={6} wrap="nowrap">
                    <Code>{f}</Code>
                    {isKeyField(props.entity, f) && (
                      <Badge size="xs" variant="light">
                        <FormattedMessage id="data.import.map.key" />
                      </Badge>
                    )}
                  </Group>
                </Table.Th>
                <Table.Td>
                  <NativeSelect
                    size="xs"
                    aria-label={intl.formatMessage({ id: "data.import.map.columnFor" }, { field: f })}
                    value={value}
                    onChange={(e) => props.onChange(assign(props.assignment, f, e.currentTarget.value))}
                    data={[{ value: "", label: none }, ...columns.map((c) => ({ value: c, label: c }))]}
                    data-testid={`map-${f}`}
                  />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={value ? undefined : "dimmed"} lineClamp={1} style={{ overflowWrap: "anywhere" }}>
                    {value ? sampleOf(value) || "—" : "—"}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
