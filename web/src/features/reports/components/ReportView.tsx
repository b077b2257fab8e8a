import { useState, type ReactNode } from "react";
import { Button, Group, SegmentedControl, Stack, Text, VisuallyHidden } from "@mantine/core";
import { useIntl } from "react-intl";
import { ReportDisplay } from "../../../gen/eventkit/v1/reports_pb";
import { formatDay } from "../../../lib/dates";
import { csvFileName, downloadCsv, toCsv } from "../lib/csv";
import { formatCell, tableCsv, type ReportTable, type TableRow } from "../lib/table";
import { ReportChart } from "./ReportChart";
import { ReportTableView } from "./ReportTableView";

/** The CSV of exactly the rows a chart or table shows, with its header. */
export function reportCsv(intl: ReturnType<typeof useIntl>, table: ReportTable): string {
  const { header, rows } = tableCsv(intl, table);
  return toCsv(header, rows);
}

/**
 * A report's rows as a chart (when it has one and the display asks for it) or a table, with a
 * "Download CSV" of the rows shown. In chart view the same rows stay in a visually hidden table,
 * the chart's text alternative.
 */
export function ReportView({
  title,
  table,
  display,
  actions,
  showTotals,
  testId,
}: {
  title: string;
  table: ReportTable;
  display: ReportDisplay;
  actions?: (row: TableRow) => ReactNode;
  showTotals?: boolean;
  testId?: string;
}) {
  const intl = useIntl();
  const chartable = !!table.chart && table.rows.length > 0;
  const [view, setView] = useState<"chart" | "table">(chartable && display !== ReportDisplay.TABLE ? "chart" : "table");
  const asChart = chartable && view === "chart";
  return (
    <Stack gap="xs" data-testid={testId}>
      <Group justify="space-between" gap="xs">
        {showTotals && table.totals.length > 0 ? (
          <Group gap="lg" data-testid="report-totals">
            {table.totals.map((t) => (
              <Text key={t.label} size="sm">
                {intl.formatMessage({ id: t.label })}: <b>{formatCell(intl, t.value, t.type)}</b>
              </Text>
            ))}
          </Group>
        ) : (
          <span />
        )}
        <Group gap="xs">
          {chartable && (
            <SegmentedControl
              size="xs"
              value={view}
              onChange={(v) => setView(v as "chart" | "table")}
              aria-label={intl.formatMessage({ id: "report.viewAs" }, { title })}
              data={[
                { value: "chart", label: intl.formatMessage({ id: "report.view.chart" }) },
                { value: "table", label: intl.formatMessage({ id: "report.view.table" }) },
              ]}
            />
          )}
          <Button
            size="compact-xs"
            variant="default"
            disabled={table.rows.length === 0}
            onClick={() => downloadCsv(csvFileName(title, formatDay(new Date())), reportCsv(intl, table))}
            aria-label={intl.formatMessage({ id: "report.csvOf" }, { title })}
            data-testid="report-csv"
          >
            {intl.formatMessage({ id: "report.csv" })}
          </Button>
        </Group>
      </Group>
      {table.rows.length === 0 ? (
        <Text c="dimmed" size="sm" data-testid="report-empty">
          {intl.formatMessage({ id: "report.empty" })}
        </Text>
      ) : asChart ? (
        <>
          <ReportChart table={table} title={title} />
          <VisuallyHidden>
            <ReportTableView table={table} caption={title} actions={actions} testId="report-table-alt" plain />
          </VisuallyHidden>
        </>
      ) : (
        <ReportTableView table={table} caption={title} hiddenCaption actions={actions} />
      )}
    </Stack>
  );
}
