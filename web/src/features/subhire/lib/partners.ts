import {
  PartnerQueryStatus,
  ProductMatch,
  type FindSuppliersForShortagesResponse,
  type QueryPartnerAvailabilityResponse,
} from "../../../gen/eventkit/v1/federation_query_pb";
import type { SharedProduct } from "../../../gen/eventkit/v1/federation_pb";
import type { Money } from "../../../gen/eventkit/v1/common_pb";

/** One partner's answer about one of our products, whatever call it came from. */
export interface PartnerRow {
  partnerNodeId: string;
  status: PartnerQueryStatus;
  /** Why, when the partner did not answer. */
  detail: string;
  /** The partner's matched product; absent when it has none (or did not answer). */
  product?: SharedProduct;
  match: ProductMatch;
  /** Only meaningful when status is OK (capped at the quantity asked for). */
  available: number;
  /** The partner's list price per day, when its trust level for us shares prices. */
  dailyRate?: Money;
  /** The partner's company name as it announced it; absent when unknown. */
  partnerName?: string;
}

/** Rows from QueryPartnerAvailability for request line `line`: every partner, matched or not. */
export function rowsFromAvailability(r: QueryPartnerAvailabilityResponse | undefined, line = 0): PartnerRow[] {
  if (!r) return [];
  return r.partners.flatMap((p): PartnerRow[] => {
    const base = { partnerNodeId: p.partnerNodeId, status: p.status, detail: p.detail, partnerName: p.partnerName || undefined };
    if (p.status !== PartnerQueryStatus.OK) return [{ ...base, match: ProductMatch.UNSPECIFIED, available: 0 }];
    const answers = p.lines.filter((a) => a.lineIndex === line && a.product && a.match !== ProductMatch.NONE);
    if (answers.length === 0) return [{ ...base, match: ProductMatch.NONE, available: 0 }];
    return answers.map((a) => ({ ...base, product: a.product, match: a.match, available: a.availableQuantity, dailyRate: a.dailyRate }));
  });
}

/**
 * Rows from FindSuppliersForShortages for our product `productId`: the partners that could supply
 * some of it, then every other partner with its status (OK ones then have none to offer).
 */
export function rowsFromShortages(r: FindSuppliersForShortagesResponse | undefined, productId: string): PartnerRow[] {
  if (!r) return [];
  const line = r.lines.find((l) => l.productId === productId);
  const offered = new Set<string>();
  const rows: PartnerRow[] = [];
  const statusOf = new Map(r.partners.map((p) => [p.partnerNodeId, p]));
  for (const s of line?.suppliers ?? []) {
    offered.add(s.partnerNodeId);
    const p = statusOf.get(s.partnerNodeId);
    rows.push({
      partnerNodeId: s.partnerNodeId,
      status: p?.status ?? PartnerQueryStatus.OK,
      detail: "",
      product: s.product,
      match: s.match,
      available: s.availableQuantity,
      dailyRate: s.dailyRate,
      partnerName: p?.partnerName || undefined,
    });
  }
  for (const p of r.partners) {
    if (offered.has(p.partnerNodeId)) continue;
    rows.push({
      partnerNodeId: p.partnerNodeId,
      status: p.status,
      detail: p.detail,
      match: ProductMatch.NONE,
      available: 0,
      partnerName: p?.partnerName || undefined,
    });
  }
  return rows;
}

/** Whether a "Request sub-hire" makes sense: the partner answered with a product and enough of it. */
export function canRequest(row: PartnerRow, quantity: number): boolean {
  return row.status === PartnerQueryStatus.OK && !!row.product && row.available >= quantity && quantity > 0;
}
