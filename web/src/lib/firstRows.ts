import { startTransition, useEffect, useState } from "react";

/** More rows than any screen shows above the fold at the app's row height. */
export const FIRST_ROWS = 20;

/**
 * A long table's rows, drawn in two steps: the first screenful with the table, the rest right
 * after in a transition (React draws it in slices, between which clicks and keys are handled).
 * On the benchmark dataset a 50-row events list took 60–120 ms of one task to draw on this
 * machine's two cores; the first 20 rows take under half of it. Only the first list with rows is
 * split (an empty one, a skeleton's, does not count): later lists of the same table, the next page
 * or a filter, are drawn whole. A table that unmounts (an empty result) starts again.
 */
export function useFirstRows<T>(rows: readonly T[], first: number = FIRST_ROWS): readonly T[] {
  const [phase, setPhase] = useState<"waiting" | "split" | "all">("waiting");
  let now = phase;
  if (now === "waiting" && rows.length > 0) {
    // Set during render (React redraws at once, before committing): the first rows decide.
    now = rows.length > first ? "split" : "all";
    setPhase(now);
  }
  useEffect(() => {
    if (phase === "split") startTransition(() => setPhase("all"));
  }, [phase]);
  return now === "split" ? rows.slice(0, first) : rows;
}
