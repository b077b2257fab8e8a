import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { en } from "../../../app/messages/en";
import { de } from "../../../app/messages/de";
import { reportsDe, reportsEn } from "../messages";
import {
  DashboardWidgetSchema,
  GetRevenueResponseSchema,
  GetUpcomingShortagesResponseSchema,
  OperationsSummarySchema,
  RelativePeriod,
  ReportDisplay,
  RevenueGrouping,
  type DashboardWidget,
  type ReportSpec,
} from "../../../gen/eventkit/v1/reports_pb";
import type { ChartOption } from "../lib/chart";
import { formatDay } from "../../../lib/dates";

const state = vi.hoisted(() => ({
  data: {} as Record<string, unknown>,
  specs: [] as unknown[],
  options: [] as unknown[],
  downloads: [] as [string, string][],
}));
vi.mock("../../../components/AnchorLink", () => ({
  AnchorLink: (p: { to: string; params?: Record<string, string>; search?: Record<string, unknown>; children: unknown; "data-testid"?: string; "data-figure"?: string }) => {
    let href = p.to;
    for (const [k, v] of Object.entries(p.params ?? {})) href = href.replace(`$${k}`, v);
    const q = new URLSearchParams(Object.entries(p.search ?? {}).map(([k, v]) => [k, String(v)])).toString();
    return (
      <a href={q ? `${href}?${q}` : href} data-testid={p["data-testid"]} data-figure={p["data-figure"]}>
        {p.children as string}
      </a>
    );
  },
}));
vi.mock("../api/reports", () => ({
  useReport: (spec: ReportSpec) => {
    state.specs.push(spec);
    return { isPending: false, error: null, data: state.data[spec.report.case!], refetch: () => {} };
  },
}));
// ECharts itself needs a real browser (the e2e draws it): here the option it is given is checked.
vi.mock("./EChart", () => ({
  default: (p: { option: ChartOption }) => {
    state.options.push(p.option);
    return <div data-testid="echart" />;
  },
}));
vi.mock("../lib/csv", async (orig) => ({
  ...(await orig<typeof import("../lib/csv")>()),
  downloadCsv: (name: string, csv: string) => state.downloads.push([name, csv]),
}));

const { DashboardWidgets } = await import("./ReportDashboard");

const eur = (minorUnits: bigint) => ({ currencyCode: "EUR", minorUnits });

const revenueWidget = create(DashboardWidgetSchema, {
  id: "default.revenue-by-month",
  titleKey: "report.widget.revenueByMonth",
  spec: { report: { case: "revenue", value: { relative: RelativePeriod.LAST_12_MONTHS, groupBy: RevenueGrouping.MONTH } } },
  display: ReportDisplay.LINE,
});
const revenue = create(GetRevenueResponseSchema, {
  rows: [
    { key: "2026-01", label: "2026-01", amount: eur(125050n), quoteCount: 3 },
    { key: "2026-02", label: "2026-02", amount: eur(0n), quoteCount: 0 },
    { key: "2026-03", label: "2026-03", amount: eur(99900n), quoteCount: 1 },
  ],
  total: eur(224950n),
  quoteCount: 4,
});
const opsWidget = create(DashboardWidgetSchema, { id: "default.operations", titleKey: "report.widget.operations", spec: { report: { case: "operations", value: {} } } });
const ops = create(OperationsSummarySchema, { eventsOutToday: 2, eventsBackToday: 1, overdueEvents: 1, overdueItems: 5, inRepair: 3, lost: 1, shortageLinesNext14Days: 4 });
const shortageWidget = create(DashboardWidgetSchema, {
  id: "saved.1",
  title: "Audio shortages",
  savedReportId: "s1",
  spec: { report: { case: "shortages", value: { relative: RelativePeriod.NEXT_30_DAYS, category: "Audio" } } },
});
const shortages = create(GetUpcomingShortagesResponseSchema, {
  rows: [
    {
      eventId: "ev1",
      eventName: "Summer Gala",
      eventPeriod: { start: timestampFromDate(new Date(2026, 11, 8, 9)), end: timestampFromDate(new Date(2026, 11, 9, 18)) },
      productId: "p1",
      productName: 'Speaker 12"',
      category: "Audio",
      requested: 10,
      shortfall: 4,
    },
  ],
  totalShortfall: 4,
  totalRows: 1,
});

function show(widgets: DashboardWidget[], locale: "en-GB" | "de-DE" = "en-GB") {
  state.data = { revenue, operations: ops, shortages };
  const messages = locale === "de-DE" ? { ...de, ...reportsDe } : { ...en, ...reportsEn };
  render(
    <IntlProvider locale={locale} messages={messages} timeZone="UTC" onError={() => {}}>
      <MantineProvider>
        <DashboardWidgets
          widgets={widgets}
          rowActions={{ shortages: (r) => <button data-testid="find">{`find ${r.ref?.productId} × ${r.ref?.shortfall}`}</button> }}
        />
      </MantineProvider>
    </IntlProvider>,
  );
}

