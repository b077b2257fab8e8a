// End-to-end test of the web app in Debian's Chromium, driven by playwright-core, against a running
// node. Usage: node e2e/run.mjs <baseUrl>   (env: EVENTKIT_ADMIN_TOKEN, required: a token with
// PERMISSION_USERS_ADMIN to create the test users; CHROMIUM, default /usr/bin/chromium;
// E2E_OUT, default target/e2e: screenshots). Run by the node's WebAppBrowserIT in ./mvnw verify.
// Prints "N passed, M failed" and exits non-zero on any failure.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { accessible as axeCheck, CHROMIUM_FLAGS, connect as connectTo, expect, steps } from "./support.mjs";
import { salesSteps } from "./sales.mjs";
import { crewSteps } from "./crew.mjs";
import { transportSteps } from "./transport.mjs";
import { reportsSteps } from "./reports.mjs";
import { dataSteps } from "./data.mjs";
import { notificationsSteps } from "./notifications.mjs";
import { filesSteps } from "./files.mjs";

const base = (process.argv[2] ?? "").replace(/\/$/, "");
const adminToken = process.env.EVENTKIT_ADMIN_TOKEN;
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const out = resolve(process.env.E2E_OUT ?? "target/e2e");
if (!base || !adminToken) {
  console.error("usage: EVENTKIT_ADMIN_TOKEN=... node e2e/run.mjs http://127.0.0.1:PORT");
  process.exit(2);
}
mkdirSync(out, { recursive: true });

function connect(method, body, token) {
  return connectTo(base, method, body, token);
}

const stamp = Date.now().toString(36);
const PASSWORD = "correct horse battery staple";
const admin = { email: `ada.${stamp}@example.com`, name: "Ada Admin", roles: ["ROLE_ADMIN"] };
const warehouse = { email: `wim.${stamp}@example.com`, name: "Wim Warehouse", roles: ["ROLE_WAREHOUSE"] };
const planner = { email: `pat.${stamp}@example.com`, name: "Pat Planner", roles: ["ROLE_PLANNER"] };
for (const u of [admin, warehouse, planner]) {
  const r = await connect(
    "AuthService/CreateUser",
    { email: u.email, displayName: u.name, roles: u.roles, password: PASSWORD, locale: "en-GB", timeZone: "Europe/Berlin" },
    adminToken,
  );
  if (r.status !== 200) throw new Error(`CreateUser ${u.email}: ${r.status} ${JSON.stringify(r.json)}`);
}

// A fresh event far in the future, so its availability is predictable, and a product to book.
const day = 24 * 3600 * 1000;
const startAt = new Date(Math.floor((Date.now() + 200 * day) / day) * day + 8 * 3600 * 1000);
const created = await connect(
  "PlanningService/CreateEvent",
  {
    name: `E2E Gala ${stamp}`, clientName: "E2E Client", venue: "Hall 1", timeZone: "Europe/Berlin",
    period: { start: startAt.toISOString(), end: new Date(startAt.getTime() + 3 * day).toISOString() },
  },
  adminToken,
);
if (created.status !== 200) throw new Error(`CreateEvent: ${created.status} ${JSON.stringify(created.json)}`);
const eventId = created.json.id;
const productList = await connect("InventoryService/ListProducts", { page: { pageSize: 1 } }, adminToken);
const product = productList.json.products?.[0];
if (!product) throw new Error(`no demo products: ${JSON.stringify(productList.json)}`);

const assetList = await connect("InventoryService/ListAssets", { page: { pageSize: 1 } }, adminToken);
const asset = assetList.json.assets?.[0];
if (!asset) throw new Error(`no demo assets: ${JSON.stringify(assetList.json)}`);

// A bulk product for the stock steps, and a shortage from the demo data for the timeline.
const allProducts = await connect("InventoryService/ListProducts", { page: { pageSize: 1000 } }, adminToken);
const bulkProduct = allProducts.json.products.find((p) => p.tracking === "TRACKING_BULK");
if (!bulkProduct) throw new Error("no bulk product in the demo data");
const isoDay = (d) => d.toISOString().slice(0, 10);
const shortages = await connect(
  "PlanningService/ListShortages",
  { window: { start: new Date().toISOString(), end: new Date(Date.now() + 60 * day).toISOString() }, page: { pageSize: 1 } },
  adminToken,
);
const shortage = shortages.json.shortages?.[0];
const oidcIssuer = process.env.E2E_OIDC_ISSUER;

const flags = CHROMIUM_FLAGS;
const profile = mkdtempSync(join(tmpdir(), "eventkit-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath, headless: true, args: flags, viewport: { width: 1280, height: 800 }, locale: "en-GB",
});
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(15_000);
const consoleErrors = [];
page.on("pageerror", (e) => consoleErrors.push(String(e)));

const { step, summary } = steps(out, () => [page]);
const shot = (name) => page.screenshot({ path: join(out, `${name}.png`), fullPage: true });

/** axe-core (WCAG 2.1 A/AA) on the page as it is: no serious or critical violation. */
function accessible(name) {
  return axeCheck(page, name);
}

/** The category dropdown's label of `name`: "name (n)" with n from ListCategories. */
async function categoryOption(name) {
  const r = await connect("InventoryService/ListCategories", {}, adminToken);
  const c = r.json.categories.find((x) => x.name === name);
  if (!c) throw new Error(`ListCategories lacks ${name}: ${JSON.stringify(r.json)}`);
  return `${name} (${c.productCount})`;
}

/** Picks `option` in the Mantine Select whose input has data-testid `testId`. */
async function choose(testId, option) {
  await page.getByTestId(testId).click();
  await page.getByRole("option", { name: option, exact: true }).first().click();
}

async function logout() {
  await page.getByTestId("user-menu").click();
  await page.getByTestId("logout").click();
  await page.waitForURL(/\/login/);
}

