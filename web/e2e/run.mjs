// End-to-end test of the web app in Debian's Chromium, driven by playwright-core, against a running
// node. Usage: node e2e/run.mjs <baseUrl>   (env: EVENTKIT_ADMIN_TOKEN, required: a token with
// PERMISSION_USERS_ADMIN to create the test users; CHROMIUM, default /usr/bin/chromium;
// E2E_OUT, default target/e2e: screenshots). Run by the node's WebAppBrowserIT in ./mvnw verify.
// Prints "N passed, M failed" and exits non-zero on any failure.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const base = (process.argv[2] ?? "").replace(/\/$/, "");
const adminToken = process.env.EVENTKIT_ADMIN_TOKEN;
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const out = resolve(process.env.E2E_OUT ?? "target/e2e");
if (!base || !adminToken) {
  console.error("usage: EVENTKIT_ADMIN_TOKEN=... node e2e/run.mjs http://127.0.0.1:PORT");
  process.exit(2);
}
mkdirSync(out, { recursive: true });

async function connect(method, body, token) {
  const r = await fetch(`${base}/eventkit.v1.${method}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = await r.json();
  return { status: r.status, json };
}

const stamp = Date.now().toString(36);
const PASSWORD = "correct horse battery staple";
const admin = { email: `ada.${stamp}@example.com`, name: "Ada Admin", roles: ["ROLE_ADMIN"] };
const warehouse = { email: `wim.${stamp}@example.com`, name: "Wim Warehouse", roles: ["ROLE_WAREHOUSE"] };
for (const u of [admin, warehouse]) {
  const r = await connect(
    "AuthService/CreateUser",
    { email: u.email, displayName: u.name, roles: u.roles, password: PASSWORD, locale: "en-GB", timeZone: "Europe/Berlin" },
    adminToken,
  );
  if (r.status !== 200) throw new Error(`CreateUser ${u.email}: ${r.status} ${JSON.stringify(r.json)}`);
}

const flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync"];
const profile = mkdtempSync(join(tmpdir(), "eventkit-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath, headless: true, args: flags, viewport: { width: 1280, height: 800 }, locale: "en-GB",
});
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(15_000);
const consoleErrors = [];
page.on("pageerror", (e) => consoleErrors.push(String(e)));

let passed = 0;
let failed = 0;
async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e instanceof Error ? e.message.split("\n")[0] : e}`);
    await page.screenshot({ path: join(out, `failed-${passed + failed}.png`), fullPage: true }).catch(() => {});
  }
}
function expect(cond, message) {
  if (!cond) throw new Error(message);
}
const shot = (name) => page.screenshot({ path: join(out, `${name}.png`), fullPage: true });

async function login(user) {
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

try {
  await step("a deep link without a session lands on the login page", async () => {
    const started = Date.now();
    await page.goto(`${base}/inventory/products`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    console.log(`     first load to the login form: ${Date.now() - started} ms`);
    expect(new URL(page.url()).pathname === "/login", `at ${page.url()}`);
    await shot("01-login");
  });

  await step("a wrong password shows the API's message", async () => {
    await page.getByLabel("Email").fill(admin.email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill("not the password at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("login-error").waitFor();
  });

  await step("the admin logs in and returns to the deep link, with their name in the shell", async () => {
    await login(admin);
    await page.waitForURL(/\/inventory\/products/);
    await page.getByTestId("user-name").filter({ hasText: admin.name }).waitFor();
    await page.getByTestId("product-table").locator("tbody tr").first().waitFor();
    await shot("02-products");
  });

  await step("product search runs on the server and lands in the URL", async () => {
    const first = (await page.getByTestId("product-table").locator("tbody tr td").first().innerText()).trim();
    const word = first.split(/\s+/)[0];
    await page.getByTestId("product-search").fill(word);
    await page.waitForURL((u) => new URL(u).searchParams.get("q") === word);
    await page.getByTestId("product-table").locator("tbody tr").first().waitFor();
    const names = await page.getByTestId("product-table").locator("tbody tr").allInnerTexts();
    expect(names.length > 0, "no rows");
    await shot("03-product-search");
  });

  await step("the admin sees admin navigation and the node's health", async () => {
    await page.goto(`${base}/`);
    await page.getByTestId("welcome").filter({ hasText: admin.name }).waitFor();
    for (const to of ["/", "/inventory/products", "/events", "/partners", "/settings"]) {
      await page.locator(`[data-nav="${to}"]`).waitFor();
    }
    await page.getByTestId("node-health").filter({ hasText: /Healthy|Degraded/ }).waitFor();
    await shot("04-dashboard");
  });

  await step("a reload keeps the session (refresh token) and the page", async () => {
    await page.reload();
    await page.getByTestId("welcome").filter({ hasText: admin.name }).waitFor();
  });

  await step("Arabic lays the page out right to left", async () => {
    await page.getByTestId("language").click();
    await page.getByRole("option", { name: "العربية" }).click();
    await page.waitForFunction(() => document.documentElement.dir === "rtl");
    const lang = await page.evaluate(() => document.documentElement.lang);
    expect(lang === "ar", `lang=${lang}`);
    await page.getByText("لوحة المعلومات").first().waitFor();
    await shot("05-dashboard-ar");
    await page.getByTestId("language").click();
    await page.getByRole("option", { name: "English" }).click();
    await page.waitForFunction(() => document.documentElement.dir === "ltr");
  });

  await step("the profile page shows preferences and the password form", async () => {
    await page.goto(`${base}/profile`);
    await page.getByRole("heading", { name: "Profile" }).waitFor();
    await page.getByLabel("Current password").waitFor();
    await shot("06-profile");
  });

  await step("logout ends the session and protected pages go to the login page", async () => {
    await page.getByTestId("user-menu").click();
    await page.getByTestId("logout").click();
    await page.waitForURL(/\/login/);
    await page.goto(`${base}/`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
  });

  await step("a Warehouse user sees no admin navigation", async () => {
    await login(warehouse);
    await page.getByTestId("user-name").filter({ hasText: warehouse.name }).waitFor();
    await page.locator('[data-nav="/inventory/products"]').waitFor();
    for (const to of ["/settings", "/partners"]) {
      expect((await page.locator(`[data-nav="${to}"]`).count()) === 0, `${to} is offered to Warehouse`);
    }
    await shot("07-warehouse");
  });

  await step("and the API refuses an admin call if the Warehouse user forces it", async () => {
    const session = await connect("AuthService/Login", { email: warehouse.email, password: PASSWORD });
    expect(session.status === 200, `login ${session.status}`);
    const r = await connect("AuthService/ListUsers", {}, session.json.accessToken);
    expect(r.status === 403 && r.json.code === "permission_denied", `ListUsers: ${r.status} ${JSON.stringify(r.json)}`);
  });

  await step("the Warehouse user logs out", async () => {
    await page.getByTestId("user-menu").click();
    await page.getByTestId("logout").click();
    await page.waitForURL(/\/login/);
  });

  await step("no uncaught errors in the page", async () => {
    expect(consoleErrors.length === 0, consoleErrors.join("; "));
  });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`screenshots: ${out}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
