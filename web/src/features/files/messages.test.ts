import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createIntl } from "react-intl";
import { filesAr, filesDe, filesEn } from "./messages";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.includes(".test.") && e.name !== "messages.ts" ? [join(dir, e.name)] : [],
  );
}

const FAILURES = ["unauthenticated", "forbidden", "notFound", "tooLarge", "unsupported", "badRequest", "server", "network", "networkLarge"];

describe("files messages", () => {
  it("have an English text for every key the panel names, and for every upload failure", () => {
    const used = new Set<string>(FAILURES.map((k) => `files.upload.error.${k}`));
    for (const f of sources(__dirname)) for (const m of readFileSync(f, "utf8").matchAll(/"(files\.[A-Za-z0-9_.-]+)"/g)) used.add(m[1]);
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((k) => !(k in filesEn))).toEqual([]);
  });

  it("are all well-formed ICU messages in every language", () => {
    const values = { count: 3, name: "a.pdf", size: "1 kB", message: "m", status: 500, max: "25 MB", by: "Ada", at: "today" };
    for (const [locale, messages] of [["en", filesEn], ["de", filesDe], ["ar", filesAr]] as const) {
      const errors: string[] = [];
      const intl = createIntl({ locale, messages, onError: (e) => errors.push(`${locale}: ${e.message}`) });
      for (const id of Object.keys(filesEn)) expect(intl.formatMessage({ id }, values)).not.toBe(id);
      expect(errors).toEqual([]);
    }
  });
});
