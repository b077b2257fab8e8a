// The data steps of the browser e2e (run from e2e/run.mjs after the reports steps, on the same
// page): an Admin imports a products CSV through the wizard — one bad row is listed by the dry run
// (row, column, message) and apply stays off; the corrected file checks clean, applies, and its
// products are in the inventory; the same file again has nothing to change (on a phone-sized
// window) — then downloads a full export (a zip arrives under the node's file name). A Warehouse
// user is offered neither. Axe on each screen.
import { readFileSync } from "node:fs";

/**
 * @param {object} t what run.mjs shares: page, base, step, connect(method, body, token), adminToken,
 *   accessible(name), shot(name), login(user), logout(), stamp, PASSWORD, expect(cond, message)
 */
export async function dataSteps(t) {
  const { page, base, step, connect, adminToken, accessible, shot, login, logout, stamp, PASSWORD, expect } = t;
  const admin = { email: `dana.${stamp}@example.com`, name: "Dana Data", roles: ["ROLE_ADMIN"] };
  const warehouse = { email: `walt.${stamp}@example.com`, name: "Walt Warehouse", roles: ["ROLE_WAREHOUSE"] };
  const models = ["A", "B", "C"].map((x) => `IMP-${x}-${stamp}`);
  const category = `E2E Import ${stamp}`;
  const header = "manufacturer,model,name,category,tracking,currency,rental_price";
  const rows = (tracking) => [
    `E2E Import,${models[0]},E2E Import Spot ${stamp},${category},BULK,EUR,12.50`,
    `E2E Import,${models[1]},E2E Import Wash ${stamp},${category},${tracking},EUR,8`,
    `E2E Import,${models[2]},E2E Import Haze ${stamp},${category},SERIALISED,EUR,"1,234.50"`,
  ];
  const csv = (tracking) => ({ name: `products-${stamp}.csv`, mimeType: "text/csv", buffer: Buffer.from([header, ...rows(tracking), ""].join("\r\n")) });
  const bad = csv("SOMETIMES");
  const good = csv("BULK");
  const fileInput = () => page.getByTestId("import-dropzone").locator('input[type="file"]');

  /** Step 1 → dry run with `file` (the products template: eventkit). */
  async function dryRun(file) {
    await page.getByTestId("import-stepper").waitFor();
    await page.getByTestId("import-entity").selectOption("product");
    await fileInput().setInputFiles(file);
    await page.locator(`[data-testid="import-file"][data-name="${file.name}"]`).waitFor();
    await page.getByTestId("import-next").click();
    await page.getByTestId("mapping-table").waitFor();
    await page.getByTestId("import-dryrun").click();
    await page.getByTestId("import-summary").waitFor();
  }

  const summary = async () => {
    const s = page.getByTestId("import-result").or(page.getByTestId("import-check")).getByTestId("import-summary").first();
    const n = async (k) => Number(await s.getAttribute(`data-${k}`));
    return { created: await n("created"), updated: await n("updated"), unchanged: await n("unchanged"), errors: await n("errors") };
  };

  await step("data: an Admin finds Import data and Export data in the navigation", async () => {
    for (const u of [admin, warehouse]) {
      const r = await connect(
        "AuthService/CreateUser",
        { email: u.email, displayName: u.name, roles: u.roles, password: PASSWORD, locale: "en-GB", timeZone: "Europe/Berlin" },
        adminToken,
      );
      expect(r.status === 200, `CreateUser: ${r.status} ${JSON.stringify(r.json)}`);
    }
    await page.goto(`${base}/login`);
    await login(admin);
    await page.getByTestId("user-name").filter({ hasText: admin.name }).waitFor();
    await page.getByTestId("nav").getByText("Export data", { exact: true }).waitFor();
    await page.getByTestId("nav").getByText("Import data", { exact: true }).click();
    await page.waitForURL((u) => new URL(u).pathname === "/data/import");
    await page.getByTestId("import-stepper").waitFor();
    await shot("70-import-file");
    await accessible("import wizard, first step");
  });

  await step("data: import wizard dry-run → apply — a bad row is listed with its row and column, apply stays off", async () => {
    await dryRun(bad);
    const error = page.getByTestId("import-error").first();
    await error.waitFor();
    expect((await error.getAttribute("data-row")) === "3", `error on row ${await error.getAttribute("data-row")}, expected 3 (the header is row 1)`);
    expect((await error.getAttribute("data-column")) === "tracking", `error in column ${await error.getAttribute("data-column")}`);
    expect((await error.innerText()).includes("SOMETIMES"), `message: ${await error.innerText()}`);
    const s = await summary();
    expect(s.errors === 1, `errors ${JSON.stringify(s)}`);
    expect(await page.getByTestId("import-apply").isDisabled(), "apply is enabled with a row error");
    const stored = await connect("InventoryService/ListProducts", { category, page: { pageSize: 10 } }, adminToken);
    expect(stored.status === 200 && (stored.json.products ?? []).length === 0, `a dry run wrote a product: ${JSON.stringify(stored.json).slice(0, 300)}`);
    await shot("71-import-dry-run-errors");
    await accessible("import dry run with a row error");
  });

  await step("data: import wizard dry-run → apply — the corrected file checks clean, applies, and the products are in the inventory", async () => {
    await page.getByTestId("import-another").click();
    await dryRun(good);
    await page.getByTestId("import-clean").waitFor();
    const dry = await summary();
    expect(dry.created === 3 && dry.errors === 0, `dry run ${JSON.stringify(dry)}`);
    await page.getByTestId("import-apply").click();
    await page.getByTestId("import-done").waitFor({ timeout: 30_000 });
    expect((await page.getByTestId("apply-progress").getAttribute("data-phase")) === "done", "the progress did not finish");
    const applied = await summary();
    expect(applied.created === 3 && applied.updated === 0, `applied ${JSON.stringify(applied)}`);
    await shot("72-import-applied");
    await accessible("import applied");
    await page.getByTestId("import-open-list").click();
    await page.waitForURL((u) => new URL(u).pathname === "/inventory/products");
    await page.getByTestId("product-search").fill(`E2E Import Spot ${stamp}`);
    await page.getByTestId("product-table").locator("tbody tr", { hasText: `E2E Import Spot ${stamp}` }).waitFor();
    const r = await connect("InventoryService/ListProducts", { category, page: { pageSize: 10 } }, adminToken);
    const got = (r.json.products ?? []).map((p) => p.model).sort();
    expect(JSON.stringify(got) === JSON.stringify(models), `products in ${category}: ${got.join(", ")}`);
    const spot = r.json.products.find((p) => p.model === models[0]);
    expect(spot.tracking === "TRACKING_BULK", `tracking ${spot.tracking}`);
    // "12.50" and "1,234.50" EUR in major units → minor units (JSON int64 is a string).
    const haze = r.json.products.find((p) => p.model === models[2]);
    expect(String(spot.rentalPrice?.minorUnits) === "1250" && String(haze.rentalPrice?.minorUnits) === "123450", `prices ${JSON.stringify([spot.rentalPrice, haze.rentalPrice])}`);
  });

  await step("data: importing the same file again (on a phone-sized window) has nothing to change", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${base}/data/import`);
      await dryRun(good);
      await page.getByTestId("import-nothing").waitFor();
      const s = await summary();
      expect(s.created === 0 && s.updated === 0 && s.unchanged === 3 && s.errors === 0, `re-run ${JSON.stringify(s)}`);
      expect(await page.getByTestId("import-apply").isDisabled(), "apply is offered with nothing to change");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow <= 0, `the page is ${overflow}px wider than a phone`);
      await shot("73-import-nothing-phone");
      await accessible("import re-run on a phone");
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  await step("data: export download — a zip arrives under the node's file name", async () => {
    await page.getByTestId("nav").getByText("Export data", { exact: true }).click();
    await page.waitForURL((u) => new URL(u).pathname === "/data");
    await page.getByTestId("export-download").waitFor();
    await accessible("export page");
    await page.getByTestId("export-csv").check();
    const started = Date.now();
    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), page.getByTestId("export-download").click()]);
    const name = download.suggestedFilename();
    expect(/^eventkit-export-.*-csv\.zip$/.test(name), `file name ${name}`);
    const bytes = readFileSync(await download.path());
    expect(bytes.length > 0, "the zip is empty");
    expect(bytes[0] === 0x50 && bytes[1] === 0x4b, "the file is not a zip (no PK header)");
    console.log(`     export (CSV) of ${bytes.length} bytes downloaded in ${Date.now() - started} ms`);
    await page.locator(`[data-testid="export-last"][data-name="${name}"]`).waitFor();
    await shot("74-export-downloaded");
    await accessible("export page after a download");
    await logout();
  });

  await step("data: a Warehouse user is offered neither, and /data says which permission it takes", async () => {
    await login(warehouse);
    await page.getByTestId("user-name").filter({ hasText: warehouse.name }).waitFor();
    const nav = page.getByTestId("nav");
    await nav.locator("a").first().waitFor();
    expect((await nav.getByText("Import data", { exact: true }).count()) === 0, "Warehouse sees Import data");
    expect((await nav.getByText("Export data", { exact: true }).count()) === 0, "Warehouse sees Export data");
    await page.goto(`${base}/data`);
    await page.getByTestId("export-forbidden").waitFor();
    await accessible("export page without the permission");
    await logout();
  });
}
