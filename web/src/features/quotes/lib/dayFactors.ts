/** "1:1, 2:1.5, 3:2" ⇄ day factors (days → charged days in thousandths); null for bad text. */
export function parseDayFactors(text: string): { days: number; chargedDaysMilli: number }[] | null {
  const t = text.trim();
  if (!t) return [];
  const out: { days: number; chargedDaysMilli: number }[] = [];
  for (const part of t.split(/[,;\s]+/).filter(Boolean)) {
    const m = /^(\d{1,3})[:=→](\d+(?:[.,]\d{1,3})?)$/.exec(part);
    if (!m) return null;
    const days = Number(m[1]);
    const milli = Math.round(Number(m[2].replace(",", ".")) * 1000);
    const prev = out[out.length - 1];
    if (days < 1 || days > 366 || milli <= 0 || (prev && (days <= prev.days || milli < prev.chargedDaysMilli))) return null;
    out.push({ days, chargedDaysMilli: milli });
  }
  return out;
}

export function dayFactorsText(f: readonly { days: number; chargedDaysMilli: number }[]): string {
  return f.map((x) => `${x.days}:${x.chargedDaysMilli / 1000}`).join(", ");
}