async function login(user, password = PASSWORD) {
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

try {
  await step("a deep link without a session lands on the login page", async () => {
    const started = Date.now();
    await page.goto(`${base}/inventory/products`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    console.log(`     first load to the login form: ${Date.now() - started} ms`);
    expect(new URL(page.url()).pathname === "/login", `at ${page.url()}`);
    await shot("01-login");
    await accessible("login");
  });

  await step("a wrong password shows the API's message", async () => {
    await page.getByLabel("Email").fill(admin.email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill("not the password at all");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByTestId("login-error").waitFor();
  });

  await step("the admin logs in and returns to the deep link, with their name in the shell", async () => {
    await login(admin);
    await page.waitForURL(/\/inventory\/products/);
    await page.getByTestId("user-name").filter({ hasText: admin.name }).waitFor();
    await page.getByTestId("product-table").locator("tbody tr").first().waitFor();
    await shot("02-products");
    await accessible("products");
  });

  await step("a category filters the product list on the server, in the URL", async () => {
    const link = page.getByTestId("category-link").first();
    const category = (await link.innerText()).trim();
    await link.click();
    await page.waitForURL((u) => new URL(u).searchParams.get("category") === category);
    await page.waitForFunction(
      (c) => document.querySelector('[data-testid="category-filter"]')?.value.startsWith(c),
      category,
    );
    await page.waitForFunction(
      (c) => {
        const cells = [...document.querySelectorAll('[data-testid="product-table"] [data-testid="category-link"]')];
        return cells.length > 0 && cells.every((td) => td.textContent.trim() === c);
      },
      category,
    );
    await page.getByTestId("category-filter-clear").click();
    await page.waitForURL((u) => !new URL(u).searchParams.has("category"));
    // The dropdown lists the node's categories (ListCategories) with their product counts.
    await choose("category-filter", (await categoryOption(category)));
    await page.waitForURL((u) => new URL(u).searchParams.get("category") === category);
    await page.getByTestId("category-filter-clear").click();
    await page.waitForURL((u) => !new URL(u).searchParams.has("category"));
  });

  await step("product search runs on the server and lands in the URL", async () => {
    const first = (await page.getByTestId("product-table").locator("tbody tr td").first().innerText()).trim();
    const word = first.split(/\s+/)[0];
    const typed = Date.now();
    await page.getByTestId("product-search").fill(word);
    await page.waitForURL((u) => new URL(u).searchParams.get("q") === word);
    await page.getByTestId("product-table").locator("tbody tr", { hasText: word }).first().waitFor();
    console.log(`     product search, typing to results drawn (150 ms debounce included): ${Date.now() - typed} ms`);
    const names = await page.getByTestId("product-table").locator("tbody tr").allInnerTexts();
    expect(names.length > 0, "no rows");
    await shot("03-product-search");
  });

  await step("a product shows its details and its availability for each of the next 30 days", async () => {
    await page.getByTestId("product-table").locator("tbody tr a").first().click();
    await page.getByTestId("product-name").waitFor();
    await page.getByTestId("availability-strip").locator("[data-verdict]").nth(29).waitFor();
    await shot("03b-product");
    await accessible("product");
  });

  await step("the shell's search finds an asset by barcode and opens its product", async () => {
    await page.getByTestId("global-search").fill(asset.barcode);
    await page.getByRole("option", { name: new RegExp(`Asset ${asset.barcode}`) }).click();
    await page.waitForURL((u) => new URL(u).pathname === `/inventory/products/${asset.productId}`);
    await page.getByTestId("product-name").waitFor();
  });

  await step("the shortages screen lists the window's shortages, the window in the URL", async () => {
    await page.goto(`${base}/availability/shortages?days=90`);
    await page.getByRole("heading", { name: "Shortages" }).waitFor();
    await page.locator('[data-testid="shortage-table"], main p').first().waitFor();
    await accessible("shortages");
  });

  await step("the admin sees admin navigation and the node's health", async () => {
    await page.goto(`${base}/`);
    await page.getByTestId("welcome").filter({ hasText: admin.name }).waitFor();
    for (const to of ["/", "/inventory/products", "/events", "/availability/shortages", "/partners", "/settings"]) {
      await page.locator(`[data-nav="${to}"]`).waitFor();
    }
    await page.getByTestId("node-health").filter({ hasText: /Healthy|Degraded/ }).waitFor();
    await shot("04-dashboard");
  });

  await step("a reload keeps the session (refresh token) and the page", async () => {
    await page.reload();
    await page.getByTestId("welcome").filter({ hasText: admin.name }).waitFor();
  });

  await step("the dashboard shows today, tomorrow and the shortages of the next 14 days", async () => {
    // Timings for the benchmark (printed, not asserted: this machine is shared): a full page load
    // of the dashboard with a warm session, until today's events and the shortages are drawn.
    const started = Date.now();
    await page.goto(`${base}/`);
    await page.getByTestId("today").locator("table, p").first().waitFor();
    await page.getByTestId("shortages").locator("table, p").first().waitFor();
    console.log(`     dashboard load to data drawn: ${Date.now() - started} ms`);
    const nav = Date.now();
    await page.locator('[data-nav="/events"]').click();
    await page.getByTestId("event-table").locator("tbody tr").first().waitFor();
    console.log(`     route change dashboard → events, data drawn: ${Date.now() - nav} ms`);
    await page.goBack();
    for (const id of ["today", "tomorrow", "shortages"]) await page.getByTestId(id).waitFor();
    await page.getByTestId("shortages").locator("table, p").first().waitFor();
    await accessible("dashboard");
  });

  await step("the dashboard's day lists leave out cancelled events", async () => {
    // Two events on today that started well before it (so they come first in the list's order).
    const start = new Date(Date.now() - 60 * day);
    const end = new Date(Date.now() + day);
    const make = async (name) => {
      const ev = await connect("PlanningService/CreateEvent", {
        name: `${name} ${stamp}`, timeZone: "Europe/Berlin", period: { start: start.toISOString(), end: end.toISOString() },
      }, adminToken);
      expect(ev.status === 200, `CreateEvent ${JSON.stringify(ev.json)}`);
      return ev.json.id;
    };
    const live = await make("E2E Today Live");
    const gone = await make("E2E Today Cancelled");
    const st = await connect("PlanningService/SetEventStatus", { id: gone, status: "EVENT_STATUS_CANCELLED" }, adminToken);
    expect(st.status === 200, `SetEventStatus ${JSON.stringify(st.json)}`);
    try {
      await page.goto(`${base}/`);
      const today = page.getByTestId("today-table");
      await today.getByRole("link", { name: `E2E Today Live ${stamp}` }).waitFor();
      expect((await today.getByText(`E2E Today Cancelled ${stamp}`).count()) === 0, "a cancelled event is on the dashboard");
      expect((await today.locator("tbody tr").count()) <= 10, "more than 10 rows in today's list");
    } finally {
      // Gone again (both are deletable: an enquiry and a cancelled event), out of the later steps' lists.
      for (const id of [live, gone]) {
        const del = await connect("PlanningService/DeleteEvent", { id }, adminToken);
        expect(del.status === 200, `DeleteEvent ${JSON.stringify(del.json)}`);
      }
    }
  });

  await step("'/' focuses the product search", async () => {
    await page.goto(`${base}/inventory/products`);
    await page.getByTestId("product-table").waitFor();
    await page.locator("body").press("/");
    expect(await page.getByTestId("product-search").evaluate((el) => el === document.activeElement), "search not focused");
  });

  const code = `E2E-${stamp}`.toUpperCase();
  const assetBarcode = `E2E-A-${stamp}`;
  let locationName = `E2E Store ${stamp}`;
  let newProductId = "";
  let assetId = "";
  let caseId = "";

  await step("locations: the list, and a new one with the API's field errors first ('n')", async () => {
    await page.goto(`${base}/inventory/locations`);
    await page.getByTestId("location-table").locator("tbody tr").first().waitFor();
    await accessible("locations");
    await page.locator("body").press("n");
    const form = page.getByTestId("location-form");
    await form.waitFor();
    await page.getByTestId("location-submit").click();
    await form.getByText("is required").first().waitFor();
    await page.getByTestId("location-code").fill(code);
    await page.getByTestId("location-name").fill(locationName);
    await page.getByTestId("location-submit").click();
    await form.waitFor({ state: "detached" });
    await page.locator(`[data-testid="location-table"] tr[data-code="${code}"]`).or(page.getByTestId("next-page")).first().waitFor();
    const r = await connect("InventoryService/ListLocations", { page: { pageSize: 1000 } }, adminToken);
    expect(r.json.locations.some((l) => l.code === code && l.name === locationName), `${code} not stored`);
    await shot("20-locations");
  });

  await step("locations: searched, edited (a taken code by its field), an unused one deleted, a used one refused with the reason", async () => {
    const all = await connect("InventoryService/ListLocations", { page: { pageSize: 1000 } }, adminToken);
    const used = all.json.locations.find((l) => l.id === asset.homeLocationId);
    expect(used, "the demo asset's home location is not listed");
    await page.getByTestId("location-search").fill(code.toLowerCase());
    await page.waitForURL((u) => new URL(u).searchParams.get("q") === code.toLowerCase());
    const row = page.locator(`[data-testid="location-table"] tr[data-code="${code}"]`);
    await row.waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="location-table"] tbody tr').length === 1);
    await row.getByTestId("location-edit").click();
    const form = page.getByTestId("location-form");
    await page.getByTestId("location-code").fill(used.code);
    await page.getByTestId("location-submit").click();
    await form.getByText(`location code ${used.code} is already used`).waitFor();
    await page.getByTestId("location-code").fill(code);
    await page.getByTestId("location-address").fill(`1 E2E Street ${stamp}`);
    await page.getByTestId("location-submit").click();
    await form.waitFor({ state: "detached" });
    await row.filter({ hasText: `1 E2E Street ${stamp}` }).waitFor();
    const mine = (await connect("InventoryService/ListLocations", { query: code, page: { pageSize: 10 } }, adminToken)).json.locations[0];
    expect(mine?.code === code && mine.name === locationName && mine.address === `1 E2E Street ${stamp}`, `stored: ${JSON.stringify(mine)}`);

    const spare = await connect("InventoryService/CreateLocation",
      { kind: "LOCATION_KIND_WAREHOUSE", code: `DEL-${stamp}`, name: "E2E spare store" }, adminToken);
    expect(spare.status === 200, `CreateLocation: ${JSON.stringify(spare.json)}`);
    await page.getByTestId("location-search").fill(`DEL-${stamp}`);
    await page.waitForURL((u) => new URL(u).searchParams.get("q") === `DEL-${stamp}`);
    const spareRow = page.locator(`[data-testid="location-table"] tr[data-code="DEL-${stamp}"]`);
    await spareRow.getByTestId("location-delete").click();
    await page.getByTestId("location-delete-confirm").click();
    await spareRow.waitFor({ state: "detached" });
    const gone = await connect("InventoryService/GetLocation", { id: spare.json.id }, adminToken);
    expect(gone.status === 404, `GetLocation after delete: ${gone.status}`);

    await page.getByTestId("location-search").fill(used.code);
    await page.waitForURL((u) => new URL(u).searchParams.get("q") === used.code);
    const usedRow = page.locator(`[data-testid="location-table"] tr[data-code="${used.code}"]`);
    await usedRow.getByTestId("location-delete").click();
    await page.getByTestId("location-delete-confirm").click();
    await page.getByTestId("location-delete-error").filter({ hasText: "still in use" }).waitFor();
    await accessible("location delete refused");
    await shot("20b-location-delete-refused");
    await page.keyboard.press("Escape");
    const still = await connect("InventoryService/GetLocation", { id: used.id }, adminToken);
    expect(still.status === 200, `the used location went: ${still.status}`);
  });

  await step("a new product: the API's field errors by the fields, then created, then edited", async () => {
    await page.goto(`${base}/inventory/products`);
    await page.getByTestId("product-table").waitFor();
    await page.locator("body").press("n");
    const form = page.getByTestId("product-form");
    await form.waitFor();
    await page.getByTestId("product-submit").click();
    await form.getByText("is required").nth(4).waitFor(); // manufacturer, model, name, category, prices…
    await page.getByTestId("product-manufacturer").fill("E2E Audio");
    await page.getByTestId("product-model").fill(`M-${stamp}`);
    await page.getByTestId("product-name-input").fill(`E2E Speaker ${stamp}`);
    await page.getByTestId("product-category").fill("E2E Speakers");
    await page.getByTestId("product-price").fill("12.50");
    await page.getByTestId("product-replacement").fill("300");
    await page.getByTestId("product-gtin").fill("12");
    await page.getByTestId("product-submit").click();
    await form.getByText(/gtin|digits/i).first().waitFor();
    await page.getByTestId("product-gtin").fill("");
    await shot("21-product-form");
    await page.getByTestId("product-submit").click();
    await page.waitForURL(/\/inventory\/products\/[0-9a-f-]{36}$/);
    newProductId = new URL(page.url()).pathname.split("/").pop();
    await page.getByTestId("product-name").filter({ hasText: `E2E Speaker ${stamp}` }).waitFor();
    await page.getByTestId("assets-empty").or(page.getByText("No assets yet.")).first().waitFor();
    await page.getByTestId("product-edit").click();
    await page.getByTestId("product-name-input").fill(`E2E Speaker ${stamp} Mk2`);
    await page.getByTestId("product-submit").click();
    await page.getByTestId("product-name").filter({ hasText: `E2E Speaker ${stamp} Mk2` }).waitFor();
    const stored = await connect("InventoryService/GetProduct", { id: newProductId }, adminToken);
    expect(stored.json.name === `E2E Speaker ${stamp} Mk2` && stored.json.rentalPrice?.minorUnits === "1250",
      `stored: ${JSON.stringify(stored.json)}`);
  });

  await step("an asset for it: created with a home location, opened, its status and notes changed, moved", async () => {
    await page.getByTestId("asset-new").click();
    await page.getByTestId("asset-barcode").fill(assetBarcode);
    await page.getByTestId("asset-serial").fill(`SN-${stamp}`);
    await choose("asset-home", `${code} · ${locationName}`);
    await page.getByTestId("asset-submit").click();
    await page.waitForURL(/\/inventory\/assets\/[0-9a-f-]{36}$/);
    assetId = new URL(page.url()).pathname.split("/").pop();
    await page.getByTestId("asset-title").filter({ hasText: assetBarcode }).waitFor();
    await page.locator('[data-testid="asset-status"] [data-asset-status="AVAILABLE"]').waitFor();
    await accessible("asset");
    await page.getByTestId("asset-edit").click();
    await choose("asset-status-select", "Quarantine");
    await page.getByTestId("asset-notes").fill("failed PAT test");
    await page.getByTestId("asset-submit").click();
    await page.locator('[data-testid="asset-status"] [data-asset-status="QUARANTINE"]').waitFor();
    await page.getByTestId("asset-notes-text").filter({ hasText: "failed PAT test" }).waitFor();
    await page.getByTestId("asset-edit").click();
    await page.getByTestId("asset-serial").fill(`SN-${stamp}-B`);
    await page.getByTestId("asset-submit").click();
    await page.locator('[data-field="asset.serial"]').filter({ hasText: `SN-${stamp}-B` }).waitFor();
    const edited = await connect("InventoryService/GetAsset", { id: assetId }, adminToken);
    expect(edited.json.serial === `SN-${stamp}-B` && edited.json.barcode === assetBarcode && edited.json.status === "ASSET_STATUS_QUARANTINE",
      `stored: ${JSON.stringify(edited.json)}`);
    await page.getByTestId("asset-move").click();
    await page.getByTestId("asset-move-to").click();
    const target = page.getByRole("option").first();
    const targetName = (await target.innerText()).trim();
    await target.click();
    await page.getByTestId("asset-move-submit").click();
    await page.locator('[data-field="asset.location"]').filter({ hasText: targetName }).waitFor();
    await shot("22-asset");
  });

  await step("a case: created ('n'), barcodes scanned in (one unknown), a bulk quantity added, an asset taken out", async () => {
    await page.goto(`${base}/inventory/cases`);
    await page.getByTestId("case-table").or(page.getByText("No cases yet.")).first().waitFor();
    await accessible("cases");
    await page.locator("body").press("n");
    await page.getByTestId("case-barcode").fill(`E2E-C-${stamp}`);
    await page.getByTestId("case-name").fill(`E2E Rack ${stamp}`);
    await choose("case-location", `${code} · ${locationName}`);
    await page.getByTestId("case-submit").click();
    await page.waitForURL(/\/inventory\/cases\/[0-9a-f-]{36}$/);
    caseId = new URL(page.url()).pathname.split("/").pop();
    await page.getByTestId("case-title").filter({ hasText: `E2E Rack ${stamp}` }).waitFor();
    await page.getByTestId("case-empty").waitFor();
    await page.getByTestId("case-barcodes").fill(`${assetBarcode} NOPE-${stamp}`);
    await page.getByTestId("case-barcodes").press("Enter");
    await page.locator('[data-testid="case-add-results"] [data-ok="true"]').filter({ hasText: assetBarcode }).waitFor();
    await page.locator('[data-testid="case-add-results"] [data-ok="false"]').filter({ hasText: `NOPE-${stamp}` }).waitFor();
    expect((await page.getByTestId("case-barcodes").inputValue()) === `NOPE-${stamp}`, "the failed barcode is not kept for a retry");
    await page.locator(`[data-testid="case-contents"] tr[data-item="asset"][data-barcode="${assetBarcode}"]`).waitFor();
    await page.getByTestId("case-bulk-product").fill(bulkProduct.name);
    await page.getByRole("option", { name: bulkProduct.name, exact: true }).click();
    await page.getByTestId("case-bulk-quantity").fill("3");
    await page.getByTestId("case-bulk-submit").click();
    await page.locator(`[data-testid="case-contents"] tr[data-item="bulk"][data-product="${bulkProduct.id}"]`).filter({ hasText: "3" }).waitFor();
    await shot("23-case");
    await accessible("case");
    await page.goto(`${base}/inventory/assets/${assetId}`);
    await page.getByTestId("asset-case").filter({ hasText: `E2E-C-${stamp}` }).waitFor();
    await page.getByTestId("asset-case").click();
    await page.waitForURL((u) => new URL(u).pathname === `/inventory/cases/${caseId}`);
    await page.locator('tr[data-item="asset"]').getByTestId("case-remove").click();
    await page.locator('tr[data-item="asset"]').waitFor({ state: "detached" });
    const stored = await connect("InventoryService/GetCase", { id: caseId }, adminToken);
    expect((stored.json.assetIds ?? []).length === 0 && stored.json.bulk?.[0]?.quantity === 3, `stored: ${JSON.stringify(stored.json)}`);
  });

  await step("a case: found by search, renamed, and its delete refused while it holds stock", async () => {
    await page.goto(`${base}/inventory/cases`);
    await page.getByTestId("case-search").fill(`rack ${stamp}`);
    await page.waitForURL((u) => new URL(u).searchParams.get("q") === `rack ${stamp}`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="case-table"] tbody tr').length === 1);
    await page.locator(`[data-testid="case-table"] tr[data-barcode="E2E-C-${stamp}"]`).getByRole("link").click();
    await page.waitForURL((u) => new URL(u).pathname === `/inventory/cases/${caseId}`);
    await page.getByTestId("case-edit").click();
    await page.getByTestId("case-name").fill(`E2E Rack ${stamp} B`);
    await page.getByTestId("case-submit").click();
    await page.getByTestId("case-title").filter({ hasText: `E2E Rack ${stamp} B` }).waitFor();
    await page.getByTestId("case-delete").click();
    await page.getByTestId("case-delete-confirm").click();
    await page.getByTestId("case-delete-error").filter({ hasText: "unpack it" }).waitFor();
    await page.keyboard.press("Escape");
    const still = await connect("InventoryService/GetCase", { id: caseId }, adminToken);
    expect(still.status === 200 && still.json.name === `E2E Rack ${stamp} B`, `stored: ${JSON.stringify(still.json)}`);
  });

  await step("bulk stock: adjusted (and refused below zero), transferred, with the history", async () => {
    await page.goto(`${base}/inventory/products/${bulkProduct.id}`);
    await page.getByTestId("stock-panel").waitFor();
    await page.getByTestId("stock-adjust-open").click();
    await choose("stock-adjust-location", `${code} · ${locationName}`);
    await page.getByTestId("stock-adjust-delta").fill("-5");
    await page.getByTestId("stock-adjust-reason").fill("count correction");
    await page.getByTestId("stock-adjust-submit").click();
    await page.getByTestId("stock-adjust-form").getByRole("alert").waitFor();
    await page.getByTestId("stock-adjust-delta").fill("5");
    await page.getByTestId("stock-adjust-reason").fill("purchase");
    await page.getByTestId("stock-adjust-submit").click();
    await page.getByTestId("stock-adjust-form").waitFor({ state: "detached" });
    await page.getByTestId("stock-history").locator("tbody tr").first().filter({ hasText: "purchase" }).waitFor();
    await page.getByTestId("stock-transfer-open").click();
    await choose("stock-transfer-from", `${code} · ${locationName}`);
    await page.getByTestId("stock-transfer-to").click();
    await page.getByRole("option").filter({ hasNotText: code }).first().click();
    await page.getByTestId("stock-transfer-quantity").fill("2");
    await page.getByTestId("stock-transfer-submit").click();
    await page.getByTestId("stock-transfer-form").waitFor({ state: "detached" });
    const levels = await connect("InventoryService/GetStockLevels", { productId: bulkProduct.id }, adminToken);
    const locs = await connect("InventoryService/ListLocations", { page: { pageSize: 1000 } }, adminToken);
    const mine = locs.json.locations.find((l) => l.code === code);
    const here = levels.json.levels.find((l) => l.locationId === mine.id);
    expect(here?.quantity === 3, `levels: ${JSON.stringify(levels.json)}`);
    await page.locator(`[data-testid="stock-levels"] tr[data-location="${mine.id}"]`).filter({ hasText: "3" }).waitFor();
    await page.getByTestId("stock-history").locator("tbody tr").first().filter({ hasText: "Transfer" }).waitFor();
    await shot("24-stock");
    await accessible("bulk product");
  });

  await step("deleting a product: refused with the API's reason while it has assets; an unused one goes", async () => {
    await page.goto(`${base}/inventory/products/${newProductId}`);
    await page.getByTestId("product-delete").click();
    await page.getByTestId("product-delete-confirm").click();
    await page.getByTestId("product-delete-error").waitFor();
    await page.keyboard.press("Escape");
    const spare = await connect("InventoryService/CreateProduct", { product: {
      manufacturer: "E2E", model: `DEL-${stamp}`, name: `E2E Spare ${stamp}`, category: "E2E Speakers",
      rentalPrice: { currencyCode: "EUR", minorUnits: "100" }, replacementValue: { currencyCode: "EUR", minorUnits: "100" },
      tracking: "TRACKING_SERIALISED" } }, adminToken);
    expect(spare.status === 200, `CreateProduct: ${JSON.stringify(spare.json)}`);
    await page.goto(`${base}/inventory/products/${spare.json.id}`);
    await page.getByTestId("product-delete").click();
    await page.getByTestId("product-delete-confirm").click();
    await page.waitForURL((u) => new URL(u).pathname === "/inventory/products");
    const gone = await connect("InventoryService/GetProduct", { id: spare.json.id }, adminToken);
    expect(gone.status === 404, `GetProduct after delete: ${gone.status}`);
  });

  await step("the availability timeline: products × days, virtualised, shortages red, the window in the URL", async () => {
    const from = shortage ? isoDay(new Date(shortage.startsAt)) : isoDay(new Date());
    const started = Date.now();
    await page.goto(`${base}/availability/timeline?from=${from}&days=14`);
    const rows = page.getByTestId("timeline-row");
    await rows.first().locator("[data-verdict]").nth(13).waitFor();
    console.log(`     timeline load to the first row drawn: ${Date.now() - started} ms`);
    const now = await connect("InventoryService/ListProducts", { page: { pageSize: 1000 } }, adminToken);
    const total = now.json.products.length;
    const drawn = await rows.count();
    expect(drawn > 0 && drawn < total, `${drawn} rows drawn for ${total} products (not virtualised?)`);
    await page.getByTestId("timeline-count").filter({ hasText: `${total} products` }).waitFor();
    await accessible("timeline");
    await shot("25-timeline");
    // Scrolling draws the rows that come into view and drops the others.
    const firstBefore = await rows.first().getAttribute("data-product");
    await page.getByTestId("timeline").evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.waitForFunction((id) => !document.querySelector(`[data-testid="timeline-row"][data-product="${id}"]`), firstBefore);
    const last = now.json.products[total - 1];
    await page.locator(`[data-testid="timeline-row"][data-product="${last.id}"] [data-verdict]`).first().waitFor();
    if (shortage) {
      await page.getByTestId("timeline").evaluate((el) => el.scrollTo(0, 0));
      const index = now.json.products.findIndex((p) => p.id === shortage.productId);
      await page.getByTestId("timeline").evaluate((el, y) => el.scrollTo(0, y), index * 34);
      const row = page.locator(`[data-testid="timeline-row"][data-product="${shortage.productId}"]`);
      await row.locator('[data-verdict="short"]').first().waitFor();
      // A day cell opens the events booking the product that day; one of the short days lists the
      // shortage's event, and its link opens it.
      const short = row.locator('[data-verdict="short"] button');
      // Opens day i's dialog. A dialog still closing (or one whose Escape came before its key
      // handler) covers the grid and takes the click (a CI run timed out so): close it, try again.
      const openDay = async (i) => {
        for (let attempt = 0; ; attempt++) {
          try {
            await short.nth(i).click({ timeout: 5000 });
            return;
          } catch (e) {
            if (attempt >= 2) throw e;
            await page.keyboard.press("Escape");
            await page.getByTestId("timeline-day").waitFor({ state: "detached", timeout: 5000 }).catch(() => {});
          }
        }
      };
      let found = false;
      for (let i = 0; i < (await short.count()) && !found; i++) {
        await openDay(i);
        const dialog = page.getByTestId("timeline-day");
        await dialog.getByTestId("timeline-day-events").or(dialog.getByText("No event books this product that day.")).first().waitFor();
        found = (await dialog.getByTestId("timeline-day-events").getByText(shortage.eventName).count()) > 0;
        if (!found) {
          await page.keyboard.press("Escape");
          // The closing dialog's overlay would take the next click.
          await dialog.waitFor({ state: "detached" });
        }
      }
      expect(found, `no short day lists ${shortage.eventName}`);
      await page.getByTestId("timeline-day-product").waitFor();
      await accessible("timeline day");
      await shot("25b-timeline-day");
      // By keyboard (a pointer click here timed out in CI once, with the link plainly visible).
      await page.getByTestId("timeline-day-events").getByRole("link", { name: shortage.eventName }).press("Enter");
      await page.waitForURL((u) => new URL(u).pathname === `/events/${shortage.eventId}`);
      // The event page drawn, so the timeline (and its open dialog) is gone before going back: a
      // back from a navigation still pending kept the dialog open over the grid (CI, 2026-12-05).
      await page.getByTestId("event-name").waitFor();
      await page.goBack();
      await page.getByTestId("timeline-row").first().waitFor();
      if (await page.getByTestId("timeline-day").isVisible()) {
        await page.keyboard.press("Escape");
        await page.getByTestId("timeline-day").waitFor({ state: "detached" });
      }
    }
    await page.getByTestId("timeline-next").click();
    await page.waitForURL((u) => new URL(u).searchParams.get("from") !== from);
    await page.getByTestId("timeline-row").first().locator("a").click();
    await page.waitForURL(/\/inventory\/products\/[0-9a-f-]{36}$/);
    await page.getByTestId("product-name").waitFor();
  });

  await step("the timeline by category: each category's products summed per day, the short ones counted, a click drills into its products", async () => {
    const from = shortage ? isoDay(new Date(shortage.startsAt)) : isoDay(new Date());
    await page.goto(`${base}/availability/timeline?from=${from}&days=14`);
    await page.getByTestId("timeline-rows").getByText("Categories", { exact: true }).click();
    await page.waitForURL((u) => new URL(u).searchParams.get("rows") === "categories");
    const rows = page.getByTestId("timeline-category-row");
    await rows.first().locator("[data-verdict]").nth(13).waitFor();
    const cats = await connect("InventoryService/ListCategories", {}, adminToken);
    await page.getByTestId("timeline-count").filter({ hasText: `${cats.json.categories.length} categories` }).waitFor();
    await accessible("timeline by category");
    await shot("25c-timeline-categories");
    let category = cats.json.categories[0].name;
    if (shortage) {
      const all = await connect("InventoryService/ListProducts", { page: { pageSize: 1000 } }, adminToken);
      category = all.json.products.find((p) => p.id === shortage.productId).category;
      const index = cats.json.categories.findIndex((c) => c.name === category);
      await page.getByTestId("timeline").evaluate((el, y) => el.scrollTo(0, y), index * 34);
      const row = page.locator(`[data-testid="timeline-category-row"][data-category="${category}"]`);
      await row.locator('[data-verdict="short"]').first().waitFor();
      expect((await row.getAttribute("data-short")) !== null, `category ${category} is not marked short`);
    }
    await page.locator(`[data-testid="timeline-category-row"][data-category="${category}"]`).getByTestId("timeline-category-open").click();
    await page.waitForURL((u) => new URL(u).searchParams.get("category") === category && !new URL(u).searchParams.get("rows"));
    await page.getByTestId("timeline-row").first().waitFor();
    if (shortage) await page.locator(`[data-testid="timeline-row"][data-product="${shortage.productId}"]`).waitFor();
  });

  await step("the events calendar: week and month, status colours, '+N more', a click opens the event", async () => {
    const when = isoDay(startAt);
    const chip = page.locator('[data-testid="calendar"] [data-testid="calendar-event"]', { hasText: `E2E Gala ${stamp}` });
    await page.goto(`${base}/events/calendar?view=week&date=${when}`);
    await page.locator(`[data-testid="calendar"] [data-day="${when}"]`).getByText(`E2E Gala ${stamp}`).waitFor();
    expect((await page.locator('[data-testid="calendar"] [data-day]').count()) === 7, "week view is not 7 days");
    expect((await chip.first().getAttribute("data-status")) === "ENQUIRY", `status ${await chip.first().getAttribute("data-status")}`);
    await accessible("calendar (week)");
    await shot("27-calendar-week");
    // The month shows up to 3 events a day and '+N more', which opens that week.
    await page.getByTestId("calendar-view").getByText("Month").click();
    await page.waitForURL((u) => new URL(u).searchParams.get("view") === "month");
    const cell = page.locator(`[data-testid="calendar"] [data-day="${when}"]`);
    await cell.locator('[data-testid="calendar-event"], [data-testid="calendar-more"]').first().waitFor();
    await accessible("calendar (month)");
    await shot("26-calendar-month");
    const title = await page.getByTestId("calendar-title").innerText();
    await page.getByTestId("calendar-next").click();
    await page.waitForFunction((t) => document.querySelector('[data-testid="calendar-title"]').textContent !== t, title);
    await page.getByTestId("calendar-prev").click();
    await page.getByTestId("calendar-title").filter({ hasText: title }).waitFor();
    if ((await cell.getByText(`E2E Gala ${stamp}`).count()) === 0) {
      await cell.getByTestId("calendar-more").click();
      await page.waitForURL((u) => new URL(u).searchParams.get("view") === "week");
    }
    await chip.first().click();
    await page.waitForURL((u) => new URL(u).pathname === `/events/${eventId}`);
    await page.getByTestId("event-name").filter({ hasText: `E2E Gala ${stamp}` }).waitFor();
  });

  await step("the events list links to an event", async () => {
    await page.goto(`${base}/events?when=all`);
    await page.getByTestId("event-table").locator("tbody tr").first().waitFor();
    await shot("08-events");
    await accessible("events");
  });

  await step("the events list's filters: 'n' on a focused select chooses in it (no form); the form gives focus back to its button on close", async () => {
    // A native select's type-to-choose: "n" picks "Not started" in the gear filter.
    await page.getByTestId("events-gear").focus();
    await page.keyboard.press("n");
    await page.waitForURL((u) => new URL(u).searchParams.get("gear") === "NOT_STARTED");
    expect((await page.getByTestId("new-event").count()) === 0, "'n' in a select opened the new-event form");
    await page.getByTestId("events-gear").selectOption("");
    await page.waitForURL((u) => !new URL(u).searchParams.get("gear"));
    // Opened from its button (the first time mounts the form), closed with Escape: focus is back.
    await page.getByTestId("new-event-open").click();
    await page.getByTestId("new-event").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("new-event").waitFor({ state: "detached" });
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "new-event-open");
  });

  await step("'n' opens the new-event form; the API's field errors show by the fields; the event is created", async () => {
    await page.locator("body").press("n");
    const form = page.getByTestId("new-event");
    await form.waitFor();
    await page.getByTestId("new-event-submit").click();
    await form.getByText("is required").waitFor();
    await page.getByTestId("new-event-name").fill(`E2E Launch ${stamp}`);
    await shot("08b-new-event");
    await page.getByTestId("new-event-submit").click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
    await page.getByTestId("event-name").filter({ hasText: `E2E Launch ${stamp}` }).waitFor();
    await page.locator('[data-status="ENQUIRY"]').first().waitFor();
  });

  await step("a planner adds a line, seeing the availability before and on the line", async () => {
    await page.goto(`${base}/events/${eventId}`);
    await page.getByTestId("event-name").filter({ hasText: `E2E Gala ${stamp}` }).waitFor();
    await page.getByText("No lines yet.").waitFor();
    await page.getByTestId("add-line-product").fill(product.name);
    await page.getByRole("option", { name: product.name, exact: true }).click();
    const preview = page.getByTestId("add-line-availability");
    await preview.filter({ hasText: /available for the event's dates/ }).waitFor();
    const available = Number((await preview.innerText()).match(/(-?\d+) available/)[1]);
    expect(available > 0, `nothing available: ${await preview.innerText()}`);
    await page.getByTestId("add-line-quantity").fill("1");
    await page.getByTestId("add-line-submit").click();
    const row = page.getByTestId("pull-list").locator(`tr[data-product="${product.id}"]`);
    await row.waitFor();
    await row.locator('[data-availability="ok"], [data-availability="tentative"]').waitFor();
    await page.getByTestId("pull-summary").filter({ hasText: "Everything is available" }).waitFor();
    await shot("09-event-pull-list");
    await accessible("event");
  });

  await step("asking for more than exists hits a shortage, shown next to the line or the form", async () => {
    await page.getByTestId("add-line-product").fill(product.name);
    await page.getByRole("option", { name: product.name, exact: true }).click();
    await page.getByTestId("add-line-quantity").fill("99999");
    await page.getByTestId("add-line-availability").filter({ hasText: /Short \d+/ }).waitFor();
    await page.getByTestId("add-line-submit").click();
    // REFUSE policy: the API's FAILED_PRECONDITION message by the form; WARN: the line is added, red.
    await page
      .locator('[data-testid="add-line-error"], [data-testid="pull-list"] [data-availability="short"]')
      .first()
      .waitFor();
    await shot("10-shortage");
  });

  await step("the planner removes the lines and moves the event up the status ladder", async () => {
    const rows = page.getByTestId("pull-list").locator('[data-testid="remove-line"]');
    while ((await rows.count()) > 0) {
      const before = await rows.count();
      await rows.first().click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="remove-line"]').length < n,
        before,
      );
    }
    await page.getByText("No lines yet.").waitFor();
    await page.getByTestId("event-status").click();
    await page.getByRole("option", { name: "Provisional" }).click();
    await page.locator('[data-status="PROVISIONAL"]').first().waitFor();
  });

  await step("a planner changes a line's quantity in place, edits the event (refused while stale), copies it, cancels and deletes the copy", async () => {
    const until = async (what, fn) => {
      for (let i = 0; i < 60; i++) {
        if (await fn()) return;
        await page.waitForTimeout(250);
      }
      throw new Error(`timed out waiting for ${what}`);
    };
    const getEvent = async (id) => (await connect("PlanningService/GetEvent", { id }, adminToken)).json;
    const added = await connect("PlanningService/AddBookingLine", { eventId, product: { productId: product.id, quantity: 1 } }, adminToken);
    expect(added.status === 200, `AddBookingLine: ${JSON.stringify(added.json)}`);
    await page.goto(`${base}/events/${eventId}`);
    const qty = page.getByTestId("pull-list").locator(`tr[data-product="${product.id}"]`).getByTestId("line-quantity");
    await qty.fill("2");
    await qty.press("Enter");
    await until("the line's quantity to be 2", async () => (await getEvent(eventId)).lines?.[0]?.quantity === 2);

    // Someone else saves while the form is open: the form refuses to overwrite and says so.
    await page.getByTestId("edit-event-open").click();
    await page.getByTestId("edit-event").waitFor();
    const other = await connect("PlanningService/UpdateEvent", { id: eventId, notes: "changed elsewhere" }, adminToken);
    expect(other.status === 200, `UpdateEvent: ${JSON.stringify(other.json)}`);
    await page.getByTestId("edit-event-name").fill(`E2E Gala ${stamp} moved`);
    await page.getByTestId("edit-event-submit").click();
    await page.getByTestId("edit-event-error").filter({ hasText: "Someone else changed this event" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("edit-event").waitFor({ state: "detached" });

    // Reopened on the fresh version: rename and move one day later; the line moves with it.
    await page.getByText("changed elsewhere").waitFor();
    await page.getByTestId("edit-event-open").click();
    await page.getByTestId("edit-event-name").fill(`E2E Gala ${stamp} moved`);
    const start = page.getByTestId("edit-event-start");
    const end = page.getByTestId("edit-event-end");
    const plusDay = (v) => {
      const [d, t] = v.split("T");
      const [y, m, dd] = d.split("-").map(Number);
      const n = new Date(Date.UTC(y, m - 1, dd + 1));
      return `${n.toISOString().slice(0, 10)}T${t}`;
    };
    const newStart = plusDay(await start.inputValue());
    await end.fill(plusDay(await end.inputValue()));
    await start.fill(newStart);
    await shot("10b-edit-event");
    await accessible("edit event");
    await page.getByTestId("edit-event-submit").click();
    await page.getByTestId("event-name").filter({ hasText: `E2E Gala ${stamp} moved` }).waitFor();
    const moved = await getEvent(eventId);
    const shiftMs = Date.parse(moved.event.period.start) - startAt.getTime();
    expect(Math.abs(shiftMs - day) <= 3600 * 1000, `event moved by ${shiftMs} ms, not a day`);
    expect(moved.lines[0].period.start === moved.event.period.start, `line did not follow: ${JSON.stringify(moved.lines[0].period)}`);

    await page.getByTestId("copy-event-open").click();
    await page.getByTestId("copy-event-name").fill(`E2E Gala ${stamp} again`);
    await page.getByTestId("copy-event-submit").click();
    await page.getByTestId("event-name").filter({ hasText: `E2E Gala ${stamp} again` }).waitFor();
    expect(!page.url().endsWith(eventId), "the copy did not open");
    await page.locator('[data-status="ENQUIRY"]').first().waitFor();
    const copiedQty = page.getByTestId("pull-list").locator(`tr[data-product="${product.id}"]`).getByTestId("line-quantity");
    await until("the copied line", async () => (await copiedQty.count()) > 0 && (await copiedQty.inputValue()) === "2");
    await shot("10c-copied-event");

    // Cancel the copy on the ladder, then delete it (an enquiry made by mistake); it is gone.
    const copyId = new URL(page.url()).pathname.split("/").pop();
    await page.getByTestId("event-status").click();
    await page.getByRole("option", { name: "Cancelled" }).click();
    await page.locator('[data-status="CANCELLED"]').first().waitFor();
    await page.getByTestId("delete-event-open").click();
    await accessible("delete event");
    await page.getByTestId("delete-event-confirm").click();
    await page.waitForURL((u) => new URL(u).pathname === "/events");
    const gone = await connect("PlanningService/GetEvent", { id: copyId }, adminToken);
    expect(gone.status === 404 && gone.json.code === "not_found", `the deleted event answers ${gone.status} ${JSON.stringify(gone.json)}`);
  });

  await step("the shell's search finds events by name and opens them", async () => {
    const search = page.getByTestId("global-search");
    await search.fill(`${stamp} moved`);
    await page.getByRole("option", { name: new RegExp(`E2E Gala ${stamp} moved`) }).click();
    await page.waitForURL(new RegExp(`/events/${eventId}$`));
    await page.getByTestId("event-name").filter({ hasText: `E2E Gala ${stamp} moved` }).waitFor();
  });

  await step("a product lists the events that book it, one click opens the event, and a unit lists its bookings", async () => {
    const soon = new Date(Math.floor((Date.now() + 10 * day) / day) * day + 9 * 3600 * 1000);
    const ev = await connect(
      "PlanningService/CreateEvent",
      { name: `E2E Soon ${stamp}`, period: { start: soon.toISOString(), end: new Date(soon.getTime() + day).toISOString() } },
      adminToken,
    );
    expect(ev.status === 200, `CreateEvent: ${JSON.stringify(ev.json)}`);
    const line = await connect("PlanningService/AddBookingLine", { eventId: ev.json.id, product: { productId: product.id, quantity: 1 } }, adminToken);
    expect(line.status === 200, `AddBookingLine: ${JSON.stringify(line.json)}`);
    await page.goto(`${base}/inventory/products/${product.id}`);
    const link = page.getByTestId("product-events").getByRole("link", { name: `E2E Soon ${stamp}` });
    await link.click();
    await page.waitForURL(new RegExp(`/events/${ev.json.id}$`));
    await page.getByTestId("event-name").filter({ hasText: `E2E Soon ${stamp}` }).waitFor();

    // A unit booked by name shows the event in its bookings (the asset's history so far).
    const unit = await connect("PlanningService/AddBookingLine", { eventId: ev.json.id, assetId: asset.id }, adminToken);
    expect(unit.status === 200, `AddBookingLine asset: ${JSON.stringify(unit.json)}`);
    await page.goto(`${base}/inventory/assets/${asset.id}`);
    await page.getByTestId("asset-events").getByRole("link", { name: `E2E Soon ${stamp}` }).waitFor();
    await accessible("asset bookings");
  });

  await step("Arabic lays the page out right to left", async () => {
    await page.goto(`${base}/`);
    await page.getByTestId("welcome").waitFor();
    await page.getByTestId("language").click();
    await page.getByRole("option", { name: "العربية" }).click();
    try {
      await page.waitForFunction(() => document.documentElement.dir === "rtl");
      const lang = await page.evaluate(() => document.documentElement.lang);
      expect(lang === "ar", `lang=${lang}`);
      await page.getByText("لوحة المعلومات").first().waitFor();
      await shot("05-dashboard-ar");
      await accessible("dashboard in Arabic");
    } finally {
      await page.getByTestId("language").click();
      await page.getByRole("option", { name: "English" }).click();
      await page.waitForFunction(() => document.documentElement.dir === "ltr");
    }
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

  await step("a Planner is offered no inventory edits (no INVENTORY_WRITE in WhoAmI)", async () => {
    await login(planner);
    await page.getByTestId("user-name").filter({ hasText: planner.name }).waitFor();
    await page.goto(`${base}/inventory/products/${bulkProduct.id}`);
    await page.getByTestId("stock-panel").waitFor();
    for (const id of ["product-edit", "product-delete", "stock-adjust-open", "stock-transfer-open"]) {
      expect((await page.getByTestId(id).count()) === 0, `${id} is offered to a Planner`);
    }
    await page.goto(`${base}/inventory/locations`);
    await page.getByTestId("location-table").waitFor();
    await page.locator("body").press("n");
    expect((await page.getByTestId("location-new").count()) === 0 && (await page.getByTestId("location-form").count()) === 0,
      "New location is offered to a Planner");
    expect((await page.getByTestId("location-edit").count()) === 0 && (await page.getByTestId("location-delete").count()) === 0,
      "location edit or delete is offered to a Planner");
    await page.goto(`${base}/inventory/cases/${caseId}`);
    await page.getByTestId("case-title").waitFor();
    expect((await page.getByTestId("case-barcodes").count()) === 0 && (await page.getByTestId("case-remove").count()) === 0
      && (await page.getByTestId("case-edit").count()) === 0 && (await page.getByTestId("case-delete").count()) === 0,
      "case edits are offered to a Planner");
  });

  await step("the Planner changes their password, logs out, and only the new one works", async () => {
    const next = `new ${PASSWORD} ${stamp}`;
    await page.goto(`${base}/profile`);
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByRole("textbox", { name: "New password" }).fill("short");
    await page.getByTestId("change-password").click();
    await page.getByTestId("password-form").locator(".mantine-InputWrapper-error, [role=alert]").first().waitFor();
    await page.getByRole("textbox", { name: "New password" }).fill(next);
    await page.getByTestId("change-password").click();
    await page.getByText(/Password changed/).waitFor();
    await accessible("profile");
    await logout();
    await login(planner);
    await page.getByTestId("login-error").waitFor();
    await page.getByRole("textbox", { name: "Password", exact: true }).fill("");
    await login(planner, next);
    await page.getByTestId("user-name").filter({ hasText: planner.name }).waitFor();
    await logout();
  });

  await step("a reset link sets a new password once; without email the node says to ask an admin", async () => {
    // This node sends no email: the sign-in page offers no "Forgot password?", and the page says why.
    await page.goto(`${base}/login`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect((await page.getByTestId("forgot-password").count()) === 0, "'Forgot password?' is offered without email");
    await page.goto(`${base}/forgot-password`);
    await page.getByLabel("Email").fill(warehouse.email);
    await page.getByRole("button", { name: "Email me a link" }).click();
    expect((await page.getByTestId("forgot-error").innerText()).includes("ask an admin"), "no advice without email");
    await accessible("forgot password");
    // An admin issues a token (as 'eventkit users reset-password' does); the user opens the link.
    const users = await connect("AuthService/ListUsers", {}, adminToken);
    const wim = users.json.users.find((u) => u.email === warehouse.email);
    const issued = await connect("AuthService/IssuePasswordReset", { userId: wim.id }, adminToken);
    expect(issued.status === 200 && issued.json.resetToken.startsWith("ekr_"), `IssuePasswordReset: ${JSON.stringify(issued.json)}`);
    const next = `reset ${PASSWORD} ${stamp}`;
    await page.goto(`${base}/reset-password#token=${issued.json.resetToken}`);
    await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
    expect(!page.url().includes("token="), `the token stays in the address bar: ${page.url()}`);
    await page.getByRole("textbox", { name: "New password", exact: true }).fill(next);
    await page.getByRole("textbox", { name: "New password again" }).fill(`${next}!`);
    await page.getByRole("button", { name: "Set password" }).click();
    await page.getByText("The two passwords are not the same").waitFor();
    await accessible("reset password");
    await page.getByRole("textbox", { name: "New password again" }).fill(next);
    await page.getByRole("button", { name: "Set password" }).click();
    await page.waitForURL(/\/login/);
    await login(warehouse, next);
    await page.getByTestId("user-name").filter({ hasText: warehouse.name }).waitFor();
    await logout();
    // The link works once.
    await page.goto(`${base}/reset-password#token=${issued.json.resetToken}`);
    await page.getByRole("textbox", { name: "New password", exact: true }).fill(`${next} again`);
    await page.getByRole("textbox", { name: "New password again" }).fill(`${next} again`);
    await page.getByRole("button", { name: "Set password" }).click();
    await page.getByTestId("reset-error").getByRole("link", { name: "Ask for a new link" }).waitFor();
    // Back to the password the later steps use.
    const back = await connect("AuthService/SetPassword", { userId: wim.id, password: PASSWORD }, adminToken);
    expect(back.status === 200, `SetPassword: ${JSON.stringify(back.json)}`);
    // The next steps start from the sign-in page, as after a logout.
    await page.goto(`${base}/login`);
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

  await step("a Warehouse user sees the event but is offered no planning edits", async () => {
    await page.goto(`${base}/events`);
    await page.getByTestId("event-table").waitFor();
    expect((await page.getByTestId("new-event-open").count()) === 0, "New event is offered to Warehouse");
    await page.locator("body").press("n");
    expect((await page.getByTestId("new-event").count()) === 0, "'n' opens the new-event form for Warehouse");
    await page.goto(`${base}/events/${eventId}`);
    await page.getByTestId("event-name").filter({ hasText: `E2E Gala ${stamp}` }).waitFor();
    await page.getByTestId("pull-summary").waitFor();
    for (const id of ["add-line", "event-status", "remove-line"]) {
      expect((await page.getByTestId(id).count()) === 0, `${id} is offered to Warehouse`);
    }
    await shot("11-warehouse-event");
  });

  await step("and the API refuses planning edits and admin calls if the Warehouse user forces them", async () => {
    const session = await connect("AuthService/Login", { email: warehouse.email, password: PASSWORD });
    expect(session.status === 200, `login ${session.status}`);
    const token = session.json.accessToken;
    const before = await connect("PlanningService/GetEvent", { id: eventId }, adminToken);
    for (const [method, body] of [
      ["PlanningService/UpdateEvent", { id: eventId, name: "forced" }],
      ["PlanningService/CopyEvent", { id: eventId, start: new Date(Date.now() + 400 * day).toISOString() }],
      ["PlanningService/UpdateBookingLine", { id: before.json.lines?.[0]?.id ?? eventId, quantity: 9 }],
      ["PlanningService/DeleteEvent", { id: eventId }],
    ]) {
      const r = await connect(method, body, token);
      expect(r.status === 403 && r.json.code === "permission_denied", `${method}: ${r.status} ${JSON.stringify(r.json)}`);
    }
    const add = await connect(
      "PlanningService/AddBookingLine",
      { eventId, product: { productId: product.id, quantity: 1 } },
      token,
    );
    expect(add.status === 403 && add.json.code === "permission_denied", `AddBookingLine: ${add.status} ${JSON.stringify(add.json)}`);
    const status = await connect("PlanningService/SetEventStatus", { id: eventId, status: "EVENT_STATUS_CONFIRMED" }, token);
    expect(status.status === 403, `SetEventStatus: ${status.status} ${JSON.stringify(status.json)}`);
    const r = await connect("AuthService/ListUsers", {}, token);
    expect(r.status === 403 && r.json.code === "permission_denied", `ListUsers: ${r.status} ${JSON.stringify(r.json)}`);
    const after = await connect("PlanningService/GetEvent", { id: eventId }, adminToken);
    expect(JSON.stringify(after.json) === JSON.stringify(before.json) && after.json.event.status === "EVENT_STATUS_PROVISIONAL",
      `the event changed: ${JSON.stringify(after.json)}`);
  });

  // Scanning: a confirmed event far out with one line of 5 units of a serialised product.
  let scan = null;
  const scanVerdict = (severity, text) =>
    page.locator(`[data-testid="scan-verdict"][data-severity="${severity}"]`, { hasText: text }).waitFor();
  const scanFocused = () =>
    page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "scan-input", null, { timeout: 5000 });
  const wedge = async (code) => {
    await page.keyboard.type(code, { delay: 5 });
    await page.keyboard.press("Enter");
  };
  await step("a Warehouse user opens the scan screen of a confirmed event; the input has the focus", async () => {
    const assets = await connect("InventoryService/ListAssets", { page: { pageSize: 1000 }, status: "ASSET_STATUS_AVAILABLE" }, adminToken);
    const byProduct = new Map();
    for (const a of assets.json.assets ?? []) {
      if (!a.barcode || a.productId === product.id || a.id === asset.id) continue;
      byProduct.set(a.productId, [...(byProduct.get(a.productId) ?? []), a]);
    }
    const [productId, units] = [...byProduct.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
    expect(units && units.length >= 7, `no serialised product with 7 available units: ${JSON.stringify([...byProduct.values()].map((u) => u.length))}`);
    const start = new Date(Math.floor((Date.now() + 300 * day) / day) * day + 8 * 3600 * 1000);
    const ev = await connect("PlanningService/CreateEvent", {
      name: `E2E Scan ${stamp}`, timeZone: "Europe/Berlin",
      period: { start: start.toISOString(), end: new Date(start.getTime() + day).toISOString() },
    }, adminToken);
    expect(ev.status === 200, `CreateEvent ${JSON.stringify(ev.json)}`);
    const line = await connect("PlanningService/AddBookingLine", { eventId: ev.json.id, product: { productId, quantity: 5 } }, adminToken);
    expect(line.status === 200, `AddBookingLine ${JSON.stringify(line.json)}`);
    const st = await connect("PlanningService/SetEventStatus", { id: ev.json.id, status: "EVENT_STATUS_CONFIRMED" }, adminToken);
    expect(st.status === 200, `SetEventStatus ${JSON.stringify(st.json)}`);
    scan = { eventId: ev.json.id, codes: units.slice(0, 7).map((u) => u.barcode) };
    await page.goto(`${base}/events/${scan.eventId}`);
    await page.getByTestId("event-scan").click();
    await page.waitForURL(/\/scan$/);
    await page.getByText("No scans yet.").waitFor();
    await scanFocused();
    await accessible("scan");
  });

  await step("wedge scans check units out (green, 'n/5 out'); an unknown barcode is red; undo reverts the last", async () => {
    expect(scan, "no scan event");
    const [a, b] = scan.codes;
    await wedge(a);
    await scanVerdict("OK", "1/5 out");
    await wedge(b);
    await scanVerdict("OK", "2/5 out");
    await wedge(`NOPE-${stamp}`);
    await scanVerdict("ERROR", "Unknown barcode");
    await page.getByTestId("scan-list").locator('[data-testid="scan-row"]').nth(2).waitFor();
    await shot("19-scan");
    await accessible("scan with a red verdict");
    await page.getByTestId("scan-undo").click();
    await page.locator('[data-testid="scan-verdict"][data-verdict="UNDONE"]').waitFor();
    await scanFocused();
    await wedge(b);
    await scanVerdict("OK", "2/5 out");
    await wedge(b);
    await page.locator('[data-testid="scan-verdict"][data-verdict="DUPLICATE_SCAN"]').waitFor();
  });

  await step("check-in scans them back, and the return report says RETURNED", async () => {
    expect(scan, "no scan event");
    await page.getByTestId("scan-mode").getByText("Check in", { exact: true }).click();
    await scanFocused();
    const [a, b] = scan.codes;
    await wedge(a);
    await scanVerdict("OK", "1/2 back");
    await wedge(b);
    await scanVerdict("OK", "2/2 back");
    await page.getByTestId("scan-report-link").click();
    await page.waitForURL(/\/returns$/);
    await page.locator('[data-testid="returns-state"][data-state="RETURNED"]').waitFor();
    expect((await page.getByTestId("returns-item").count()) >= 2, "the report lists fewer than 2 items");
    expect((await page.getByTestId("returns-still-out").count()) === 0, "something is still out");
    await shot("20-returns");
    await accessible("return report");
    // The event itself follows its scans: its page and the events list say where the gear is.
    await page.goto(`${base}/events/${scan.eventId}`);
    await page.locator('[data-testid="event-fulfilment"][data-state="RETURNED"]').waitFor();
    // The events list filters on it: the event is among the returned ones, not among those with gear out.
    await page.goto(`${base}/events?when=all&gear=RETURNED`);
    await page.locator(`[data-testid="event-table"] a[href$="/events/${scan.eventId}"]`).waitFor();
    await page.goto(`${base}/events?when=all&gear=ANY_OUT`);
    await page.getByTestId("events-gear").waitFor();
    await page.waitForLoadState("networkidle");
    expect(
      (await page.locator(`[data-testid="event-table"] a[href$="/events/${scan.eventId}"]`).count()) === 0,
      "a returned event is listed as having gear out",
    );
  });

  await step("offline: 5 scans wait in the queue, are replayed when the connection is back, and are out exactly once", async () => {
    expect(scan, "no scan event");
    // The step before ends on the events list (its Gear filter): start from the return report again.
    await page.goto(`${base}/events/${scan.eventId}/returns`);
    await page.getByTestId("returns-scan-link").click();
    await page.waitForURL(/\/scan$/);
    await page.getByTestId("scan-input").waitFor();
    await page.getByTestId("scan-list").waitFor();
    const codes = scan.codes.slice(2, 7);
    await context.setOffline(true);
    try {
      for (const code of codes) await wedge(code);
      await page.getByTestId("scan-queued").filter({ hasText: "5 scans queued" }).waitFor();
      await shot("21-scan-offline");
    } finally {
      await context.setOffline(false);
    }
    await page.getByTestId("scan-queued").waitFor({ state: "detached", timeout: 30_000 });
    await scanVerdict("OK", "5/5 out");
    await page.goto(`${base}/events/${scan.eventId}/returns`);
    await page.getByTestId("returns-items").waitFor();
    const stillOut = await page.locator('[data-testid="returns-item"]:has([data-testid="returns-still-out"])').evaluateAll((rows) =>
      rows.map((r) => r.getAttribute("data-barcode")),
    );
    expect(JSON.stringify([...stillOut].sort()) === JSON.stringify([...codes].sort()), `still out: ${stillOut.join(", ")}`);
  });

  await step("an asset's page lists its trips out: the scan event, back OK", async () => {
    expect(scan, "no scan event");
    const unit = await connect("InventoryService/ResolveBarcode", { barcode: scan.codes[0] }, adminToken);
    expect(unit.status === 200 && unit.json.asset, `ResolveBarcode ${JSON.stringify(unit.json)}`);
    await page.goto(`${base}/inventory/assets/${unit.json.asset.id}`);
    const trips = page.getByTestId("asset-trips");
    await trips.getByRole("link", { name: `E2E Scan ${stamp}` }).waitFor();
    await trips.getByText("OK", { exact: true }).first().waitFor();
    await accessible("asset with trips");
  });

  await step("a damaged check-in asks for a note; a unit still out is marked missing from the report", async () => {
    expect(scan, "no scan event");
    const [c, d] = scan.codes.slice(2, 4);
    await page.goto(`${base}/events/${scan.eventId}/scan`);
    await page.getByTestId("scan-list").waitFor();
    await page.getByTestId("scan-mode").getByText("Check in", { exact: true }).click();
    // Mantine's Switch lays its invisible input over the label: click the input.
    await page.getByTestId("scan-damaged").click();
    await page.getByTestId("scan-dialog-text").fill("cracked grille");
    await page.getByTestId("scan-dialog-submit").click();
    await page.getByText("Damaged: cracked grille").waitFor();
    await scanFocused();
    await wedge(c);
    await scanVerdict("OK", "damaged");
    expect(!(await page.getByTestId("scan-damaged").isChecked()), "Damaged stays on after the scan");
    await page.getByTestId("scan-report-link").click();
    const row = (code) => page.locator(`[data-testid="returns-item"][data-barcode="${code}"]`);
    await row(c).filter({ hasText: "cracked grille" }).filter({ hasText: "Damaged" }).waitFor();
    await row(d).getByTestId("returns-mark-missing").click();
    await page.getByTestId("returns-missing-note").fill("not in the truck");
    await page.getByTestId("returns-missing-submit").click();
    await row(d).filter({ hasText: "not in the truck" }).filter({ hasText: "Missing" }).waitFor();
    expect((await page.getByTestId("returns-still-out").count()) === 3, "still out is not 3");
  });

  // Offline in the truck: a bulk product with a GTIN, stock for it, and confirmed events far out
  // that book it (50 scans; 1,000 scans; one cancelled while its scan waits).
  let truck = null;
  const bookBulk = async (name, offsetDays, quantity) => {
    const start = new Date(Math.floor((Date.now() + offsetDays * day) / day) * day + 8 * 3600 * 1000);
    const ev = await connect("PlanningService/CreateEvent", {
      name: `${name} ${stamp}`, timeZone: "Europe/Berlin",
      period: { start: start.toISOString(), end: new Date(start.getTime() + day).toISOString() },
    }, adminToken);
    expect(ev.status === 200, `CreateEvent ${JSON.stringify(ev.json)}`);
    const line = await connect("PlanningService/AddBookingLine", { eventId: ev.json.id, product: { productId: truck.productId, quantity } }, adminToken);
    expect(line.status === 200, `AddBookingLine ${JSON.stringify(line.json)}`);
    const st = await connect("PlanningService/SetEventStatus", { id: ev.json.id, status: "EVENT_STATUS_CONFIRMED" }, adminToken);
    expect(st.status === 200, `SetEventStatus ${JSON.stringify(st.json)}`);
    return ev.json.id;
  };
  const bulkOut = async (evId) => {
    const r = await connect("ScanningService/GetReturnReport", { eventId: evId }, adminToken);
    expect(r.status === 200, `GetReturnReport ${JSON.stringify(r.json)}`);
    return (r.json.products ?? []).find((p) => p.productId === truck.productId)?.out ?? 0;
  };
  const queued = (n) => page.getByTestId("scan-queued").filter({ hasText: `${n} scans queued` }).waitFor({ timeout: 30_000 });

  await step("offline: 50 scans made without a connection wait in the browser's queue (IndexedDB)", async () => {
    const gtin = `4${String(Date.now()).slice(-12)}`;
    const prod = await connect("InventoryService/CreateProduct", { product: {
      manufacturer: "E2E", model: `CABLE-${stamp}`, name: `E2E Cable ${stamp}`, category: "E2E Cables", gtin,
      rentalPrice: { currencyCode: "EUR", minorUnits: "100" }, replacementValue: { currencyCode: "EUR", minorUnits: "500" },
      tracking: "TRACKING_BULK" } }, adminToken);
    expect(prod.status === 200, `CreateProduct: ${JSON.stringify(prod.json)}`);
    const locs = await connect("InventoryService/ListLocations", { page: { pageSize: 1 } }, adminToken);
    const loc = locs.json.locations?.[0];
    expect(loc, "no location");
    const adj = await connect("InventoryService/AdjustStock", { productId: prod.json.id, locationId: loc.id, delta: 1200, reason: "purchase" }, adminToken);
    expect(adj.status === 200, `AdjustStock: ${JSON.stringify(adj.json)}`);
    truck = { productId: prod.json.id, gtin };
    truck.eventId = await bookBulk("E2E Truck", 320, 60);
    await page.goto(`${base}/events/${truck.eventId}/scan`);
    await page.getByText("No scans yet.").waitFor();
    // The service worker controls the page (it precached the app shell on the first visit).
    const controlled = await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      return navigator.serviceWorker.controller !== null;
    });
    expect(controlled, "no service worker controls the page");
    await scanFocused();
    await context.setOffline(true);
    for (let i = 0; i < 50; i++) await wedge(gtin);
    await queued(50);
    expect((await bulkOut(truck.eventId)) === 0, "something reached the node while offline");
  });

  await step("offline: a reload without a connection still opens the scan screen (service worker) with the 50 queued", async () => {
    expect(truck, "no truck event");
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId("scan-input").waitFor();
    await page.getByTestId("scan-offline").waitFor();
    await queued(50);
    await shot("24-scan-offline-reload");
  });

  await step("offline: back online, the 50 are applied exactly once (GetReturnReport, ListScans)", async () => {
    expect(truck, "no truck event");
    // No navigation: the page that was reloaded offline sends the queue when the browser says it
    // is online again. (Navigating away right then could abandon the session refresh that the
    // first call makes, leaving a spent refresh token behind.)
    await context.setOffline(false);
    let out = 0;
    for (const until = Date.now() + 60_000; out < 50 && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 500));
      out = await bulkOut(truck.eventId);
    }
    await page.getByTestId("scan-queued").waitFor({ state: "detached", timeout: 30_000 });
    out = await bulkOut(truck.eventId);
    expect(out === 50, `out: ${out}, not 50`);
    const scans = await connect("ScanningService/ListScans", { eventId: truck.eventId, page: { pageSize: 200 } }, adminToken);
    const applied = (scans.json.scans ?? []).filter((x) => x.applied);
    const ids = new Set(applied.map((x) => x.operationId));
    expect(applied.length === 50 && ids.size === 50, `ListScans: ${applied.length} applied, ${ids.size} distinct operation IDs`);
    expect((await page.getByTestId("scan-conflicts").count()) === 0, "conflicts shown");
  });

  await step("offline: a queued scan the node refuses on sync (its event cancelled meanwhile) is listed with the node's message, and dismissed", async () => {
    expect(truck, "no truck event");
    const cancelId = await bookBulk("E2E Cancelled", 330, 5);
    await page.goto(`${base}/events/${cancelId}/scan`);
    await page.getByText("No scans yet.").waitFor();
    await scanFocused();
    await context.setOffline(true);
    try {
      await wedge(truck.gtin);
      await wedge(`NOPE-OFF-${stamp}`);
      await queued(2);
      const st = await connect("PlanningService/SetEventStatus", { id: cancelId, status: "EVENT_STATUS_CANCELLED" }, adminToken);
      expect(st.status === 200, `SetEventStatus ${JSON.stringify(st.json)}`);
    } finally {
      await context.setOffline(false);
    }
    const conflict = (code) => page.locator(`[data-testid="scan-conflict"][data-barcode="${code}"]`);
    await conflict(truck.gtin).filter({ hasText: "holds no stock" }).waitFor({ timeout: 30_000 });
    await conflict(`NOPE-OFF-${stamp}`).waitFor();
    await page.getByTestId("scan-conflicts").filter({ hasText: "2 queued scans were refused" }).waitFor();
    await page.getByTestId("scan-queued").waitFor({ state: "detached" });
    await shot("25-scan-conflicts");
    await accessible("scan with refused scans");
    expect((await bulkOut(cancelId)) === 0, "the refused scan changed the cancelled event");
    await conflict(`NOPE-OFF-${stamp}`).getByTestId("scan-conflict-dismiss").click();
    await conflict(`NOPE-OFF-${stamp}`).waitFor({ state: "detached" });
    // Kept across a reload until dismissed.
    await page.reload();
    await conflict(truck.gtin).waitFor();
    await conflict(truck.gtin).getByTestId("scan-conflict-dismiss").click();
    await page.getByTestId("scan-conflicts").waitFor({ state: "detached" });
  });

  await step("offline: 1,000 scans queued in the browser sync to the node (time printed), each applied once", async () => {
    expect(truck, "no truck event");
    const bigId = await bookBulk("E2E Backlog", 340, 1000);
    await page.goto(`${base}/events/${bigId}/scan`);
    await page.getByText("No scans yet.").waitFor();
    // Seeds the queue as 1,000 wedge scans made offline would leave it (same table, same fields).
    await page.evaluate(async ({ eventId, gtin }) => {
      const db = await new Promise((ok, ko) => {
        const r = indexedDB.open("eventkit-scans");
        r.onsuccess = () => ok(r.result);
        r.onerror = () => ko(r.error);
      });
      await new Promise((ok, ko) => {
        const tx = db.transaction("queue", "readwrite");
        const store = tx.objectStore("queue");
        const t = Date.now();
        for (let i = 0; i < 1000; i++) {
          store.add({ kind: "checkOut", operationId: `e2e-backlog-${t}-${i}`, eventId, barcode: gtin, queuedAt: t + i, waiting: 1 });
        }
        tx.oncomplete = ok;
        tx.onerror = () => ko(tx.error);
      });
      db.close();
    }, { eventId: bigId, gtin: truck.gtin });
    const started = Date.now();
    await page.reload();
    await page.getByTestId("scan-queued").filter({ hasText: "scans queued" }).waitFor();
    await page.getByTestId("scan-queued").waitFor({ state: "detached", timeout: 120_000 });
    const ms = Date.now() - started;
    console.log(`     1,000 queued scans synced in ${ms} ms (from the reload that starts the sync to an empty queue)`);
    const out = await bulkOut(bigId);
    expect(out === 1000, `out: ${out}, not 1000`);
    expect((await page.getByTestId("scan-conflicts").count()) === 0, "conflicts shown");
  });

  await step("the scan screen offers a camera, loaded on demand (the barcode polyfill and its .wasm from the node)", async () => {
    expect(truck, "no truck event");
    const wasm = [];
    page.on("request", (r) => {
      if (r.url().includes(".wasm")) wasm.push(r.url());
    });
    await context.grantPermissions(["camera"], { origin: base });
    const wasmRequest = page.waitForRequest((r) => r.url().includes(".wasm"), { timeout: 20_000 }).catch(() => null);
    await page.getByTestId("scan-camera-toggle").click();
    // Chromium runs with a fake camera (--use-fake-device-for-media-stream): the preview starts and
    // the first frame loads zxing's .wasm, from the node's own /assets/.
    await page.locator('[data-testid="scan-camera"][data-state="running"]').waitFor();
    const req = await wasmRequest;
    expect(req, "no .wasm was requested");
    expect(req.url().startsWith(`${base}/assets/`), `the .wasm came from ${req.url()}`);
    const res = await fetch(req.url());
    expect(res.status === 200 && res.headers.get("content-type") === "application/wasm", `.wasm: ${res.status} ${res.headers.get("content-type")}`);
    expect(wasm.every((u) => u.startsWith(base)), `a .wasm from elsewhere: ${wasm.join(", ")}`);
    await accessible("scan with the camera");
    await page.getByTestId("scan-camera-close").click();
    await scanFocused();
  });

  // Stocktake: a blind count of a demo warehouse by the Warehouse user, reviewed and rejected by the
  // admin (rejecting changes no books: approving would mark the demo units not counted LOST).
  let stocktake = null;
  const countRows = (verdict) => page.locator(`[data-testid="stocktake-count-row"][data-verdict="${verdict}"]`);
  await step("a Warehouse user starts a blind stocktake of a warehouse and counts two units (green) and an unknown barcode (red)", async () => {
    const locs = await connect("InventoryService/ListLocations", { page: { pageSize: 500 } }, adminToken);
    const open = await connect("ScanningService/ListStocktakes", { page: { pageSize: 500 } }, adminToken);
    const busy = new Set((open.json.stocktakes ?? []).filter((t) => t.status === "STOCKTAKE_STATUS_OPEN").map((t) => t.locationId));
    // A warehouse's stocktake counts its bins too: group the available units by their warehouse.
    const all = locs.json.locations ?? [];
    const warehouseOf = new Map(all.map((l) => [l.id, l.kind === "LOCATION_KIND_WAREHOUSE" ? l.id : l.parentId]));
    const available = await connect("InventoryService/ListAssets", { status: "ASSET_STATUS_AVAILABLE", page: { pageSize: 1000 } }, adminToken);
    const lostUnits = await connect("InventoryService/ListAssets", { status: "ASSET_STATUS_LOST", page: { pageSize: 1000 } }, adminToken);
    let pick = null;
    for (const l of all.filter((x) => x.kind === "LOCATION_KIND_WAREHOUSE" && !busy.has(x.id))) {
      const units = (available.json.assets ?? []).filter((u) => u.barcode && !u.caseId && warehouseOf.get(u.locationId) === l.id);
      if (units.length >= 3) {
        const lostBefore = (lostUnits.json.assets ?? []).filter((u) => warehouseOf.get(u.locationId) === l.id).length;
        pick = { location: l, codes: units.slice(0, 2).map((u) => u.barcode), lostBefore };
        break;
      }
    }
    expect(pick, "no demo warehouse with 3 available units");
    await page.goto(`${base}/inventory/stocktakes`);
    await page.getByTestId("stocktake-table").or(page.getByText("No stocktakes yet.")).first().waitFor();
    await accessible("stocktakes");
    await page.getByTestId("stocktake-new").click();
    await page.getByTestId("stocktake-location").fill(pick.location.code);
    await page.getByRole("option", { name: `${pick.location.code} · ${pick.location.name}`, exact: true }).click();
    await page.getByTestId("stocktake-name").fill(`E2E count ${stamp}`);
    await page.getByTestId("stocktake-blind").click();
    expect(await page.getByTestId("stocktake-blind").isChecked(), "blind is not on");
    await accessible("new stocktake");
    await page.getByTestId("stocktake-start").click();
    await page.waitForURL(/\/inventory\/stocktakes\/[0-9a-f-]{36}$/);
    stocktake = { id: new URL(page.url()).pathname.split("/").pop(), ...pick };
    await page.getByText("Nothing counted yet in this session.").waitFor();
    await scanFocused();
    const [a, b] = pick.codes;
    await wedge(a);
    await scanVerdict("OK", "");
    await countRows("OK").first().waitFor();
    await wedge(b);
    await countRows("OK").nth(1).waitFor();
    await wedge(`NOPE-${stamp}`);
    await scanVerdict("ERROR", "Unknown barcode");
    await countRows("UNKNOWN_BARCODE").first().waitFor();
    await wedge(a);
    await page.locator('[data-testid="scan-verdict"][data-verdict="DUPLICATE"]').waitFor();
    await shot("24-stocktake-count");
    await accessible("stocktake count");
    const st = await connect("ScanningService/GetStocktake", { id: stocktake.id }, adminToken);
    expect(st.json.stocktake?.countedUnits === 2 && st.json.stocktake?.blind === true, `GetStocktake: ${JSON.stringify(st.json.stocktake)}`);
  });

  await step("the counter's review of the blind count hides the book figures", async () => {
    expect(stocktake, "no stocktake");
    await page.getByTestId("stocktake-review-link").click();
    await page.waitForURL(/\/review$/);
    await page.getByTestId("stocktake-blind-note").waitFor();
    expect((await page.getByRole("columnheader", { name: "Expected" }).count()) === 0, "book figures shown to a blind counter");
    expect((await page.getByTestId("stocktake-approve").count()) === 0, "a counter is offered Approve");
    await accessible("stocktake review (blind)");
    await logout();
    await login(admin);
    await page.waitForURL((u) => new URL(u).pathname !== "/login");
  });

  await step("the admin reviews it (MISSING lines with book figures), sees what approval would do, and rejects it with a note", async () => {
    expect(stocktake, "no stocktake");
    await page.goto(`${base}/inventory/stocktakes/${stocktake.id}/review`);
    await page.locator('[data-testid="stocktake-group"][data-kind="MISSING"] [data-testid="stocktake-line"]').first().waitFor();
    expect((await page.getByTestId("stocktake-blind-note").count()) === 0, "the approver is told the books are hidden");
    await page.getByRole("columnheader", { name: "Expected" }).first().waitFor();
    await shot("25-stocktake-review");
    await accessible("stocktake review");
    await page.getByTestId("stocktake-approve").click();
    await page.getByTestId("stocktake-decide-body").filter({ hasText: /\d+ units? becomes? LOST/ }).waitFor();
    await accessible("approve confirmation");
    await page.getByRole("dialog").getByRole("button", { name: "Cancel", exact: true }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await page.getByTestId("stocktake-reject").click();
    expect(await page.getByTestId("stocktake-decide-submit").isDisabled(), "Reject without a note is allowed");
    await page.getByTestId("stocktake-decide-note").fill("recount after the delivery");
    await page.getByTestId("stocktake-decide-submit").click();
    await page.locator('[data-testid="stocktake-status"][data-status="REJECTED"]').waitFor();
    await page.getByTestId("stocktake-decision").filter({ hasText: "recount after the delivery" }).waitFor();
    expect((await page.getByTestId("stocktake-reject").count()) === 0, "Reject still offered");
    const st = await connect("ScanningService/GetStocktake", { id: stocktake.id }, adminToken);
    expect(st.json.stocktake?.status === "STOCKTAKE_STATUS_REJECTED", `status ${st.json.stocktake?.status}`);
    const locs = await connect("InventoryService/ListLocations", { page: { pageSize: 500 } }, adminToken);
    const warehouseOf = new Map((locs.json.locations ?? []).map((l) => [l.id, l.kind === "LOCATION_KIND_WAREHOUSE" ? l.id : l.parentId]));
    const lost = await connect("InventoryService/ListAssets", { status: "ASSET_STATUS_LOST", page: { pageSize: 1000 } }, adminToken);
    const lostNow = (lost.json.assets ?? []).filter((u) => warehouseOf.get(u.locationId) === stocktake.location.id).length;
    expect(lostNow === stocktake.lostBefore, `a rejection marked units LOST: ${stocktake.lostBefore} → ${lostNow}`);
  });

  let packCaseId = "";
  await step("packing: a unit scanned into a case shows in its contents and the manifest, and is taken out again", async () => {
    const assets = await connect("InventoryService/ListAssets", { status: "ASSET_STATUS_AVAILABLE", page: { pageSize: 1000 } }, adminToken);
    const unit = (assets.json.assets ?? []).find((u) => u.barcode && !u.caseId && u.locationId && !(scan?.codes ?? []).includes(u.barcode));
    expect(unit, "no available unit to pack");
    const created = await connect("InventoryService/CreateCase",
      { barcode: `E2E-P-${stamp}`, name: `E2E Pack ${stamp}`, kind: "CASE_KIND_TEMPORARY", locationId: unit.locationId }, adminToken);
    expect(created.status === 200, `CreateCase ${JSON.stringify(created.json)}`);
    packCaseId = created.json.id;
    await page.goto(`${base}/inventory/cases/${packCaseId}`);
    await page.getByTestId("case-pack").click();
    await page.waitForURL(/\/pack$/);
    await page.getByTestId("case-empty").waitFor();
    await scanFocused();
    await wedge(unit.barcode);
    await scanVerdict("OK", unit.barcode);
    const row = page.locator(`[data-testid="case-contents"] tr[data-item="asset"][data-barcode="${unit.barcode}"]`);
    await row.waitFor();
    await wedge(`NOPE-${stamp}`);
    await scanVerdict("ERROR", `NOPE-${stamp}`);
    await shot("26-pack");
    await accessible("pack");
    await page.emulateMedia({ media: "print" });
    try {
      await page.getByTestId("case-manifest").filter({ hasText: unit.barcode }).filter({ hasText: `E2E-P-${stamp}` }).waitFor({ state: "visible" });
      expect(!(await page.getByTestId("scan-input").isVisible()), "the scan input prints");
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
    await row.getByTestId("case-remove").click();
    await page.getByTestId("case-empty").waitFor();
    const stored = await connect("InventoryService/GetCase", { id: packCaseId }, adminToken);
    expect((stored.json.assetIds ?? []).length === 0, `still packed: ${JSON.stringify(stored.json)}`);
    await logout();
    await login(warehouse);
    await page.waitForURL((u) => new URL(u).pathname !== "/login");
  });

  // Maintenance, as the Warehouse user (Inventory write and Scan): a repair by hand, then inspections.
  // WebAppBrowserIT made one serialised product's units 400 days old (E2E_INSPECTION_PRODUCT_ID), so a
  // 365-day interval makes them overdue.
  const inspectionProductId = process.env.E2E_INSPECTION_PRODUCT_ID;
  let repairUrl = "";
  await step("maintenance: a fault reported from the asset page, the ticket started (in progress), worked on and closed as repaired, with who and when", async () => {
    const assets = await connect("InventoryService/ListAssets", { status: "ASSET_STATUS_AVAILABLE", page: { pageSize: 1000 } }, adminToken);
    const unit = [...(assets.json.assets ?? [])].reverse().find((u) =>
      u.barcode && !u.caseId && u.id !== asset.id && u.productId !== inspectionProductId && !(scan?.codes ?? []).includes(u.barcode));
    expect(unit, "no available unit to repair");
    await page.goto(`${base}/maintenance/repairs`);
    await page.getByTestId("repair-table").or(page.getByText("No repair tickets match.")).first().waitFor();
    await accessible("repairs");
    await page.getByTestId("repair-new").click();
    await page.getByTestId("repair-open-submit").click();
    await page.getByText("Enter the asset's barcode").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("repair-open-form").waitFor({ state: "detached" });
    // The asset page's "Report a fault" opens the same form with the unit's barcode filled in.
    await page.goto(`${base}/inventory/assets/${unit.id}`);
    await page.getByTestId("asset-report-fault").click();
    await page.waitForURL(/\/maintenance\/repairs\?report=/);
    const prefilled = await page.getByTestId("repair-open-barcode").inputValue();
    expect(prefilled === unit.barcode, `Report a fault filled in "${prefilled}", not ${unit.barcode}`);
    await page.getByTestId("repair-open-fault").fill(`E2E hum on output ${stamp}`);
    await page.getByTestId("repair-open-cost").fill("12.50");
    await accessible("open repair");
    await page.getByTestId("repair-open-submit").click();
    // The ticket's page loads it by its ID alone (GetRepair).
    await page.waitForURL(/\/maintenance\/repairs\/[0-9a-f-]{36}$/);
    repairUrl = page.url();
    // The URL changes before the list gives way to the ticket's page (the list has OPEN badges too).
    await page.getByTestId("repair-title").filter({ hasText: unit.barcode }).waitFor();
    await page.locator('[data-testid="repair-stage"][data-stage="OPEN"]').waitFor();
    const listed = await connect("MaintenanceService/ListRepairs", { assetId: unit.id, status: "REPAIR_STATUS_OPEN" }, adminToken);
    const t = listed.json.tickets?.[0];
    expect(t && t.source === "MANUAL" && t.description === `E2E hum on output ${stamp}` && t.cost?.minorUnits === "1250", `ListRepairs ${JSON.stringify(listed.json)}`);
    expect(!!t.openedBy && !!t.openedAt, `who/when missing: ${JSON.stringify(t)}`);
    await page.getByTestId("repair-opened").filter({ hasText: t.openedBy }).waitFor();
    const inRepair = await connect("InventoryService/GetAsset", { id: unit.id }, adminToken);
    expect(inRepair.json.status === "ASSET_STATUS_IN_REPAIR", `asset status ${inRepair.json.status}`);
    // The asset page shows the open ticket (and no "Report a fault" while one is open) and links to it.
    await page.goto(`${base}/inventory/assets/${unit.id}`);
    const ticketLink = page.getByTestId("asset-open-repairs").getByRole("link", { name: `E2E hum on output ${stamp}` });
    await ticketLink.waitFor();
    expect((await page.getByTestId("asset-report-fault").count()) === 0, "Report a fault offered beside an open ticket");
    await ticketLink.click();
    await page.waitForURL(/\/maintenance\/repairs\/[0-9a-f-]{36}$/);
    await page.getByTestId("repair-title").filter({ hasText: unit.barcode }).waitFor();
    // "Start work" moves it to IN_PROGRESS in the API; "Back to open" and again, the badge follows.
    const apiStatus = async () => (await connect("MaintenanceService/GetRepair", { id: t.id }, adminToken)).json;
    await page.getByTestId("repair-start").click();
    await page.locator('[data-testid="repair-stage"][data-stage="IN_PROGRESS"]').filter({ hasText: "In progress" }).waitFor();
    const started = await apiStatus();
    expect(started.status === "REPAIR_STATUS_IN_PROGRESS" && started.cost?.minorUnits === "1250", `GetRepair after Start work ${JSON.stringify(started)}`);
    await page.getByTestId("repair-reopen").click();
    await page.locator('[data-testid="repair-stage"][data-stage="OPEN"]').waitFor();
    expect((await apiStatus()).status === "REPAIR_STATUS_OPEN", "Back to open did not reach the API");
    await page.getByTestId("repair-start").click();
    await page.locator('[data-testid="repair-stage"][data-stage="IN_PROGRESS"]').waitFor();
    expect((await apiStatus()).status === "REPAIR_STATUS_IN_PROGRESS", "Start work (again) did not reach the API");
    // The list's In progress filter has it; so has Open (every ticket not closed).
    for (const f of ["in-progress", "open"]) {
      await page.goto(`${base}/maintenance/repairs?status=${f}&barcode=${encodeURIComponent(unit.barcode)}`);
      await page.locator(`[data-testid="repair-row"][data-id="${t.id}"] [data-testid="repair-stage"][data-stage="IN_PROGRESS"]`).waitFor();
    }
    // An older link (it carried the asset) still opens the ticket.
    await page.goto(`${repairUrl}?asset=${unit.id}`);
    await page.getByTestId("repair-title").filter({ hasText: unit.barcode }).waitFor();
    await page.getByTestId("repair-work-notes").fill("replaced the output jack");
    await page.getByTestId("repair-work-save").click();
    await page.getByTestId("repair-notes").filter({ hasText: "replaced the output jack" }).waitFor();
    expect((await apiStatus()).status === "REPAIR_STATUS_IN_PROGRESS", "saving work changed the status");
    await page.locator('[data-testid="repair-stage"][data-stage="IN_PROGRESS"]').waitFor();
    await shot("30-repair-in-progress");
    await accessible("repair in progress");
    await page.getByTestId("repair-close-cost").fill("30");
    await page.getByTestId("repair-close-submit").click();
    await page.locator('[data-testid="repair-stage"][data-stage="REPAIRED"]').waitFor();
    expect((await page.getByTestId("repair-close-form").count()) === 0, "a closed ticket still offers Close");
    const closed = await connect("MaintenanceService/ListRepairs", { assetId: unit.id }, adminToken);
    const c = closed.json.tickets?.find((x) => x.id === t.id);
    expect(c?.status === "REPAIR_STATUS_REPAIRED" && !!c.closedBy && !!c.closedAt && c.notes === "replaced the output jack" && c.cost?.minorUnits === "3000",
      `closed ticket ${JSON.stringify(c)}`);
    await page.getByTestId("repair-closed").filter({ hasText: c.closedBy }).waitFor();
    const back = await connect("InventoryService/GetAsset", { id: unit.id }, adminToken);
    expect(back.json.status === "ASSET_STATUS_AVAILABLE", `asset status after repair ${back.json.status}`);
    // The list filters by status and unit (in the URL) and shows the outcome in words.
    await page.goto(`${base}/maintenance/repairs?status=repaired&barcode=${encodeURIComponent(unit.barcode)}`);
    await page.locator(`[data-testid="repair-row"][data-id="${t.id}"] [data-testid="repair-stage"][data-stage="REPAIRED"]`).waitFor();
    await page.goto(`${base}/maintenance/repairs?status=open&barcode=${encodeURIComponent(unit.barcode)}`);
    await page.getByText("No repair tickets match.").waitFor();
    await page.goto(`${base}/maintenance/repairs?barcode=NOPE-${stamp}`);
    await page.getByText(`NOPE-${stamp}`).first().waitFor();
    expect((await page.getByTestId("repair-table").count()) === 0, "an unknown barcode still lists tickets");
  });

  await step("maintenance: an interval on a product makes its old units overdue; one inspected by scanning leaves the overdue list", async () => {
    expect(!!inspectionProductId, "E2E_INSPECTION_PRODUCT_ID is not set (WebAppBrowserIT ages one product's units)");
    try {
      await page.goto(`${base}/inventory/products/${inspectionProductId}`);
      await page.getByTestId("inspection-interval").waitFor();
      await page.getByTestId("interval-days").fill("a year");
      await page.getByTestId("interval-save").click();
      await page.getByText("Enter whole days from 0 to 3650").waitFor();
      await page.getByTestId("interval-days").fill("365");
      await page.getByTestId("interval-save").click();
      await page.getByTestId("interval-current").filter({ hasText: "every 365 days" }).waitFor();
      await accessible("product with inspection interval");
      // Read back (GetInspectionInterval): after a reload the page shows it and the form starts from it.
      const rule = await connect("MaintenanceService/GetInspectionInterval", { productId: inspectionProductId }, adminToken);
      expect(rule.json.intervalDays === 365, `GetInspectionInterval ${JSON.stringify(rule.json)}`);
      await page.reload();
      await page.locator('[data-testid="interval-current"][data-days="365"]').filter({ hasText: "every 365 days" }).waitFor();
      const shown = await page.getByTestId("interval-days").inputValue();
      expect(shown === "365", `the interval form starts from "${shown}"`);
      const due = await connect("MaintenanceService/ListInspectionsDue", { withinDays: 0, page: { pageSize: 500 } }, adminToken);
      const overdue = (due.json.units ?? []).filter((u) => u.productId === inspectionProductId && u.overdue);
      expect(overdue.length >= 2, `overdue units of the product: ${JSON.stringify(due.json).slice(0, 300)}`);
      const [target, other] = overdue;
      await page.goto(`${base}/maintenance/inspections?within=0`);
      const row = (code) => page.locator(`[data-testid="inspection-row"][data-barcode="${code}"]`);
      await row(target.barcode).filter({ hasText: "Overdue by" }).waitFor();
      expect((await row(target.barcode).getAttribute("data-overdue")) === "true", "the row is not marked overdue");
      await shot("31-inspections-overdue");
      await accessible("inspections due");
      await page.goto(`${base}/inventory/assets/${target.assetId}`);
      await page.getByTestId("asset-next-inspection").filter({ hasText: "Overdue by" }).waitFor();
      await page.goto(`${base}/maintenance/inspections?within=0`);
      await page.getByTestId("inspection-scan-link").click();
      await page.waitForURL(/\/maintenance\/inspections\/scan$/);
      await scanFocused();
      await wedge(target.barcode);
      await page.locator('[data-testid="scan-verdict"][data-verdict="PASS"]', { hasText: `PASS · ${target.barcode}` }).waitFor();
      const nextYear = String(new Date(Date.now() + 365 * day).getFullYear());
      await page.getByTestId("inspect-next-due").filter({ hasText: "Next inspection due" }).filter({ hasText: nextYear }).waitFor();
      await shot("32-inspect");
      await accessible("record inspection");
      const after = await connect("MaintenanceService/ListInspectionsDue", { withinDays: 0, page: { pageSize: 500 } }, adminToken);
      const still = (after.json.units ?? []).map((u) => u.assetId);
      expect(!still.includes(target.assetId) && still.includes(other.assetId), "the inspected unit is still overdue (or the other is not)");
      await page.goto(`${base}/maintenance/inspections?within=0`);
      await row(other.barcode).waitFor();
      expect((await row(target.barcode).count()) === 0, "the inspected unit is still in the overdue list");
    } finally {
      // Overdue units are out of service in availability: leave the demo product as it was.
      await connect("MaintenanceService/SetInspectionInterval", { productId: inspectionProductId, intervalDays: 0 }, adminToken);
    }
  });

  await step("on a phone's width the pages fit and the navigation folds away", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, name] of [["/", "12-phone-dashboard"], [`/events/${eventId}`, "13-phone-event"], ["/inventory/products", "14-phone-products"],
      [`/inventory/assets/${assetId}`, "15-phone-asset"], [`/inventory/cases/${caseId}`, "16-phone-case"],
      [`/inventory/products/${bulkProduct.id}`, "17-phone-stock"],
      ...(scan ? [[`/events/${scan.eventId}/scan`, "22-phone-scan"], [`/events/${scan.eventId}/returns`, "23-phone-returns"]] : []),
      ["/inventory/stocktakes", "27-phone-stocktakes"],
      ...(stocktake ? [[`/inventory/stocktakes/${stocktake.id}/review`, "28-phone-stocktake-review"]] : []),
      ...(packCaseId ? [[`/inventory/cases/${packCaseId}/pack`, "29-phone-pack"]] : []),
      ["/maintenance/repairs", "33-phone-repairs"], ["/maintenance/inspections", "34-phone-inspections"],
      ...(repairUrl ? [[new URL(repairUrl).pathname + new URL(repairUrl).search, "35-phone-repair"]] : [])]) {
      await page.goto(`${base}${path}`);
      await page.locator("main h2").first().waitFor();
      await page.waitForLoadState("networkidle");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow <= 1, `${path} is ${overflow}px wider than the phone`);
      // Mantine slides the collapsed navbar off the screen (it stays in the DOM).
      const nav = await page.getByTestId("nav").boundingBox();
      expect(!nav || nav.x + nav.width <= 1 || nav.x >= 389, `navigation covers the page: ${JSON.stringify(nav)}`);
      await shot(name);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await step("the Warehouse user logs out", async () => {
    await page.getByTestId("user-menu").click();
    await page.getByTestId("logout").click();
    await page.waitForURL(/\/login/);
  });

  await step("SSO: the login page offers the provider; its button signs a new person in end to end (PKCE), provisioned Read-only", async () => {
    expect(!!oidcIssuer, "E2E_OIDC_ISSUER is not set (WebAppBrowserIT configures a provider)");
    await page.goto(`${base}/login`);
    const button = page.locator('[data-sso="e2e"]');
    await button.filter({ hasText: "Sign in with E2E IdP" }).waitFor();
    await shot("18-login-sso");
    await accessible("login with SSO");
    // The provider's authorize request, as the browser sends it.
    const authorize = page.waitForRequest((r) => r.url().startsWith(`${oidcIssuer}/authorize`));
    await button.click();
    const u = new URL((await authorize).url());
    expect(u.searchParams.get("redirect_uri") === `${base}/sso`, `redirect_uri ${u.searchParams.get("redirect_uri")}`);
    expect(u.searchParams.get("code_challenge_method") === "S256" && !!u.searchParams.get("state"), `no PKCE/state: ${u}`);
    // The provider logs the SSO person in and sends the browser back; the app completes the login.
    await page.waitForURL((x) => new URL(x).pathname === "/" && new URL(x).origin === base, { timeout: 30_000 });
    await page.getByTestId("user-menu").filter({ hasText: "Sso Person" }).waitFor();
    const users = await connect("AuthService/ListUsers", {}, adminToken);
    const person = (users.json.users ?? []).find((x) => x.email === "sso.person@web-e2e.test");
    expect(!!person, "the SSO person was not provisioned");
    expect(JSON.stringify(person.roles ?? []).includes("READ_ONLY"), `roles ${JSON.stringify(person.roles)}`);
    // Read-only: events are there to see, not to create.
    await page.goto(`${base}/events`);
    await page.getByTestId("events-status").waitFor();
    expect((await page.getByTestId("new-event-open").count()) === 0, "a Read-only SSO user is offered New event");
    await page.getByTestId("user-menu").click();
    await page.getByTestId("logout").click();
    await page.waitForURL(/\/login/);
  });

  // Clients, deals and quotes: enquiry → quote → sent → accepted → event confirmed (e2e/sales.mjs).
  await salesSteps({ page, base, step, connect, adminToken, accessible, shot, choose, login, logout, stamp, PASSWORD, product, expect });
  // Crew: staff an event, the crew member answers on a phone and records hours, a manager approves (e2e/crew.mjs).
  await crewSteps({ page, base, step, connect, adminToken, accessible, shot, login, stamp, PASSWORD, expect });

  // Vehicles, a truck pack over capacity, the load list PDF and a dispatched run (e2e/transport.mjs).
  await transportSteps({ page, base, step, connect, adminToken, accessible, shot, choose, login, stamp, PASSWORD, expect });
  // The dashboard's charts and their CSV, the report builder, a saved report pinned to the dashboard (e2e/reports.mjs).
  await reportsSteps({ page, base, step, connect, adminToken, accessible, shot, choose, login, logout, stamp, PASSWORD, expect });
  // The import wizard (dry run with a row error, apply, a re-run with nothing to change) and the export download (e2e/data.mjs).
  await dataSteps({ page, base, step, connect, adminToken, accessible, shot, login, logout, stamp, PASSWORD, expect });
  // Attachments on a product: upload by the file picker, thumbnail, download, a refused type, read-only for a Planner, delete (e2e/files.mjs).
  await filesSteps({ page, base, step, connect, adminToken, accessible, shot, login, logout, stamp, PASSWORD, product, expect });
  // Webhooks (secret once, delivery log, replay), notification settings, the bell (e2e/notifications.mjs).
  await notificationsSteps({ page, base, step, connect, adminToken, accessible, shot, login, logout, stamp, PASSWORD, expect });

  await step("no uncaught errors in the page", async () => {
    expect(consoleErrors.length === 0, consoleErrors.join("; "));
  });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`screenshots: ${out}`);
process.exit(summary("e2e") === 0 ? 0 : 1);
