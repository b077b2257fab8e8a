// The web app's timings for the benchmark, in Debian's Chromium (playwright-core) against a running
// node that already holds the dataset. Usage: node e2e/perf.mjs <baseUrl>   (env:
// EVENTKIT_ADMIN_TOKEN: a token with PERMISSION_USERS_ADMIN, to create the measuring user;
// CHROMIUM, default /usr/bin/chromium; PERF_RUNS, default 5). Asserts nothing: it measures, and
// prints one line "PERF <json>" with every sample, which io.eventkit.bench.Benchmark turns into
// rows. Each figure is "until the data is drawn", not until the first paint.
import { chromium } from "playwright-core";

const base = (process.argv[2] ?? "").replace(/\/$/, "");
const adminToken = process.env.EVENTKIT_ADMIN_TOKEN;
const runs = Number(process.env.PERF_RUNS ?? 5);
if (!base || !adminToken) {
  console.error("usage: EVENTKIT_ADMIN_TOKEN=... node e2e/perf.mjs http://127.0.0.1:PORT");
  process.exit(2);
}

async function connect(method, body, token) {
  const r = await fetch(`${base}/eventkit.v1.${method}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: await r.json() };
}

const stamp = Date.now().toString(36);
const PASSWORD = "correct horse battery staple";
const user = { email: `perf.${stamp}@example.com`, displayName: "Perf Planner", roles: ["ROLE_PLANNER"] };
const created = await connect(
  "AuthService/CreateUser",
  { ...user, password: PASSWORD, locale: "en-GB", timeZone: "Europe/London" },
  adminToken,
);
if (created.status !== 200) throw new Error(`CreateUser: ${created.status} ${JSON.stringify(created.json)}`);
// Search words from the dataset itself: the first word of some product names.
const products = await connect("InventoryService/ListProducts", { page: { pageSize: 40 } }, adminToken);
const words = [...new Set((products.json.products ?? []).map((p) => p.name.split(/\s+/)[0]).filter((w) => w.length > 2))];
if (words.length === 0) throw new Error("no products to search for");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
});
const samples = { firstLoadLogin: [], firstLoadDashboard: [], routeChange: [], productSearch: [] };
/** Route changes by destination, in visit order (the first visit is cold, the later ones cached). */
const byRoute = {};
try {
  const fresh = (storageState) =>
    browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB", storageState });

  // Cold loads without a session.
  for (let i = 0; i < runs; i++) {
    const ctx = await fresh(undefined);
    const p = await ctx.newPage();
    const t = Date.now();
    await p.goto(`${base}/`);
    await p.getByRole("heading", { name: "Sign in" }).waitFor();
    samples.firstLoadLogin.push(Date.now() - t);
    await ctx.close();
  }
  // A signed-in browser coming back: its refresh token in localStorage, as the app keeps it.
  // Refresh tokens are single use (a reused one revokes the session), so each gets its own login.
  const session = async () => {
    const r = await connect("AuthService/Login", { email: user.email, password: PASSWORD });
    if (r.status !== 200) throw new Error(`Login: ${r.status} ${JSON.stringify(r.json)}`);
    return {
      cookies: [],
      origins: [
        {
          origin: base,
          localStorage: [
            { name: "eventkit.refreshToken", value: r.json.refreshToken },
            { name: "eventkit.sessionId", value: r.json.sessionId },
            { name: "eventkit.displayName", value: user.displayName },
          ],
        },
      ],
    };
  };

  const dashboardDrawn = async (p) => {
    await p.getByTestId("today").locator("table, p").first().waitFor();
    // A Planner's shortages come as a report widget (ReportService's dashboard) when the node has
    // one, else as the home screen's own list.
    await p.locator('[data-testid="shortages"], [data-testid="widget"][data-kind="shortages"]').locator("table, p").first().waitFor();
  };
  for (let i = 0; i < runs; i++) {
    const ctx = await fresh(await session());
    const p = await ctx.newPage();
    const t = Date.now();
    await p.goto(`${base}/`);
    await dashboardDrawn(p);
    samples.firstLoadDashboard.push(Date.now() - t);
    await ctx.close();
  }

  // Warm: route changes through the navigation, each until the next screen's data is drawn.
  const ctx = await fresh(await session());
  const p = await ctx.newPage();
  p.setDefaultTimeout(30_000);
  await p.goto(`${base}/`);
  await dashboardDrawn(p);
  const routes = [
    ["/events", () => p.getByTestId("event-table").locator("tbody tr").first().waitFor()],
    ["/inventory/products", () => p.getByTestId("product-table").locator("tbody tr").first().waitFor()],
    ["/", () => dashboardDrawn(p)],
  ];
  for (let i = 0; i < runs; i++) {
    for (const [to, drawn] of routes) {
      const t = Date.now();
      await p.locator(`[data-nav="${to}"]`).first().click();
      await drawn();
      const ms = Date.now() - t;
      samples.routeChange.push(ms);
      (byRoute[to] ??= []).push(ms);
    }
  }

  // Product search: from the last keystroke to the matching rows drawn (the debounce included).
  await p.locator('[data-nav="/inventory/products"]').first().click();
  await p.getByTestId("product-table").locator("tbody tr").first().waitFor();
  for (let i = 0; i < runs * 2; i++) {
    const word = words[i % words.length];
    const search = p.getByTestId("product-search");
    await search.fill("");
    await p.waitForURL((u) => !new URL(u).searchParams.get("q"));
    const t = Date.now();
    await search.fill(word);
    await p.waitForURL((u) => new URL(u).searchParams.get("q") === word);
    await p.getByTestId("product-table").locator("tbody tr", { hasText: word }).first().waitFor();
    samples.productSearch.push(Date.now() - t);
  }
  await ctx.close();
} finally {
  await browser.close();
}
console.log(`PERF ${JSON.stringify({ runs, samples, byRoute })}`);
