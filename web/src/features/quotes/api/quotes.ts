import { useCallback, useRef, useState } from "react";
import { keepPreviousData, useQueryClient } from "@tanstack/react-query";
import { createConnectQueryKey, useMutation, useQuery } from "@connectrpc/connect-query";
import { Code, ConnectError } from "@connectrpc/connect";
import { QuoteService, type Quote, type QuoteState } from "../../../gen/eventkit/v1/quotes_pb";
import { CrmService } from "../../../gen/eventkit/v1/crm_pb";
import { InventoryService } from "../../../gen/eventkit/v1/inventory_pb";
import { client } from "../../../lib/transport";

export const QUOTE_PAGE_SIZE = 50;

export function useQuotes(f: { states?: QuoteState[]; q?: string; page?: string; companyId?: string; eventId?: string }, enabled = true) {
  return useQuery(
    QuoteService.method.listQuotes,
    { states: f.states ?? [], query: f.q ?? "", companyId: f.companyId ?? "", eventId: f.eventId ?? "", page: { pageSize: QUOTE_PAGE_SIZE, pageToken: f.page ?? "" } },
    { placeholderData: keepPreviousData, enabled, retry: false },
  );
}

/** One quote; polled while an email of it is still being delivered (its status shows on the version). */
export function useQuote(id: string) {
  return useQuery(
    QuoteService.method.getQuote,
    { id },
    { retry: false, refetchInterval: (q) => (q.state.data?.versions.some((v) => v.emails.some((e) => e.state === "PENDING")) ? 3000 : false) },
  );
}

export function useSettings(enabled = true) {
  return useQuery(QuoteService.method.getQuoteSettings, {}, { enabled, retry: false, staleTime: 60_000 });
}
export function useTaxRates(enabled = true) {
  return useQuery(QuoteService.method.listTaxRates, {}, { enabled, retry: false, staleTime: 60_000 });
}
export function useExchangeRates() {
  return useQuery(QuoteService.method.listExchangeRates, {}, { retry: false });
}
export function usePriceLists(enabled = true) {
  return useQuery(QuoteService.method.listPriceLists, {}, { enabled, retry: false, staleTime: 60_000 });
}
export function useRateCards(q: string, page: string | undefined) {
  return useQuery(QuoteService.method.listRateCards, { query: q, page: { pageSize: 50, pageToken: page ?? "" } }, { placeholderData: keepPreviousData });
}
export function useRateCard(productId: string) {
  return useQuery(QuoteService.method.getRateCard, { productId }, { retry: false });
}
export function useVersion(quoteId: string, version: number) {
  return useQuery(QuoteService.method.getQuoteVersion, { quoteId, version }, { enabled: version > 0 });
}
export function useDiff(quoteId: string, from: number, to: number, enabled: boolean) {
  return useQuery(QuoteService.method.diffQuoteVersions, { quoteId, fromVersion: from, toVersion: to }, { enabled: enabled && from > 0, retry: false });
}
/** The quote's client company with its contacts (CRM), for the contact picker. */
export function useClientCompany(companyId: string) {
  return useQuery(CrmService.method.getCompany, { id: companyId }, { enabled: !!companyId, retry: false, staleTime: 60_000 });
}
export function useProductSearch(query: string) {
  return useQuery(InventoryService.method.search, { query, page: { pageSize: 20 } }, { enabled: query.length > 0, placeholderData: keepPreviousData });
}

function useInvalidateQuotes() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: QuoteService, cardinality: undefined }) });
}

const m = QuoteService.method;
export function useCreateQuote() {
  const inv = useInvalidateQuotes();
  return useMutation(m.createQuote, { onSuccess: inv });
}
export function useUpdateSettings() {
  const inv = useInvalidateQuotes();
  return useMutation(m.updateQuoteSettings, { onSuccess: inv });
}
export function useSetTaxRate() {
  const inv = useInvalidateQuotes();
  return useMutation(m.setTaxRate, { onSuccess: inv });
}
export function useSetExchangeRate() {
  const inv = useInvalidateQuotes();
  return useMutation(m.setExchangeRate, { onSuccess: inv });
}
export function useSetPriceList() {
  const inv = useInvalidateQuotes();
  return useMutation(m.setPriceList, { onSuccess: inv });
}
export function useSetRateCard() {
  const inv = useInvalidateQuotes();
  return useMutation(m.setRateCard, { onSuccess: inv });
}
export function useResendEmail() {
  const inv = useInvalidateQuotes();
  return useMutation(m.resendQuoteEmail, { onSuccess: inv });
}

/** What a draft change is told when it fails. */
export type ChangeOutcome = { ok: true; quote: Quote } | { ok: false; conflict: boolean; error: unknown };

/**
 * Draft changes to one quote, one at a time, each with the revision the previous one returned
 * (expected_revision): the node recomputes and returns the whole quote, which replaces the cached
 * one. `pending` counts changes in flight (the screen shows its figures as updating). A change
 * someone else made meanwhile (ABORTED) reloads the quote and reports a conflict; any failure
 * reloads it, so what shows is what the node has.
 */
export function useDraftChanges(quoteId: string, current: Quote | undefined) {
  const qc = useQueryClient();
  const [pending, setPending] = useState(0);
  const revision = useRef<bigint | undefined>(undefined);
  if (current && (revision.current === undefined || current.revision > revision.current)) revision.current = current.revision;
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const key = createConnectQueryKey({ schema: m.getQuote, input: { id: quoteId }, cardinality: "finite" });
  const put = useCallback(
    (q: Quote) => {
      revision.current = q.revision;
      qc.setQueriesData({ queryKey: key }, q);
      void qc.invalidateQueries({ queryKey: createConnectQueryKey({ schema: m.listQuotes, cardinality: undefined }) });
    },
    [qc, quoteId],
  );
  const change = useCallback(
    (call: (svc: ReturnType<typeof client<typeof QuoteService>>, expectedRevision: bigint) => Promise<Quote>): Promise<ChangeOutcome> => {
      setPending((n) => n + 1);
      const run = chain.current.then(async (): Promise<ChangeOutcome> => {
        try {
          const q = await call(client(QuoteService), revision.current ?? 0n);
          put(q);
          return { ok: true, quote: q };
        } catch (e) {
          revision.current = undefined;
          await qc.invalidateQueries({ queryKey: key });
          return { ok: false, conflict: e instanceof ConnectError && e.code === Code.Aborted, error: e };
        } finally {
          setPending((n) => n - 1);
        }
      });
      chain.current = run.catch(() => undefined);
      return run;
    },
    [put, qc, quoteId],
  );
  return { change, pending, put };
}

/** Runs one draft change (see useDraftChanges). */
export type DraftChange = ReturnType<typeof useDraftChanges>["change"];
