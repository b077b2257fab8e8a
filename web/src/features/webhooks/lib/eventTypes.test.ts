import { describe, expect, it } from "vitest";
import { isPattern, matches, normalisePatterns, patternOptions, selectedTypes, unknownPatterns } from "./eventTypes";

const CATALOGUE = ["event.created", "event.status_changed", "quote.sent", "quote.accepted", "quote.declined", "scan.discrepancy", "webhook.test"];

describe("event-type patterns", () => {
  it("tells patterns from garbage", () => {
    expect(["*", "quote.*", "quote.accepted", "crew.assignment_offered", "a.b.*"].every(isPattern)).toBe(true);
    expect(["", "quote", "Quote.accepted", "quote.", ".*", "quote.**", "*.accepted", "quote.*.x", " quote.sent"].some(isPattern)).toBe(false);
  });

  it("matches a type, a prefix and everything", () => {
    expect(matches("quote.sent", "quote.sent")).toBe(true);
    expect(matches("quote.sent", "quote.accepted")).toBe(false);
    expect(matches("quote.*", "quote.accepted")).toBe(true);
    // A prefix ends at a dot: quote.* is not quotes.sent.
    expect(matches("quote.*", "quotes.sent")).toBe(false);
    expect(matches("*", "scan.discrepancy")).toBe(true);
  });

  it("counts what a subscription selects, in catalogue order", () => {
    expect(selectedTypes(["scan.discrepancy", "quote.*"], CATALOGUE)).toEqual(["quote.sent", "quote.accepted", "quote.declined", "scan.discrepancy"]);
    expect(selectedTypes(["*"], CATALOGUE)).toHaveLength(7);
    expect(selectedTypes([], CATALOGUE)).toEqual([]);
  });

  it("finds patterns that select nothing", () => {
    expect(unknownPatterns(["quote.*", "quote.paid", "nothing.*", "bad"], CATALOGUE)).toEqual(["quote.paid", "nothing.*", "bad"]);
  });

  it("offers *, then per group its prefix (when it has several types) and its types", () => {
    expect(patternOptions(CATALOGUE)).toEqual([
      { group: "*", items: ["*"] },
      { group: "event", items: ["event.*", "event.created", "event.status_changed"] },
      { group: "quote", items: ["quote.*", "quote.sent", "quote.accepted", "quote.declined"] },
      { group: "scan", items: ["scan.discrepancy"] },
      { group: "webhook", items: ["webhook.test"] },
    ]);
  });

  it("tidies a choice: * alone, nothing a chosen prefix covers, no duplicates", () => {
    expect(normalisePatterns(["quote.sent", "*", "event.created"])).toEqual(["*"]);
    expect(normalisePatterns(["quote.sent", "quote.*", "event.created", "quote.accepted", "event.created"])).toEqual(["quote.*", "event.created"]);
    expect(normalisePatterns(["a.b.*", "a.*", "a.b.c"])).toEqual(["a.*"]);
    expect(normalisePatterns([" quote.sent ", ""])).toEqual(["quote.sent"]);
  });
});
