import { useMemo, useState, type FormEvent } from "react";
import { Alert, Button, Card, Group, List, Loader, Modal, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { FormattedMessage, useIntl } from "react-intl";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import {
  DispatchConflictKind,
  DispatchStatus,
  StopKind,
  type DispatchRun,
  type DispatchRunFieldsSchema,
} from "../../../gen/eventkit/v1/transport_pb";
import { AnchorLink } from "../../../components/AnchorLink";
import { QueryState } from "../../../components/QueryState";
import { addDays, dayStart, formatDay, fromLocalInput, period, toLocalInput } from "../../../lib/dates";
import { toUiError, type UiError } from "../../../lib/errors";
import { toastError, toastInfo } from "../../../lib/notify";
import { useCan } from "../../../lib/session";
import { useCreateRun, useDrivers, useEventName, useEventOptions, useRun, useRunCheck, useSetRunStatus, useUpdateRun, useVehicleOptions } from "../api/transport";
import { DispatchStatusBadge, statusName } from "../components/DispatchStatusBadge";
import { StopsEditor } from "../components/StopsEditor";
import { TransportTabs } from "../components/TransportTabs";
import { emptyStop, fromStop, isEditable, statusActions, stopProblems, toStopInit, type StopDraft } from "../lib/stops";

const newRoute = getRouteApi("/_app/transport/runs/new");
const runRoute = getRouteApi("/_app/transport/runs/$runId");

/** /transport/runs/new[?eventId=…]: a new run, for the event when opened from one. */
export function NewRunScreen() {
  const { eventId } = newRoute.useSearch();
  return <RunEditorScreen eventId={eventId} />;
}

/** /transport/runs/$runId: the run. */
export function RunScreen() {
  const { runId } = runRoute.useParams();
  return <RunEditorScreen runId={runId} />;
}

/** A run to edit (`runId`) or a new one, for `eventId` when opened from an event. */
export function RunEditorScreen({ runId, eventId }: { runId?: string; eventId?: string }) {
  const run = useRun(runId ?? "");
  return (
    <Stack>
      <TransportTabs active="runs" />
      <AnchorLink to="/transport/runs" size="sm">
        ← <FormattedMessage id="transport.runs.title" />
      </AnchorLink>
      {runId ? (
        <QueryState
          isPending={run.isPending}
          error={run.error}
          onRetry={() => void run.refetch()}
          notFound={<FormattedMessage id="transport.run.notFound" />}
          invalidIsNotFound
        >
          {/* Remounted when the run changes on the node, so the form shows what was saved. */}
          {run.data && <RunForm key={`${run.data.id}-${run.data.updatedAt?.seconds ?? 0}-${run.data.status}`} run={run.data} />}
        </QueryState>
      ) : (
        <RunForm eventId={eventId} />
      )}
    </Stack>
  );
}

interface Values {
  vehicleId: string;
  driverId: string;
  start: string;
  end: string;
  eventId: string;
  notes: string;
  stops: StopDraft[];
}

function initial(run?: DispatchRun, eventId?: string): Values {
  if (run) {
    return {
      vehicleId: run.vehicleId,
      driverId: run.driverCrewMemberId,
      start: run.period?.start ? toLocalInput(timestampDate(run.period.start)) : "",
      end: run.period?.end ? toLocalInput(timestampDate(run.period.end)) : "",
      eventId: run.eventId,
      notes: run.notes,
      stops: run.stops.map(fromStop),
    };
  }
  const tomorrow = dayStart(1);
  const start = new Date(tomorrow);
  start.setHours(7, 0, 0, 0);
  const end = new Date(tomorrow);
  end.setHours(18, 0, 0, 0);
  return {
    vehicleId: "",
    driverId: "",
    start: toLocalInput(start),
    end: toLocalInput(end),
    eventId: eventId ?? "",
    notes: "",
    stops: eventId ? [emptyStop(StopKind.WAREHOUSE), emptyStop(StopKind.VENUE)] : [emptyStop(StopKind.WAREHOUSE)],
  };
}

const FIELDS = {
  "run.vehicle_id": "vehicleId",
  "run.driver_crew_member_id": "driverId",
  "run.period": "end",
  "run.period.start": "start",
  "run.period.end": "end",
  "run.stops": "stops",
  "run.event_id": "eventId",
  "run.notes": "notes",
};

function RunForm({ run, eventId }: { run?: DispatchRun; eventId?: string }) {
  const intl = useIntl();
  const navigate = useNavigate();
  const canEdit = useCan(Permission.TRANSPORT_WRITE);
  const canReadCrew = useCan(Permission.CREW_READ);
  const canReadPartners = useCan(Permission.TRUST_READ);
  const [v, setV] = useState<Values>(() => initial(run, eventId));
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [confirm, setConfirm] = useState<DispatchStatus | null>(null);
  const create = useCreateRun();
  const update = useUpdateRun();
  const setStatus = useSetRunStatus();
  const readOnly = !canEdit || !isEditable(run?.status);
  const set = <K extends keyof Values>(k: K) => (value: Values[K]) => {
    setV((o) => ({ ...o, [k]: value }));
    if (error?.fields[k as string]) setError({ ...error, fields: { ...error.fields, [k]: "" } });
  };

  const vehicles = useVehicleOptions(true);
  const fleet = vehicles.data?.vehicles ?? [];
  const vehicle = fleet.find((x) => x.id === v.vehicleId);
  const start = fromLocalInput(v.start);
  const end = fromLocalInput(v.end);
  const drivers = useDrivers(vehicle?.requiredQualification ?? "", start ? formatDay(start) : "", canReadCrew && !readOnly);
  const event = useEventName(v.eventId);
  const evStart = start ? addDays(start, -14) : dayStart(-14);
  const evEnd = end ? addDays(end, 14) : dayStart(30);
  const [eventQuery, setEventQuery] = useState("");
  const [eventQueryDebounced] = useDebouncedValue(eventQuery, 250);
  const events = useEventOptions(eventQueryDebounced, evStart, evEnd);

  const problems = v.stops.map((s) => stopProblems(s, { eventId: v.eventId, start, end }));
  const periodProblem = !start ? "start" : !end ? "end" : end <= start ? "order" : null;
  const valid = !!v.vehicleId && !periodProblem && v.stops.length > 0 && problems.every((p) => p.length === 0);

  const fields = (): MessageInitShape<typeof DispatchRunFieldsSchema> => ({
    vehicleId: v.vehicleId,
    driverCrewMemberId: v.driverId,
    period: start && end ? period(start, end) : undefined,
    stops: v.stops.map(toStopInit),
    eventId: v.eventId,
    notes: v.notes.trim(),
  });
  // CheckDispatchRun as the form changes (debounced), once it is complete enough to ask.
  const checkKey = valid && !readOnly ? JSON.stringify({ ...v, stops: v.stops.map((s) => ({ ...s, key: "" })) }) : "";
  const [debouncedKey] = useDebouncedValue(checkKey, 400);
  const checkReq = useMemo(
    () => (debouncedKey && debouncedKey === checkKey ? { run: fields(), runId: run?.id ?? "" } : null),
    // The key says everything the request is built from.
    [debouncedKey],
  );
  const check = useRunCheck(checkReq);
  const conflicts = checkKey ? check.data?.conflicts ?? [] : [];

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    setError(null);
    const local: Record<string, string> = {};
    if (!v.vehicleId) local.vehicleId = intl.formatMessage({ id: "transport.form.required" });
    if (periodProblem === "start") local.start = intl.formatMessage({ id: "transport.form.date" });
    if (periodProblem === "end") local.end = intl.formatMessage({ id: "transport.form.date" });
    if (periodProblem === "order") local.end = intl.formatMessage({ id: "transport.form.endAfterStart" });
    if (v.stops.length === 0) local.stops = intl.formatMessage({ id: "transport.stop.atLeastOne" });
    if (Object.keys(local).length || !valid) {
      setError({ fields: local, message: "", code: 3 });
      return;
    }
    try {
      if (run) {
        await update.mutateAsync({ id: run.id, run: fields() });
        toastInfo(intl.formatMessage({ id: "transport.run.saved" }, { reference: run.reference }));
      } else {
        const r = await create.mutateAsync({ run: fields() });
        toastInfo(intl.formatMessage({ id: "transport.run.created" }, { reference: r.reference }));
        void navigate({ to: "/transport/runs/$runId", params: { runId: r.id } });
      }
    } catch (err) {
      setError(toUiError(err, FIELDS));
    }
  };

  const driverOptions = (drivers.data?.members ?? []).map((m) => ({ value: m.id, label: m.name }));
  if (v.driverId && !driverOptions.some((o) => o.value === v.driverId)) {
    driverOptions.unshift({ value: v.driverId, label: run?.driverCrewMemberId === v.driverId && run.driverName ? run.driverName : v.driverId });
  }
  const eventOptions = (events.data?.events ?? []).map((e) => ({ value: e.id, label: e.name }));
  if (v.eventId && !eventOptions.some((o) => o.value === v.eventId)) {
    eventOptions.unshift({ value: v.eventId, label: event.data?.event?.name ?? run?.eventName ?? v.eventId });
  }
  const vehicleOptions = fleet
    .filter((x) => !x.retired || x.id === v.vehicleId)
    .map((x) => ({ value: x.id, label: x.registration ? `${x.name} · ${x.registration}` : x.name }));

  return (
    <form onSubmit={save} noValidate data-testid="run-form">
      <Stack>
        <Group justify="space-between" align="start" wrap="wrap">
          <Stack gap={4}>
            <Title order={2} data-testid="run-title">
              {run ? run.reference : <FormattedMessage id="transport.run.new" />}
            </Title>
            {run && (
              <Group gap="xs">
                <DispatchStatusBadge status={run.status} />
                {run.eventId && (
                  <AnchorLink to="/events/$eventId" params={{ eventId: run.eventId }} size="sm">
                    {run.eventName || run.eventId}
                  </AnchorLink>
                )}
              </Group>
            )}
          </Stack>
          {run && canEdit && (
            <Group gap="xs">
              {statusActions(run.status).map((s) => (
                <Button
                  key={s}
                  variant={s === DispatchStatus.CANCELLED ? "default" : "filled"}
                  color={s === DispatchStatus.CANCELLED ? "red.9" : undefined}
                  onClick={() => setConfirm(s)}
                  data-testid={`run-action-${statusName(s)}`}
                >
                  <FormattedMessage id={`transport.run.action.${statusName(s)}`} />
                </Button>
              ))}
            </Group>
          )}
        </Group>
        {error?.message && (
          <Alert color="red" role="alert" data-testid="run-error">
            {error.message}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={intl.formatMessage({ id: "transport.run.vehicle" })}
            required
            searchable
            disabled={readOnly}
            value={v.vehicleId || null}
            onChange={(x) => {
              set("vehicleId")(x ?? "");
              // A warehouse stop still without a location starts at the vehicle's home.
              const home = fleet.find((f) => f.id === x)?.homeLocationId;
              if (home) set("stops")(v.stops.map((st) => (st.kind === StopKind.WAREHOUSE && !st.locationId ? { ...st, locationId: home } : st)));
            }}
            data={vehicleOptions}
            nothingFoundMessage={intl.formatMessage({ id: "transport.none" })}
            error={error?.fields.vehicleId}
            data-testid="run-vehicle"
          />
          <Select
            label={intl.formatMessage({ id: "transport.run.driver" })}
            description={
              !canReadCrew
                ? intl.formatMessage({ id: "transport.run.driverNoCrew" })
                : vehicle
                  ? intl.formatMessage({ id: "transport.run.driverHint" }, { skill: vehicle.requiredQualification || "—" })
                  : intl.formatMessage({ id: "transport.run.driverPickVehicle" })
            }
            searchable
            clearable
            disabled={readOnly || !canReadCrew || !vehicle}
            value={v.driverId || null}
            onChange={(x) => set("driverId")(x ?? "")}
            data={driverOptions}
            nothingFoundMessage={intl.formatMessage({ id: "transport.run.noDrivers" })}
            rightSection={drivers.isFetching ? <Loader size="xs" /> : undefined}
            error={error?.fields.driverId ?? (drivers.error ? toUiError(drivers.error).message : undefined)}
            data-testid="run-driver"
          />
          <TextInput
            type="datetime-local"
            label={intl.formatMessage({ id: "transport.run.departure" })}
            required
            disabled={readOnly}
            value={v.start}
            onChange={(e) => set("start")(e.currentTarget.value)}
            error={error?.fields.start}
            data-testid="run-start"
          />
          <TextInput
            type="datetime-local"
            label={intl.formatMessage({ id: "transport.run.arrival" })}
            required
            disabled={readOnly}
            value={v.end}
            onChange={(e) => set("end")(e.currentTarget.value)}
            error={error?.fields.end}
            data-testid="run-end"
          />
          <Select
            label={intl.formatMessage({ id: "transport.run.event" })}
            description={intl.formatMessage({ id: "transport.run.eventHint" })}
            searchable
            clearable
            disabled={readOnly}
            value={v.eventId || null}
            onChange={(x) => set("eventId")(x ?? "")}
            onSearchChange={setEventQuery}
            data={eventOptions}
            nothingFoundMessage={intl.formatMessage({ id: "transport.none" })}
            error={error?.fields.eventId}
            data-testid="run-event"
          />
          <Textarea label={intl.formatMessage({ id: "transport.notes" })} minRows={1} autosize disabled={readOnly} value={v.notes} onChange={(e) => set("notes")(e.currentTarget.value)} error={error?.fields.notes} />
        </SimpleGrid>
        <Title order={3}>
          <FormattedMessage id="transport.run.stops" />
        </Title>
        {error?.fields.stops && (
          <Text c="red.9" size="sm" role="alert">
            {error.fields.stops}
          </Text>
        )}
        <StopsEditor
          stops={v.stops}
          onChange={set("stops")}
          problems={tried ? problems : []}
          venue={event.data?.event?.venue ?? ""}
          canReadPartners={canReadPartners}
          readOnly={readOnly}
        />
        {!readOnly && (
          <Card withBorder padding="sm" data-testid="run-check" aria-live="polite">
            {!checkKey ? (
              <Text size="sm" c="dimmed">
                <FormattedMessage id="transport.run.checkIncomplete" />
              </Text>
            ) : !checkReq || check.isFetching ? (
              <Group gap="xs">
                <Loader size="xs" />
                <Text size="sm">
                  <FormattedMessage id="transport.run.checking" />
                </Text>
              </Group>
            ) : check.error ? (
              <Text size="sm" c="red.9">
                {toUiError(check.error).message}
              </Text>
            ) : conflicts.length === 0 ? (
              <Text size="sm" fw={600} data-testid="run-check-ok">
                <FormattedMessage id="transport.run.noConflicts" />
              </Text>
            ) : (
              <Stack gap={4} data-testid="run-conflicts">
                <Text size="sm" c="red.9" fw={700}>
                  <FormattedMessage id="transport.run.conflicts" values={{ count: conflicts.length }} />
                </Text>
                <List size="sm">
                  {conflicts.map((c, i) => (
                    <List.Item key={`${c.relatedId}-${i}`} data-testid="run-conflict" data-kind={DispatchConflictKind[c.kind]}>
                      <Text span fw={600} size="sm">
                        {intl.formatMessage({ id: `transport.conflict.${DispatchConflictKind[c.kind] ?? "UNSPECIFIED"}` })}:
                      </Text>{" "}
                      {c.message}
                    </List.Item>
                  ))}
                </List>
              </Stack>
            )}
          </Card>
        )}
        {!readOnly && (
          <Group justify="end">
            <Button type="submit" loading={create.isPending || update.isPending} data-testid="run-submit">
              <FormattedMessage id={run ? "transport.save" : "transport.run.create"} />
            </Button>
          </Group>
        )}
      </Stack>
      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm !== null ? intl.formatMessage({ id: `transport.run.action.${statusName(confirm)}` }) : ""}
        closeButtonProps={{ "aria-label": intl.formatMessage({ id: "transport.close" }) }}
      >
        {confirm !== null && run && (
          <Stack>
            <Text>
              <FormattedMessage id={`transport.run.confirm.${statusName(confirm)}`} values={{ reference: run.reference }} />
            </Text>
            <Group justify="end">
              <Button variant="default" onClick={() => setConfirm(null)}>
                <FormattedMessage id="transport.cancel" />
              </Button>
              <Button
                color={confirm === DispatchStatus.CANCELLED ? "red.9" : undefined}
                loading={setStatus.isPending}
                data-testid="run-confirm"
                onClick={() =>
                  setStatus.mutate(
                    { id: run.id, status: confirm },
                    {
                      onSuccess: () => setConfirm(null),
                      onError: (err) => {
                        setConfirm(null);
                        toastError(err);
                      },
                    },
                  )
                }
              >
                <FormattedMessage id={`transport.run.action.${statusName(confirm)}`} />
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </form>
  );
}
