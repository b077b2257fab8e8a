import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import {
  FindSuppliersForShortagesResponseSchema,
  PartnerQueryStatus,
  ProductMatch,
  QueryPartnerAvailabilityResponseSchema,
} from "../../../gen/eventkit/v1/federation_query_pb";
import { canRequest, rowsFromAvailability, rowsFromShortages } from "./partners";

const product = { id: "sp1", name: "Their mic", manufacturer: "Shure", model: "SM58" };

describe("rowsFromAvailability", () => {
  it("keeps every partner: answers with their product and quantity, silent ones with their status", () => {
    const r = create(QueryPartnerAvailabilityResponseSchema, {
      partners: [
        { partnerNodeId: "a.example", status: PartnerQueryStatus.OK, lines: [{ lineIndex: 0, match: ProductMatch.GTIN, product, availableQuantity: 4 }] },
        { partnerNodeId: "b.example", status: PartnerQueryStatus.TIMEOUT, detail: "no answer in 500 ms" },
        { partnerNodeId: "c.example", status: PartnerQueryStatus.OK, lines: [{ lineIndex: 0, match: ProductMatch.NONE }] },
      ],
    });
    const rows = rowsFromAvailability(r);
    expect(rows.map((x) => [x.partnerNodeId, x.status, x.product?.id, x.available])).toEqual([
      ["a.example", PartnerQueryStatus.OK, "sp1", 4],
      ["b.example", PartnerQueryStatus.TIMEOUT, undefined, 0],
      ["c.example", PartnerQueryStatus.OK, undefined, 0],
    ]);
    expect(rows[1].detail).toBe("no answer in 500 ms");
    expect(rows.map((x) => canRequest(x, 4))).toEqual([true, false, false]);
    expect(canRequest(rows[0], 5)).toBe(false);
  });
});

describe("rowsFromShortages", () => {
  it("lists the partners offering the product, then the others with their status", () => {
    const r = create(FindSuppliersForShortagesResponseSchema, {
      eventId: "e1",
      lines: [
        { productId: "p1", shortfall: 3, suppliers: [{ partnerNodeId: "a.example", match: ProductMatch.MAPPED, product, availableQuantity: 3, fills: true }] },
        { productId: "p2", shortfall: 1, suppliers: [{ partnerNodeId: "b.example", product, availableQuantity: 1 }] },
      ],
      partners: [
        { partnerNodeId: "a.example", status: PartnerQueryStatus.OK },
        { partnerNodeId: "b.example", status: PartnerQueryStatus.OK },
        { partnerNodeId: "c.example", status: PartnerQueryStatus.DENIED },
      ],
    });
    const rows = rowsFromShortages(r, "p1");
    expect(rows.map((x) => [x.partnerNodeId, x.status, x.product?.id ?? null, x.available])).toEqual([
      ["a.example", PartnerQueryStatus.OK, "sp1", 3],
      ["b.example", PartnerQueryStatus.OK, null, 0],
      ["c.example", PartnerQueryStatus.DENIED, null, 0],
    ]);
    expect(rows.filter((x) => canRequest(x, 3)).map((x) => x.partnerNodeId)).toEqual(["a.example"]);
  });
});
