// The web app's timings for the benchmark, in Debian's Chromium (playwright-core) against a running
// node that already holds the dataset. Usage: node e2e/perf.mjs <baseUrl>   (env:
// EVENTKIT_ADMIN_TOKEN: a token with PERMISSION_USERS_ADMIN, to create the measuring user;
// CHROMIUM, default /usr/bin/chromium; PERF_RUNS, default 5). Asserts nothing: it measures, and
// prints one line "PERF <json>" with every sample, which io.eventkit.bench.Benchmark turns into
// rows. Each figure is "until the data is drawn", not until the first paint, and is taken in the
// page: from the navigation's start (first loads), the click (route changes) or the keystroke
// (search) to the first animation frame after the awaited elements are in the document. The same
// spans seen from this script (Playwright's click waits for the target to be stable and hit-testable
// first, 100-400 ms on a loaded 2-core machine; its waits poll) are kept as "harness" samples.
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
const harness = { firstLoadLogin: [], firstLoadDashboard: [], routeChange: [], productSearch: [] };

/**
 * In the page: resolves with the ms from `startEvent` (the next event of that type on the document,
 * caught in the capture phase, before the app sees it) to the first animation frame at which some
 * element matches `selector`, checked on every DOM change. With `text`: some match must contain it,
 * and the matches' text must differ from what they were at the start (a search's new rows, not the
 * old ones that happen to contain the word).
 */
function drawnIn(page, selector, startEvent, text) {
  return page.evaluate(
    ([sel, ev, word]) =>
      new Promise((resolve) => {
        const rows = () => [...document.querySelectorAll(sel)];
        const textOf = (els) => els.map((e) => e.textContent).join("\n");
        document.addEventListener(
          ev,
          () => {
            const t0 = performance.now();
            const before = textOf(rows());
            let done = false;
            const check = () => {
              const els = rows();
              if (done || els.length === 0) return;
              if (word && (!els.some((e) => e.textContent.includes(word)) || textOf(els) === before)) return;
              done = true;
              mo.disconnect();
              requestAnimationFrame(() => resolve(Math.round(performance.now() - t0)));
            };
            const mo = new MutationObserver(check);
            mo.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
            check();
          },
          { capture: true, once: true },
        );
      }),
    [selector, startEvent, text ?? null],
  );
}
/** Installs the first-load watcher before any of the page's scripts run; read it with `firstDrawn`. */
const FIRST_DRAWN = (sel) => {
  window.__perfDrawn = new Promise((resolve) => {
    const check = () => {
      if (!document.querySelector(sel)) return false;
      requestAnimationFrame(() => resolve(Math.round(performance.now())));
      return true;
    };
    const mo = new MutationObserver(() => check() && mo.disconnect());
    mo.observe(document, { childList: true, subtree: true });
  });
};
const firstDrawn = (page) => page.evaluate(() => window.__perfDrawn);
/** Route changes by destination, in visit order (the first visit is cold, the later ones cached). */
const byRoute = {};
try {
  const fresh = (storageState) =>
    browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB", storageState });

  // Cold loads without a session.
  for (let i = 0; i < runs; i++) {
    const ctx = await fresh(undefined);
    const p = await ctx.newPage();
    await p.addInitScript(FIRST_DRAWN, "h2");
    const t = Date.now();
    await p.goto(`${base}/`);
    await p.getByRole("heading", { name: "Sign in" }).waitFor();
    harness.firstLoadLogin.push(Date.now() - t);
    samples.firstLoadLogin.push(await firstDrawn(p));
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

  // Today's list and the shortages (the home screen's list or a report widget), each drawn as a
  // table or as its empty line: the same as dashboardDrawn below, as one selector for the page.
  // Until 2026-12-07 the loading line counted too, so a slow report widget went unmeasured.
  // A paragraph is the empty state's; the loading state's (QueryState, role="status") does not count.
  const TEXT = 'p:not([role="status"] p)';
  const DASHBOARD = ['[data-testid="shortages"]', '[data-testid="widget"][data-kind="shortages"]']
    .flatMap((s) => [`${s} table`, `${s} ${TEXT}`])
    .map((s) => `body:has([data-testid="today"] :is(table, ${TEXT})) ${s}`)
    .join(", ");
  const dashboardDrawn = async (p) => {
    await p.getByTestId("today").locator(`table, ${TEXT}`).first().waitFor();
    // A Planner's shortages come as a report widget (ReportService's dashboard) when the node has
    // one, else as the home screen's own list.
    await p.locator('[data-testid="shortages"], [data-testid="widget"][data-kind="shortages"]').locator(`table, ${TEXT}`).first().waitFor();
  };
  for (let i = 0; i < runs; i++) {
    const ctx = await fresh(await session());
    const p = await ctx.newPage();
    await p.addInitScript(FIRST_DRAWN, DASHBOARD);
    const t = Date.now();
    await p.goto(`${base}/`);
    await dashboardDrawn(p);
    harness.firstLoadDashboard.push(Date.now() - t);
    samples.firstLoadDashboard.push(await firstDrawn(p));
    await ctx.close();
  }

  // Warm: route changes through the navigation, each until the next screen's data is drawn.
  const ctx = await fresh(await session());
  const p = await ctx.newPage();
  p.setDefaultTimeout(30_000);
  await p.goto(`${base}/`);
  await dashboardDrawn(p);
  const routes = [
    ["/events", '[data-testid="event-table"] tbody tr', () => p.getByTestId("event-table").locator("tbody tr").first().waitFor()],
    ["/inventory/products", '[data-testid="product-table"] tbody tr', () => p.getByTestId("product-table").locator("tbody tr").first().waitFor()],
    ["/", DASHBOARD, () => dashboardDrawn(p)],
  ];
  for (let i = 0; i < runs; i++) {
    for (const [to, selector, drawn] of routes) {
      const inPage = drawnIn(p, selector, "click");
      const t = Date.now();
      await p.locator(`[data-nav="${to}"]`).first().click();
      await drawn();
      harness.routeChange.push(Date.now() - t);
      const ms = await inPage;
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
    // Rows that show the word (a product's name is in its row's first cell).
    const inPage = drawnIn(p, '[data-testid="product-table"] tbody tr', "input", word);
    const t = Date.now();
    await search.fill(word);
    await p.waitForURL((u) => new URL(u).searchParams.get("q") === word);
    await p.getByTestId("product-table").locator("tbody tr", { hasText: word }).first().waitFor();
    harness.productSearch.push(Date.now() - t);
    samples.productSearch.push(await inPage);
  }
  await ctx.close();
} finally {
  await browser.close();
}
console.log(`PERF ${JSON.stringify({ runs, samples, harness, byRoute })}`);
