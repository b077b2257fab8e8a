import { keepPreviousData, useQueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, useMutation, useQuery } from "@connectrpc/connect-query";
import { TrustService } from "../../../gen/eventkit/v1/trust_pb";
import { FederationQueryService, MappingState } from "../../../gen/eventkit/v1/federation_query_pb";
import { InventoryService } from "../../../gen/eventkit/v1/inventory_pb";

/** Health is polled so the list stays live (latency, last success, clock). */
export const HEALTH_POLL_MS = 10_000;
export const PARTNER_PAGE_SIZE = 200;
export const CATALOGUE_PAGE_SIZE = 50;
export const MAPPING_PAGE_SIZE = 50;

export function usePartners(pageToken?: string) {
  return useQuery(
    TrustService.method.listPartners,
    { pageSize: PARTNER_PAGE_SIZE, pageToken: pageToken ?? "" },
    { placeholderData: keepPreviousData, refetchInterval: HEALTH_POLL_MS },
  );
}

export function usePartnerHealth() {
  return useQuery(TrustService.method.listPartnerHealth, {}, { refetchInterval: HEALTH_POLL_MS });
}

export function usePartner(nodeId: string) {
  return useQuery(TrustService.method.getPartner, { nodeId }, { refetchInterval: HEALTH_POLL_MS });
}

/** This node's own CA: its root fingerprint is what an inviter reads out to the partner. */
export function useCertificateAuthority() {
  return useQuery(TrustService.method.getCertificateAuthority, {}, { staleTime: 60_000 });
}

export function useTrustAudit(nodeId: string, pageToken: string | undefined, enabled: boolean) {
  return useQuery(
    TrustService.method.listTrustAudit,
    { nodeId, pageSize: 20, pageToken: pageToken ?? "" },
    { enabled, placeholderData: keepPreviousData },
  );
}

export function usePartnerProducts(partnerNodeId: string, pageToken: string | undefined, enabled: boolean, pageSize = CATALOGUE_PAGE_SIZE) {
  return useQuery(
    FederationQueryService.method.listPartnerProducts,
    { partnerNodeId, page: { pageSize, pageToken: pageToken ?? "" } },
    { enabled, placeholderData: keepPreviousData, retry: false },
  );
}

export function useProductMappings(partnerNodeId: string, states: MappingState[], pageToken: string | undefined, enabled: boolean) {
  return useQuery(
    FederationQueryService.method.listProductMappings,
    { partnerNodeId, states, page: { pageSize: MAPPING_PAGE_SIZE, pageToken: pageToken ?? "" } },
    { enabled, placeholderData: keepPreviousData, retry: false },
  );
}

export function useUnmatchedProducts(partnerNodeId: string, pageToken: string | undefined, enabled: boolean) {
  return useQuery(
    FederationQueryService.method.listUnmatchedProducts,
    // The mappings list right beside it already re-read the catalogue.
    { partnerNodeId, skipRefresh: true, page: { pageSize: MAPPING_PAGE_SIZE, pageToken: pageToken ?? "" } },
    { enabled, placeholderData: keepPreviousData, retry: false },
  );
}

/** This node's products (first 500), for mapping a partner's product to one of ours. */
export function useLocalProducts(enabled: boolean) {
  return useQuery(InventoryService.method.listProducts, { page: { pageSize: 500 } }, { enabled, staleTime: 60_000 });
}

function useInvalidateTrust() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: TrustService, cardinality: undefined }) });
}

export function useCreateInvitation() {
  const invalidate = useInvalidateTrust();
  return useMutation(TrustService.method.createInvitation, { onSuccess: invalidate });
}

export function useAcceptInvitation() {
  const invalidate = useInvalidateTrust();
  return useMutation(TrustService.method.acceptInvitation, { onSuccess: invalidate });
}

export function useSetPartnerLevel() {
  const invalidate = useInvalidateTrust();
  return useMutation(TrustService.method.setPartnerLevel, { onSuccess: invalidate });
}

export function useSuspendPartner() {
  const invalidate = useInvalidateTrust();
  return useMutation(TrustService.method.suspendPartner, { onSuccess: invalidate });
}

export function useResumePartner() {
  const invalidate = useInvalidateTrust();
  return useMutation(TrustService.method.resumePartner, { onSuccess: invalidate });
}

export function useRevokePartner() {
  const invalidate = useInvalidateTrust();
  return useMutation(TrustService.method.revokePartner, { onSuccess: invalidate });
}

export function useRefreshPartner() {
  const invalidate = useInvalidateTrust();
  return useMutation(TrustService.method.refreshPartner, { onSuccess: invalidate });
}

export function useDecideMapping() {
  const qc = useQueryClient();
  return useMutation(FederationQueryService.method.decideProductMapping, {
    onSuccess: () => qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: FederationQueryService, cardinality: undefined }) }),
  });
}
