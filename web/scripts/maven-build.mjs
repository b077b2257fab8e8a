// Run by Maven (web/pom.xml): `npm ci` when package-lock.json changed since the last install, then
// `npm run build` when any input of the app changed since the last build. On CI (CI=true) both
// always run. Keeps `./mvnw package` quick when the web app was not touched.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";

const major = Number(process.versions.node.split(".")[0]);
if (major < 20) {
  console.error(`EventKit's web app needs Node.js 20+ with npm (found ${process.version}): apt-get install -y nodejs npm`);
  process.exit(1);
}
const ci = process.env.CI === "true";
const npm = (...args) => execFileSync("npm", args, { stdio: "inherit" });

function hashOf(paths) {
  const h = createHash("sha256");
  const walk = (p) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) {
      for (const e of readdirSync(p).sort()) {
        if (e === "gen" || e === "routeTree.gen.ts" || e === "node_modules") continue;
        walk(join(p, e));
      }
    } else {
      h.update(p).update("\0").update(readFileSync(p)).update("\0");
    }
  };
  paths.forEach(walk);
  return h.digest("hex");
}

const lockStamp = "node_modules/.eventkit-lock-hash";
const lockHash = hashOf(["package-lock.json"]);
if (ci || !existsSync(lockStamp) || readFileSync(lockStamp, "utf8") !== lockHash) {
  npm("ci", "--no-audit", "--no-fund");
  writeFileSync(lockStamp, lockHash);
} else {
  console.log("web: node_modules up to date with package-lock.json (npm ci skipped)");
}

const buildStamp = "target/.eventkit-inputs-hash";
const inputs = ["package-lock.json", "index.html", "vite.config.ts", "tsconfig.json", "tsr.config.json",
  "buf.gen.yaml", "scripts", "src", "public", "../proto/buf.yaml", "../proto/src/main/proto",
  "../proto/third_party"];
const inputsHash = hashOf(inputs);
if (ci || !existsSync("target/dist/index.html") || !existsSync(buildStamp) || readFileSync(buildStamp, "utf8") !== inputsHash) {
  npm("run", "build");
  writeFileSync(buildStamp, inputsHash);
} else {
  console.log("web: target/dist is up to date with its sources (npm run build skipped)");
}
