import { describe, expect, it } from "vitest";
import { act, renderHook } from "@testing-library/react";
import { useLazyDisclosure } from "./dialog";

describe("useLazyDisclosure", () => {
  it("is not mounted until first opened, then mounts closed and opens on the next render, and stays mounted", async () => {
    const seen: Array<[boolean, boolean]> = [];
    const { result } = renderHook(() => {
      const d = useLazyDisclosure();
      seen.push([d.mounted, d.opened]);
      return d;
    });
    expect(result.current.mounted).toBe(false);

    await act(async () => result.current.open());
    // Mounted closed first (the dialog records what had focus as `opened` changes), then open.
    expect(seen).toContainEqual([true, false]);
    expect(seen.indexOf(seen.find(([m, o]) => m && !o)!)).toBeLessThan(seen.findIndex(([m, o]) => m && o));
    expect([result.current.mounted, result.current.opened]).toEqual([true, true]);

    await act(async () => result.current.close());
    expect([result.current.mounted, result.current.opened]).toEqual([true, false]);

    const before = seen.length;
    await act(async () => result.current.open());
    // Later opens go straight to open.
    expect(seen.slice(before).every(([m, o]) => m && o)).toBe(true);
  });
});
