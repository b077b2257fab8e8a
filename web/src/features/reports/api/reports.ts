import { keepPreviousData, useQueryClient, useQuery as useTanstackQuery, type QueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, createQueryOptions, useMutation, useQuery, useTransport } from "@connectrpc/connect-query";
import { fromJson, type DescMethodUnary, type JsonValue } from "@bufbuild/protobuf";
import { Code, ConnectError, type Transport } from "@connectrpc/connect";
import { ReportService, type ReportSpec } from "../../../gen/eventkit/v1/reports_pb";
import type { ReportResponse } from "../lib/table";
import { takeEarlyDashboard } from "../../../lib/earlyRefresh";

const r = ReportService.method;

/** The RPC a spec runs and its request (the spec's oneof holds exactly that request). */
export function reportCall(spec: ReportSpec): { method: DescMethodUnary; input: unknown } | undefined {
  const c = spec.report;
  if (!c.case) return undefined;
  const method = {
    utilisation: r.getUtilisation,
    revenue: r.getRevenue,
    subhire: r.getSubhireSummary,
    shortages: r.getUpcomingShortages,
    overdue: r.getOverdueReturns,
    outOfService: r.getAssetsOutOfService,
    crewHours: r.getCrewHours,
    operations: r.getOperationsSummary,
  }[c.case] as unknown as DescMethodUnary;
  return { method, input: c.value };
}

/** The query that runs a spec: the same key whoever asks (dashboard widget, builder, prefetch). */
export function reportQueryOptions(spec: ReportSpec, transport: Transport) {
  const call = reportCall(spec)!;
  // The method is chosen at run time, so its request and response types are too.
  return createQueryOptions(call.method, call.input as never, { transport }) as unknown as {
    queryKey: readonly unknown[];
    queryFn: () => Promise<ReportResponse>;
  };
}

/** Runs a report; the previous answer stays on screen while a new page or filter loads. */
export function useReport(spec: ReportSpec | undefined, enabled = true) {
  const transport = useTransport();
  const opts = spec?.report.case ? reportQueryOptions(spec, transport) : undefined;
  return useTanstackQuery({
    queryKey: opts?.queryKey ?? ["report", "none"],
    queryFn: opts?.queryFn ?? (() => Promise.reject(new Error("no report"))),
    enabled: enabled && !!opts,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/**
 * The caller's dashboard, for the screen and the home route's prefetch alike. After a reload of the
 * home screen, whichever asks first takes the answer index.html's script already has
 * (lib/earlyRefresh.ts), so the widgets' calls need not wait for the app's code to ask.
 */
export function dashboardQueryOptions(transport: Transport) {
  const options = createQueryOptions(r.getDashboard, {}, { transport });
  return {
    ...options,
    staleTime: 30_000,
    queryFn: async (ctx: Parameters<typeof options.queryFn>[0]) => {
      const early = takeEarlyDashboard();
      const json = early ? await early : null;
      // The node has just refused it (no REPORTS_READ): asking again would only be refused again.
      if (json === "denied") throw new ConnectError("reading reports needs the permission REPORTS_READ", Code.PermissionDenied);
      return json ? fromJson(r.getDashboard.output, json as JsonValue, { ignoreUnknownFields: true }) : options.queryFn(ctx);
    },
  };
}

export function useDashboard(enabled: boolean) {
  return useTanstackQuery({ ...dashboardQueryOptions(useTransport()), enabled });
}

export const SAVED_PAGE_SIZE = 200;

export function useSavedReports() {
  return useQuery(r.listSavedReports, { page: { pageSize: SAVED_PAGE_SIZE } });
}

export function useSavedReport(id: string | undefined) {
  return useQuery(r.getSavedReport, { id: id ?? "" }, { enabled: !!id });
}

/** After a change to saved reports: the lists, the dashboard and the saved report itself. */
function invalidateSaved(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: r.listSavedReports, cardinality: undefined }) });
  void qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: r.getDashboard, cardinality: undefined }) });
  void qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: r.getSavedReport, cardinality: undefined }) });
}

export function useCreateSavedReport() {
  const qc = useQueryClient();
  return useMutation(r.createSavedReport, { onSuccess: () => invalidateSaved(qc) });
}

export function useUpdateSavedReport() {
  const qc = useQueryClient();
  return useMutation(r.updateSavedReport, { onSuccess: () => invalidateSaved(qc) });
}

export function useDeleteSavedReport() {
  const qc = useQueryClient();
  return useMutation(r.deleteSavedReport, { onSuccess: () => invalidateSaved(qc) });
}
