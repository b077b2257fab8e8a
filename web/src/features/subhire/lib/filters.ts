/*
 * The inbox's state filter as the URL holds it. Its own module, free of generated code: the route
 * file's search validation runs from the first bundle, and importing subhire.ts there brought
 * subhire_pb and the federation descriptors with it (built at start-up, on every page).
 */
export type StateFilter = "open" | "all" | "done";

export function stateFilter(v: unknown): StateFilter | undefined {
  return v === "open" || v === "all" || v === "done" ? v : undefined;
}
