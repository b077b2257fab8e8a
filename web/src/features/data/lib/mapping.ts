/**
 * The column mapping of the import wizard: which column of the file fills which field. A mapping
 * (template or saved) names candidate headers per field; against a file it resolves to one column
 * per field, the first candidate the file has, compared case-insensitively without surrounding
 * spaces (ImportRows.Columns.of on the node). The wizard edits that resolution; an edited one is
 * saved by name (SaveImportMapping) before it is used, as ImportCsv takes a mapping by name only.
 */

export interface MappingColumn {
  field: string;
  headers: string[];
}

/** Field → the file's column that fills it ("" or absent: none). */
export type Assignment = Record<string, string>;

export type EntityKey = "product" | "asset" | "bulkStock" | "location" | "company" | "contact";

/** Groups of fields of which a file must fill at least one each: the entity's natural key (ImportRows.keyFields). */
export const KEY_FIELDS: Record<EntityKey, string[][]> = {
  location: [["code"]],
  product: [["gtin", "model"]],
  asset: [["barcode"]],
  bulkStock: [["product_id", "product_gtin", "product_model"], ["location_id", "location_code"], ["quantity"]],
  company: [["name", "tax_id"]],
  contact: [["email"]],
};

const norm = (h: string) => h.trim().toLowerCase();

/** The file's distinct, non-blank columns in file order (a repeated header: its first column counts, as on the node). */
export function fileColumns(headers: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const h of headers) {
    const t = h.trim();
    if (t === "" || seen.has(norm(t))) continue;
    seen.add(norm(t));
    out.push(t);
  }
  return out;
}

/** What a mapping fills from this file: each field's first candidate header that the file has. */
export function resolveMapping(columns: MappingColumn[], headers: string[]): Assignment {
  const byNorm = new Map<string, string>();
  for (const h of fileColumns(headers)) byNorm.set(norm(h), h);
  const out: Assignment = {};
  for (const c of columns) {
    for (const candidate of c.headers) {
      const hit = byNorm.get(norm(candidate));
      if (hit !== undefined) {
        out[c.field] = hit;
        break;
      }
    }
  }
  return out;
}

/** Sets (or clears, with "") the column of one field. */
export function assign(a: Assignment, field: string, header: string): Assignment {
  const out = { ...a };
  if (header === "") delete out[field];
  else out[field] = header;
  return out;
}

/** Whether two assignments fill the same fields from the same columns. */
export function sameAssignment(a: Assignment, b: Assignment): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? "") !== (b[k] ?? "")) return false;
  return true;
}

/** The assignment as a mapping to save: one header per filled field, in the entity's field order. */
export function toColumns(fields: string[], a: Assignment): MappingColumn[] {
  return fields.filter((f) => a[f]).map((f) => ({ field: f, headers: [a[f]] }));
}

/** The key groups the assignment fills none of (the node refuses such a file whole). */
export function missingKeys(entity: EntityKey, a: Assignment): string[][] {
  return KEY_FIELDS[entity].filter((group) => !group.some((f) => a[f]));
}

/** Whether a field belongs to the entity's key. */
export function isKeyField(entity: EntityKey, field: string): boolean {
  return KEY_FIELDS[entity].some((g) => g.includes(field));
}

/** The file's columns no field takes (they are not imported). */
export function unusedColumns(headers: string[], a: Assignment): string[] {
  const used = new Set(Object.values(a).map(norm));
  return fileColumns(headers).filter((h) => !used.has(norm(h)));
}

/** A saved mapping's name as the node takes it: [a-z0-9][a-z0-9._-]{0,63}, not a template's. */
export const MAPPING_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const TEMPLATE_NAMES = ["eventkit", "snipe-it", "current-rms"];

export function mappingNameProblem(name: string): "required" | "shape" | "template" | undefined {
  if (name === "") return "required";
  if (!MAPPING_NAME.test(name)) return "shape";
  if (TEMPLATE_NAMES.includes(name)) return "template";
  return undefined;
}

/** A name to offer for a mapping made for a file: its name without the extension, as a mapping name. */
export function suggestMappingName(fileName: string, entity: EntityKey): string {
  const base = fileName
    .replace(/\.[^.]*$/, "")
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .replace(/-+$/, "")
    .slice(0, 64);
  const name = base || entity.toLowerCase();
  return TEMPLATE_NAMES.includes(name) ? `${name}-custom` : name;
}
