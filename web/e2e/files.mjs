// The attachments steps of the browser e2e (run from e2e/run.mjs after the data steps, on the same
// page): an Admin adds a small PNG to a product on its detail page with the file picker; it is
// listed with its thumbnail (drawn through the signed link), its download link answers the same
// bytes as a download, and its link opened as a page is the node's file, not the app (the service
// worker leaves /files/ alone); a PNG named .pdf is refused with the node's message; the section
// fits a phone's width. A Planner (inventory read only) sees the file but is offered no upload or
// delete, and the node refuses the Planner's upload when forced (403). The Admin deletes it after
// the confirmation and it is gone from the list and the API. Axe on each screen.

/** A 1×1 PNG (red). */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64");

/**
 * @param {object} t what run.mjs shares: page, base, step, connect(method, body, token), adminToken,
 *   accessible(name), shot(name), login(user), logout(), stamp, PASSWORD, product, expect(cond, message)
 */
export async function filesSteps(t) {
  const { page, base, step, connect, adminToken, accessible, shot, login, logout, stamp, PASSWORD, product, expect } = t;
  const admin = { email: `fay.${stamp}@example.com`, name: "Fay Files", roles: ["ROLE_ADMIN"] };
  const planner = { email: `finn.${stamp}@example.com`, name: "Finn Planner", roles: ["ROLE_PLANNER"] };
  const fileName = `dent-${stamp}.png`;
  const section = () => page.getByTestId("attachments");
  const row = () => section().locator(`[data-testid="attachment"][data-name="${fileName}"]`);
  const productPage = `${base}/inventory/products/${product.id}`;
  const listed = async () => {
    const r = await connect("FileService/ListAttachments", { owner: "ATTACHMENT_OWNER_PRODUCT", ownerId: product.id, page: { pageSize: 100 } }, adminToken);
    expect(r.status === 200, `ListAttachments: ${r.status} ${JSON.stringify(r.json)}`);
    return (r.json.attachments ?? []).filter((a) => a.fileName === fileName);
  };

  await step("files: an Admin adds a PNG to a product with the file picker; it is listed with its thumbnail", async () => {
    for (const u of [admin, planner]) {
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
    await page.goto(productPage);
    await page.getByTestId("product-name").waitFor();
    await section().getByTestId("attachments-choose").waitFor();
    await section().getByTestId("attachments-input").setInputFiles({ name: fileName, mimeType: "image/png", buffer: PNG });
    await row().waitFor({ timeout: 30_000 });
    expect((await row().getAttribute("data-image")) === "true", "the PNG is not shown as a picture");
    // The thumbnail loads lazily: bring it into view as a person scrolling down would.
    const img = row().getByTestId("attachment-thumb").locator("img");
    await img.scrollIntoViewIfNeeded();
    await page.waitForFunction((el) => el.complete && el.naturalWidth === 1, await img.elementHandle(), { timeout: 15_000 });
    // Who added it, as the node labels the caller (its login, e.g. "user:fay…@example.com").
    const meta = await row().getByTestId("attachment-meta").innerText();
    expect(meta.includes(admin.email), `meta: ${meta}`);
    const stored = await listed();
    expect(stored.length === 1 && String(stored[0].sizeBytes) === String(PNG.length) && stored[0].contentType === "image/png", `stored: ${JSON.stringify(stored)}`);
    await shot("80-attachments-product");
    await accessible("product with an attachment");
  });

  await step("files: the download link gives the same bytes as a download; the link opened as a page is the file, not the app", async () => {
    const href = await row().getByTestId("attachment-download").getAttribute("href");
    expect(!!href && href.startsWith("/files/") && href.includes("signature=") && href.endsWith("download=1"), `download href ${href}`);
    const r = await page.request.get(`${base}${href}`);
    expect(r.status() === 200, `download: HTTP ${r.status()}`);
    expect((r.headers()["content-disposition"] ?? "").startsWith("attachment"), `Content-Disposition ${r.headers()["content-disposition"]}`);
    expect(Buffer.compare(await r.body(), PNG) === 0, "the downloaded bytes are not the uploaded file");
    // A new tab on the picture's link (what clicking its name does): a navigation the service
    // worker must not answer with the app's index.html.
    const view = await row().getByTestId("attachment-name").getAttribute("href");
    const tab = await page.context().newPage();
    try {
      const res = await tab.goto(`${base}${view}`);
      expect(res?.status() === 200, `opening the file: HTTP ${res?.status()}`);
      expect((res?.headers()["content-type"] ?? "").startsWith("image/png"), `opening the file gave ${res?.headers()["content-type"]} (the app instead of the file?)`);
    } finally {
      await tab.close();
    }
  });

  await step("files: a PNG named .pdf is refused with the node's message; the section fits a phone", async () => {
    const wrong = `plan-${stamp}.pdf`;
    await section().getByTestId("attachments-input").setInputFiles({ name: wrong, mimeType: "application/pdf", buffer: PNG });
    const failure = section().getByTestId("attachments-failure");
    await failure.waitFor({ timeout: 30_000 });
    const text = await failure.innerText();
    expect(text.includes(`${wrong} was not added:`) && /PNG/i.test(text), `failure: ${text}`);
    expect((await section().locator(`[data-testid="attachment"][data-name="${wrong}"]`).count()) === 0, "the refused file is listed");
    await accessible("attachments with a refused upload");
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await row().waitFor();
      const overflow = await section().evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow <= 0, `the attachments section is ${overflow}px wider than itself on a phone`);
      await shot("81-attachments-phone");
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    await logout();
  });

  await step("files: a Planner sees the file but no upload or delete, and the node refuses the Planner's upload (403)", async () => {
    await login(planner);
    await page.getByTestId("user-name").filter({ hasText: planner.name }).waitFor();
    await page.goto(productPage);
    await row().waitFor();
    expect((await section().getByTestId("attachments-choose").count()) === 0, "a Planner is offered Add files");
    expect((await row().getByTestId("attachment-delete").count()) === 0, "a Planner is offered Delete");
    expect((await row().getByTestId("attachment-download").count()) === 1, "a Planner has no download");
    await accessible("product attachments, read only");
    const session = await connect("AuthService/Login", { email: planner.email, password: PASSWORD });
    expect(session.status === 200, `Login: ${session.status}`);
    const forced = await fetch(`${base}/files/product/${product.id}?name=forced-${stamp}.png`, {
      method: "POST",
      headers: { Authorization: `Bearer ${session.json.accessToken}`, "Content-Type": "image/png" },
      body: PNG,
    });
    const body = await forced.text();
    expect(forced.status === 403, `a Planner's upload: HTTP ${forced.status} ${body}`);
    await logout();
  });

  await step("files: the Admin deletes the file after the confirmation; it is gone from the list and the API", async () => {
    await login(admin);
    await page.getByTestId("user-name").filter({ hasText: admin.name }).waitFor();
    await page.goto(productPage);
    await row().getByTestId("attachment-delete").click();
    const confirm = page.getByTestId("attachment-delete-confirm");
    await confirm.waitFor();
    expect((await page.getByTestId("attachment-delete-dialog").innerText()).includes(fileName), "the confirmation does not name the file");
    await accessible("delete attachment confirmation");
    expect((await listed()).length === 1, "deleted before the confirmation");
    await confirm.click();
    await row().waitFor({ state: "detached" });
    expect((await listed()).length === 0, "still listed by the API after the delete");
    await logout();
  });
}
