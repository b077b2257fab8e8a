// The login of a shared (SaaS) deployment in Debian's Chromium, driven by playwright-core: a company's
// first administrator opens the set-password link (its company in the fragment), chooses a password,
// signs in with the company account the login screen asks for, and every call names that company
// (EventKit-Tenant); after logging out the company is offered again, and an unknown one is refused
// with the node's message on the field.
// Usage: node e2e/saas.mjs <baseUrl>   (env: E2E_SET_PASSWORD_PATH, required: the path and fragment of
// the company's set-password link, /reset-password#token=…&tenant=acme; E2E_ADMIN_EMAIL, required:
// its first administrator; E2E_TENANT, default acme; E2E_OTHER_PRODUCT: the name of a product of
// another company, which must not be listed; CHROMIUM, default /usr/bin/chromium; E2E_OUT, default
// target/e2e: screenshots). Run by the node's SaasBrowserIT in ./mvnw verify.
// Prints "saas e2e: N passed, M failed" and exits non-zero on any failure.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { accessible, expect, launch, steps } from "./support.mjs";

const base = (process.argv[2] ?? "").replace(/\/$/, "");
const setPasswordPath = process.env.E2E_SET_PASSWORD_PATH ?? "";
const email = process.env.E2E_ADMIN_EMAIL ?? "";
const tenant = process.env.E2E_TENANT ?? "acme";
const otherProduct = process.env.E2E_OTHER_PRODUCT ?? "";
const out = resolve(process.env.E2E_OUT ?? "target/e2e");
if (!base || !setPasswordPath.startsWith("/") || !email) {
  console.error("usage: E2E_SET_PASSWORD_PATH=/reset-password#token=… E2E_ADMIN_EMAIL=… node e2e/saas.mjs http://127.0.0.1:PORT");
  process.exit(2);
}
mkdirSync(out, { recursive: true });

const stamp = Date.now().toString(36);
const PASSWORD = `saas e2e ${stamp} password`; // 12+ characters
const UNKNOWN = "nobody-here";
const ownProduct = `Acme Line Array ${stamp}`;

