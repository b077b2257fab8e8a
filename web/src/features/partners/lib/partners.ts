import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { TrustLevel } from "../../../gen/eventkit/v1/federation_pb";
import { PartnerState, type Partner, type PartnerHealth } from "../../../gen/eventkit/v1/trust_pb";

/** The levels a person can grant, lowest first (docs/federation.md §8.1); UNSPECIFIED never is. */
export const LEVELS: TrustLevel[] = [
  TrustLevel.NONE,
  TrustLevel.DISCOVER,
  TrustLevel.AVAILABILITY,
  TrustLevel.RESOLVE_ASSETS,
  TrustLevel.SUBHIRE_REQUEST,
  TrustLevel.SUBHIRE_AUTO_CONFIRM,
];

/** "AVAILABILITY" for TrustLevel.AVAILABILITY: the key of its messages. */
export function levelKey(l: TrustLevel): string {
  return TrustLevel[l] ?? "UNSPECIFIED";
}

export function stateKey(s: PartnerState): string {
  return PartnerState[s] ?? "UNSPECIFIED";
}

/** The invitation's validity choices, in seconds (the API allows 1 s … 7 days; 0 = its default 15 min). */
export const TTLS = [
  { seconds: 15 * 60, key: "15m" },
  { seconds: 60 * 60, key: "1h" },
  { seconds: 24 * 60 * 60, key: "24h" },
  { seconds: 7 * 24 * 60 * 60, key: "7d" },
] as const;

/** Node IDs are DNS-style names (docs/federation.md §2.1); this only catches obvious typos early. */
export function nodeIdProblem(id: string): "empty" | "format" | null {
  const t = id.trim();
  if (t === "") return "empty";
  if (t.length > 253 || !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(t)) return "format";
  return null;
}

/** A partner's name for people: the name it announced, else its node ID. */
export function partnerName(p: { displayName: string; nodeId: string }): string {
  return p.displayName.trim() || p.nodeId;
}

export function dateOf(t: Timestamp | undefined): Date | undefined {
  return t ? timestampDate(t) : undefined;
}

/** Our client certificate at the partner has expired (calls to it will fail until renewed). */
export function certificateExpired(p: { clientCertificateExpiresAt?: Timestamp }, now: Date): boolean {
  const d = dateOf(p.clientCertificateExpiresAt);
  return !!d && d.getTime() <= now.getTime();
}

export interface PartnerRow {
  partner: Partner;
  /** From ListPartnerHealth, matched by node ID; absent when the node reports none for it. */
  health?: PartnerHealth;
  name: string;
}

/** Partners in list order, each with its health (by node ID) and a display name (the partner's, else the health's, else the ID). */
export function mergeHealth(partners: readonly Partner[], health: readonly PartnerHealth[]): PartnerRow[] {
  const byId = new Map(health.map((h) => [h.nodeId, h]));
  return partners.map((p) => {
    const h = byId.get(p.nodeId);
    return { partner: p, health: h, name: p.displayName.trim() || h?.displayName.trim() || p.nodeId };
  });
}

/** The unit and value for Intl's relative time ("3 minutes ago"), the largest unit that fits. */
export function relative(d: Date, now: Date): { value: number; unit: "second" | "minute" | "hour" | "day" } {
  const s = Math.round((d.getTime() - now.getTime()) / 1000);
  const a = Math.abs(s);
  if (a < 60) return { value: s, unit: "second" };
  if (a < 3600) return { value: Math.round(s / 60), unit: "minute" };
  if (a < 86400) return { value: Math.round(s / 3600), unit: "hour" };
  return { value: Math.round(s / 86400), unit: "day" };
}

/** "12.5 ms" style: milliseconds with at most one decimal below 10, whole above. */
export function formatMs(ms: number): string {
  return ms < 10 ? `${Math.round(ms * 10) / 10} ms` : `${Math.round(ms)} ms`;
}

/** A signed clock offset for people: "+1.2 s", "−350 ms". */
export function formatOffset(ms: bigint | number): string {
  const n = Number(ms);
  const sign = n > 0 ? "+" : n < 0 ? "−" : "±";
  const a = Math.abs(n);
  return a >= 1000 ? `${sign}${(a / 1000).toFixed(1)} s` : `${sign}${a} ms`;
}

/** Whether any of the fields contains the typed filter (trimmed, any case); an empty filter matches all. */
export function matchesFilter(filter: string, fields: readonly string[]): boolean {
  const f = filter.trim().toLowerCase();
  return !f || fields.some((s) => s.toLowerCase().includes(f));
}
