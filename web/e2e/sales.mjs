// The sales steps of the browser e2e (run from e2e/run.mjs after its own steps, on the same page):
// a Sales user takes a client from enquiry to a confirmed event through a sent, versioned and
// accepted quote, and works the deal board (drag, and the keyboard's "Move to…" menu).
// Pricing (a rate card, a tax rate) is set up through the API with the admin token.

/**
 * @param {object} t what run.mjs shares: page, base, step, connect(method, body, token), adminToken,
 *   accessible(name), shot(name), choose(testId, option), login(user), logout(), stamp, PASSWORD,
 *   product (a demo product), expect(cond, message)
 */
export async function salesSteps(t) {
  const { page, base, step, connect, adminToken, accessible, shot, choose, login, stamp, PASSWORD, product, expect } = t;
  const sales = { email: `sam.${stamp}@example.com`, name: "Sam Sales", roles: ["ROLE_SALES"] };
  const company = `E2E Client ${stamp}`;
  const twin = `E2E Twin ${stamp}`;
  const eventName = `E2E Sales Gala ${stamp}`;
  const dealTitle = `E2E Deal ${stamp}`;
  const day = 24 * 3600 * 1000;
  // Far out, so the product is free then; 3 days (charged as 2 by the default day factors).
  const start = new Date(Math.floor((Date.now() + 300 * day) / day) * day + 8 * 3600 * 1000);
  const local = (d) => d.toISOString().slice(0, 16);
  let quoteUrl = "";

  const api = async (method, body) => {
    const r = await connect(method, body, adminToken);
    if (r.status !== 200) throw new Error(`${method}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  };

  await step("sales: pricing set up (rate card 100.00/day, 20 % tax as the default), a Sales user signs in", async () => {
    const settings = await api("QuoteService/GetQuoteSettings", {});
    const currency = settings.baseCurrency || "EUR";
    await api("QuoteService/SetTaxRate", { taxRate: { code: "E2E-VAT", label: "VAT 20 %", jurisdiction: "E2E", rateBp: 2000 } });
    await api("QuoteService/UpdateQuoteSettings", { defaultTaxCode: "E2E-VAT", companyName: "E2E Rentals" });
    await api("QuoteService/SetRateCard", { productId: product.id, dayRate: { currencyCode: currency, minorUnits: "10000" } });
    await api("CrmService/CreateCompany", { name: twin, email: `hello@twin-${stamp}.example` });
    const r = await connect(
      "AuthService/CreateUser",
      { email: sales.email, displayName: sales.name, roles: sales.roles, password: PASSWORD, locale: "en-GB", timeZone: "Europe/Berlin" },
      adminToken,
    );
    expect(r.status === 200, `CreateUser: ${r.status} ${JSON.stringify(r.json)}`);
    await page.goto(`${base}/login`);
    await login(sales);
    await page.getByTestId("user-name").filter({ hasText: sales.name }).waitFor();
    for (const entry of ["Clients", "Deals", "Quotes"]) await page.getByTestId("nav").getByText(entry, { exact: true }).first().waitFor();
  });

  await step("sales: the client list; 'n' opens the form, which warns while typing a name that exists, then creates the client", async () => {
    await page.goto(`${base}/clients`);
    await page.getByRole("heading", { name: "Clients" }).waitFor();
    await accessible("clients");
    await page.locator("body").press("n");
    await page.getByTestId("company-form").waitFor();
    await page.getByTestId("company-name").fill(twin);
    await page.getByTestId("duplicate-warning").filter({ hasText: twin }).waitFor();
    await page.getByTestId("company-submit").filter({ hasText: "Create anyway" }).waitFor();
    await shot("40-client-duplicate");
    await accessible("client form with a duplicate warning");
    await page.getByTestId("company-name").fill(company);
    await page.getByTestId("company-email").fill(`office@client-${stamp}.example`);
    await page.getByTestId("duplicate-warning").waitFor({ state: "detached" });
    await page.getByTestId("company-submit").filter({ hasText: "Create client" }).click();
    await page.waitForURL(/\/clients\/[0-9a-f-]{36}$/);
    await page.getByTestId("company-title").filter({ hasText: company }).waitFor();
  });

  await step("sales: a primary contact added and a call logged on the client's page", async () => {
    await page.getByTestId("contact-new").click();
    await page.getByTestId("contact-first").fill("Carla");
    await page.getByTestId("contact-last").fill("Client");
    await page.getByTestId("contact-email").fill(`carla@client-${stamp}.example`);
    await page.getByRole("checkbox", { name: "Primary contact for quotes" }).check();
    await page.getByTestId("contact-submit").click();
    await page.getByTestId("contact-row").filter({ hasText: "Carla Client" }).filter({ hasText: "Primary" }).waitFor();
    await page.getByTestId("activity-log").click();
    await page.getByTestId("activity-log-CALL").click();
    await page.getByTestId("activity-subject").fill("Asked about the gala");
    await page.getByTestId("activity-submit").click();
    await page.getByTestId("activity-timeline").getByText("Call: Asked about the gala").waitFor();
    await shot("41-client");
    await accessible("client page");
  });

  await step("sales: the shell's search finds the client by name and opens it", async () => {
    await page.goto(`${base}/`);
    await page.getByTestId("global-search").fill(company);
    await page.getByRole("option", { name: company }).first().click();
    await page.getByTestId("company-title").filter({ hasText: company }).waitFor();
  });

  await step("sales: an enquiry with the client picked from CRM, and a line on it", async () => {
    await page.goto(`${base}/events`);
    await page.getByTestId("new-event-open").click();
    const form = page.getByTestId("new-event");
    await page.getByTestId("new-event-name").fill(eventName);
    await page.getByTestId("client-company").fill(company);
    await page.getByRole("option", { name: company }).first().click();
    await choose("client-contact", "Carla Client ★");
    const dates = form.locator('input[type="datetime-local"]');
    await dates.nth(0).fill(local(start));
    await dates.nth(1).fill(local(new Date(start.getTime() + 3 * day)));
    await page.getByTestId("new-event-submit").click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
    await page.getByTestId("event-client").filter({ hasText: company }).waitFor();
    await page.getByTestId("event-client-contact").filter({ hasText: "Carla Client" }).waitFor();
    await page.getByTestId("add-line-product").fill(product.name);
    await page.getByRole("option", { name: product.name, exact: true }).click();
    await page.getByTestId("add-line-quantity").fill("1");
    await page.getByTestId("add-line-submit").click();
    await page.getByTestId("pull-list").locator(`tr[data-product="${product.id}"]`).waitFor();
  });

  await step("sales: 'Create quote' on the event makes a draft from its line, with the node's totals", async () => {
    await page.getByTestId("event-quote-create").click();
    await page.waitForURL(/\/quotes\/[0-9a-f-]{36}$/);
    quoteUrl = page.url();
    await page.locator('[data-testid="quote-state"][data-state="DRAFT"]').waitFor();
    const line = page.getByTestId("quote-line").first();
    await line.waitFor();
    expect((await page.getByTestId("quote-line").count()) === 1, "the draft should have the event's one line");
    await line.getByTestId("quote-line-price-source").filter({ hasText: "rate card" }).waitFor();
    // 3 days charged as 2 at 100.00: 200.00 net, 20 % tax.
    await page.getByTestId("quote-net").filter({ hasText: "200.00" }).waitFor();
    await page.getByTestId("quote-total").filter({ hasText: "240.00" }).waitFor();
  });

  await step("sales: a service line added and a discount typed in place; the totals follow", async () => {
    await choose("quote-add-kind", "Service");
    await page.getByTestId("quote-add-description").fill("Stage hands");
    await page.getByTestId("quote-add-qty").fill("4");
    await page.getByTestId("quote-add-price").fill("25");
    await page.getByTestId("quote-add-submit").click();
    await page.getByTestId("quote-line").nth(1).waitFor();
    await page.getByTestId("quote-net").filter({ hasText: "300.00" }).waitFor();
    const discount = page.getByTestId("quote-line").nth(1).getByTestId("quote-line-discount");
    await discount.fill("10");
    await discount.press("Enter");
    await page.getByTestId("quote-net").filter({ hasText: "290.00" }).waitFor();
    await page.getByTestId("quote-total").filter({ hasText: "348.00" }).waitFor();
    await shot("42-quote-editor");
    await accessible("quote editor");
  });

  await step("sales: the PDF preview shows the draft from a blob: URL", async () => {
    await page.getByTestId("quote-pdf-preview").click();
    const frame = page.getByTestId("pdf-frame");
    try {
      await page.locator('[data-testid="pdf-frame"], [role="dialog"] [role="alert"]').first().waitFor({ timeout: 30_000 });
      const failed = page.locator('[role="dialog"] [role="alert"]');
      expect((await failed.count()) === 0, `the preview failed: ${await failed.first().innerText().catch(() => "")}`);
      const src = await frame.getAttribute("src");
      expect(!!src && src.startsWith("blob:"), `the preview's src is ${src}`);
      const download = await page.getByTestId("pdf-download").getAttribute("download");
      expect(!!download && download.endsWith(".pdf"), `download name ${download}`);
    } finally {
      // Whatever happened, the dialog goes, so the next steps can reach the editor.
      await page.keyboard.press("Escape");
      await page.locator('[role="dialog"]').waitFor({ state: "detached" }).catch(() => {});
    }
  });

  await step("sales: sending freezes version 1 (no email here), listed in the history", async () => {
    await page.getByTestId("quote-send").click();
    const email = page.getByRole("switch", { name: "Email the PDF" });
    if (await email.isChecked()) await email.uncheck({ force: true });
    await accessible("send dialog");
    await page.getByTestId("send-submit").click();
    await page.getByTestId("quote-sent").filter({ hasText: "version 1" }).waitFor();
    await page.locator('[data-testid="quote-state"][data-state="SENT"]').waitFor();
    await page.getByTestId("quote-version").first().waitFor();
  });

  await step("sales: accepting confirms the event, and the link opens it CONFIRMED", async () => {
    await page.getByTestId("quote-accept").click();
    await page.getByTestId("accept-note").fill("Signed PDF from Carla");
    await page.getByTestId("accept-submit").click();
    const result = page.getByTestId("accept-result");
    await result.waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="quote-state"][data-state="ACCEPTED"]').waitFor();
    await shot("43-quote-accepted");
    expect((await result.innerText()).includes("is confirmed"), `accept result: ${await result.innerText()}`);
    await page.getByTestId("accept-open-event").click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
    await page.locator('[data-status="CONFIRMED"]').first().waitFor();
  });

  await step("sales: the quotes list finds the accepted quote by its state", async () => {
    await page.goto(`${base}/quotes?state=ACCEPTED`);
    await page.getByTestId("quote-row").filter({ hasText: company }).first().waitFor();
    await accessible("quotes");
    await page.goto(quoteUrl);
    await page.getByTestId("quote-versions").waitFor();
  });

  await step("sales: in Arabic the quote screens lay out right to left, in Arabic", async () => {
    await page.goto(quoteUrl);
    await page.getByTestId("quote-number").waitFor();
    await page.getByTestId("language").click();
    await page.getByRole("option", { name: "العربية" }).click();
    try {
      await page.waitForFunction(() => document.documentElement.dir === "rtl");
      await page.getByText("الإجماليات").first().waitFor();
      await shot("45-quote-ar");
      await accessible("quote editor in Arabic");
    } finally {
      await page.getByTestId("language").click();
      await page.getByRole("option", { name: "English" }).click();
      await page.waitForFunction(() => document.documentElement.dir === "ltr");
    }
  });

  await step("sales: a new deal on the board, dragged to the next stage and moved again with the 'Move to…' menu", async () => {
    await page.goto(`${base}/deals`);
    await page.getByTestId("deal-board").waitFor();
    await page.getByTestId("deal-new").click();
    await page.getByTestId("deal-title").fill(dealTitle);
    await page.getByTestId("deal-company").fill(company);
    await page.getByRole("option", { name: company }).first().click();
    await page.getByTestId("deal-value").fill("4500");
    await page.getByTestId("deal-submit").click();
    const card = page.locator(`[data-testid="deal-card"][data-deal="${dealTitle}"]`);
    await card.waitFor();
    const columns = page.getByTestId("deal-column");
    const names = await columns.evaluateAll((cs) => cs.map((c) => c.getAttribute("data-stage")));
    const from = await card.evaluate((c) => c.closest('[data-testid="deal-column"]').getAttribute("data-stage"));
    const next = names[names.indexOf(from) + 1];
    expect(!!next, `no stage after ${from} in ${names}`);
    await shot("44-deal-board");
    await accessible("deal board");
    const a = await card.boundingBox();
    const b = await page.locator(`[data-testid="deal-column"][data-stage="${next}"]`).boundingBox();
    await page.mouse.move(a.x + a.width / 2, a.y + 12);
    await page.mouse.down();
    await page.mouse.move(a.x + a.width / 2 + 10, a.y + 20, { steps: 5 });
    await page.mouse.move(b.x + b.width / 2, b.y + 60, { steps: 15 });
    await page.mouse.up();
    await page.locator(`[data-testid="deal-column"][data-stage="${next}"] [data-deal="${dealTitle}"]`).waitFor();
    const deals = await api("CrmService/ListDeals", { query: dealTitle, page: { pageSize: 5 } });
    const moved = (deals.deals ?? []).find((d) => d.title === dealTitle);
    for (let i = 0; i < 20 && moved && (await api("CrmService/GetDeal", { id: moved.id })).stageName !== next; i++) await page.waitForTimeout(250);
    expect(moved && (await api("CrmService/GetDeal", { id: moved.id })).stageName === next, `the deal is not in ${next} on the node`);
    const after = names[names.indexOf(next) + 1];
    await card.getByTestId("deal-move").click();
    await page.locator(`[data-testid="deal-move-to"][data-stage="${after}"]`).click();
    if (await page.getByTestId("lost-reason").isVisible().catch(() => false)) {
      await page.getByTestId("lost-reason").fill("Went with another supplier");
      await page.getByTestId("lost-submit").click();
    }
    await page.locator(`[data-testid="deal-column"][data-stage="${after}"] [data-deal="${dealTitle}"]`).waitFor();
  });

  await step("sales: pricing is visible to Sales but not editable", async () => {
    await page.goto(`${base}/pricing`);
    await page.getByTestId("pricing-settings").waitFor();
    expect((await page.getByTestId("pricing-settings-save").count()) === 0, "Sales is offered to save the pricing settings");
    await accessible("pricing");
  });

  await step("sales: the Sales user logs out", async () => {
    await page.getByTestId("user-menu").click();
    await page.getByTestId("logout").click();
    await page.waitForURL(/\/login/);
  });
}
