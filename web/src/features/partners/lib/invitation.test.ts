import { describe, expect, it } from "vitest";
import { TrustLevel } from "../../../gen/eventkit/v1/federation_pb";
import { base64UrlToBytes, decodeInvitation, fingerprintLines, formatFingerprint } from "./invitation";
import { FP, NOW, invitationText } from "./testInvitation";

describe("decodeInvitation", () => {
  it("reads the inviter, endpoint, level, expiry and fingerprint from the text form, ignoring surrounding whitespace", () => {
    const d = decodeInvitation(`  \n${invitationText()}\n `, NOW);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.invitation.issuerNodeId).toBe("a.example");
    expect(d.invitation.enrollmentEndpoint).toBe("a.example:7443");
    expect(d.invitation.offeredLevel).toBe(TrustLevel.AVAILABILITY);
    expect(d.invitation.rootCaFingerprintSha256).toBe(FP);
    expect(d.expiresAt.toISOString()).toBe("2026-12-04T12:15:00.000Z");
  });

  it("refuses empty text, another prefix, non-base64url, bytes that are no invitation, and over 4 KiB", () => {
    expect(decodeInvitation("   ", NOW)).toEqual({ ok: false, problem: "empty" });
    expect(decodeInvitation(invitationText().replace("ekinv1.", "ekinv2."), NOW)).toEqual({ ok: false, problem: "prefix" });
    expect(decodeInvitation("ekinv1.not base64!", NOW)).toEqual({ ok: false, problem: "malformed" });
    expect(decodeInvitation("ekinv1.aGVsbG8gd29ybGQ", NOW)).toEqual({ ok: false, problem: "malformed" });
    expect(decodeInvitation("ekinv1." + "A".repeat(5000), NOW)).toEqual({ ok: false, problem: "tooLong" });
  });

  it("refuses an invitation missing what enrolment needs (a short fingerprint, no level)", () => {
    expect(decodeInvitation(invitationText({ rootCaFingerprintSha256: "abcd" }), NOW)).toEqual({ ok: false, problem: "malformed" });
    expect(decodeInvitation(invitationText({ offeredLevel: TrustLevel.UNSPECIFIED }), NOW)).toEqual({ ok: false, problem: "malformed" });
  });

  it("refuses an expired invitation", () => {
    expect(decodeInvitation(invitationText(), new Date("2026-12-04T12:15:00Z"))).toEqual({ ok: false, problem: "expired" });
  });
});

describe("base64UrlToBytes", () => {
  it("decodes without padding and refuses characters outside the URL-safe alphabet", () => {
    expect(Array.from(base64UrlToBytes("-_8")!)).toEqual([0xfb, 0xff]);
    expect(base64UrlToBytes("ab+c")).toBeNull();
  });
});

describe("formatFingerprint", () => {
  it("upper-cases lowercase hex into colon-separated pairs", () => {
    expect(formatFingerprint("ab12cd")).toBe("AB:12:CD");
    expect(formatFingerprint(FP)).toBe("01:23:45:67:89:AB:CD:EF:".repeat(4).slice(0, -1));
  });

  it("ignores existing separators and returns empty for none", () => {
    expect(formatFingerprint("AB:cd ef")).toBe("AB:CD:EF");
    expect(formatFingerprint("")).toBe("");
  });

  it("splits a SHA-256 fingerprint into 4 lines of 8 pairs", () => {
    expect(fingerprintLines(FP)).toEqual(Array(4).fill("01:23:45:67:89:AB:CD:EF"));
  });
});