/** A Connect JSON call addressed to `company` (EventKit-Tenant), with a bearer token if given. */
async function tenantCall(company, method, body, token) {
  const r = await fetch(`${base}/eventkit.v1.${method}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "EventKit-Tenant": company,
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  if (r.status !== 200) throw new Error(`${method} for ${company}: ${r.status} ${text}`);
  return JSON.parse(text);
}

const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB" });
const page = await context.newPage();
page.setDefaultTimeout(15_000);
const consoleErrors = [];
page.on("pageerror", (e) => consoleErrors.push(String(e)));
// Every Connect call the page makes, with the company it names.
const calls = [];
page.on("request", (req) => {
  const path = new URL(req.url()).pathname;
  if (!path.startsWith("/eventkit.v1.")) return;
  const entry = { method: path.slice("/eventkit.v1.".length), tenant: undefined };
  entry.read = req.allHeaders().then(
    (h) => (entry.tenant = h["eventkit-tenant"] ?? null),
    () => (entry.tenant = null),
  );
  calls.push(entry);
});
/** The calls since `from` (an index into `calls`), once their headers are read. */
async function callsSince(from) {
  const since = calls.slice(from);
  // A request whose headers never come (it failed on the way) counts as unread: tenant undefined.
  await Promise.race([Promise.all(since.map((c) => c.read)), page.waitForTimeout(5_000)]);
  return since;
}
const describe = (list) => list.map((c) => `${c.method}=${c.tenant}`).join(", ");

const { step, summary } = steps(out, () => [page]);
const shot = (name) => page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
const tenantField = () => page.getByRole("textbox", { name: "Company account" });
const loginHeading = () => page.getByRole("heading", { name: "Sign in" });

async function fillLogin(company, password) {
  await tenantField().fill(company);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

try {
  await step("the set-password link sets a new password in its company, and only then chooses it", async () => {
    await page.goto(`${base}${setPasswordPath}`);
    await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
    // The fragment (token and company) is read once and taken out of the address bar.
    expect(new URL(page.url()).hash === "", `the fragment stays in the address bar: ${page.url()}`);
    // Opening the link chooses nothing: a crafted link must not redirect the browser's next login.
    const before = await page.evaluate(() => localStorage.getItem("eventkit.tenant"));
    expect(before === null, `localStorage eventkit.tenant is ${before} before the password is set`);
    await page.getByRole("textbox", { name: "New password", exact: true }).fill(PASSWORD);
    await page.getByRole("textbox", { name: "New password again", exact: true }).fill(PASSWORD);
    const from = calls.length;
    await page.getByRole("button", { name: "Set password" }).click();
    await page.waitForURL((u) => new URL(u).pathname === "/login");
    const reset = (await callsSince(from)).filter((c) => c.method === "AuthService/ResetPassword");
    expect(reset.length === 1 && reset[0].tenant === tenant, `ResetPassword calls: ${describe(reset)}`);
    const stored = await page.evaluate(() => localStorage.getItem("eventkit.tenant"));
    expect(stored === tenant, `localStorage eventkit.tenant is ${stored}, not ${tenant}`);
  });

  await step("the login screen asks for the company account, prefilled with the link's", async () => {
    await loginHeading().waitFor();
    await tenantField().waitFor();
    const value = await tenantField().inputValue();
    expect(value === tenant, `the company field holds '${value}', not '${tenant}'`);
    await shot("saas-login-form");
  });

  await step("the new password logs in over the API; a product is made in the company", async () => {
    const session = await tenantCall(tenant, "AuthService/Login", { email, password: PASSWORD });
    expect(!!session.accessToken, `Login answered ${JSON.stringify(session)}`);
    await tenantCall(tenant, "InventoryService/CreateProduct", { product: {
      manufacturer: "Acme", model: `LA-${stamp}`, name: ownProduct, category: "Speakers",
      rentalPrice: { currencyCode: "EUR", minorUnits: "100" }, replacementValue: { currencyCode: "EUR", minorUnits: "1000" },
      tracking: "TRACKING_BULK" } }, session.accessToken);
  });

  await step("the administrator signs in and the app shell appears", async () => {
    await page.getByLabel("Email").fill(email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((u) => new URL(u).pathname === "/");
    await page.getByTestId("welcome").waitFor();
    await page.getByTestId("user-menu").waitFor();
    const name = (await page.getByTestId("user-name").innerText()).trim();
    expect(name !== "", "the user menu names nobody");
    // The company's (empty) dashboard drawn: its calls were answered, not refused.
    await page.getByTestId("today").locator("table, p").first().waitFor();
    await page.getByTestId("shortages").locator("table, p").first().waitFor();
    await page.getByRole("main").getByText("Loading…").first().waitFor({ state: "detached" });
    expect((await page.getByRole("main").getByRole("alert").count()) === 0,
      `an error on the dashboard: ${await page.getByRole("main").getByRole("alert").allInnerTexts()}`);
    await shot("saas-login");
  });

  await step("the company's products are listed, another company's are not", async () => {
    await page.goto(`${base}/inventory/products`);
    await page.getByTestId("product-table").locator("tbody tr", { hasText: ownProduct }).waitFor();
    if (otherProduct) {
      const rows = await page.getByTestId("product-table").locator("tbody tr").allInnerTexts();
      expect(!rows.some((r) => r.includes(otherProduct)), `another company's product is listed: ${rows.join(" | ")}`);
    }
  });

  await step(`every API call names the company (EventKit-Tenant: ${tenant}), a reload's refresh too`, async () => {
    const from = calls.length;
    await page.reload();
    await page.getByTestId("product-table").locator("tbody tr", { hasText: ownProduct }).waitFor();
    await page.waitForLoadState("networkidle");
    const all = await callsSince(0);
    expect(all.length > 0, "no Connect calls seen");
    const wrong = all.filter((c) => c.tenant !== tenant);
    expect(wrong.length === 0, `calls without EventKit-Tenant: ${tenant}: ${describe(wrong)}`);
    const after = all.slice(from).map((c) => c.method);
    expect(after.includes("AuthService/Refresh"), `no Refresh after the reload: ${after.join(", ")}`);
    expect(after.includes("InventoryService/ListProducts"), `no ListProducts after the reload: ${after.join(", ")}`);
    console.log(`     ${all.length} calls, all with EventKit-Tenant: ${tenant}`);
  });

  await step("logging out keeps the company account on the login screen", async () => {
    await page.getByTestId("user-menu").click();
    await page.getByTestId("logout").click();
    await page.waitForURL(/\/login/);
    await loginHeading().waitFor();
    await tenantField().waitFor();
    const value = await tenantField().inputValue();
    expect(value === tenant, `after logout the company field holds '${value}', not '${tenant}'`);
  });

  await step("an unknown company account is refused with the node's message", async () => {
    const from = calls.length;
    await fillLogin(UNKNOWN, PASSWORD);
    const message = page.getByText(`there is no company account '${UNKNOWN}' on this service`).first();
    await message.waitFor();
    expect(new URL(page.url()).pathname === "/login", `left the login screen: ${page.url()}`);
    // On the field (aria-invalid, described by the message) or above the form.
    const onField = (await tenantField().getAttribute("aria-invalid")) === "true";
    const asFormError = (await page.getByTestId("login-error").count()) > 0;
    expect(onField || asFormError, "the message is neither on the company field nor the form's error");
    const logins = (await callsSince(from)).filter((c) => c.method === "AuthService/Login");
    expect(logins.length > 0 && logins.every((c) => c.tenant === UNKNOWN), `Login calls: ${describe(logins)}`);
    await shot("saas-unknown-company");
  });

  await step("the login screen with the company field (and its refusal) is accessible", async () => {
    await accessible(page, "saas login");
  });

  await step("the company account corrected, the administrator signs in again", async () => {
    await fillLogin(tenant, PASSWORD);
    await page.waitForURL((u) => new URL(u).pathname === "/");
    await page.getByTestId("welcome").waitFor();
    const stored = await page.evaluate(() => localStorage.getItem("eventkit.tenant"));
    expect(stored === tenant, `localStorage eventkit.tenant is ${stored}, not ${tenant}`);
  });

  await step("'forgot password' asks in the company a spent link names (?tenant=), on the field", async () => {
    await page.goto(`${base}/forgot-password?tenant=${tenant}`);
    const field = page.getByTestId("forgot-tenant");
    await field.waitFor();
    const value = await field.inputValue();
    expect(value === tenant, `the company field holds '${value}', not '${tenant}'`);
    await page.getByLabel("Email").fill(email);
    const from = calls.length;
    await page.getByRole("button", { name: "Email me a link" }).click();
    // This node sends no email: it says so (or, with mail, that a link is on its way).
    await page.locator('[data-testid="forgot-sent"], [data-testid="forgot-error"]').first().waitFor();
    const asked = (await callsSince(from)).filter((c) => c.method === "AuthService/RequestPasswordReset");
    expect(asked.length === 1 && asked[0].tenant === tenant, `RequestPasswordReset calls: ${describe(asked)}`);
    await accessible(page, "forgot password with the company field");
  });

  await step("no uncaught errors in the page", async () => {
    expect(consoleErrors.length === 0, consoleErrors.join("; "));
  });
} finally {
  await context.close();
  await browser.close();
}
console.log(`screenshots: ${out}`);
process.exit(summary("saas e2e") === 0 ? 0 : 1);
