import { keepPreviousData, useQueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, useMutation, useQuery } from "@connectrpc/connect-query";
import type { MessageInitShape } from "@bufbuild/protobuf";
import {
  TransportService,
  type CheckDispatchRunRequestSchema,
  type DispatchStatus,
  type TruckPack,
} from "../../../gen/eventkit/v1/transport_pb";
import { CrewService } from "../../../gen/eventkit/v1/crew_pb";
import { TrustService } from "../../../gen/eventkit/v1/trust_pb";
import { PlanningService } from "../../../gen/eventkit/v1/planning_pb";
import { client } from "../../../lib/transport";
import { period } from "../../../lib/dates";

export const VEHICLE_PAGE_SIZE = 100;
export const RUN_PAGE_SIZE = 50;
const t = TransportService.method;

export function useVehicles(f: { q?: string; retired?: boolean; page?: string }) {
  return useQuery(
    t.listVehicles,
    { query: f.q ?? "", includeRetired: !!f.retired, page: { pageSize: VEHICLE_PAGE_SIZE, pageToken: f.page ?? "" } },
    { placeholderData: keepPreviousData },
  );
}

/** Every vehicle in service (up to 500) for pickers. */
export function useVehicleOptions(includeRetired = false) {
  return useQuery(t.listVehicles, { includeRetired, page: { pageSize: 500 } }, { staleTime: 30_000 });
}

export function useVehicle(id: string) {
  return useQuery(t.getVehicle, { id }, { enabled: !!id });
}

export function useVehicleAvailability(start: Date, end: Date, page?: string) {
  return useQuery(
    t.getVehicleAvailability,
    { window: period(start, end), page: { pageSize: 100, pageToken: page ?? "" } },
    { placeholderData: keepPreviousData },
  );
}

/** A vehicle's maintenance: its busy blocks of kind MAINTENANCE over the next (and last) year. */
export function useVehicleBusy(start: Date, end: Date, enabled: boolean) {
  return useQuery(
    t.getVehicleAvailability,
    { window: period(start, end), page: { pageSize: 500 } },
    { enabled },
  );
}

export function useTruckPack(eventId: string) {
  return useQuery(t.getTruckPack, { eventId });
}

export function useRuns(f: {
  start?: Date;
  end?: Date;
  vehicleId?: string;
  driverId?: string;
  eventId?: string;
  statuses?: DispatchStatus[];
  page?: string;
}) {
  return useQuery(
    t.listDispatchRuns,
    {
      window: f.start && f.end ? period(f.start, f.end) : undefined,
      vehicleId: f.vehicleId ?? "",
      driverCrewMemberId: f.driverId ?? "",
      eventId: f.eventId ?? "",
      statuses: f.statuses ?? [],
      page: { pageSize: RUN_PAGE_SIZE, pageToken: f.page ?? "" },
    },
    { placeholderData: keepPreviousData },
  );
}

export function useRun(id: string) {
  return useQuery(t.getDispatchRun, { id }, { enabled: !!id });
}

/** Conflicts of the run as typed; idle until the form is complete enough (`req` non-null). */
export function useRunCheck(req: MessageInitShape<typeof CheckDispatchRunRequestSchema> | null) {
  return useQuery(t.checkDispatchRun, req ?? undefined, { enabled: req !== null, retry: false, placeholderData: keepPreviousData });
}

function useInvalidateTransport() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: TransportService, cardinality: undefined }) });
}

export function useCreateVehicle() {
  const inv = useInvalidateTransport();
  return useMutation(t.createVehicle, { onSuccess: inv });
}
export function useUpdateVehicle() {
  const inv = useInvalidateTransport();
  return useMutation(t.updateVehicle, { onSuccess: inv });
}
export function useAddMaintenance() {
  const inv = useInvalidateTransport();
  return useMutation(t.addVehicleMaintenance, { onSuccess: inv });
}
export function useRemoveMaintenance() {
  const inv = useInvalidateTransport();
  return useMutation(t.removeVehicleMaintenance, { onSuccess: inv });
}

/** Load and unload answer the whole pack: it replaces the cached one at once. */
function usePutPack() {
  const qc = useQueryClient();
  return (pack: TruckPack) => {
    qc.setQueriesData({ queryKey: createConnectQueryKey({ schema: t.getTruckPack, input: { eventId: pack.eventId }, cardinality: undefined }) }, pack);
  };
}
export function useLoadItem() {
  const put = usePutPack();
  return useMutation(t.loadItem, { onSuccess: put });
}
export function useUnloadItem() {
  const put = usePutPack();
  return useMutation(t.unloadItem, { onSuccess: put });
}

export function useCreateRun() {
  const inv = useInvalidateTransport();
  return useMutation(t.createDispatchRun, { onSuccess: inv });
}
export function useUpdateRun() {
  const inv = useInvalidateTransport();
  return useMutation(t.updateDispatchRun, { onSuccess: inv });
}
export function useSetRunStatus() {
  const inv = useInvalidateTransport();
  return useMutation(t.setDispatchStatus, { onSuccess: inv });
}

/** The load list of one vehicle (PDF bytes and the node's file name). */
export function renderLoadList(eventId: string, vehicleId: string) {
  return client(TransportService).renderLoadList({ eventId, vehicleId });
}

/** Drivers: crew members holding `skill`, unexpired on `validOn` (YYYY-MM-DD, default today). */
export function useDrivers(skill: string, validOn: string, enabled: boolean) {
  return useQuery(
    CrewService.method.listCrewMembers,
    { skill, skillValidOn: validOn, page: { pageSize: 200 } },
    { enabled: enabled && !!skill, retry: false, placeholderData: keepPreviousData },
  );
}

/** Crew members by name (up to 500), for the runs' driver filter. */
export function useCrewAll() {
  return useQuery(CrewService.method.listCrewMembers, { page: { pageSize: 500 } }, { staleTime: 60_000, retry: false });
}

/** Partners for a partner's-warehouse stop (the trust list: node ID and announced name). */
export function usePartnerOptions(enabled: boolean) {
  return useQuery(TrustService.method.listPartners, { pageSize: 200 }, { enabled, staleTime: 60_000, retry: false });
}

/** Events overlapping a window, for the run's event picker (by start). */
export function useEventOptions(query: string, start: Date, end: Date) {
  return useQuery(
    PlanningService.method.listEvents,
    { window: period(start, end), query, page: { pageSize: 100 } },
    { staleTime: 30_000, placeholderData: keepPreviousData },
  );
}

export function useEventName(id: string) {
  return useQuery(PlanningService.method.getEvent, { id }, { enabled: !!id, staleTime: 60_000 });
}
