import { toMinorUnits } from "../../../lib/money";

/**
 * Percent typed by a person → basis points: "12.5" → 1250, "12,5 %" → 1250; at most two decimals,
 * 0–100. null for anything else (the form says what it wants).
 */
export function parseBasisPoints(text: string): number | null {
  const t = text.trim().replace(/\s*%$/, "").replace(",", ".");
  if (t === "") return 0;
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ""] = t.split(".");
  const bp = Number(whole) * 100 + Number((frac + "00").slice(0, 2));
  return bp <= 10000 ? bp : null;
}

/** 1250 → "12.5", 1500 → "15", 5 → "0.05" (what an input shows). */
export function basisPointsText(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = String(bp % 100).padStart(2, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : String(whole);
}

/** An amount typed in a quote's currency → Money, or null when it isn't one (negative, too many decimals). */
export function parseMoney(text: string, currency: string): { currencyCode: string; minorUnits: bigint } | null {
  const minor = toMinorUnits(text, currency);
  return minor === null ? null : { currencyCode: currency, minorUnits: minor };
}

/** A quantity as the API takes it: > 0, up to 3 decimals; whole for rentals. */
export function parseQuantity(text: string, whole: boolean): string | null {
  const t = text.trim().replace(",", ".");
  if (!(whole ? /^\d+$/ : /^\d+(\.\d{1,3})?$/).test(t)) return null;
  return Number(t) > 0 ? t.replace(/^0+(?=\d)/, "") : null;
}

/** An exchange rate: > 0, up to 8 decimals. */
export function parseRate(text: string): string | null {
  const t = text.trim().replace(",", ".");
  return /^\d+(\.\d{1,8})?$/.test(t) && Number(t) > 0 ? t : null;
}

/** A data: URI's size in bytes (what the node measures against 256 KiB). */
export const LOGO_LIMIT = 256 * 1024;
