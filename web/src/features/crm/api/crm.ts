import { keepPreviousData, useQueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, useMutation, useQuery } from "@connectrpc/connect-query";
import { CrmService } from "../../../gen/eventkit/v1/crm_pb";
import type { FindDuplicatesRequest } from "../../../gen/eventkit/v1/crm_pb";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { FindDuplicatesRequestSchema } from "../../../gen/eventkit/v1/crm_pb";

export const COMPANY_PAGE_SIZE = 50;

export interface CompanyFilter {
  q?: string;
  tag?: string;
  archived?: boolean;
  page?: string;
}

/** One page of companies by name; filters on the server. */
export function useCompanies(f: CompanyFilter) {
  return useQuery(
    CrmService.method.listCompanies,
    { query: f.q ?? "", tag: f.tag ?? "", includeArchived: !!f.archived, page: { pageSize: COMPANY_PAGE_SIZE, pageToken: f.page ?? "" } },
    { placeholderData: keepPreviousData },
  );
}

/** Companies and contacts for a typed text (pickers and the shell's search); idle until typed. */
export function useCompanySearch(query: string, enabled = true) {
  return useQuery(
    CrmService.method.listCompanies,
    { query, page: { pageSize: 10 } },
    { enabled: enabled && query.length > 0, placeholderData: keepPreviousData, retry: false },
  );
}

export function useContactSearch(query: string, enabled = true) {
  return useQuery(
    CrmService.method.listContacts,
    { query, page: { pageSize: 10 } },
    { enabled: enabled && query.length > 0, placeholderData: keepPreviousData, retry: false },
  );
}

export function useCompany(id: string) {
  return useQuery(CrmService.method.getCompany, { id }, { enabled: !!id, retry: false });
}

export function useContacts(f: { q?: string; page?: string; companyId?: string; archived?: boolean }) {
  return useQuery(
    CrmService.method.listContacts,
    { query: f.q ?? "", companyId: f.companyId ?? "", includeArchived: !!f.archived, page: { pageSize: COMPANY_PAGE_SIZE, pageToken: f.page ?? "" } },
    { placeholderData: keepPreviousData },
  );
}

export function useActivities(companyId: string) {
  return useQuery(CrmService.method.listActivities, { companyId, page: { pageSize: 50 } }, { enabled: !!companyId });
}

export function useDuplicates(req: MessageInitShape<typeof FindDuplicatesRequestSchema> | null) {
  return useQuery(CrmService.method.findDuplicates, req ?? undefined, { enabled: req !== null, retry: false, placeholderData: keepPreviousData });
}
export type { FindDuplicatesRequest };

export function useStages() {
  return useQuery(CrmService.method.listDealStages, {});
}

export function useDeals(q: string) {
  return useQuery(CrmService.method.listDeals, { query: q, page: { pageSize: 500 } }, { placeholderData: keepPreviousData });
}

function useInvalidateCrm() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: CrmService, cardinality: undefined }) });
}

const m = CrmService.method;
export function useCreateCompany() {
  const inv = useInvalidateCrm();
  return useMutation(m.createCompany, { onSuccess: inv });
}
export function useUpdateCompany() {
  const inv = useInvalidateCrm();
  return useMutation(m.updateCompany, { onSuccess: inv });
}
export function useCreateContact() {
  const inv = useInvalidateCrm();
  return useMutation(m.createContact, { onSuccess: inv });
}
export function useUpdateContact() {
  const inv = useInvalidateCrm();
  return useMutation(m.updateContact, { onSuccess: inv });
}
export function useAddActivity() {
  const inv = useInvalidateCrm();
  return useMutation(m.addActivity, { onSuccess: inv });
}
export function useCreateDeal() {
  const inv = useInvalidateCrm();
  return useMutation(m.createDeal, { onSuccess: inv });
}
/** No invalidation on its own: the board settles its optimistic move first, then refetches. */
export function useUpdateDeal() {
  return useMutation(m.updateDeal);
}
export function useRefreshCrm() {
  return useInvalidateCrm();
}
export function useSetStages() {
  const inv = useInvalidateCrm();
  return useMutation(m.setDealStages, { onSuccess: inv });
}
