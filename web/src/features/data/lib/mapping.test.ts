import { describe, expect, it } from "vitest";
import {
  assign,
  fileColumns,
  isKeyField,
  mappingNameProblem,
  missingKeys,
  resolveMapping,
  sameAssignment,
  suggestMappingName,
  toColumns,
  unusedColumns,
} from "./mapping";

// The Snipe-IT asset template as the node lists it (ImportMapping.templates).
const SNIPE = [
  { field: "barcode", headers: ["Asset Tag"] },
  { field: "serial", headers: ["Serial Number", "Serial"] },
  { field: "product_manufacturer", headers: ["Manufacturer"] },
  { field: "product_model", headers: ["Model Name", "Model"] },
  { field: "location_code", headers: ["Location"] },
  { field: "home_location_code", headers: ["Default Location", "Location"] },
  { field: "status", headers: ["Status"] },
];
const FILE = ["asset tag", " Serial ", "Model", "Location", "Notes", "", "Model"];

describe("resolveMapping", () => {
  it("takes each field's first candidate the file has, case-insensitively, without spaces, as the node does", () => {
    expect(resolveMapping(SNIPE, FILE)).toEqual({
      barcode: "asset tag",
      serial: "Serial",
      product_model: "Model",
      location_code: "Location",
      home_location_code: "Location",
    });
  });

  it("fills nothing from a file with none of the headers", () => {
    expect(resolveMapping(SNIPE, ["x", "y"])).toEqual({});
  });
});

describe("editing an assignment", () => {
  it("sets and clears a field's column without touching the others", () => {
    const a = resolveMapping(SNIPE, FILE);
    const b = assign(a, "status", "Notes");
    expect(b.status).toBe("Notes");
    expect(a.status).toBeUndefined();
    const c = assign(b, "serial", "");
    expect("serial" in c).toBe(false);
    expect(sameAssignment(assign(c, "serial", "Serial"), b)).toBe(true);
    expect(sameAssignment(a, b)).toBe(false);
    expect(sameAssignment({ a: "" }, {})).toBe(true);
  });

  it("saves as one header per filled field, in the entity's order", () => {
    const a = { serial: "Serial", barcode: "asset tag" };
    expect(toColumns(["id", "barcode", "product_id", "serial"], a)).toEqual([
      { field: "barcode", headers: ["asset tag"] },
      { field: "serial", headers: ["Serial"] },
    ]);
  });

  it("a saved assignment resolves to itself on the same file", () => {
    const a = assign(resolveMapping(SNIPE, FILE), "status", "Notes");
    const fields = SNIPE.map((c) => c.field);
    expect(resolveMapping(toColumns(fields, a), FILE)).toEqual(a);
  });
});

describe("the key", () => {
  it("lists the key groups no column fills", () => {
    expect(missingKeys("asset", {})).toEqual([["barcode"]]);
    expect(missingKeys("asset", { barcode: "Tag" })).toEqual([]);
    expect(missingKeys("product", { model: "Model" })).toEqual([]);
    expect(missingKeys("bulkStock", { product_gtin: "GTIN" })).toEqual([["location_id", "location_code"], ["quantity"]]);
    expect(isKeyField("company", "tax_id")).toBe(true);
    expect(isKeyField("company", "city")).toBe(false);
  });
});

describe("the file's columns", () => {
  it("are distinct and non-blank; the unused ones are those no field takes", () => {
    expect(fileColumns(FILE)).toEqual(["asset tag", "Serial", "Model", "Location", "Notes"]);
    expect(unusedColumns(FILE, { barcode: "Asset Tag", serial: "Serial" })).toEqual(["Model", "Location", "Notes"]);
  });
});

describe("mapping names", () => {
  it("checks the node's shape and keeps template names free", () => {
    expect(mappingNameProblem("")).toBe("required");
    expect(mappingNameProblem("Old System")).toBe("shape");
    expect(mappingNameProblem("-x")).toBe("shape");
    expect(mappingNameProblem("x".repeat(65))).toBe("shape");
    expect(mappingNameProblem("snipe-it")).toBe("template");
    expect(mappingNameProblem("old-system_2.v1")).toBeUndefined();
  });

  it("suggests one from the file name", () => {
    expect(suggestMappingName("Produkte Übersicht 2024.csv", "product")).toBe("produkte-ubersicht-2024");
    expect(suggestMappingName("__.csv", "asset")).toBe("asset");
    expect(suggestMappingName("eventkit.csv", "asset")).toBe("eventkit-custom");
    expect(mappingNameProblem(suggestMappingName("  Assets (März).CSV", "asset"))).toBeUndefined();
  });
});
