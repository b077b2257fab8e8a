import { keepPreviousData, useQueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, useMutation, useQuery } from "@connectrpc/connect-query";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { CrewService, type AssignmentStatus, type TimesheetStatus } from "../../../gen/eventkit/v1/crew_pb";
import type { AssignmentFieldsSchema } from "../../../gen/eventkit/v1/crew_pb";
import { AuthService } from "../../../gen/eventkit/v1/auth_pb";
import { PlanningService } from "../../../gen/eventkit/v1/planning_pb";
import { dayStart, period } from "../../../lib/dates";

export const CREW_PAGE_SIZE = 50;
export const GRID_PAGE_SIZE = 40;

const m = CrewService.method;

/** One page of crew members by name, filtered on the server. */
export function useCrewMembers(f: { q?: string; skill?: string; archived?: boolean; page?: string; pageSize?: number }, enabled = true) {
  return useQuery(
    m.listCrewMembers,
    { query: f.q ?? "", skill: f.skill ?? "", includeArchived: !!f.archived, page: { pageSize: f.pageSize ?? CREW_PAGE_SIZE, pageToken: f.page ?? "" } },
    { placeholderData: keepPreviousData, enabled },
  );
}

export function useCrewMember(id: string) {
  return useQuery(m.getCrewMember, { id }, { enabled: !!id, retry: false });
}

/** The caller's own crew member; NOT_FOUND (no retry) when none is linked. */
export function useMyCrewMember(enabled = true) {
  return useQuery(m.getMyCrewMember, {}, { retry: false, enabled });
}

export function useAvailabilityGrid(from: Date, to: Date, f: { q?: string; skill?: string; page?: string }) {
  return useQuery(
    m.getAvailabilityGrid,
    { window: period(from, to), query: f.q ?? "", skill: f.skill ?? "", page: { pageSize: GRID_PAGE_SIZE, pageToken: f.page ?? "" } },
    { placeholderData: keepPreviousData },
  );
}

export function useAssignments(
  f: { eventId?: string; crewMemberId?: string; mine?: boolean; statuses?: AssignmentStatus[]; window?: { from: Date; to: Date }; page?: string; pageSize?: number },
  enabled = true,
) {
  return useQuery(
    m.listAssignments,
    {
      eventId: f.eventId ?? "",
      crewMemberId: f.crewMemberId ?? "",
      mine: !!f.mine,
      statuses: f.statuses ?? [],
      window: f.window ? period(f.window.from, f.window.to) : undefined,
      page: { pageSize: f.pageSize ?? 200, pageToken: f.page ?? "" },
    },
    { enabled, placeholderData: keepPreviousData },
  );
}

export function useTimesheets(f: { mine?: boolean; statuses?: TimesheetStatus[]; crewMemberId?: string; page?: string }, enabled = true) {
  return useQuery(
    m.listTimesheets,
    { mine: !!f.mine, statuses: f.statuses ?? [], crewMemberId: f.crewMemberId ?? "", page: { pageSize: 200, pageToken: f.page ?? "" } },
    { enabled, placeholderData: keepPreviousData },
  );
}

/** Conflicts for a prospective assignment; idle until the fields are complete (`fields` null). */
export function useCheckAssignment(fields: MessageInitShape<typeof AssignmentFieldsSchema> | null, assignmentId = "", enabled = true) {
  return useQuery(m.checkAssignment, fields ? { assignment: fields, assignmentId } : undefined, {
    enabled: enabled && fields !== null,
    retry: false,
    placeholderData: keepPreviousData,
  });
}

export function useCrewPolicy() {
  return useQuery(m.getCrewPolicy, {});
}

export function useCalendarFeed(enabled = true) {
  return useQuery(m.getCalendarFeed, { crewMemberId: "" }, { retry: false, enabled });
}

/** Users to link a crew member to (only for callers who may list users). */
export function useUsers(enabled: boolean) {
  return useQuery(AuthService.method.listUsers, {}, { enabled, retry: false });
}

/** Events to staff, found by text (the grid's event picker). */
export function useEventSearch(query: string, enabled = true) {
  return useQuery(
    PlanningService.method.listEvents,
    { query, page: { pageSize: 15 }, window: period(dayStart(-7), dayStart(730)) },
    { enabled, placeholderData: keepPreviousData, retry: false },
  );
}

export function useEventById(id: string) {
  return useQuery(PlanningService.method.getEvent, { id }, { enabled: !!id, retry: false });
}

function useInvalidateCrew() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: CrewService, cardinality: undefined }) });
}

export function useCreateCrewMember() {
  const inv = useInvalidateCrew();
  return useMutation(m.createCrewMember, { onSuccess: inv });
}
export function useUpdateCrewMember() {
  const inv = useInvalidateCrew();
  return useMutation(m.updateCrewMember, { onSuccess: inv });
}
export function useAddUnavailability() {
  const inv = useInvalidateCrew();
  return useMutation(m.addUnavailability, { onSuccess: inv });
}
export function useRemoveUnavailability() {
  const inv = useInvalidateCrew();
  return useMutation(m.removeUnavailability, { onSuccess: inv });
}
export function useOfferAssignment() {
  const inv = useInvalidateCrew();
  return useMutation(m.offerAssignment, { onSuccess: inv });
}
export function useUpdateAssignment() {
  const inv = useInvalidateCrew();
  return useMutation(m.updateAssignment, { onSuccess: inv });
}
export function useCancelAssignment() {
  const inv = useInvalidateCrew();
  return useMutation(m.cancelAssignment, { onSuccess: inv });
}
export function useRespondToAssignment() {
  const inv = useInvalidateCrew();
  return useMutation(m.respondToAssignment, { onSuccess: inv });
}
export function useRecordTimesheet() {
  const inv = useInvalidateCrew();
  return useMutation(m.recordTimesheet, { onSuccess: inv });
}
export function useSubmitTimesheet() {
  const inv = useInvalidateCrew();
  return useMutation(m.submitTimesheet, { onSuccess: inv });
}
export function useReviewTimesheet() {
  const inv = useInvalidateCrew();
  return useMutation(m.reviewTimesheet, { onSuccess: inv });
}
export function useSetCrewPolicy() {
  const inv = useInvalidateCrew();
  return useMutation(m.setCrewPolicy, { onSuccess: inv });
}
export function useResetCalendarFeed() {
  const inv = useInvalidateCrew();
  return useMutation(m.resetCalendarFeed, { onSuccess: inv });
}
export function useRevokeCalendarFeed() {
  const inv = useInvalidateCrew();
  return useMutation(m.revokeCalendarFeed, { onSuccess: inv });
}
/** Payroll is asked for on demand (a button), not kept in the cache. */
export const useExportPayroll = () => useMutation(m.exportPayroll);
