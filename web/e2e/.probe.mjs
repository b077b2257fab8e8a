import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
const base = "http://127.0.0.1:18680";
const token = readFileSync("/tmp/wr/data/admin-token", "utf8").trim();
const email = `probe.${Date.now()}@example.com`;
const role = process.argv[2] ?? "ROLE_ADMIN";
let r = await fetch(`${base}/eventkit.v1.AuthService/CreateUser`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
  body: JSON.stringify({ email, displayName: "Probe", roles: [role], password: "correct horse battery staple" }) });
console.log("create", r.status);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: process.argv[3] ?? "en-GB" });
page.on("pageerror", (e) => console.log("PAGEERROR", e.stack ?? String(e)));
page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") console.log("CONSOLE", m.type(), m.text().slice(0, 800)); });
await page.goto(`${base}/login`);
await page.getByLabel("Email").fill(email);
await page.getByRole("textbox", { name: "Password", exact: true }).fill("correct horse battery staple");
await page.getByRole("button", { name: "Sign in", exact: true }).click();
await page.waitForTimeout(8000);
await page.screenshot({ path: "/tmp/wr/probe.png", fullPage: true });
const path = process.argv[4];
if (path) { await page.goto(base + path); await page.waitForTimeout(6000); await page.screenshot({ path: "/tmp/wr/probe2.png", fullPage: true }); }
await browser.close();
