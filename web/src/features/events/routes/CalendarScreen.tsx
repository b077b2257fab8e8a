import { useMemo } from "react";
import { Alert, Box, Button, Group, Loader, SegmentedControl, Stack, Text, Title, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { EventStatus, type Event } from "../../../gen/eventkit/v1/planning_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { useEventPage } from "../api/events";
import { STATUS_STYLE, statusLabelId } from "../components/StatusBadge";
import { addDays, formatDay, parseDay, startOfDay, startOfWeek } from "../../../lib/dates";

const route = getRouteApi("/_app/events/calendar");
const MAX_EVENTS = 500;
const MONTH_CHIPS = 3;

export type CalendarView = "month" | "week";

/** The days a view shows: six weeks from the Monday before the 1st, or one week from Monday. */
export function gridDays(view: CalendarView, anchor: Date): Date[] {
  const first = view === "month" ? startOfWeek(new Date(anchor.getFullYear(), anchor.getMonth(), 1)) : startOfWeek(anchor);
  return Array.from({ length: view === "month" ? 42 : 7 }, (_, i) => addDays(first, i));
}

/** Events overlapping [day, day + 1), by start. */
export function eventsOn(events: readonly Event[], day: Date): Event[] {
  const end = addDays(day, 1).getTime();
  return events.filter((e) => {
    if (!e.period?.start || !e.period.end) return false;
    return timestampDate(e.period.start).getTime() < end && timestampDate(e.period.end).getTime() > day.getTime();
  });
}

/**
 * Events by month or week (ListEvents over the grid's window), coloured by the status ladder; a
 * click opens the event. The view and the date are in the URL.
 */
export function CalendarScreen() {
  const intl = useIntl();
  const { view = "month", date } = route.useSearch();
  const navigate = route.useNavigate();
  const anchor = parseDay(date) ?? startOfDay(new Date());
  const days = useMemo(() => gridDays(view, anchor), [view, anchor.getTime()]);
  const events = useEventPage({ window: { start: days[0], end: addDays(days[days.length - 1], 1) }, pageSize: MAX_EVENTS });
  const list = events.data?.events ?? [];
  const go = (d: Date, v: CalendarView = view) => void navigate({ search: { view: v, date: formatDay(d) } });
  const step = (n: number) =>
    go(view === "month" ? new Date(anchor.getFullYear(), anchor.getMonth() + n, 1) : addDays(anchor, 7 * n));
  const todayKey = formatDay(new Date());
  const title =
    view === "month"
      ? intl.formatDate(anchor, { month: "long", year: "numeric" })
      : `${intl.formatDate(days[0], { day: "numeric", month: "short" })} – ${intl.formatDate(days[6], { day: "numeric", month: "short", year: "numeric" })}`;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="calendar.title" />
        </Title>
        <Group>
          {events.isFetching && !events.isPending && <Loader size="xs" />}
          <AnchorLink to="/events" search={{}} size="sm">
            <FormattedMessage id="calendar.list" />
          </AnchorLink>
        </Group>
      </Group>
      <Group wrap="wrap" gap="sm">
        <Button variant="default" onClick={() => step(-1)} data-testid="calendar-prev">
          <FormattedMessage id="calendar.prev" />
        </Button>
        <Button variant="default" onClick={() => go(new Date())}>
          <FormattedMessage id="calendar.today" />
        </Button>
        <Button variant="default" onClick={() => step(1)} data-testid="calendar-next">
          <FormattedMessage id="calendar.next" />
        </Button>
        <SegmentedControl
          aria-label={intl.formatMessage({ id: "calendar.view" })}
          value={view}
          onChange={(v) => go(anchor, v as CalendarView)}
          data={(["month", "week"] as const).map((v) => ({ value: v, label: intl.formatMessage({ id: `calendar.${v}` }) }))}
          data-testid="calendar-view"
        />
        <Text fw={600} data-testid="calendar-title">
          {title}
        </Text>
      </Group>
      <QueryState isPending={events.isPending} error={events.error} onRetry={() => void events.refetch()}>
        {events.data?.page?.nextPageToken && (
          <Alert color="yellow">
            <FormattedMessage id="calendar.truncated" values={{ count: MAX_EVENTS }} />
          </Alert>
        )}
        {list.length === 0 && (
          <Text c="dimmed" data-testid="calendar-empty">
            <FormattedMessage id="calendar.empty" />
          </Text>
        )}
        <Box
          data-testid="calendar"
          data-view={view}
          style={{ display: "grid", gridTemplateColumns: "repeat(7, minmax(0, 1fr))", border: "1px solid var(--mantine-color-default-border)", borderRadius: 4 }}
        >
          {days.slice(0, 7).map((d) => (
            <Box aria-hidden key={`h${d.getDay()}`} p={4} ta="center" fz="xs" fw={600} style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}>
              {intl.formatDate(d, { weekday: "short" })}
            </Box>
          ))}
          {days.map((d) => {
            const key = formatDay(d);
            const on = eventsOn(list, d);
            const shown = view === "month" ? on.slice(0, MONTH_CHIPS) : on;
            const outside = view === "month" && d.getMonth() !== anchor.getMonth();
            return (
              <Box
                key={key}
                data-day={key}
                p={4}
                mih={view === "month" ? 96 : 320}
                style={{
                  minWidth: 0,
                  borderTop: "1px solid var(--mantine-color-default-border)",
                  borderInlineStart: d.getDay() === 1 ? undefined : "1px solid var(--mantine-color-default-border)",
                  background: outside ? "var(--mantine-color-default-hover)" : undefined,
                }}
              >
                <Text size="xs" fw={key === todayKey ? 800 : 500} c={key === todayKey ? "blue.8" : outside ? "dimmed" : undefined}>
                  <span aria-hidden>{intl.formatDate(d, { day: "numeric" })}</span>
                  <VisuallyHidden>{intl.formatDate(d, { dateStyle: "full" })}</VisuallyHidden>
                </Text>
                <Stack gap={2}>
                  {shown.map((e) => (
                    <EventChip key={e.id} event={e} />
                  ))}
                  {on.length > shown.length && (
                    <UnstyledButton fz="xs" c="blue.8" onClick={() => go(d, "week")} data-testid="calendar-more">
                      <FormattedMessage id="calendar.more" values={{ count: on.length - shown.length }} />
                    </UnstyledButton>
                  )}
                </Stack>
              </Box>
            );
          })}
        </Box>
      </QueryState>
    </Stack>
  );
}

