import { useQuery } from "@connectrpc/connect-query";
import { InventoryService } from "../../../gen/eventkit/v1/inventory_pb";
import { CrmService } from "../../../gen/eventkit/v1/crm_pb";
import { TrustService } from "../../../gen/eventkit/v1/trust_pb";

/*
 * The report builder's filter options. Not in reports.ts: the dashboard loads that module with its
 * first screen, and CRM's and trust's generated code (built when loaded) is the builder's only.
 */

export function useCategories() {
  return useQuery(InventoryService.method.listCategories, {}, { staleTime: 60_000 });
}

/** Clients (CRM companies) to filter by, up to 500, when the caller may read them. */
export function useCompanyOptions(enabled: boolean) {
  return useQuery(CrmService.method.listCompanies, { page: { pageSize: 500 } }, { enabled, staleTime: 60_000 });
}

/** Partners to filter sub-hire by, when the caller may read them. */
export function usePartnerOptions(enabled: boolean) {
  return useQuery(TrustService.method.listPartners, { pageSize: 500 }, { enabled, staleTime: 60_000 });
}
