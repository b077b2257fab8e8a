import type { ReactNode } from "react";
import { Card, Group, SimpleGrid, Text, Title } from "@mantine/core";
import { useIntl } from "react-intl";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { ReportDisplay, type DashboardWidget, type OperationsSummary, type ReportSpec } from "../../../gen/eventkit/v1/reports_pb";
import { useReport } from "../api/reports";
import { widgetSpec } from "../lib/widgets";
import { displayOf, searchFromSpec, type ReportKind } from "../lib/spec";
import { OPERATION_FIGURES, reportTable, type TableRow } from "../lib/table";
import { ReportView } from "./ReportView";

/** A widget's title: the message its key names (a default widget's), else its saved report's name. */
export function widgetTitle(intl: ReturnType<typeof useIntl>, w: DashboardWidget): string {
  if (w.titleKey) {
    const kind = w.spec?.report.case;
    return intl.formatMessage({ id: w.titleKey, defaultMessage: kind ? intl.formatMessage({ id: `report.kind.${kind}` }) : w.titleKey });
  }
  return w.title;
}

/** Operations figures: which screen holds the detail of each tile. */
const FIGURE_LINKS: Record<(typeof OPERATION_FIGURES)[number], { to: string; search?: Record<string, string | number> }> = {
  eventsOutToday: { to: "/events" },
  eventsBackToday: { to: "/events" },
  overdueEvents: { to: "/reports", search: { report: "overdue" } },
  overdueItems: { to: "/reports", search: { report: "overdue" } },
  shortageLinesNext14Days: { to: "/availability/shortages", search: { days: 14 } },
  eventsNext7Days: { to: "/events/calendar" },
  inRepair: { to: "/reports", search: { report: "outOfService", status: "IN_REPAIR" } },
  quarantine: { to: "/reports", search: { report: "outOfService", status: "QUARANTINE" } },
  lost: { to: "/reports", search: { report: "outOfService", status: "LOST" } },
  openRepairTickets: { to: "/maintenance/repairs" },
};

const ALARMING = new Set(["overdueEvents", "overdueItems", "shortageLinesNext14Days", "lost"]);

/** Today's figures as tiles, each a link to the screen with the detail. */
export function OperationTiles({ summary }: { summary: OperationsSummary }) {
  const intl = useIntl();
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="xs" data-testid="operation-tiles">
      {OPERATION_FIGURES.map((f) => {
        const value = summary[f];
        const link = FIGURE_LINKS[f];
        return (
          <AnchorLink key={f} to={link.to as never} search={link.search as never} underline="never" data-testid="operation-tile" data-figure={f}>
            <Card withBorder padding="xs" h="100%">
              <Text size="xl" fw={700} c={value > 0 && ALARMING.has(f) ? "red.8" : undefined} data-testid="operation-value">
                {intl.formatNumber(value)}
              </Text>
              <Text size="sm" c="dark.6">
                {intl.formatMessage({ id: `report.figure.${f}` })}
              </Text>
            </Card>
          </AnchorLink>
        );
      })}
    </SimpleGrid>
  );
}

/** What a report row offers: overdue gear is checked in, a repair opened; the app adds others (shortages). */
function builtInActions(kind: ReportKind, intl: ReturnType<typeof useIntl>) {
  if (kind === "overdue") {
    return (r: TableRow) =>
      r.ref?.eventId ? (
        <AnchorLink to="/events/$eventId/returns" params={{ eventId: r.ref.eventId }} size="sm">
          {intl.formatMessage({ id: "report.action.checkIn" })}
        </AnchorLink>
      ) : null;
  }
  if (kind === "outOfService") {
    return (r: TableRow) =>
      r.ref?.repairTicketId ? (
        <AnchorLink to="/maintenance/repairs/$repairId" params={{ repairId: r.ref.repairTicketId }} size="sm">
          {intl.formatMessage({ id: "report.action.repair" })}
        </AnchorLink>
      ) : null;
  }
  return undefined;
}

/** Renders another feature's actions for a report row (the app passes sub-hire's "Find partners" for shortages). */
export type RowActions = Partial<Record<ReportKind, (row: TableRow) => ReactNode>>;

/** One report, run and shown: figures as tiles, else chart or table with CSV. */
export function ReportResult({
  spec,
  display,
  title,
  rowActions,
  showTotals,
  testId,
}: {
  spec: ReportSpec;
  display: ReportDisplay;
  title: string;
  rowActions?: RowActions;
  showTotals?: boolean;
  testId?: string;
}) {
  const intl = useIntl();
  const kind = spec.report.case as ReportKind;
  const result = useReport(spec);
  const extra = rowActions?.[kind];
  const own = builtInActions(kind, intl);
  const actions = extra || own ? (r: TableRow) => (
    <Group gap="xs" wrap="nowrap">
      {own?.(r)}
      {extra?.(r)}
    </Group>
  ) : undefined;
  return (
    <QueryState isPending={result.isPending} error={result.error} onRetry={() => void result.refetch()}>
      {result.data &&
        (kind === "operations" ? (
          <OperationTiles summary={result.data as OperationsSummary} />
        ) : (
          <ReportView
            key={`${kind}/${displayOf(spec, display)}`}
            title={title}
            table={reportTable(kind, result.data)}
            display={displayOf(spec, display)}
            actions={actions}
            showTotals={showTotals}
            testId={testId}
          />
        ))}
    </QueryState>
  );
}

function Widget({ widget, rowActions }: { widget: DashboardWidget; rowActions?: RowActions }) {
  const intl = useIntl();
  const spec = widgetSpec(widget);
  const title = widgetTitle(intl, widget);
  const wide = spec?.report.case === "operations" || spec?.report.case === "shortages" || spec?.report.case === "overdue" || spec?.report.case === "outOfService";
  return (
    <Card withBorder padding="sm" data-testid="widget" data-widget={widget.id} data-kind={spec?.report.case} style={wide ? { gridColumn: "1 / -1" } : undefined}>
      <Group justify="space-between" mb="xs" gap="xs">
        <Title order={3} size="h4">
          {title}
        </Title>
        {spec && (
          <AnchorLink
            to="/reports"
            search={widget.savedReportId ? { ...searchFromSpec(spec), saved: widget.savedReportId } : searchFromSpec(spec)}
            size="sm"
            aria-label={intl.formatMessage({ id: "report.openNamed" }, { title })}
          >
            {intl.formatMessage({ id: "report.open" })}
          </AnchorLink>
        )}
      </Group>
      {spec ? (
        <ReportResult spec={spec} display={widget.display} title={title} rowActions={rowActions} testId="widget-view" />
      ) : (
        <Text c="dimmed">{intl.formatMessage({ id: "report.empty" })}</Text>
      )}
    </Card>
  );
}

/** Dashboard widgets (ReportService.GetDashboard: the caller's roles' defaults, then their pinned reports) in a grid. */
export function DashboardWidgets({ widgets, rowActions, testId }: { widgets: DashboardWidget[]; rowActions?: RowActions; testId?: string }) {
  if (widgets.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} data-testid={testId}>
      {widgets.map((w) => (
        <Widget key={w.id} widget={w} rowActions={rowActions} />
      ))}
    </SimpleGrid>
  );
}
