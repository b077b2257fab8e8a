import { describe, expect, it } from "vitest";
import { act, renderHook } from "@testing-library/react";
import { FIRST_ROWS, useFirstRows } from "./firstRows";

const list = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

describe("useFirstRows", () => {
  it("draws a long list's first screenful first, then all of it", async () => {
    const seen: number[] = [];
    const { result } = renderHook(() => {
      const rows = useFirstRows(list(50));
      seen.push(rows.length);
      return rows;
    });
    await act(async () => {});
    expect(seen[0]).toBe(FIRST_ROWS);
    expect(result.current).toEqual(list(50));
  });

  it("draws a short list whole at once", () => {
    const { result } = renderHook(() => useFirstRows(list(FIRST_ROWS)));
    expect(result.current).toHaveLength(FIRST_ROWS);
  });

  it("splits only the first draw: a later list (the next page) is drawn whole", async () => {
    const { result, rerender } = renderHook(({ rows }) => useFirstRows(rows), { initialProps: { rows: list(50) } });
    await act(async () => {});
    rerender({ rows: list(50, 100) });
    expect(result.current).toEqual(list(50, 100));
  });

  it("splits a list that arrives after an empty first draw (data after the skeleton)", async () => {
    const seen: number[] = [];
    const { result, rerender } = renderHook(
      ({ rows }) => {
        const r = useFirstRows(rows);
        seen.push(r.length);
        return r;
      },
      { initialProps: { rows: [] as number[] } },
    );
    rerender({ rows: list(40) });
    await act(async () => {});
    // The skeleton's empty draw, then the first rows, then all of them.
    expect(seen[0]).toBe(0);
    expect(seen.indexOf(FIRST_ROWS)).toBeGreaterThan(0);
    expect(result.current).toHaveLength(40);
  });
});
