import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The house rule, enforced: a feature folder (src/features/<f>/) never imports another feature's
 * insides. Shared pieces live in src/components/ or src/lib/; features meet in the route files under
 * src/app/ (which may import any feature) through slots such as `extra`.
 */
const SRC = resolve(__dirname, "..");
const FEATURES = join(SRC, "features");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|tsx|js|jsx|mts|cts)$/.test(e.name) ? [p] : [];
  });
}

/** Module specifiers a file names: static and type imports, re-exports, side-effect and dynamic imports, vi.mock. */
function specifiers(code: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\b(?:vi|jest)\.(?:mock|doMock|importActual|importMock)\s*(?:<[^>]*>)?\s*\(\s*["']([^"']+)["']/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]);
  return found;
}

/** The feature a path inside src/ belongs to, if any. */
function featureOf(path: string): string | undefined {
  const rel = relative(FEATURES, path);
  if (rel.startsWith("..") || rel === "") return undefined;
  return rel.split(sep)[0];
}

/** Where a specifier written in `file` points, if it is a path inside the app. */
function target(file: string, spec: string): string | undefined {
  if (spec.startsWith(".")) return resolve(dirname(file), spec);
  if (spec.startsWith("/")) return spec;
  if (/^(@|~|src)\/features\//.test(spec)) return join(SRC, spec.replace(/^(@|~|src)\//, ""));
  return undefined;
}

const shown = (file: string) => relative(resolve(SRC, ".."), file).split(sep).join("/");

/** "src/features/x/…: imports "spec" (feature y)" for every import of another feature's folder. */
function crossFeatureImports(): string[] {
  const problems: string[] = [];
  for (const file of sources(FEATURES)) {
    const own = featureOf(file);
    for (const spec of specifiers(readFileSync(file, "utf8"))) {
      const to = target(file, spec);
      const other = to && featureOf(to);
      if (other && other !== own) problems.push(`${shown(file)}: imports "${spec}" (feature ${other})`);
    }
  }
  return problems;
}

/** The shared pieces (components/, lib/) import no feature at all: features build on them, not the reverse. */
function sharedImportingFeatures(): string[] {
  const problems: string[] = [];
  for (const file of [...sources(join(SRC, "components")), ...sources(join(SRC, "lib"))]) {
    for (const spec of specifiers(readFileSync(file, "utf8"))) {
      const to = target(file, spec);
      const feature = to && featureOf(to);
      if (feature) problems.push(`${shown(file)}: imports "${spec}" (feature ${feature})`);
    }
  }
  return problems;
}

describe("architecture", () => {
  it("finds the imports it is meant to police", () => {
    expect(
      specifiers(`import { a } from "../../x/a";
        import type { B } from '../b';
        export { c } from "./c";
        import "./side";
        const d = await import("../d");
        vi.mock("../../e/api", () => ({}));
        vi.mock("../f", async (o) => ({ ...(await o<typeof import("../g")>()) }));`),
    ).toEqual(["../../x/a", "../b", "./c", "./side", "../d", "../g", "../../e/api", "../f"]);
  });

  it("no feature imports another feature's folder (shared pieces go to components/ or lib/; routes compose)", () => {
    const problems = crossFeatureImports();
    expect(problems, `Cross-feature imports:\n${problems.join("\n")}`).toEqual([]);
  });

  it("components/ and lib/ import no feature", () => {
    const problems = sharedImportingFeatures();
    expect(problems, `Shared code importing features:\n${problems.join("\n")}`).toEqual([]);
  });
});
