import { Button, Group, Loader, Modal, NativeSelect, SegmentedControl, Stack, Title } from "@mantine/core";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { useCan } from "../../../lib/session";
import { useLazyDisclosure } from "../../../lib/dialog";
import { useShortcut } from "../../../lib/shortcuts";
import { NewEventForm } from "../components/NewEventForm";
import { FormattedMessage, useIntl } from "react-intl";
import { EventStatus, FulfilmentState } from "../../../gen/eventkit/v1/planning_pb";
import { QueryState } from "../../../components/QueryState";
import { EventTable } from "../components/EventTable";
import { STATUS_LADDER, statusLabelId } from "../components/StatusBadge";
import { EVENT_LIST_STALE_MS, useEventPage } from "../api/events";
import { dayStart } from "../../../lib/dates";
import type { ClientPickerSlot } from "../components/clientSlot";

const route = getRouteApi("/_app/events/");

export type EventsWhen = "upcoming" | "past" | "all";

/** Which window a "when" filter means: ListEvents returns events overlapping it. */
function windowOf(when: EventsWhen): { start: Date; end: Date } | undefined {
  if (when === "upcoming") return { start: dayStart(0), end: dayStart(366) };
  if (when === "past") return { start: dayStart(-366), end: dayStart(0) };
  return undefined;
}

const GEAR_OPTIONS = ["ANY_OUT", "NOT_STARTED", "PREPPING", "OUT", "RETURNING", "RETURNED"] as const;

/** The gear filter's states: ANY_OUT is every state with something out. */
export function gearStates(gear: string | undefined): FulfilmentState[] {
  if (!gear) return [];
  if (gear === "ANY_OUT") return [FulfilmentState.PREPPING, FulfilmentState.OUT, FulfilmentState.RETURNING];
  const s = FulfilmentState[gear as keyof typeof FulfilmentState];
  return s === undefined || s === FulfilmentState.UNSPECIFIED ? [] : [s];
}

/** Events by start time, paged on the server; filters and page live in the URL. */
export function EventListScreen({ clientPicker }: { clientPicker?: ClientPickerSlot } = {}) {
  const intl = useIntl();
  const { when, status, gear, page } = route.useSearch();
  const navigate = route.useNavigate();
  const go = useNavigate();
  const canEdit = useCan(Permission.PLANNING_WRITE);
  // The form's Modal is drawn from first use on (drawing it closed was part of the list's first draw).
  const form = useLazyDisclosure();
  // "n" creates (ux-brief), unless the user is typing or choosing somewhere.
  useShortcut("n", form.open, canEdit);
  const statusValue = status ? EventStatus[status as keyof typeof EventStatus] : undefined;
  const events = useEventPage(
    {
      window: windowOf(when ?? "upcoming"),
      statuses: statusValue !== undefined ? [statusValue] : [],
      fulfilments: gearStates(gear),
      pageToken: page,
    },
    EVENT_LIST_STALE_MS,
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>
          <FormattedMessage id="events.title" />
        </Title>
        <Group>
          {events.isFetching && !events.isPending && <Loader size="xs" />}
          {canEdit && (
            <Button onClick={form.open} data-testid="new-event-open">
              <FormattedMessage id="newEvent.open" />
            </Button>
          )}
        </Group>
      </Group>
      {form.mounted && (
        <Modal opened={form.opened} onClose={form.close} title={intl.formatMessage({ id: "newEvent.title" })}>
          <NewEventForm
            clientPicker={clientPicker}
            onCancel={form.close}
            onCreated={(id) => {
              form.close();
              void go({ to: "/events/$eventId", params: { eventId: id } });
            }}
          />
        </Modal>
      )}
      <Group align="end" wrap="wrap">
        <SegmentedControl
          aria-label={intl.formatMessage({ id: "events.when" })}
          value={when ?? "upcoming"}
          onChange={(v) => void navigate({ search: (s) => ({ ...s, when: v as EventsWhen, page: undefined }) })}
          data={(["upcoming", "past", "all"] as const).map((w) => ({
            value: w,
            label: intl.formatMessage({ id: `events.when.${w}` }),
          }))}
          data-testid="events-when"
        />
        <FilterSelect
          label={intl.formatMessage({ id: "events.status" })}
          anyLabel={intl.formatMessage({ id: "events.anyStatus" })}
          value={status}
          options={STATUS_LADDER.map((st) => ({ value: EventStatus[st], label: intl.formatMessage({ id: statusLabelId(st) }) }))}
          onChange={(v) => void navigate({ search: (s) => ({ ...s, status: v, page: undefined }) })}
          testId="events-status"
        />
        <FilterSelect
          label={intl.formatMessage({ id: "events.fulfilment" })}
          anyLabel={intl.formatMessage({ id: "events.anyGear" })}
          value={gear}
          options={GEAR_OPTIONS.map((g) => ({
            value: g,
            label: intl.formatMessage({ id: g === "ANY_OUT" ? "events.gearAnyOut" : `returns.state.${g}` }),
          }))}
          onChange={(v) => void navigate({ search: (s) => ({ ...s, gear: v, page: undefined }) })}
          testId="events-gear"
        />
      </Group>
      <QueryState
        isPending={events.isPending}
        error={events.error}
        onRetry={() => void events.refetch()}
        isEmpty={events.data?.events.length === 0}
        empty={<FormattedMessage id="events.empty" />}
      >
        <EventTable events={events.data?.events ?? []} />
      </QueryState>
      <Group>
        <Button variant="default" disabled={!page} onClick={() => void navigate({ search: (s) => ({ ...s, page: undefined }) })}>
          <FormattedMessage id="products.first" />
        </Button>
        <Button
          variant="default"
          disabled={!events.data?.page?.nextPageToken}
          onClick={() => void navigate({ search: (s) => ({ ...s, page: events.data?.page?.nextPageToken }) })}
        >
          <FormattedMessage id="products.next" />
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * A list filter kept in the URL, as a native select: a phone's own picker in the warehouse, and
 * light to draw with the list. Its first option, "any", clears the filter (undefined).
 */
function FilterSelect({
  label,
  anyLabel,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  anyLabel: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  onChange: (value: string | undefined) => void;
  testId: string;
}) {
  return (
    <NativeSelect
      aria-label={label}
      w={200}
      value={value ?? ""}
      onChange={(e) => onChange(e.currentTarget.value || undefined)}
      data={[{ value: "", label: anyLabel }, ...options]}
      data-testid={testId}
    />
  );
}
