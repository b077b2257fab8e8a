// Two companies sub-hire end to end in their browsers (issue 18): node A ("Alpha Audio", the
// borrower) and node B ("Bravo Rentals", the supplier), each with its own database, each driven in
// its own browser context. Run by conformance-tests' BrowserFederationTest, which starts the nodes
// and answers this script's harness requests: a line "@@<json>" on stdout is answered with one JSON
// line on stdin ({"cmd":"cli","node":"a","args":[...]} runs the real CLI with the admin token;
// {"cmd":"partition"|"heal","node":"b"} cuts or restores B's federation traffic).
// Env: A_URL, A_TOKEN, A_NODE_ID, B_URL, B_TOKEN, B_NODE_ID, CHROMIUM, E2E_OUT.
// Prints "federation e2e: N passed, M failed" and exits non-zero on any failure.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { accessible, call, expect, launch, login, steps } from "./support.mjs";

const A = { url: process.env.A_URL, token: process.env.A_TOKEN, id: process.env.A_NODE_ID, name: "Alpha Audio" };
const B = { url: process.env.B_URL, token: process.env.B_TOKEN, id: process.env.B_NODE_ID, name: "Bravo Rentals" };
if (!A.url || !B.url || !A.token || !B.token || !A.id || !B.id) {
  console.error("usage: A_URL=… A_TOKEN=… A_NODE_ID=… B_URL=… B_TOKEN=… B_NODE_ID=… node e2e/federation.mjs");
  process.exit(2);
}
const out = resolve(process.env.E2E_OUT ?? "target/e2e-federation");
mkdirSync(out, { recursive: true });

// ---- the harness (BrowserFederationTest) --------------------------------------------------------
const replies = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function harness(request) {
  console.log("@@" + JSON.stringify(request));
  const { value, done } = await replies.next();
  if (done) throw new Error("the harness closed its side");
  return JSON.parse(value);
}
/** The real CLI against a node (admin token, --output json): its parsed JSON output. */
async function cli(node, ...args) {
  const r = await harness({ cmd: "cli", node, args });
  if (r.exit !== 0) throw new Error(`eventkit ${args.join(" ")} on ${node}: exit ${r.exit}: ${r.err || r.out}`);
  return r.out ? JSON.parse(r.out) : {};
}

// ---- data: users, products, units and a short event ----------------------------------------------
const stamp = Date.now().toString(36);
const PASSWORD = "correct horse battery staple";
const people = {
  ada: { node: A, email: `ada.${stamp}@alpha.example`, name: "Ada Admin", roles: ["ROLE_ADMIN"] },
  pat: { node: A, email: `pat.${stamp}@alpha.example`, name: "Pat Planner", roles: ["ROLE_PLANNER"] },
  bea: { node: B, email: `bea.${stamp}@bravo.example`, name: "Bea Bookings", roles: ["ROLE_ADMIN"] },
};
for (const u of Object.values(people)) {
  await call(u.node.url, "AuthService/CreateUser",
    { email: u.email, displayName: u.name, roles: u.roles, password: PASSWORD, locale: "en-GB", timeZone: "Europe/Berlin" },
    u.node.token);
}
async function warehouse(node) {
  return (await call(node.url, "InventoryService/CreateLocation",
    { kind: "LOCATION_KIND_WAREHOUSE", code: `W-${stamp}`, name: "Main warehouse" }, node.token)).id;
}
const model = `Spiider-${stamp}`;
async function fixture(node, { shared, price, barcodes }) {
  const loc = await warehouse(node);
  const p = await call(node.url, "InventoryService/CreateProduct", {
    product: {
      manufacturer: "Robe", model, name: `Robe Spiider ${stamp}`, category: "Lighting",
      rentalPrice: { currencyCode: "EUR", minorUnits: String(price) },
      replacementValue: { currencyCode: "EUR", minorUnits: "650000" },
      weightGrams: "17000", tracking: "TRACKING_SERIALISED", shared,
    },
  }, node.token);
  for (const barcode of barcodes) {
    await call(node.url, "InventoryService/CreateAsset", { productId: p.id, barcode, serial: barcode, homeLocationId: loc }, node.token);
  }
  return p;
}
const bBarcodes = [1, 2, 3, 4].map((i) => `SPI-${stamp}-${i}`.toUpperCase());
const bProduct = await fixture(B, { shared: true, price: 4500, barcodes: bBarcodes });
const aProduct = await fixture(A, { shared: false, price: 4000, barcodes: [`ALPHA-${stamp}-1`.toUpperCase()] });
// The festival runs now (a hire must have begun to be returned), and needs 3 where A owns 1.
const hour = 3600 * 1000;
const start = new Date(Math.floor(Date.now() / hour) * hour - hour);
const period = { start: start.toISOString(), end: new Date(start.getTime() + 72 * hour).toISOString() };
const event = await call(A.url, "PlanningService/CreateEvent",
  { name: `Harbour Festival ${stamp}`, clientName: "Harbour City", venue: "Pier 4", timeZone: "Europe/Berlin", period, status: "EVENT_STATUS_CONFIRMED" },
  A.token);
