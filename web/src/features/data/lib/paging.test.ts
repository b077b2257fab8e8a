import { describe, expect, it } from "vitest";
import { pageOf } from "./paging";

const list = Array.from({ length: 45 }, (_, i) => i + 1);

describe("pageOf", () => {
  it("cuts pages of the given size, 1-based, with the positions shown", () => {
    expect(pageOf(list, 1, 20)).toMatchObject({ page: 1, pages: 3, from: 1, to: 20 });
    expect(pageOf(list, 3, 20)).toEqual({ items: [41, 42, 43, 44, 45], page: 3, pages: 3, from: 41, to: 45 });
  });

  it("clamps a page out of range (the list got shorter)", () => {
    expect(pageOf(list, 9, 20)).toMatchObject({ page: 3, from: 41 });
    expect(pageOf(list, 0, 20)).toMatchObject({ page: 1, from: 1 });
    expect(pageOf(list, Number.NaN, 20)).toMatchObject({ page: 1 });
  });

  it("has one empty page for an empty list", () => {
    expect(pageOf([], 2, 20)).toEqual({ items: [], page: 1, pages: 1, from: 0, to: 0 });
  });
});
