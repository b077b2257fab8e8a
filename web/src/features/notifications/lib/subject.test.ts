import { describe, expect, it } from "vitest";
import { linkProps, subjectHref } from "./subject";

describe("subjectHref", () => {
  it("maps every subject kind of the contract onto the app's routes", () => {
    expect(subjectHref("event", "e1")).toBe("/events/e1");
    expect(subjectHref("quote", "q1")).toBe("/quotes/q1");
    expect(subjectHref("subhire", "n1")).toBe("/subhires/n1");
    expect(subjectHref("partner", "node-b")).toBe("/partners/node-b");
    expect(subjectHref("asset", "a1")).toBe("/inventory/assets/a1");
    expect(subjectHref("webhook", "w1")).toBe("/settings/webhooks?webhook=w1");
    expect(subjectHref("user", "u1")).toBe("/settings");
  });

  it("sends an assignment offer to the crew member's list and an answer to the crew screen", () => {
    expect(subjectHref("crew_assignment", "c1", "crew.assignment_offered")).toBe("/my-work");
    expect(subjectHref("crew_assignment", "c1", "crew.assignment_responded")).toBe("/crew");
  });

  it("has no link without a kind, without an ID, or for a kind it does not know", () => {
    expect(subjectHref("", "")).toBeUndefined();
    expect(subjectHref("", "x")).toBeUndefined();
    expect(subjectHref("event", "")).toBeUndefined();
    expect(subjectHref("invoice", "i1")).toBeUndefined();
  });

  it("escapes an ID so it stays one path segment", () => {
    expect(subjectHref("event", "a/b?c")).toBe("/events/a%2Fb%3Fc");
    expect(subjectHref("webhook", "a&b")).toBe("/settings/webhooks?webhook=a%26b");
  });

  it("splits a query off for the router", () => {
    expect(linkProps("/events/e1")).toEqual({ to: "/events/e1" });
    expect(linkProps("/settings/webhooks?webhook=a%26b")).toEqual({ to: "/settings/webhooks", search: { webhook: "a&b" } });
  });
});
