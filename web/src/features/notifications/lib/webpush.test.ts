import { describe, expect, it } from "vitest";
import { base64UrlToBytes, bytesToBase64Url, pushSupport } from "./webpush";

describe("web push helpers", () => {
  it("decodes base64url without padding and encodes it back", () => {
    // 0xfb 0xff 0xbf: "+/+/" in base64, "-_-_" in base64url.
    expect([...base64UrlToBytes("-_-_")]).toEqual([0xfb, 0xff, 0xbf]);
    expect([...base64UrlToBytes("AQ")]).toEqual([1]);
    const key = new Uint8Array(65).map((_, i) => (i * 37) & 255);
    expect([...base64UrlToBytes(bytesToBase64Url(key.buffer))]).toEqual([...key]);
    expect(bytesToBase64Url(null)).toBe("");
  });

  it("says why a browser cannot push", () => {
    const w = (o: object) => ({ isSecureContext: true, navigator: {}, ...o }) as unknown as Window & typeof globalThis;
    expect(pushSupport(w({ isSecureContext: false }))).toBe("insecure");
    expect(pushSupport(w({}))).toBe("no-service-worker");
    expect(pushSupport(w({ navigator: { serviceWorker: {} } }))).toBe("no-push");
    expect(pushSupport(w({ navigator: { serviceWorker: {} }, PushManager: class {} }))).toBe("no-notifications");
    expect(pushSupport(w({ navigator: { serviceWorker: {} }, PushManager: class {}, Notification: class {} }))).toBe("supported");
  });
});
