import { describe, expect, it } from "vitest";
import { create } from "@bufbuild/protobuf";
import { DuplicateMatch_Reason, DuplicateMatchSchema } from "../../../gen/eventkit/v1/crm_pb";
import { duplicateQuery, duplicateRows } from "./duplicates";

describe("duplicate warning", () => {
  it("asks nothing until a field is worth comparing", () => {
    expect(duplicateQuery({ name: "Ac", email: "ada@", website: "acme" })).toBeNull();
    expect(duplicateQuery({ name: "  Acme  " })).toEqual({ name: "Acme", email: "", website: "" });
    expect(duplicateQuery({ email: "ada@acme.com" })).toEqual({ name: "", email: "ada@acme.com", website: "" });
    expect(duplicateQuery({ website: "https://acme.co.uk" })?.website).toBe("https://acme.co.uk");
  });

  it("lists each match once with its reason, contacts with their company, archived ones marked", () => {
    const rows = duplicateRows([
      create(DuplicateMatchSchema, { reason: DuplicateMatch_Reason.NAME, company: { id: "c1", name: "ACME Ltd", archived: true } }),
      create(DuplicateMatchSchema, { reason: DuplicateMatch_Reason.DOMAIN, company: { id: "c1", name: "ACME Ltd" } }),
      create(DuplicateMatchSchema, {
        reason: DuplicateMatch_Reason.EMAIL,
        contact: { id: "p1", companyId: "c2", companyName: "Acme GmbH", firstName: "Ada", lastName: "Lovelace" },
      }),
    ]);
    expect(rows).toEqual([
      { kind: "company", id: "c1", companyId: "c1", label: "ACME Ltd", reason: "name", archived: true },
      { kind: "contact", id: "p1", companyId: "c2", label: "Ada Lovelace (Acme GmbH)", reason: "email", archived: false },
    ]);
  });
});
