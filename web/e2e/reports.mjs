// The reports steps of the browser e2e (run from e2e/run.mjs after the transport steps, on the same
// page): a Manager lands on the dashboard and sees its charts drawn from ReportService (an SVG per
// chart, the same rows in a hidden table), downloads a chart's CSV (its lines are exactly the rows
// drawn), builds a report with filters (all in the URL, so the link reproduces it), saves it pinned,
// finds it on the dashboard, and deletes it again; a Planner (no REPORTS_FINANCE) is offered no
// money reports. Axe on each screen.
import { readFileSync } from "node:fs";

/**
 * @param {object} t what run.mjs shares: page, base, step, connect(method, body, token), adminToken,
 *   accessible(name), shot(name), choose(testId, option), login(user), logout(), stamp, PASSWORD, expect(cond, message)
 */
export async function reportsSteps(t) {
  const { page, base, step, connect, adminToken, accessible, shot, choose, login, logout, stamp, PASSWORD, expect } = t;
  const manager = { email: `mia.${stamp}@example.com`, name: "Mia Manager", roles: ["ROLE_MANAGER"] };
  const planner = { email: `pia.${stamp}@example.com`, name: "Pia Planner", roles: ["ROLE_PLANNER"] };
  const savedName = `E2E utilisation by category ${stamp}`;

  await step("reports: a Manager and a Planner; the Manager signs in and finds Reports in the navigation", async () => {
    for (const u of [manager, planner]) {
      const r = await connect(
        "AuthService/CreateUser",
        { email: u.email, displayName: u.name, roles: u.roles, password: PASSWORD, locale: "en-GB", timeZone: "Europe/Berlin" },
        adminToken,
      );
      expect(r.status === 200, `CreateUser: ${r.status} ${JSON.stringify(r.json)}`);
    }
    await page.goto(`${base}/login`);
    await login(manager);
    await page.getByTestId("user-name").filter({ hasText: manager.name }).waitFor();
    await page.getByTestId("nav").getByText("Reports", { exact: true }).first().waitFor();
  });

  await step("reports: the Manager's dashboard draws its charts from the demo data, each with the same rows as a table", async () => {
    const started = Date.now();
    await page.goto(`${base}/`);
    await page.getByTestId("widget").first().waitFor();
    // Every widget settles: a chart, a table, tiles or 'nothing to report'.
    const widgets = page.getByTestId("widget");
    const count = await widgets.count();
    for (let i = 0; i < count; i++) {
      await widgets.nth(i).locator('[data-testid="widget-view"], [data-testid="operation-tiles"]').first().waitFor();
    }
    const charts = page.locator('[data-testid="report-chart"]');
    expect((await charts.count()) > 0, `no chart on the Manager's dashboard (widgets: ${await widgets.evaluateAll((w) => w.map((x) => x.getAttribute("data-widget")).join(", "))})`);
    // ECharts draws SVG: a path per line, point or bar.
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="report-chart"]')].every((c) => c.querySelectorAll("svg path").length > 0));
    console.log(`     dashboard with ${count} widget(s) and ${await charts.count()} chart(s) drawn in ${Date.now() - started} ms`);
    for (let i = 0; i < count; i++) {
      const chart = widgets.nth(i).getByTestId("report-chart");
      if ((await chart.count()) === 0) continue;
      const rows = Number(await chart.getAttribute("data-rows"));
      const alt = await widgets.nth(i).getByTestId("report-table-alt").getByTestId("report-row").count();
      expect(alt === rows, `${await widgets.nth(i).getAttribute("data-widget")}: the chart draws ${rows} rows, its table has ${alt}`);
    }
    await shot("60-reports-dashboard");
    await accessible("the Manager's dashboard with charts");
  });

  await step("reports: 'Download CSV' of a chart saves exactly the rows it draws", async () => {
    const widget = page.getByTestId("widget").filter({ has: page.getByTestId("report-chart") }).first();
    const rows = Number(await widget.getByTestId("report-chart").getAttribute("data-rows"));
    const headers = await widget.getByTestId("report-table-alt").locator("th").allTextContents();
    const firstRow = await widget.getByTestId("report-table-alt").getByTestId("report-row").first().locator("td").allTextContents();
    const [download] = await Promise.all([page.waitForEvent("download"), widget.getByTestId("report-csv").click()]);
    expect(download.suggestedFilename().endsWith(".csv"), `file ${download.suggestedFilename()}`);
    const text = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
    const lines = text.split("\r\n").filter((l) => l !== "");
    expect(lines[0] === headers.filter((h) => h.trim() !== "" && h !== "Actions").join(","), `CSV header ${lines[0]} vs table ${headers.join(",")}`);
    expect(lines.length === rows + 1, `CSV has ${lines.length - 1} rows, the chart ${rows}`);
    // The first column is the label the chart draws (a month stays machine-readable: 2026-03).
    const label = lines[1].split(",")[0].replace(/^"|"$/g, "");
    expect(label !== "" && (firstRow[0].includes(label) || /^\d{4}-(\d{2}|W\d{2})/.test(label)), `CSV row 1 ${lines[1]} vs table ${firstRow.join(" | ")}`);
  });

  await step("reports: the builder — utilisation by category over 90 days, all in the URL; a reload reproduces it", async () => {
    await page.goto(`${base}/reports`);
    await page.getByTestId("report-result").waitFor();
    await choose("report-kind", "Utilisation");
    await choose("report-period", "Last 90 days");
    await choose("report-group", "Category");
    await page.waitForURL((u) => {
      const s = new URL(u).searchParams;
      return s.get("report") === "utilisation" && s.get("period") === "last_90_days" && s.get("group") === "category";
    });
    const result = page.getByTestId("report-result");
    await result.locator('[data-testid="report-chart"] svg path, [data-testid="report-table"], [data-testid="report-empty"]').first().waitFor({ state: "attached" });
    await result.getByTestId("report-totals").waitFor();
    const url = page.url();
    await page.goto(url);
    expect((await page.getByTestId("report-group").inputValue()) === "Category", "the reloaded link lost the grouping");
    expect((await page.getByTestId("report-period").inputValue()) === "Last 90 days", "the reloaded link lost the period");
    await shot("61-report-builder");
    await accessible("report builder");
  });

  await step("reports: saved pinned (a name is needed first), it is listed as the Manager's and shows on the dashboard", async () => {
    await page.getByTestId("report-save").click();
    const dialog = page.getByTestId("save-dialog");
    await dialog.waitFor();
    await page.getByTestId("save-submit").click();
    await dialog.getByText("Enter a name").waitFor();
    await accessible("save report dialog with a field error");
    await page.getByTestId("save-name").fill(savedName);
    expect(await page.getByTestId("save-pinned").isChecked(), "a new saved report is not pinned by default");
    await page.getByTestId("save-submit").click();
    await dialog.waitFor({ state: "detached" });
    await page.waitForURL((u) => !!new URL(u).searchParams.get("saved"));
    const row = page.locator(`[data-testid="saved-row"][data-name="${savedName}"]`);
    await row.waitFor();
    await row.getByText("Pinned").waitFor();
    const saved = await connect("ReportService/ListSavedReports", { page: { pageSize: 200 } }, adminToken);
    // The admin token sees shared reports only: this one is private to the Manager.
    expect(!(saved.json.reports ?? []).some((r) => r.name === savedName), "a private saved report is visible to another caller");
    await page.goto(`${base}/`);
    const widget = page.getByTestId("widget").filter({ has: page.getByRole("heading", { name: savedName }) });
    await widget.waitFor();
    await widget.locator('[data-testid="report-chart"] svg path, [data-testid="report-table"], [data-testid="report-empty"]').first().waitFor({ state: "attached" });
    await shot("62-dashboard-pinned");
    await accessible("dashboard with a pinned report");
  });

  await step("reports: the pinned widget opens the saved report; the owner deletes it and it leaves the dashboard", async () => {
    const widget = page.getByTestId("widget").filter({ has: page.getByRole("heading", { name: savedName }) });
    await widget.getByRole("link", { name: `Open ${savedName} in Reports` }).click();
    await page.waitForURL((u) => new URL(u).pathname === "/reports" && new URL(u).searchParams.get("group") === "category");
    const row = page.locator(`[data-testid="saved-row"][data-name="${savedName}"]`);
    await row.getByTestId("saved-delete").click();
    await page.getByTestId("saved-delete-confirm").click();
    await row.waitFor({ state: "detached" });
    await page.goto(`${base}/`);
    await page.getByTestId("widget").first().waitFor();
    expect((await page.getByRole("heading", { name: savedName }).count()) === 0, "the deleted report is still on the dashboard");
    await logout();
  });

  await step("reports: a Planner (no REPORTS_FINANCE) is offered no money reports (a revenue link falls back to utilisation)", async () => {
    await login(planner);
    await page.getByTestId("user-name").filter({ hasText: planner.name }).waitFor();
    await page.goto(`${base}/reports?report=revenue`);
    await page.getByTestId("report-result").waitFor();
    expect((await page.getByTestId("report-kind").inputValue()) !== "Revenue", "a Planner is shown revenue");
    await page.getByTestId("report-kind").click();
    const options = await page.getByRole("option").allTextContents();
    expect(!options.includes("Revenue") && !options.includes("Crew hours") && options.includes("Upcoming shortages"), `options ${options.join(", ")}`);
    await page.keyboard.press("Escape");
    await accessible("report builder for a Planner");
    await logout();
  });
}
