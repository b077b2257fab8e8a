import { Card, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { FormattedMessage } from "react-intl";
import { useWhoAmI } from "../../lib/session";
import { QueryState } from "../../components/QueryState";
import { dayStart } from "../../lib/dates";
import { useEventPage, useShortages } from "../../features/events/api/events";
import { DASHBOARD_SHORTAGE_DAYS, dashboardDay } from "../prefetch/dashboard";
import { EventTable } from "../../features/events/components/EventTable";
import { ShortageTable } from "../../features/events/components/ShortageTable";

function DayEvents({ offset, title, testId }: { offset: number; title: string; testId: string }) {
  const opts = dashboardDay(offset);
  const day = opts.window!;
  const events = useEventPage(opts);
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
      </QueryState>
    </Card>
  );
}

/** Today, tomorrow, and the shortages of the next 14 days. */
export function DashboardScreen() {
  const me = useWhoAmI();
  const shortages = useShortages(dayStart(0), dayStart(DASHBOARD_SHORTAGE_DAYS));
  return (
    <Stack>
      <div>
        <Title order={2} data-testid="welcome">
          <FormattedMessage id="dashboard.welcome" values={{ name: me.data?.name ?? "" }} />
        </Title>
      </div>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <DayEvents offset={0} title="dashboard.today" testId="today" />
        <DayEvents offset={1} title="dashboard.tomorrow" testId="tomorrow" />
      </SimpleGrid>
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
            <Text c="green">
              <FormattedMessage id="dashboard.noShortages" />
            </Text>
          }
        >
          <ShortageTable shortages={shortages.data?.shortages ?? []} />
        </QueryState>
      </Card>
    </Stack>
  );
}
