import { QuoteLineChange_Kind, type QuoteDiff, type QuoteTotals } from "../../../gen/eventkit/v1/quotes_pb";

type Money = { currencyCode: string; minorUnits: bigint } | undefined;

export interface DiffLineRow {
  kind: "added" | "removed" | "changed";
  description: string;
  /** For added and removed lines: their quantity and net as they stand. */
  quantity: string;
  net: Money;
  changes: { field: string; before: string; after: string }[];
}

export interface TotalsRow {
  key: "subtotal" | "lineDiscounts" | "quoteDiscount" | "net" | "tax" | "total";
  before: Money;
  after: Money;
  changed: boolean;
}

const KINDS: Record<number, DiffLineRow["kind"]> = {
  [QuoteLineChange_Kind.ADDED]: "added",
  [QuoteLineChange_Kind.REMOVED]: "removed",
  [QuoteLineChange_Kind.CHANGED]: "changed",
};

/** The diff's lines as rows: added, then changed, then removed (each in the server's order). */
export function diffRows(d: QuoteDiff): DiffLineRow[] {
  const rows = d.lines.flatMap((l): DiffLineRow[] => {
    const kind = KINDS[l.kind];
    if (!kind) return [];
    return [{
      kind,
      description: l.description || l.line?.description || "",
      quantity: l.line?.quantity ?? "",
      net: l.line?.net,
      changes: l.changes.map((c) => ({ field: c.field, before: c.before, after: c.after })),
    }];
  });
  const order = { added: 0, changed: 1, removed: 2 } as const;
  return rows.map((r, i) => [r, i] as const).sort((a, b) => order[a[0].kind] - order[b[0].kind] || a[1] - b[1]).map(([r]) => r);
}

const same = (a: Money, b: Money) => (a?.minorUnits ?? 0n) === (b?.minorUnits ?? 0n) && (a?.currencyCode ?? "") === (b?.currencyCode ?? "");

/** Totals before and after, marking the ones that moved. */
export function totalsRows(before: QuoteTotals | undefined, after: QuoteTotals | undefined): TotalsRow[] {
  const keys: TotalsRow["key"][] = ["subtotal", "lineDiscounts", "quoteDiscount", "net", "tax", "total"];
  return keys.map((key) => ({ key, before: before?.[key], after: after?.[key], changed: !same(before?.[key], after?.[key]) }));
}

/** Whether a diff says anything changed at all. */
export function isEmptyDiff(d: QuoteDiff): boolean {
  return d.header.length === 0 && d.lines.length === 0;
}
