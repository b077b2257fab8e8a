import { Anchor, Card, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { Link } from "@tanstack/react-router";
import { FormattedMessage } from "react-intl";
import { Permission } from "../../gen/eventkit/v1/access_pb";
import { useCan, useWhoAmI } from "../../lib/session";
import { QueryState } from "../../components/QueryState";
import { WithMessages } from "../../components/WithMessages";
import { dayStart, formatDay } from "../../lib/dates";
import { useEventPage, useShortages } from "../../features/events/api/events";
import { DASHBOARD_SHORTAGE_DAYS, DASHBOARD_STALE_MS, dashboardDay } from "../prefetch/dashboard";
import { EventTable } from "../../features/events/components/EventTable";
import { ShortageTable } from "../../features/events/components/ShortageTable";
import { FindPartnersButton } from "../../features/subhire/components/PartnerAvailability";
import { useDashboard } from "../../features/reports/api/reports";
import { DashboardWidgets, type RowActions } from "../../features/reports/components/ReportDashboard";
import { hasShortagesWidget, isFigures } from "../../features/reports/lib/widgets";
import { reportsMessages } from "../../features/reports/messages";

function DayEvents({ offset, title, testId }: { offset: number; title: string; testId: string }) {
  const opts = dashboardDay(offset);
  const day = opts.window!;
  const events = useEventPage(opts, DASHBOARD_STALE_MS);
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Title order={3} size="h4" mb="xs">
        <FormattedMessage id={title} />
      </Title>
      <QueryState
        isPending={events.isPending}
        error={events.error}
        onRetry={() => void events.refetch()}
        isEmpty={events.data?.events.length === 0}
        empty={<FormattedMessage id="dashboard.noEvents" />}
      >
        <EventTable events={events.data?.events ?? []} testId={`${testId}-table`} day={day} />
        {events.data?.page?.nextPageToken && (
          <Anchor
            renderRoot={(props) => <Link {...props} to="/events/calendar" search={{ view: "week", date: formatDay(day.start) }} />}
            size="sm"
            mt="xs"
            display="inline-block"
            data-testid={`${testId}-more`}
          >
            <FormattedMessage id="dashboard.moreEvents" />
          </Anchor>
        )}
      </QueryState>
    </Card>
  );
}

function Shortages() {
  const shortages = useShortages(dayStart(0), dayStart(DASHBOARD_SHORTAGE_DAYS), DASHBOARD_STALE_MS);
  return (
    <Card withBorder padding="sm" data-testid="shortages">
      <Title order={3} size="h4" mb="xs">
        <FormattedMessage id="dashboard.shortages" />
      </Title>
      <QueryState
        isPending={shortages.isPending}
        error={shortages.error}
        onRetry={() => void shortages.refetch()}
        isEmpty={shortages.data?.shortages.length === 0}
        empty={
          <Text c="green.9">
            <FormattedMessage id="dashboard.noShortages" />
          </Text>
        }
      >
        <ShortageTable
          shortages={shortages.data?.shortages ?? []}
          lineExtra={(s, productName) => (
            <FindPartnersButton line={{ eventId: s.eventId, productId: s.productId, productName, shortfall: s.shortfall }} />
          )}
        />
      </QueryState>
    </Card>
  );
}

/** A shortage on a report widget is a task too: sub-hire's "Find partners" next to it. */
const ROW_ACTIONS: RowActions = {
  shortages: (r) =>
    r.ref?.eventId && r.ref.productId ? (
      <FindPartnersButton line={{ eventId: r.ref.eventId, productId: r.ref.productId, productName: r.ref.productName, shortfall: r.ref.shortfall ?? 0 }} />
    ) : null,
};

/**
 * The home screen: with REPORTS_READ, the caller's report dashboard (today's figures as tiles at the
 * top, charts and lists below); for everyone, today's and tomorrow's events; and the shortages of
 * the next 14 days unless a dashboard widget already lists them.
 */
export function DashboardScreen() {
  const me = useWhoAmI();
  const canReports = useCan(Permission.REPORTS_READ);
  const dashboard = useDashboard(canReports);
  const widgets = dashboard.data?.widgets ?? [];
  const ownShortages = !me.isPending && (!canReports || dashboard.isError || (!dashboard.isPending && !hasShortagesWidget(dashboard.data)));
  return (
    <WithMessages messages={reportsMessages}>
      <Stack>
        <div>
          <Title order={2} data-testid="welcome">
            <FormattedMessage id="dashboard.welcome" values={{ name: me.data?.name ?? "" }} />
          </Title>
        </div>
        {canReports && dashboard.error && (
          <QueryState isPending={false} error={dashboard.error} onRetry={() => void dashboard.refetch()}>
            {null}
          </QueryState>
        )}
        <DashboardWidgets widgets={widgets.filter(isFigures)} rowActions={ROW_ACTIONS} testId="dashboard-figures" />
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <DayEvents offset={0} title="dashboard.today" testId="today" />
          <DayEvents offset={1} title="dashboard.tomorrow" testId="tomorrow" />
        </SimpleGrid>
        <DashboardWidgets widgets={widgets.filter((w) => !isFigures(w))} rowActions={ROW_ACTIONS} testId="dashboard-widgets" />
        {ownShortages && <Shortages />}
      </Stack>
    </WithMessages>
  );
}
