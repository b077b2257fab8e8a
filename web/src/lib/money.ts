import type { IntlShape } from "react-intl";

/** Minor units per major unit for a currency (2 unless the currency says otherwise: JPY 0, KWD 3…). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function formatMoney(intl: IntlShape, m?: { currencyCode: string; minorUnits: bigint }): string {
  if (!m || !m.currencyCode) return "—";
  const digits = minorDigits(m.currencyCode);
  return intl.formatNumber(Number(m.minorUnits) / 10 ** digits, { style: "currency", currency: m.currencyCode });
}

/** "12.50" in `currency` → minor units (1250n); null when it is not a non-negative amount. */
export function toMinorUnits(amount: string, currency: string): bigint | null {
  const t = amount.trim().replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const digits = minorDigits(currency);
  const [whole, frac = ""] = t.split(".");
  if (frac.length > digits) return null;
  return BigInt(whole) * 10n ** BigInt(digits) + BigInt((frac + "0".repeat(digits)).slice(0, digits) || "0");
}

export function fromMinorUnits(m: bigint, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return m.toString();
  const s = m.toString().padStart(digits + 1, "0");
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}
