import { fromBinary } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { InvitationSchema, TrustLevel, type Invitation } from "../../../gen/eventkit/v1/federation_pb";

/** The text form's prefix (docs/federation.md §5.2). */
export const INVITATION_PREFIX = "ekinv1.";
/** Parsers SHOULD refuse longer text (§5.2). */
export const MAX_INVITATION_LENGTH = 4096;

/** Why a pasted invitation cannot be used; each has a message `partners.code.<reason>`. */
export type InvitationProblem = "empty" | "tooLong" | "prefix" | "malformed" | "expired";

export type DecodedInvitation = { ok: true; invitation: Invitation; expiresAt: Date } | { ok: false; problem: InvitationProblem };

/** base64url without padding → bytes; null when the text is not base64url. */
export function base64UrlToBytes(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4);
  try {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/**
 * Decodes "ekinv1." + base64url(Invitation) locally, before anything is sent: surrounding whitespace
 * is stripped, another prefix, text over 4 KiB, a message missing what enrolment needs (issuer,
 * endpoint, a 64-hex root fingerprint, ID, secret, level, expiry) or an expiry not after `now` is refused.
 */
export function decodeInvitation(text: string, now: Date = new Date()): DecodedInvitation {
  const t = text.trim();
  if (t === "") return { ok: false, problem: "empty" };
  if (t.length > MAX_INVITATION_LENGTH) return { ok: false, problem: "tooLong" };
  if (!t.startsWith(INVITATION_PREFIX)) return { ok: false, problem: "prefix" };
  const bytes = base64UrlToBytes(t.slice(INVITATION_PREFIX.length));
  if (!bytes || bytes.length === 0) return { ok: false, problem: "malformed" };
  let inv: Invitation;
  try {
    inv = fromBinary(InvitationSchema, bytes);
  } catch {
    return { ok: false, problem: "malformed" };
  }
  if (
    !inv.issuerNodeId ||
    !inv.enrollmentEndpoint ||
    !/^[0-9a-fA-F]{64}$/.test(inv.rootCaFingerprintSha256) ||
    !inv.invitationId ||
    !inv.secret ||
    inv.offeredLevel === TrustLevel.UNSPECIFIED ||
    !(inv.offeredLevel in TrustLevel) ||
    !inv.expiresAt
  ) {
    return { ok: false, problem: "malformed" };
  }
  const expiresAt = timestampDate(inv.expiresAt);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, problem: "expired" };
  return { ok: true, invitation: inv, expiresAt };
}

/**
 * A SHA-256 fingerprint for reading out loud: upper-case hex in colon-separated byte pairs
 * ("AB:CD:…"), whatever the input's case or separators; "" for an empty one.
 */
export function formatFingerprint(hex: string): string {
  const clean = hex.replace(/[^0-9a-fA-F]/g, "").toUpperCase();
  return clean.match(/.{1,2}/g)?.join(":") ?? "";
}

/** The same fingerprint as lines of 8 byte pairs (4 lines for SHA-256), easier to compare by phone. */
export function fingerprintLines(hex: string): string[] {
  const pairs = formatFingerprint(hex).split(":").filter(Boolean);
  const lines: string[] = [];
  for (let i = 0; i < pairs.length; i += 8) lines.push(pairs.slice(i, i + 8).join(":"));
  return lines;
}