afterEach(() => {
  state.options = [];
  state.downloads = [];
  state.specs = [];
  document.documentElement.dir = "ltr";
});

describe("dashboard widgets", () => {
  it("today's figures are tiles, each linking to the screen with the detail", () => {
    show([opsWidget]);
    const tiles = screen.getAllByTestId("operation-tile");
    expect(tiles).toHaveLength(10);
    const overdue = tiles.find((t) => t.getAttribute("data-figure") === "overdueItems")!;
    expect(overdue.textContent).toBe("5Items overdue");
    expect(overdue.getAttribute("href")).toBe("/reports?report=overdue");
    const repair = tiles.find((t) => t.getAttribute("data-figure") === "inRepair")!;
    expect(repair.getAttribute("href")).toBe("/reports?report=outOfService&status=IN_REPAIR");
    expect(tiles.find((t) => t.getAttribute("data-figure") === "shortageLinesNext14Days")!.getAttribute("href")).toBe("/availability/shortages?days=14");
  });

  it("revenue by month is a line chart of the months in order, in the user's words, with the same rows in a table", async () => {
    show([revenueWidget]);
    expect(screen.getByRole("heading", { name: "Revenue by month" })).toBeTruthy();
    await screen.findByTestId("echart");
    const option = state.options.at(-1) as ChartOption & { xAxis: { data: string[] } };
    expect(option.series).toEqual([{ name: "Revenue", type: "line", data: [1250.5, 0, 999] }]);
    expect(option.xAxis.data).toEqual(["Jan 2026", "Feb 2026", "Mar 2026"]);
    // The chart's text alternative: the rows as a table (visually hidden while the chart shows).
    const table = screen.getByTestId("report-table-alt");
    expect(within(table).getAllByTestId("report-row").map((r) => r.textContent)).toEqual([
      "Jan 2026€1,250.50EUR3",
      "Feb 2026€0.00EUR0",
      "Mar 2026€999.00EUR1",
    ]);
    expect(screen.getByRole("img", { name: /Chart: Revenue by month/ })).toBeTruthy();
    // The widget asks for its first page only.
    expect((state.specs.at(-1) as ReportSpec).report.value).toMatchObject({ page: { pageSize: 20, pageToken: "" } });
  });

  it("'Download CSV' saves exactly the rows the chart draws, machine-readable", async () => {
    show([revenueWidget]);
    fireEvent.click(screen.getByTestId("report-csv"));
    expect(state.downloads).toEqual([
      [`revenue-by-month-${formatDay(new Date())}.csv`, "Period,Revenue,Currency,Quotes\r\n2026-01,1250.50,EUR,3\r\n2026-02,0.00,EUR,0\r\n2026-03,999.00,EUR,1\r\n"],
    ]);
  });

  it("the table view shows the same rows; German formats money and months its own way", async () => {
    show([revenueWidget], "de-DE");
    fireEvent.click(screen.getByText("Tabelle"));
    const rows = within(screen.getByTestId("report-table")).getAllByTestId("report-row");
    expect(rows[0].textContent?.replace(/\s/g, " ")).toBe("Jan. 20261.250,50 €EUR3");
    expect(screen.queryByTestId("echart")).toBeNull();
  });

  it("right to left, the time axis runs from the right and the values sit on the right", async () => {
    document.documentElement.dir = "rtl";
    show([revenueWidget]);
    await screen.findByTestId("echart");
    const option = state.options.at(-1) as { xAxis: { inverse: boolean }; yAxis: { position: string } };
    expect(option.xAxis.inverse).toBe(true);
    expect(option.yAxis.position).toBe("right");
  });

  it("a shortage is a task: the event links to its pull list and the app's actions sit on the row", () => {
    show([shortageWidget]);
    expect(screen.getByRole("heading", { name: "Audio shortages" })).toBeTruthy();
    const row = screen.getByTestId("report-row");
    expect(within(row).getByText("Summer Gala").getAttribute("href")).toBe("/events/ev1");
    expect(within(row).getByTestId("find").textContent).toBe("find p1 × 4");
    expect(within(row).getByText("4")).toBeTruthy();
    // "Open" reproduces the saved report in the builder.
    expect(screen.getByText("Open").getAttribute("href")).toBe("/reports?report=shortages&period=next_30_days&category=Audio&saved=s1");
  });

  it("a widget whose title key the app doesn't know is named after its report", () => {
    show([create(DashboardWidgetSchema, { ...revenueWidget, id: "x", titleKey: "report.widget.somethingNew" })]);
    expect(screen.getByRole("heading", { name: "Revenue" })).toBeTruthy();
  });
});
