import { useState } from "react";
import { Group, Pagination, Paper, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { FormattedMessage, useIntl } from "react-intl";
import type { ImportCsvResponse, ImportRowError } from "../../../gen/eventkit/v1/data_pb";
import { pageOf } from "../lib/paging";

export const ERRORS_PER_PAGE = 20;

/** The counts of a dry run ("would …") or an apply. */
export function ImportSummary({ result, dryRun }: { result: ImportCsvResponse; dryRun: boolean }) {
  const intl = useIntl();
  const n = (v: bigint) => intl.formatNumber(Number(v));
  const tiles: { key: string; value: bigint; testId: string; color?: string }[] = [
    { key: "rows", value: result.rows, testId: "sum-rows" },
    { key: dryRun ? "wouldCreate" : "created", value: result.created, testId: "sum-created" },
    { key: dryRun ? "wouldUpdate" : "updated", value: result.updated, testId: "sum-updated" },
    { key: "unchanged", value: result.unchanged, testId: "sum-unchanged" },
    { key: "errors", value: result.errorCount, testId: "sum-errors", color: result.errorCount > 0n ? "red" : undefined },
  ];
  return (
    <Stack gap="xs" data-testid="import-summary" data-created={String(result.created)} data-updated={String(result.updated)} data-unchanged={String(result.unchanged)} data-errors={String(result.errorCount)}>
      <SimpleGrid cols={{ base: 2, xs: 3, sm: 5 }} spacing="xs">
        {tiles.map((t) => (
          <Paper key={t.key} withBorder p="xs" radius="md" data-testid={t.testId}>
            <Text size="xs" c="dimmed">
              <FormattedMessage id={`data.import.sum.${t.key}`} />
            </Text>
            <Text fw={700} size="lg" c={t.color}>
              {n(t.value)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Text size="sm" c="dimmed" data-testid="import-used">
        <FormattedMessage
          id="data.import.sum.used"
          values={{ encoding: result.encoding, delimiter: delimiterName(intl, result.delimiter), mapping: result.mapping }}
        />
      </Text>
    </Stack>
  );
}

export function delimiterName(intl: ReturnType<typeof useIntl>, d: string): string {
  const key = d === "," ? "comma" : d === ";" ? "semicolon" : d === "\t" || d === "\\t" ? "tab" : undefined;
  return key ? intl.formatMessage({ id: `data.import.delimiter.${key}` }) : d;
}

/** The row errors of a dry run, a page at a time (all of them are in memory: at most 1,000). */
export function RowErrors({ errors, total }: { errors: ImportRowError[]; total: bigint }) {
  const intl = useIntl();
  const [page, setPage] = useState(1);
  const p = pageOf(errors, page, ERRORS_PER_PAGE);
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={480}>
        <Table striped verticalSpacing={4} data-testid="import-errors" aria-label={intl.formatMessage({ id: "data.import.errors.title" })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" ta="end">
                <FormattedMessage id="data.import.errors.row" />
              </Table.Th>
              <Table.Th scope="col">
                <FormattedMessage id="data.import.errors.column" />
              </Table.Th>
              <Table.Th scope="col">
                <FormattedMessage id="data.import.errors.message" />
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.items.map((e, i) => (
              <Table.Tr key={`${e.row}-${e.column}-${i}`} data-testid="import-error" data-row={String(e.row)} data-column={e.column}>
                <Table.Td ta="end">{intl.formatNumber(Number(e.row))}</Table.Td>
                <Table.Td>{e.column || "—"}</Table.Td>
                <Table.Td style={{ overflowWrap: "anywhere" }}>{e.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" aria-live="polite">
          <FormattedMessage
            id={BigInt(errors.length) < total ? "data.import.errors.rangeOfMore" : "data.import.errors.range"}
            values={{ from: p.from, to: p.to, count: errors.length, total: Number(total) }}
          />
        </Text>
        {p.pages > 1 && (
          <Pagination
            total={p.pages}
            value={p.page}
            onChange={setPage}
            size="sm"
            data-testid="import-errors-pages"
            getControlProps={(control) => ({
              "aria-label": intl.formatMessage({ id: `data.import.errors.${control}` }),
            })}
            getItemProps={(n) => ({ "aria-label": intl.formatMessage({ id: "data.import.errors.page" }, { page: n }) })}
          />
        )}
      </Group>
    </Stack>
  );
}
