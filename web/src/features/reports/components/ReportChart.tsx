import { lazy, Suspense, useMemo } from "react";
import { Center, Loader } from "@mantine/core";
import { useIntl } from "react-intl";
import { chartHeight, chartOption } from "../lib/chart";
import type { ReportTable } from "../lib/table";

// ECharts is a few hundred kB: it loads with the first chart, never with the first page.
const EChart = lazy(() => import("./EChart"));

/**
 * A table's chart, drawn by ECharts. It is an image to assistive technology, named by `title`;
 * the numbers themselves are in the table that always goes with it (ReportView).
 */
export function ReportChart({ table, title }: { table: ReportTable; title: string }) {
  const intl = useIntl();
  const rtl = typeof document !== "undefined" && document.documentElement.dir === "rtl";
  const option = useMemo(() => chartOption(intl, table, rtl), [intl, table, rtl]);
  if (!option) return null;
  const height = chartHeight(table);
  return (
    <div role="img" aria-label={intl.formatMessage({ id: "report.chartOf" }, { title })} data-testid="report-chart" data-rows={table.rows.length}>
      <Suspense
        fallback={
          <Center h={height}>
            <Loader size="sm" />
          </Center>
        }
      >
        <EChart option={option} height={height} locale={intl.locale} />
      </Suspense>
    </div>
  );
}
