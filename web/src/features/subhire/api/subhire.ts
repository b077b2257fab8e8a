import { keepPreviousData, useQueries, useQueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, useMutation, useQuery } from "@connectrpc/connect-query";
import { client } from "../../../lib/transport";
import { SubHireRole, SubHireService, type NegotiationState } from "../../../gen/eventkit/v1/subhire_pb";
import { AssetResolutionService, FederationQueryService } from "../../../gen/eventkit/v1/federation_query_pb";
import { InventoryService } from "../../../gen/eventkit/v1/inventory_pb";
import type { Period } from "../../../gen/eventkit/v1/common_pb";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { TrustService } from "../../../gen/eventkit/v1/trust_pb";
import { useCan } from "../../../lib/session";
import { isOpen } from "../lib/subhire";

export const INBOX_PAGE_SIZE = 50;

// Live updates by polling, not a stream: Connect-web has no server stream over HTTP/1.1 that
// survives the proxies in front of a node, negotiations change a few times a day, and one poll is
// one indexed query. TanStack pauses the interval while the tab is hidden
// (refetchIntervalInBackground stays false).
const INBOX_POLL_MS = 10_000;
const DETAIL_POLL_MS = 3_000;

/** One page of negotiations on one side (BORROWER: outgoing, SUPPLIER: incoming), newest first. */
export function useSubHires(role: SubHireRole, states: NegotiationState[], pageToken: string | undefined) {
  return useQuery(
    SubHireService.method.listSubHires,
    { role, states, page: { pageSize: INBOX_PAGE_SIZE, pageToken: pageToken ?? "" } },
    { placeholderData: keepPreviousData, refetchInterval: INBOX_POLL_MS },
  );
}

/** One negotiation with its history and delivery state; polled while it is still open. */
export function useSubHire(negotiationId: string) {
  return useQuery(
    SubHireService.method.getSubHire,
    { negotiationId },
    {
      // Polled while open; a closed negotiation no longer changes, and a failed load waits for Retry.
      refetchInterval: (q) => (q.state.error || (q.state.data && !isOpen(q.state.data.state)) ? false : DETAIL_POLL_MS),
      retry: false,
    },
  );
}

/** Products by ID (the dispatch dialog needs each line's tracking). */
export function useProductsById(ids: readonly string[]) {
  const unique = [...new Set(ids)].filter(Boolean);
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: ["subhire-product", id],
      queryFn: () => client(InventoryService).getProduct({ id }),
      staleTime: 10 * 60_000,
    })),
  });
  return { products: new Map(results.flatMap((r) => (r.data ? [[r.data.id, r.data] as const] : []))), isPending: results.some((r) => r.isPending), error: results.find((r) => r.error)?.error };
}

/** Partners' answers for one local product and quantity over a period (one fan-out). */
export function usePartnerAvailability(productId: string, quantity: number, period: Period | undefined, enabled = true) {
  return useQuery(
    FederationQueryService.method.queryPartnerAvailability,
    { lines: [{ productId, quantity }], period },
    { enabled: enabled && !!productId && quantity > 0 && !!period, retry: false, staleTime: 5_000 },
  );
}

/** Which partners could cover each short line of an event (one fan-out for all its lines). */
export function useSuppliersForShortages(eventId: string, enabled = true) {
  return useQuery(FederationQueryService.method.findSuppliersForShortages, { eventId }, { enabled: enabled && !!eventId, retry: false, staleTime: 5_000 });
}

/** Whose asset a barcode is: local, a sub-hire's manifest, or a partner's. */
export function useResolveAsset(barcode: string) {
  return useQuery(AssetResolutionService.method.resolveAsset, { barcode }, { enabled: barcode !== "", retry: false });
}

/** Outgoing negotiations with one partner whose manifest may hold a barcode (for "which sub-hire"). */
export function useBorrowedFrom(partnerNodeId: string, enabled: boolean) {
  return useQuery(
    SubHireService.method.listSubHires,
    { role: SubHireRole.BORROWER, partnerNodeId, states: [], page: { pageSize: 200 } },
    { enabled: enabled && !!partnerNodeId },
  );
}

/**
 * Partners' company names by node ID, for people who may read the partner list (TRUST_READ); empty
 * for the others, who see node IDs unless the answer names the partner.
 */
export function usePartnerNames(): Map<string, string> {
  const allowed = useCan(Permission.TRUST_READ);
  const q = useQuery(TrustService.method.listPartners, { pageSize: 500 }, { enabled: allowed, retry: false, staleTime: 60_000 });
  return new Map((q.data?.partners ?? []).filter((p) => p.displayName).map((p) => [p.nodeId, p.displayName]));
}

function useInvalidate() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: SubHireService, cardinality: undefined }) }),
      qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: FederationQueryService, cardinality: undefined }) }),
    ]);
}

const m = SubHireService.method;

export function useRequestSubHire() {
  const invalidate = useInvalidate();
  return useMutation(m.requestSubHire, { onSuccess: invalidate });
}
export function useChangeSubHire() {
  const invalidate = useInvalidate();
  return useMutation(m.changeSubHire, { onSuccess: invalidate });
}
export function useAcceptSubHire() {
  const invalidate = useInvalidate();
  return useMutation(m.acceptSubHire, { onSuccess: invalidate });
}
export function useCancelSubHire() {
  const invalidate = useInvalidate();
  return useMutation(m.cancelSubHire, { onSuccess: invalidate });
}
export function useReturnSubHire() {
  const invalidate = useInvalidate();
  return useMutation(m.returnSubHire, { onSuccess: invalidate });
}
export function useQuoteSubHire() {
  const invalidate = useInvalidate();
  return useMutation(m.quoteSubHire, { onSuccess: invalidate });
}
export function useConfirmSubHire() {
  const invalidate = useInvalidate();
  return useMutation(m.confirmSubHire, { onSuccess: invalidate });
}
export function useDeclineSubHire() {
  const invalidate = useInvalidate();
  return useMutation(m.declineSubHire, { onSuccess: invalidate });
}
export function useDispatchSubHire() {
  const invalidate = useInvalidate();
  return useMutation(m.dispatchSubHire, { onSuccess: invalidate });
}
export function useCheckInSubHire() {
  const invalidate = useInvalidate();
  return useMutation(m.checkInSubHire, { onSuccess: invalidate });
}
export function useResyncSubHire() {
  const invalidate = useInvalidate();
  return useMutation(m.resyncSubHire, { onSuccess: invalidate });
}
