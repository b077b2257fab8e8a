import type { IntlShape } from "react-intl";
import type { Money } from "../../../gen/eventkit/v1/common_pb";
import { chartValue, formatCell, type ColType, type ReportTable } from "./table";

/** The parts of an ECharts option we set (echarts itself loads lazily; this file doesn't import it). */
export interface ChartOption {
  [key: string]: unknown;
  series: { name: string; type: "bar" | "line"; data: number[] }[];
}

/** The one currency of a money column, if every row has the same. */
function currencyOf(t: ReportTable, column: number): string | undefined {
  const codes = new Set(t.rows.map((r) => (r.cells[column] as Money | undefined)?.currencyCode).filter(Boolean));
  return codes.size === 1 ? [...codes][0] : undefined;
}

/** How a value reads on an axis (compact) or in a tooltip (full), in the user's locale. */
export function valueFormatter(intl: IntlShape, type: ColType, currency: string | undefined, compact: boolean) {
  return (v: number): string => {
    switch (type) {
      case "percent":
        return intl.formatNumber(v, { style: "percent", maximumFractionDigits: compact ? 0 : 1 });
      case "money":
        return currency
          ? intl.formatNumber(v, { style: "currency", currency, notation: compact ? "compact" : "standard" })
          : intl.formatNumber(v, { notation: compact ? "compact" : "standard", maximumFractionDigits: 2 });
      case "minutes":
        return intl.formatMessage({ id: "report.hours" }, { hours: intl.formatNumber(v, { maximumFractionDigits: 1 }) });
      default:
        return intl.formatNumber(v, { notation: compact ? "compact" : "standard", maximumFractionDigits: 1 });
    }
  };
}

/**
 * The ECharts option for a table's chart: one category per row (in the table's order, first at
 * the top or the start), a series per value column. Right to left, the category axis runs from
 * the right and the value axis sits on the right.
 */
export function chartOption(intl: IntlShape, t: ReportTable, rtl: boolean): ChartOption | undefined {
  const c = t.chart;
  if (!c) return undefined;
  const labelCol = t.columns[c.labelColumn];
  const type = t.columns[c.series[0]].type;
  const currency = type === "money" ? currencyOf(t, c.series[0]) : undefined;
  const categories = t.rows.map((r) => formatCell(intl, r.cells[c.labelColumn], labelCol.type));
  const axisFmt = valueFormatter(intl, type, currency, true);
  const tipFmt = valueFormatter(intl, type, currency, false);
  const category = {
    type: "category",
    data: categories,
    inverse: c.horizontal ? true : rtl,
    position: c.horizontal ? (rtl ? "right" : "left") : "bottom",
    axisLabel: { hideOverlap: true, width: 160, overflow: "truncate" },
  };
  const value = {
    type: "value",
    inverse: c.horizontal ? rtl : false,
    position: c.horizontal ? "bottom" : rtl ? "right" : "left",
    axisLabel: { formatter: axisFmt },
  };
  return {
    animationDuration: 300,
    grid: { containLabel: true, left: 8, right: 16, top: c.series.length > 1 ? 32 : 12, bottom: 8 },
    legend: c.series.length > 1 ? { top: 0, [rtl ? "right" : "left"]: 0 } : undefined,
    tooltip: { trigger: "axis", valueFormatter: tipFmt },
    xAxis: c.horizontal ? value : category,
    yAxis: c.horizontal ? category : value,
    series: c.series.map((i) => ({
      name: intl.formatMessage({ id: t.columns[i].label }),
      type: c.type,
      data: t.rows.map((r) => chartValue(r.cells[i], t.columns[i].type)),
    })),
  };
}

/** Pixels a chart needs: sideways bars get a row each. */
export function chartHeight(t: ReportTable): number {
  return t.chart?.horizontal ? Math.max(160, Math.min(40, t.rows.length) * 26 + 48) : 280;
}
