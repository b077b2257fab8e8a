import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { PartnerHealthSchema, PartnerSchema } from "../../../gen/eventkit/v1/trust_pb";
import { certificateExpired, formatOffset, mergeHealth, nodeIdProblem, relative } from "./partners";

describe("mergeHealth", () => {
  it("pairs each partner with its health by node ID and names it by display name, else the health's, else the ID", () => {
    const rows = mergeHealth(
      [
        create(PartnerSchema, { nodeId: "a.example", displayName: "Acme AV" }),
        create(PartnerSchema, { nodeId: "b.example" }),
        create(PartnerSchema, { nodeId: "c.example" }),
      ],
      [
        create(PartnerHealthSchema, { nodeId: "b.example", displayName: "Bravo", latencyP50Ms: 3 }),
        create(PartnerHealthSchema, { nodeId: "a.example", latencyP50Ms: 7 }),
      ],
    );
    expect(rows.map((r) => [r.name, r.health?.latencyP50Ms])).toEqual([
      ["Acme AV", 7],
      ["Bravo", 3],
      ["c.example", undefined],
    ]);
  });
});

describe("nodeIdProblem", () => {
  it("accepts lowercase DNS names and refuses empty, upper case and spaces", () => {
    expect(nodeIdProblem("acme-av.example")).toBeNull();
    expect(nodeIdProblem("  stage-co ")).toBeNull();
    expect(nodeIdProblem(" ")).toBe("empty");
    expect(nodeIdProblem("Acme.example")).toBe("format");
    expect(nodeIdProblem("a b")).toBe("format");
    expect(nodeIdProblem("a.example.")).toBe("format");
  });
});

describe("time helpers", () => {
  const now = new Date("2026-12-04T12:00:00Z");
  it("picks the largest unit that fits for relative times", () => {
    expect(relative(new Date("2026-12-04T11:59:30Z"), now)).toEqual({ value: -30, unit: "second" });
    expect(relative(new Date("2026-12-04T11:45:00Z"), now)).toEqual({ value: -15, unit: "minute" });
    expect(relative(new Date("2026-12-06T12:00:00Z"), now)).toEqual({ value: 2, unit: "day" });
  });
  it("signs clock offsets and switches to seconds from 1 s", () => {
    expect(formatOffset(350n)).toBe("+350 ms");
    expect(formatOffset(-42_000n)).toBe("−42.0 s");
    expect(formatOffset(0n)).toBe("±0 ms");
  });
  it("calls a certificate expired once its expiry has passed", () => {
    expect(certificateExpired({ clientCertificateExpiresAt: timestampFromDate(new Date("2026-12-04T11:00:00Z")) }, now)).toBe(true);
    expect(certificateExpired({ clientCertificateExpiresAt: timestampFromDate(new Date("2026-12-05T11:00:00Z")) }, now)).toBe(false);
    expect(certificateExpired({}, now)).toBe(false);
  });
});
