import { NegotiationState as S, SubHireRole } from "../../../gen/eventkit/v1/subhire_pb";
import { PartnerQueryStatus } from "../../../gen/eventkit/v1/federation_query_pb";
import type { StateFilter } from "./filters";

/** What a person can do to a negotiation from this node (docs/federation.md §17.2). */
export type SubHireAction =
  | "quote"
  | "confirm"
  | "decline"
  | "dispatch"
  | "checkIn"
  | "accept"
  | "change"
  | "cancel"
  | "return"
  | "resync";

/** The states a negotiation ends in. */
export const TERMINAL: readonly S[] = [S.CLOSED, S.DECLINED, S.EXPIRED, S.CANCELLED];

/** Every state a negotiation can be in, in the order of the ladder, then the side exits. */
export const ALL_STATES: readonly S[] = [
  S.REQUESTED,
  S.ACKNOWLEDGED,
  S.QUOTED,
  S.ACCEPTED,
  S.CONFIRMED,
  S.DISPATCHED,
  S.ON_HIRE,
  S.RETURNED,
  S.CLOSED,
  S.DECLINED,
  S.EXPIRED,
  S.CANCEL_REQUESTED,
  S.CANCELLED,
  S.CANCEL_REFUSED,
];

export const OPEN_STATES: readonly S[] = ALL_STATES.filter((s) => !TERMINAL.includes(s));

export function isOpen(s: S): boolean {
  return !TERMINAL.includes(s) && s !== S.NEGOTIATION_STATE_UNSPECIFIED;
}

/** Which states each action starts from, per side: the node's own checks (node/.../subhire/). */
const SUPPLIER: Partial<Record<SubHireAction, readonly S[]>> = {
  quote: [S.ACKNOWLEDGED, S.QUOTED],
  confirm: [S.ACCEPTED],
  decline: [S.REQUESTED, S.ACKNOWLEDGED, S.QUOTED, S.ACCEPTED],
  dispatch: [S.CONFIRMED],
  checkIn: [S.DISPATCHED, S.ON_HIRE, S.RETURNED],
};

const BORROWER: Partial<Record<SubHireAction, readonly S[]>> = {
  accept: [S.QUOTED],
  change: [S.REQUESTED, S.ACKNOWLEDGED, S.QUOTED],
  // The node takes a cancel in any open state but RETURNED, yet the supplier refuses it once the
  // gear is dispatched ("return it instead"): offered only where it can end the hire.
  cancel: [S.REQUESTED, S.ACKNOWLEDGED, S.QUOTED, S.ACCEPTED, S.CONFIRMED],
  return: [S.DISPATCHED, S.ON_HIRE],
};

const ORDER: readonly SubHireAction[] = [
  "quote",
  "confirm",
  "dispatch",
  "checkIn",
  "decline",
  "accept",
  "change",
  "return",
  "cancel",
  "resync",
];

/**
 * The actions this node's side may take in `state`, in the order the buttons show. Resync (fetch or
 * re-send the supplier's copy) is always possible, for either side.
 */
export function allowedActions(role: SubHireRole, state: S): SubHireAction[] {
  const table = role === SubHireRole.SUPPLIER ? SUPPLIER : role === SubHireRole.BORROWER ? BORROWER : null;
  if (!table) return [];
  return ORDER.filter((a) => a === "resync" || (table[a]?.includes(state) ?? false));
}

/** The inbox's state filter. */
// The inbox's filter as the URL holds it (the route validates it from the first bundle).
export { stateFilter, type StateFilter } from "./filters";

export function statesOf(f: StateFilter): S[] {
  if (f === "open") return [...OPEN_STATES];
  if (f === "done") return [...TERMINAL];
  return [];
}

/** One colour per state (the text always says it too). */
export const STATE_COLOR: Record<S, string> = {
  [S.NEGOTIATION_STATE_UNSPECIFIED]: "gray",
  [S.REQUESTED]: "gray",
  [S.ACKNOWLEDGED]: "blue",
  [S.QUOTED]: "violet",
  [S.ACCEPTED]: "indigo",
  [S.CONFIRMED]: "teal",
  [S.DISPATCHED]: "cyan",
  [S.ON_HIRE]: "green",
  [S.RETURNED]: "lime",
  [S.CLOSED]: "dark",
  [S.DECLINED]: "red",
  [S.EXPIRED]: "orange",
  [S.CANCEL_REQUESTED]: "yellow",
  [S.CANCELLED]: "pink",
  [S.CANCEL_REFUSED]: "grape",
};

export function stateName(s: S): string {
  return S[s] ?? "NEGOTIATION_STATE_UNSPECIFIED";
}

/**
 * How a partner's answer shows: OK answers show their numbers, every other status a word. A partner
 * that did not answer never shows as "0 available".
 */
export type PartnerAnswerKind = "ok" | "notResponding" | "unavailable" | "noAccess" | "busy" | "error";

export function partnerAnswerKind(s: PartnerQueryStatus): PartnerAnswerKind {
  switch (s) {
    case PartnerQueryStatus.OK:
      return "ok";
    case PartnerQueryStatus.TIMEOUT:
      return "notResponding";
    case PartnerQueryStatus.UNAVAILABLE:
    case PartnerQueryStatus.CIRCUIT_OPEN:
      return "unavailable";
    case PartnerQueryStatus.DENIED:
      return "noAccess";
    case PartnerQueryStatus.BUSY:
      return "busy";
    default:
      return "error";
  }
}

/** A UUID v4 (the negotiation ID the borrower chooses), also where crypto.randomUUID is missing (plain http). */
export function newUuid(): string {
  if (typeof crypto !== "undefined" && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The barcodes typed or scanned for a dispatch: one per line, trimmed, blanks dropped. */
export function parseBarcodes(text: string): string[] {
  return text
    .split(/[\n,;\t]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface DispatchLine {
  productId: string;
  name: string;
  quantity: number;
  serialised: boolean;
}

/**
 * Checks a dispatch's barcodes per serialised line before sending: exactly one per confirmed unit,
 * none twice. Returns per product ID the problem, empty when fine. Bulk lines take none.
 */
export function dispatchProblems(
  lines: readonly DispatchLine[],
  barcodes: Record<string, string[]>,
): Record<string, { kind: "count"; given: number; needed: number } | { kind: "duplicate"; barcode: string }> {
  const out: Record<string, { kind: "count"; given: number; needed: number } | { kind: "duplicate"; barcode: string }> = {};
  const seen = new Set<string>();
  for (const l of lines) {
    if (!l.serialised) continue;
    const given = barcodes[l.productId] ?? [];
    for (const b of given) {
      if (seen.has(b)) {
        out[l.productId] = { kind: "duplicate", barcode: b };
        break;
      }
      seen.add(b);
    }
    if (!out[l.productId] && given.length !== l.quantity) {
      out[l.productId] = { kind: "count", given: given.length, needed: l.quantity };
    }
  }
  return out;
}
