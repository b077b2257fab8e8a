import type { ReactNode } from "react";
import { Group, Loader, SegmentedControl, Stack, Title } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { QueryState } from "../../../components/QueryState";
import type { Shortage } from "../../../gen/eventkit/v1/planning_pb";
import { ShortageTable } from "../components/ShortageTable";
import { useShortages } from "../api/events";
import { dayStart } from "../../../lib/dates";
import { SHORTAGE_WINDOWS } from "../api/windows";

const route = getRouteApi("/_app/availability/shortages");

/**
 * Every shortage from today over a window (in the URL); each row leads to its event's pull list.
 * `lineExtra` renders other features' actions on a row (the route composes them).
 */
export function ShortagesScreen({ lineExtra }: { lineExtra?: (s: Shortage, productName?: string) => ReactNode } = {}) {
  const intl = useIntl();
  const { days } = route.useSearch();
  const navigate = route.useNavigate();
  const window = days ?? 14;
  const shortages = useShortages(dayStart(0), dayStart(window));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="shortages.title" />
        </Title>
        {shortages.isFetching && !shortages.isPending && <Loader size="xs" />}
      </Group>
      <SegmentedControl
        aria-label={intl.formatMessage({ id: "shortages.window" })}
        value={String(window)}
        onChange={(v) => void navigate({ search: { days: Number(v) } })}
        data={SHORTAGE_WINDOWS.map((d) => ({ value: String(d), label: intl.formatMessage({ id: "shortages.days" }, { days: d }) }))}
        data-testid="shortage-window"
        style={{ alignSelf: "start" }}
      />
      <QueryState
        isPending={shortages.isPending}
        error={shortages.error}
        onRetry={() => void shortages.refetch()}
        isEmpty={shortages.data?.shortages.length === 0}
        empty={<FormattedMessage id="dashboard.noShortages" />}
      >
        <ShortageTable shortages={shortages.data?.shortages ?? []} lineExtra={lineExtra} />
      </QueryState>
    </Stack>
  );
}
