// Fails the build when the JavaScript the first page load needs (the entry script plus the chunks
// index.html preloads) is over the gzip budget of issue 17. Routes are code-split and don't count.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET = 250 * 1024;
const dist = process.argv[2] ?? "target/dist";
const html = readFileSync(join(dist, "index.html"), "utf8");
const files = new Set(
  [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]),
);
let total = 0;
for (const f of files) total += gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1) + " kB";
console.log(`initial JavaScript: ${files.size} file(s), ${kb(total)} gzip (budget ${kb(BUDGET)})`);
if (total > BUDGET) {
  console.error(`the initial JavaScript is over its gzip budget: ${kb(total)} > ${kb(BUDGET)}`);
  process.exit(1);
}