await call(A.url, "PlanningService/AddBookingLine", { eventId: event.id, product: { productId: aProduct.id, quantity: 3 } }, A.token);

// ---- browsers: one context per company -------------------------------------------------------------
const browser = await launch();
async function open(person) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB" });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${person.node.url}/login`);
  await login(page, person.email, PASSWORD);
  await page.getByTestId("user-name").filter({ hasText: person.name }).waitFor();
  return page;
}
const pages = [];
const { step, summary } = steps(out, () => pages);
const shot = (page, name) => page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
const fingerprintOf = (text) => text.replace(/[^0-9a-f]/gi, "").toLowerCase();

let ada;
let pat;
let bea;
let invitation;
let negotiationId;
try {
  await step("each company's admin and A's planner sign in", async () => {
    ada = await open(people.ada);
    bea = await open(people.bea);
    pat = await open(people.pat);
    pages.push(ada, bea, pat);
  });

  await step("A's admin invites B and gets a code and a QR code with its expiry", async () => {
    await ada.goto(`${A.url}/partners`);
    await ada.getByRole("button", { name: "Invite a partner" }).click();
    await ada.getByLabel("Partner node ID").fill(B.id);
    await ada.getByRole("radio", { name: "Availability", exact: true }).check();
    await ada.getByRole("button", { name: "Create invitation" }).click();
    const result = ada.getByRole("region", { name: "Invitation", exact: true });
    await result.waitFor();
    invitation = (await result.getByLabel("Invitation code to send").inputValue()).trim();
    expect(invitation.startsWith("ekinv1."), `invitation code: ${invitation.slice(0, 20)}…`);
    await result.getByRole("img", { name: "QR code of the invitation code" }).waitFor();
    await result.getByTestId("invitation-expires").waitFor();
    await shot(ada, "01-invitation");
    await accessible(ada, "invitation");
    await result.getByRole("button", { name: "Done" }).click();
  });

  await step("B's admin pastes the code and sees A's fingerprint, the one A's screen and CLI show, before confirming", async () => {
    const aCa = await cli("a", "ca", "show");
    const aFingerprint = fingerprintOf(aCa.rootFingerprintSha256);
    const shownAtA = fingerprintOf(await ada.getByTestId("this-node-fingerprint").innerText());
    expect(shownAtA === aFingerprint, `A's own fingerprint on screen ${shownAtA} vs CLI ${aFingerprint}`);
    await bea.goto(`${B.url}/partners`);
    await bea.getByRole("button", { name: "Accept an invitation" }).click();
    await bea.getByLabel("Invitation code").fill(invitation);
    const pinned = fingerprintOf(await bea.getByTestId("accept-fingerprint").innerText());
    expect(pinned === aFingerprint, `fingerprint shown to B ${pinned} vs A's ${aFingerprint}`);
    expect((await bea.getByTestId("accept-issuer").innerText()).includes(A.id), "the inviting node is not named");
    const confirm = bea.getByRole("button", { name: "Accept and connect" });
    expect(await confirm.isDisabled(), "accept is possible before the fingerprint is confirmed");
    await shot(bea, "02-accept-fingerprint");
    await accessible(bea, "accept invitation");
    await bea.getByRole("checkbox", { name: "The fingerprint matches what the inviter read out to me" }).check();
    await confirm.click();
    await bea.waitForURL(new RegExp(`/partners/${A.id.replace(/\./g, "\\.")}$`));
  });

  await step("both partner lists show the other company by name, active, with health", async () => {
    await ada.goto(`${A.url}/partners`);
    const row = ada.locator(`[data-testid="partner-row"][data-node="${B.id}"]`);
    await row.getByTestId("partner-link").filter({ hasText: B.name }).waitFor();
    await row.locator('[data-testid="partner-state"][data-state="ACTIVE"]').waitFor();
    await row.getByTestId("partner-latency").filter({ hasText: /\d/ }).waitFor();
    await shot(ada, "03-partners-a");
    await accessible(ada, "partners");
    await bea.goto(`${B.url}/partners`);
    const back = bea.locator(`[data-testid="partner-row"][data-node="${A.id}"]`);
    await back.getByTestId("partner-link").filter({ hasText: A.name }).waitFor();
    await back.locator('[data-testid="partner-state"][data-state="ACTIVE"]').waitFor();
  });

  await step("B grants A availability only: A's planner sees B's stock for the shortage, without prices", async () => {
    await setLevel(bea, B.url, A, "Availability");
    await pat.goto(`${A.url}/availability/shortages`);
    const line = pat.getByRole("row", { name: new RegExp(`Robe Spiider ${stamp}`) });
    await line.getByRole("button", { name: "Find partners" }).click();
    const partnerRow = pat.getByRole("dialog").getByRole("row", { name: new RegExp(B.name) });
    await partnerRow.getByText("2", { exact: true }).waitFor();
    await partnerRow.getByText("—").waitFor();
    await shot(pat, "04-partner-availability-no-prices");
    await accessible(pat, "partner availability");
    await pat.keyboard.press("Escape");
  });

  await step("a planner without federation rights can't see or change trust", async () => {
    expect((await pat.getByRole("link", { name: "Partners" }).count()) === 0, "Partners is in the planner's menu");
    await pat.goto(`${A.url}/partners`);
    await pat.getByTestId("partners-no-access").filter({ hasText: /TRUST_READ/ }).waitFor();
    await accessible(pat, "partners without access");
    expect((await pat.getByRole("button", { name: "Invite a partner" }).count()) === 0, "the planner can invite");
  });

  await step("B raises A to sub-hire requests; A grants B availability", async () => {
    await setLevel(bea, B.url, A, "Sub-hire requests");
    await setLevel(ada, A.url, B, "Availability");
  });

  await step("one click from the shortage sends B a prefilled request, at B's list price", async () => {
    await pat.goto(`${A.url}/availability/shortages`);
    await pat.getByRole("row", { name: new RegExp(`Robe Spiider ${stamp}`) }).getByRole("button", { name: "Find partners" }).click();
    const dialog = pat.getByRole("dialog");
    const partnerRow = dialog.getByRole("row", { name: new RegExp(B.name) });
    await partnerRow.getByText(/45[.,]00/).waitFor();
    await partnerRow.getByRole("button", { name: "Request sub-hire" }).click();
    const request = pat.getByRole("dialog", { name: new RegExp(`Request a sub-hire from ${B.name}`) });
    expect((await request.getByLabel("Quantity").inputValue()) === "2", "the quantity is not the shortfall");
    expect((await request.getByLabel("Event name").inputValue()).includes(`Harbour Festival ${stamp}`), "the event is not prefilled");
    await accessible(pat, "request dialog");
    await request.getByRole("button", { name: "Send request" }).click();
    await pat.waitForURL(/\/subhires\/[0-9a-f-]{36}/);
    negotiationId = pat.url().match(/subhires\/([0-9a-f-]{36})/)[1];
    await pat.getByText(/Acknowledged/).first().waitFor({ timeout: 30_000 });
    await shot(pat, "05-request-sent");
    await accessible(pat, "sub-hire detail");
  });

  await step("B sees the request in its inbox and quotes it", async () => {
    await bea.goto(`${B.url}/subhires`);
    await bea.getByRole("tab", { name: "Incoming (we supply)" }).click();
    await bea.getByRole("link", { name: new RegExp(`Harbour Festival ${stamp}`) }).click();
    await bea.waitForURL(new RegExp(`/subhires/${negotiationId}`));
    await bea.getByRole("button", { name: "Quote", exact: true }).click();
    await bea.getByRole("dialog").getByRole("button", { name: "Send quote" }).click();
    await bea.getByText(/Quoted/).first().waitFor();
    await shot(bea, "06-quoted");
    await accessible(bea, "supplier detail");
  });

  await step("with B cut off, A's planner sees B as not responding, and accepts the quote into the outbox", async () => {
    await pat.getByText(/Quoted/).first().waitFor({ timeout: 30_000 });
    await harness({ cmd: "partition", node: "b" });
    await pat.getByRole("button", { name: "Accept quote" }).click();
    await pat.getByText(/waiting for partner/i).first().waitFor({ timeout: 30_000 });
    await shot(pat, "07-waiting-for-partner");
    const page2 = await pat.context().newPage();
    try {
      await page2.goto(`${A.url}/availability/shortages`);
      await page2.getByRole("row", { name: new RegExp(`Robe Spiider ${stamp}`) }).getByRole("button", { name: "Find partners" }).click();
      const partnerRow = page2.getByRole("dialog").getByRole("row", { name: new RegExp(B.name) });
      await partnerRow.getByText(/Not responding|Unavailable/).waitFor();
      expect((await partnerRow.getByText("0", { exact: true }).count()) === 0, "a partner that is down is shown as 0");
      expect((await partnerRow.getByRole("button", { name: "Request sub-hire" }).count()) === 0, "a down partner can be asked");
      await shot(page2, "08-partner-down");
    } finally {
      await page2.close();
    }
  });

  await step("once B is back the acceptance goes through, and B confirms", async () => {
    await harness({ cmd: "heal", node: "b" });
    await bea.reload();
    await bea.getByText(/Accepted/).first().waitFor({ timeout: 60_000 });
    await bea.getByRole("button", { name: "Confirm", exact: true }).click();
    await bea.getByText(/Confirmed/).first().waitFor();
    await pat.getByText(/Confirmed/).first().waitFor({ timeout: 30_000 });
  });

  await step("the confirmed sub-hire fills A's shortage, as the CLI reports", async () => {
    const shortages = await cli("a", "availability", "shortages", event.id);
    expect((shortages.lines ?? []).length === 0, `CLI still reports short lines: ${JSON.stringify(shortages.lines)}`);
    // The event's pull list agrees: the line is no longer short, so nothing to find at partners.
    await pat.goto(`${A.url}/events/${event.id}`);
    const line = pat.getByTestId("pull-list").getByRole("row", { name: new RegExp(`Robe Spiider ${stamp}`) });
    await line.waitFor();
    await pat.waitForLoadState("networkidle");
    expect((await line.getByRole("button", { name: "Find partners" }).count()) === 0, "the line is still short");
  });

  await step("B dispatches the two units by barcode", async () => {
    await bea.getByRole("button", { name: "Dispatch", exact: true }).click();
    const dialog = bea.getByRole("dialog");
    const field = dialog.getByLabel(/^Barcodes of /);
    for (const code of bBarcodes.slice(0, 2)) {
      await field.fill(code);
      await field.press("Enter");
      await dialog.getByRole("button", { name: `Remove ${code}` }).waitFor();
    }
    await accessible(bea, "dispatch dialog");
    await dialog.getByRole("button", { name: "Dispatch", exact: true }).click();
    await bea.getByText(/Dispatched|On hire/).first().waitFor();
    await shot(bea, "09-dispatched");
  });

  await step("A looks up one of B's barcodes: whose it is and which sub-hire", async () => {
    await pat.goto(`${A.url}/subhires/resolve`);
    await pat.getByLabel("Partner barcode").fill(bBarcodes[0]);
    await pat.getByRole("button", { name: "Look up" }).click();
    await pat.getByText(new RegExp(`On sub-hire from ${B.name}`)).first().waitFor();
    await pat.getByRole("link", { name: new RegExp(`Sub-hire: Harbour Festival ${stamp}`) }).first().waitFor();
    await accessible(pat, "resolve");
  });

  await step("A returns the gear and B checks it in: both sides closed", async () => {
    await pat.goto(`${A.url}/subhires/${negotiationId}`);
    await pat.getByText(/Dispatched|On hire/).first().waitFor({ timeout: 30_000 });
    await pat.getByRole("button", { name: "Return", exact: true }).click();
    await pat.getByRole("dialog").getByRole("button", { name: "Return goods" }).click();
    await pat.getByText(/Returned/).first().waitFor();
    await bea.reload();
    await bea.getByRole("button", { name: "Check in", exact: true }).click();
    await bea.getByText(/Closed/).first().waitFor();
    await pat.getByText(/Closed/).first().waitFor({ timeout: 30_000 });
    await shot(pat, "10-closed");
  });

  await step("both CLIs report the sub-hire closed, and B's units are free again for A", async () => {
    const atA = await cli("a", "subhire", "show", negotiationId);
    const atB = await cli("b", "subhire", "show", negotiationId);
    expect(atA.state === "CLOSED" && atA.role === "BORROWER", `A: ${atA.role} ${atA.state}`);
    expect(atB.state === "CLOSED" && atB.role === "SUPPLIER", `B: ${atB.role} ${atB.state}`);
    const q = await cli("a", "availability", "query", "--product", aProduct.id, "--qty", "4",
      "--from", period.start, "--to", period.end, "--fresh");
    const fromB = (q.partners ?? []).find((p) => p.partnerNodeId === B.id);
    expect(fromB?.lines?.[0]?.availableQuantity === 4, `CLI: B can supply ${JSON.stringify(fromB)}`);
  });
} finally {
  await browser.close().catch(() => {});
}

/** On `page` (an admin of the node at `url`), sets what `partner` may do there. */
async function setLevel(page, url, partner, level) {
  await page.goto(`${url}/partners/${partner.id}`);
  const actions = page.getByRole("region", { name: "Trust actions" });
  await actions.getByRole("radio", { name: level, exact: true }).check();
  await actions.getByRole("button", { name: "Save level" }).click();
  await page.goto(`${url}/partners`);
  await page.locator(`[data-testid="partner-row"][data-node="${partner.id}"]`).getByTestId("partner-granted").filter({ hasText: level }).waitFor();
}

process.exit(summary("federation e2e") === 0 ? 0 : 1);