function EventChip({ event }: { event: Event }) {
  const intl = useIntl();
  const style = STATUS_STYLE[event.status] ?? STATUS_STYLE[EventStatus.UNSPECIFIED];
  // Firm holds solid, pencilled holds dashed and open (ux-brief); black text on the status tint for contrast.
  const tentative = style.variant === "outline";
  const solid = style.variant === "filled";
  const c = style.color;
  const label = `${event.name} · ${intl.formatMessage({ id: statusLabelId(event.status) })}`;
  return (
    <AnchorLink
      to="/events/$eventId"
      params={{ eventId: event.id }}
      title={label}
      aria-label={label}
      data-status={EventStatus[event.status]}
      data-testid="calendar-event"
      dir="auto"
      fz="xs"
      underline="never"
      style={{
        display: "block",
        overflow: "hidden",
        textOverflow: "ellipsis",
        whiteSpace: "nowrap",
        borderRadius: 3,
        padding: "1px 4px",
        color: "var(--mantine-color-black)",
        background: tentative ? "transparent" : `var(--mantine-color-${c}-${solid ? 2 : 0})`,
        border: `1px ${tentative ? "dashed" : "solid"} var(--mantine-color-${c}-${solid || tentative ? 7 : 3})`,
        fontWeight: solid ? 600 : 400,
      }}
    >
      {event.name}
    </AnchorLink>
  );
}
