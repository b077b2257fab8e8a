import type { IntlShape } from "react-intl";

/**
 * Units as people type them and as the API stores them: kilograms ↔ grams, cubic metres ↔ cm³,
 * metres and centimetres ↔ millimetres. Typed text accepts a decimal comma ("7,5") and no
 * negative numbers; empty text is 0 (unknown). Parsers answer null for text that is no number.
 */

/** "7,5" → 7.5; "" → 0; anything else that is not a non-negative finite number → null. */
export function parseDecimal(text: string): number | null {
  const t = text.trim().replace(/\s/g, "").replace(",", ".");
  if (t === "") return 0;
  if (!/^\d*\.?\d*$/.test(t) || t === ".") return null;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function scaled(text: string, factor: number): number | null {
  const n = parseDecimal(text);
  return n === null ? null : Math.round(n * factor);
}

/** Kilograms typed → grams (bigint, as the API's int64). */
export function kgToGrams(text: string): bigint | null {
  const g = scaled(text, 1000);
  return g === null ? null : BigInt(g);
}

/** Cubic metres typed → cm³ (1 m³ = 1,000,000 cm³). */
export function m3ToCm3(text: string): bigint | null {
  const c = scaled(text, 1_000_000);
  return c === null ? null : BigInt(c);
}

/** Metres typed → millimetres. */
export function mToMm(text: string): number | null {
  return scaled(text, 1000);
}

/** Centimetres typed → millimetres. */
export function cmToMm(text: string): number | null {
  return scaled(text, 10);
}

/** A stored amount back to the text a form shows (no trailing zeros; "" for 0 when `emptyZero`). */
function unscaled(v: bigint | number, factor: number, emptyZero: boolean): string {
  const n = Number(v);
  if (n === 0 && emptyZero) return "";
  return String(Math.round((n / factor) * 1000) / 1000);
}

export const gramsToKgText = (g: bigint | number, emptyZero = false) => unscaled(g, 1000, emptyZero);
export const cm3ToM3Text = (c: bigint | number, emptyZero = false) => unscaled(c, 1_000_000, emptyZero);
export const mmToMText = (mm: number, emptyZero = false) => unscaled(mm, 1000, emptyZero);
export const mmToCmText = (mm: number, emptyZero = true) => unscaled(mm, 10, emptyZero);

/** Numbers for display (formatted by the caller's locale). */
export const kg = (g: bigint | number) => Number(g) / 1000;
export const m3 = (c: bigint | number) => Number(c) / 1_000_000;

/** The volume of a box in cm³ from its sides in mm; 0 when a side is unknown. */
export function boxVolumeCm3(lengthMm: number, widthMm: number, heightMm: number): number {
  if (lengthMm <= 0 || widthMm <= 0 || heightMm <= 0) return 0;
  return Math.round((lengthMm * widthMm * heightMm) / 1000);
}

/** "120 × 60 × 45 cm" (a "?" for an unknown side); "" when no side is known. For detail screens. */
export function formatDimensionsCm(intl: IntlShape, lengthMm: number, widthMm: number, heightMm: number): string {
  if (!lengthMm && !widthMm && !heightMm) return "";
  const cm = (mm: number) => (mm > 0 ? intl.formatNumber(mm / 10, { maximumFractionDigits: 1 }) : "?");
  return intl.formatMessage({ id: "product.dimensionsValue" }, { l: cm(lengthMm), w: cm(widthMm), h: cm(heightMm) });
}
