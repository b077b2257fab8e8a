import { useEffect, useRef } from "react";
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import type { ChartOption } from "../lib/chart";

// Only what the reports draw, so the chunk stays small; this module is only ever imported lazily
// (ReportChart), never by the first bundle.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** An ECharts chart (SVG) that follows its container's width; a new `locale` draws it anew. */
export default function EChart({ option, height, locale }: { option: ChartOption; height: number; locale: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    // Numbers, money and dates are formatted by react-intl in the option (chartOption), so the
    // chart follows the app's locale without ECharts' own language packs.
    const c = echarts.init(el.current, undefined, { renderer: "svg" });
    chart.current = c;
    const ro = typeof ResizeObserver === "undefined" ? undefined : new ResizeObserver(() => c.resize());
    ro?.observe(el.current);
    return () => {
      ro?.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [locale]);
  useEffect(() => {
    chart.current?.setOption(option as echarts.EChartsCoreOption, { notMerge: true });
  }, [option, locale]);
  // ECharts lays text out itself; an inherited right-to-left direction would flip its text anchors
  // (labels drawn over the bars). The option mirrors the axes for Arabic instead (chartOption).
  return <div ref={el} dir="ltr" style={{ width: "100%", height }} data-testid="echart" />;
}
