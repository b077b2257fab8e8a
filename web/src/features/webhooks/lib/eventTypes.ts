/**
 * Event-type patterns of a webhook subscription (notifications.proto): a type name
 * (`quote.accepted`), a prefix (`subhire.*`: every type whose name starts with `subhire.`) or `*`
 * (every type). Names are lower-case dotted words.
 */

const NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const PREFIX = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\.\*$/;

export function isPattern(p: string): boolean {
  return p === "*" || NAME.test(p) || PREFIX.test(p);
}

/** Whether `pattern` selects the event type `name`. */
export function matches(pattern: string, name: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

/** The catalogue's types that a subscription's patterns select, in catalogue order. */
export function selectedTypes(patterns: readonly string[], catalogue: readonly string[]): string[] {
  return catalogue.filter((n) => patterns.some((p) => matches(p, n)));
}

/** Patterns that select nothing in the catalogue (a typo, or a type this node does not know). */
export function unknownPatterns(patterns: readonly string[], catalogue: readonly string[]): string[] {
  return patterns.filter((p) => !isPattern(p) || !catalogue.some((n) => matches(p, n)));
}

/**
 * What the form offers: `*`, then for each group of the catalogue (`quote`, `subhire`, …) its
 * `group.*` followed by its types, in catalogue order. A group of one type gets no `.*`.
 */
export function patternOptions(catalogue: readonly string[]): { group: string; items: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const n of catalogue) {
    const g = n.slice(0, n.indexOf("."));
    groups.set(g, [...(groups.get(g) ?? []), n]);
  }
  return [
    { group: "*", items: ["*"] },
    ...[...groups].map(([group, names]) => ({ group, items: names.length > 1 ? [`${group}.*`, ...names] : names })),
  ];
}

/**
 * The patterns kept once a choice is tidied: `*` alone when chosen, and no type or prefix already
 * covered by a chosen prefix; order of first choice kept, duplicates dropped.
 */
export function normalisePatterns(patterns: readonly string[]): string[] {
  const unique = [...new Set(patterns.map((p) => p.trim()).filter((p) => p !== ""))];
  if (unique.includes("*")) return ["*"];
  const prefixes = unique.filter((p) => p.endsWith(".*"));
  return unique.filter((p) => !prefixes.some((q) => q !== p && matches(q, p.endsWith(".*") ? p.slice(0, -2) + ".x" : p)));
}
