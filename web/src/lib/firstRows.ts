import { startTransition, useEffect, useRef, useState } from "react";

/** More rows than any screen shows above the fold at the app's row height. */
export const FIRST_ROWS = 20;

/**
 * A long table's rows, drawn in two steps: the first screenful with the table, the rest right
 * after in a transition (React draws it in slices, between which clicks and keys are handled).
 * On the benchmark dataset a 50-row events list took 60–120 ms of one task to draw on this
 * machine's two cores; the first 20 rows take under half of it. Only the table's first draw is
 * split: once all rows are shown, later lists (the next page, a filter) are drawn whole.
 */
export function useFirstRows<T>(rows: readonly T[], first: number = FIRST_ROWS): readonly T[] {
  // Whether some rows were drawn already (an empty list, the skeleton's, does not count).
  const drawn = useRef(false);
  const [all, setAll] = useState(false);
  const split = !all && !drawn.current && rows.length > first;
  useEffect(() => {
    if (rows.length > 0) drawn.current = true;
    if (split) startTransition(() => setAll(true));
  }, [split, rows.length]);
  return split ? rows.slice(0, first) : rows;
}
