import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createIntl } from "react-intl";
import { dataAr, dataDe, dataEn } from "./messages";
import { ENTITIES } from "./lib/entities";
import { KEY_FIELDS } from "./lib/mapping";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.includes(".test.") && e.name !== "messages.ts" ? [join(dir, e.name)] : [],
  );
}

describe("data messages", () => {
  it("have an English text for every key the screens name", () => {
    const used = new Set<string>();
    for (const f of sources(__dirname)) for (const m of readFileSync(f, "utf8").matchAll(/"(data\.[A-Za-z0-9_.-]+)"/g)) used.add(m[1]);
    expect(used.size).toBeGreaterThan(80);
    expect([...used].filter((k) => !(k in dataEn))).toEqual([]);
  });

  it("name every key built at run time", () => {
    const keys = [
      ...ENTITIES.flatMap((e) => [`data.entity.${e.key}`, `data.import.open.${e.key}`]),
      ...Object.keys(KEY_FIELDS).map((k) => `data.entity.${k}`),
      ...["eventkit", "snipe-it", "current-rms"].map((t) => `data.import.template.${t}`),
      ...["empty", "notUtf8", "noHeader", "unreadable"].map((r) => `data.import.file.problem.${r}`),
      ...["required", "shape", "template"].map((r) => `data.import.save.problem.${r}`),
      ...["auto", "utf8", "windows1252"].map((v) => `data.import.encoding.${v}`),
      ...["comma", "semicolon", "tab"].map((v) => `data.import.delimiter.${v}`),
      ...["rows", "wouldCreate", "wouldUpdate", "created", "updated", "unchanged", "errors"].map((v) => `data.import.sum.${v}`),
      ...["first", "previous", "next", "last"].map((v) => `data.import.errors.${v}`),
      ...["reading", "sending", "done", "failed"].map((v) => `data.import.apply.phase.${v}`),
      ...["reading", "sending"].map((v) => `data.import.apply.step.${v}`),
      ...["done", "now", "later", "failed"].map((v) => `data.import.apply.state.${v}`),
      ...["unauthenticated", "forbidden", "badRequest", "server", "network", "interrupted"].map((v) => `data.export.error.${v}`),
    ];
    expect(keys.filter((k) => !(k in dataEn))).toEqual([]);
  });

  it("are all well-formed ICU messages in every language", () => {
    const values = { field: "gtin", name: "f.csv", size: "1 kB", max: "4 MB", count: 3, total: 5, rows: 2, created: 1, updated: 0, unchanged: 1, from: 1, to: 3, page: 2, entity: "X", fields: "a", columns: "b", encoding: "UTF-8", delimiter: ",", mapping: "m", message: "m", detail: "d", status: 500 };
    for (const [locale, messages] of [["en", dataEn], ["de", dataDe], ["ar", dataAr]] as const) {
      const errors: string[] = [];
      const intl = createIntl({ locale, messages, onError: (e) => errors.push(`${locale}: ${e.message}`) });
      for (const id of Object.keys(dataEn)) expect(intl.formatMessage({ id }, values)).not.toBe(id);
      expect(errors).toEqual([]);
    }
  });
});
