// The notifications steps of the browser e2e (run from e2e/run.mjs after the reports steps, on the
// same page): an Admin creates a webhook to an https URL on a public-looking host (its deliveries
// fail: the name does not resolve, which is fine), sees its signing secret once and afterwards only its hint,
// sends a test and finds it in the delivery log (attempts and payload expanded, replayed); changes a
// notification channel (kept after a reload) and puts it back; an event created through the API
// raises event.created, which reaches the Admin in-app: the bell counts it, the drawer lists it,
// opening it goes to the event and marks it read, "Mark all read" on /notifications empties the
// count. A phone's width and Arabic (right to left). Axe on each screen.

/**
 * @param {object} t what run.mjs shares: page, base, step, connect(method, body, token), adminToken,
 *   accessible(name), shot(name), login(user), logout(), stamp, PASSWORD, expect(cond, message)
 */
export async function notificationsSteps(t) {
  const { page, base, step, connect, adminToken, accessible, shot, login, logout, stamp, PASSWORD, expect } = t;
  const admin = { email: `nia.${stamp}@example.com`, name: "Nia Notify", roles: ["ROLE_ADMIN"] };
  const hookUrl = `https://hooks.example.com/eventkit/${stamp}`;
  const eventName = `E2E Notified ${stamp}`;
  let secret = "";
  let webhookId = "";
  const unread = async () => Number(await page.getByTestId("bell").getAttribute("data-unread"));

  await step("notifications: an Admin signs in; the bell is in the header, Webhooks under Settings", async () => {
    const r = await connect(
      "AuthService/CreateUser",
      { email: admin.email, displayName: admin.name, roles: admin.roles, password: PASSWORD, locale: "en-GB", timeZone: "Europe/Berlin" },
      adminToken,
    );
    expect(r.status === 200, `CreateUser: ${r.status} ${JSON.stringify(r.json)}`);
    await page.goto(`${base}/login`);
    await login(admin);
    await page.getByTestId("user-name").filter({ hasText: admin.name }).waitFor();
    await page.getByTestId("bell").waitFor();
    await page.getByTestId("nav").getByText("Webhooks", { exact: true }).first().waitFor();
  });

  await step("notifications: a new webhook shows its secret once, with a warning; afterwards only its last four characters", async () => {
    await page.getByTestId("nav").getByText("Webhooks", { exact: true }).first().click();
    await page.waitForURL((u) => new URL(u).pathname === "/settings/webhooks");
    await page.getByRole("heading", { name: "Webhooks", exact: true }).waitFor();
    await page.locator('[data-testid="webhook-table"], :text("No webhooks yet.")').first().waitFor();
    await accessible("webhook list");
    await page.getByTestId("webhook-new").click();
    const form = page.getByTestId("webhook-form");
    // The form checks itself before the node is asked.
    await form.getByTestId("webhook-save").click();
    await form.getByText("Enter the URL to deliver to.").waitFor();
    await form.getByText("Choose at least one event type.").waitFor();
    await form.getByTestId("webhook-url").fill(hookUrl);
    await form.getByTestId("webhook-description").fill(`E2E ERP ${stamp}`);
    await form.getByTestId("webhook-event-types").click();
    await page.getByRole("option", { name: /^event\.\* \(every event type\)/ }).click();
    await page.getByRole("option", { name: /^quote\.accepted/ }).click();
    await page.keyboard.press("Escape");
    await accessible("webhook form");
    await form.getByTestId("webhook-save").click();
    const reveal = page.getByTestId("webhook-secret");
    await reveal.waitFor();
    secret = await reveal.getByTestId("webhook-secret-value").inputValue();
    expect(/^whsec_[A-Za-z0-9+/=_-]{40,}$/.test(secret), `secret ${secret.slice(0, 10)}…`);
    expect((await reveal.getByRole("alert").innerText()).includes("shown only this once"), "no warning that the secret is shown once");
    await reveal.getByTestId("webhook-secret-copy").waitFor();
    await shot("70-webhook-secret");
    await accessible("webhook secret shown once");
    await reveal.getByTestId("webhook-secret-done").click();
    await reveal.waitFor({ state: "detached" });
    const row = page.locator('[data-testid="webhook-row"]').filter({ hasText: hookUrl });
    await row.waitFor();
    webhookId = (await row.getAttribute("data-webhook")) ?? "";
    expect((await row.getByTestId("webhook-state").textContent()) === "Enabled", "a new webhook is not enabled");
    expect((await row.getByTestId("webhook-secret-hint").textContent()).endsWith(secret.slice(-4)), "the list does not show the secret's last four characters");
    // Never again: not on the page, not after a reload, not from the API.
    await page.reload();
    await row.waitFor();
    expect(!(await page.content()).includes(secret), "the secret is on the page after the dialog closed");
    const listed = await connect("WebhookService/ListWebhooks", { page: { pageSize: 200 } }, adminToken);
    expect(listed.status === 200, `ListWebhooks: ${listed.status} ${JSON.stringify(listed.json)}`);
    const w = (listed.json.webhooks ?? []).find((x) => x.id === webhookId);
    expect(w && w.url === hookUrl && JSON.stringify([...w.eventTypes].sort()) === JSON.stringify(["event.*", "quote.accepted"]), `ListWebhooks: ${JSON.stringify(w)}`);
    expect(!JSON.stringify(listed.json).includes(secret), "ListWebhooks answers the secret");
  });

  await step("notifications: 'Send test' opens the delivery log with the webhook.test delivery; attempts and payload expand; replay", async () => {
    const row = page.locator(`[data-testid="webhook-row"][data-webhook="${webhookId}"]`);
    await row.getByTestId("webhook-actions").click();
    await page.getByTestId("webhook-test").click();
    await page.waitForURL((u) => new URL(u).searchParams.get("webhook") === webhookId);
    const log = page.locator(`[data-testid="delivery-log"][data-webhook="${webhookId}"]`);
    await log.waitFor();
    const delivery = log.locator('[data-testid="delivery"][data-event-type="webhook.test"]').first();
    await delivery.waitFor();
    await delivery.getByTestId("delivery-expand").click();
    const details = log.getByTestId("delivery-details").first();
    await details.waitFor();
    const payload = JSON.parse(await details.getByTestId("delivery-payload").innerText());
    expect(payload.type === "webhook.test", `payload ${JSON.stringify(payload)}`);
    await shot("71-webhook-deliveries");
    await accessible("delivery log");
    const before = await connect("WebhookService/ListWebhookDeliveries", { webhookId, includeAttempts: true, page: { pageSize: 5 } }, adminToken);
    const test = (before.json.deliveries ?? []).find((d) => d.eventType === "webhook.test");
    expect(test, `ListWebhookDeliveries: ${JSON.stringify(before.json)}`);
    await delivery.getByTestId("delivery-replay").click();
    await page.getByText("Delivery replayed").first().waitFor();
    // The replay is an attempt of the same delivery (same webhook-id), flagged as a replay.
    // The host does not resolve; a resolver without network may take a while to say so.
    const deadline = Date.now() + 40_000;
    let replayed;
    do {
      const after = await connect("WebhookService/ListWebhookDeliveries", { webhookId, includeAttempts: true, page: { pageSize: 5 } }, adminToken);
      replayed = (after.json.deliveries ?? []).find((d) => d.id === test.id);
      if ((replayed?.attempts ?? []).some((a) => a.replay)) break;
      await page.waitForTimeout(500);
    } while (Date.now() < deadline);
    expect((replayed?.attempts ?? []).some((a) => a.replay) && replayed.eventId === test.eventId, `after replay: ${JSON.stringify(replayed)}`);
    // The state filter: the test delivery under its own state, and not under another.
    const label = { PENDING: "Pending", DELIVERED: "Delivered", FAILED: "Failed" };
    // Its state from the API after the replay (the row on the page may still show the state from
    // before it, and the worker may have tried it meanwhile).
    const own = String(replayed.state ?? "").replace("DELIVERY_STATE_", "");
    expect(own in label, `state after the replay: ${JSON.stringify(replayed)}`);
    const other = own === "DELIVERED" ? "FAILED" : "DELIVERED";
    await log.getByTestId("delivery-filter").getByText(label[own], { exact: true }).click();
    await log.locator(`[data-testid="delivery"][data-state="${own}"]`).first().waitFor();
    await log.getByTestId("delivery-filter").getByText(label[other], { exact: true }).click();
    await page.waitForFunction(
      ([o]) => [...document.querySelectorAll('[data-testid="delivery-log"] [data-testid="delivery"]')].every((d) => d.getAttribute("data-state") === o),
      [other],
    );
    await log.getByTestId("delivery-filter").getByText("All", { exact: true }).click();
    await delivery.waitFor();
  });

  await step("notifications: a channel changed in the settings is kept after a reload, and reset to the defaults", async () => {
    await page.getByTestId("user-menu").click();
    await page.getByTestId("menu-notification-settings").click();
    await page.waitForURL((u) => new URL(u).pathname === "/settings/notifications");
    const row = page.locator('[data-testid="prefs-row"][data-event-type="event.created"]');
    await row.waitFor();
    await accessible("notification settings");
    const push = row.locator('[data-testid="prefs-channel"][data-channel="3"]');
    const inApp = row.locator('[data-testid="prefs-channel"][data-channel="1"]');
    expect(await inApp.isChecked(), "event.created is not in-app by default for an Admin (the bell step needs it)");
    const was = await push.isChecked();
    await push.setChecked(!was);
    await page.getByTestId("prefs-save").click();
    await page.getByText("Notification settings saved").first().waitFor();
    await page.reload();
    await row.waitFor();
    expect((await push.isChecked()) === !was, "the web push choice was not kept after a reload");
    expect((await row.textContent()).includes("Your choice"), "the changed row is not marked as the user's choice");
    await row.getByTestId("prefs-reset").click();
    await page.getByTestId("prefs-save").click();
    await page.getByText("Notification settings saved").first().waitFor();
    await page.reload();
    await row.waitFor();
    expect((await push.isChecked()) === was && (await row.textContent()).includes("Role default"), "reset to the defaults was not kept");
    // Web push: explained or offered, never broken (headless Chromium has the Push API).
    await page.locator('[data-testid="webpush-enable"], [data-testid="webpush-disable"], [data-testid="webpush-unsupported"], [data-testid="webpush-off-on-node"]').first().waitFor();
    await shot("72-notification-settings");
  });

  await step("notifications: an event created raises event.created; the bell counts it, the drawer opens it, and it is read", async () => {
    await page.goto(`${base}/`);
    await page.getByTestId("bell").waitFor();
    // Start from nothing unread.
    await page.getByTestId("bell").click();
    const drawer = page.getByRole("dialog", { name: "Notifications" });
    await drawer.waitFor();
    await drawer.locator('[data-testid="notification-list"], :text("No notifications yet.")').first().waitFor();
    await drawer.getByTestId("notifications-mark-all").click();
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "hidden" });
    await page.waitForFunction(() => document.querySelector('[data-testid="bell"]')?.getAttribute("data-unread") === "0", null, { timeout: 20_000 });

    const day = 24 * 3600 * 1000;
    const start = new Date(Math.floor((Date.now() + 320 * day) / day) * day + 9 * 3600 * 1000);
    const ev = await connect(
      "PlanningService/CreateEvent",
      { name: eventName, clientName: "E2E Notify Client", venue: "Hall 9", timeZone: "Europe/Berlin", period: { start: start.toISOString(), end: new Date(start.getTime() + day).toISOString() } },
      adminToken,
    );
    expect(ev.status === 200, `CreateEvent: ${ev.status} ${JSON.stringify(ev.json)}`);
    const eventId = ev.json.id;
    // The bell asks every 30 s; the fan-out runs after the commit.
    const started = Date.now();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="bell"]')?.getAttribute("data-unread")) > 0, null, { timeout: 75_000 });
    console.log(`     the bell counted the new event after ${Date.now() - started} ms`);
    const count = await unread();
    expect((await page.getByTestId("bell").getAttribute("aria-label")) === `Notifications, ${count} unread`, "the bell's name does not say the count");
    await page.getByTestId("bell").click();
    await drawer.waitFor();
    const item = drawer.locator('[data-testid="notification"][data-event-type="event.created"][data-unread]').first();
    await item.waitFor();
    await shot("73-notification-drawer");
    await accessible("notification drawer");
    await item.getByTestId("notification-link").click();
    await page.waitForURL((u) => new URL(u).pathname === `/events/${eventId}`);
    await page.getByText(eventName).first().waitFor();
    await page.waitForFunction((c) => Number(document.querySelector('[data-testid="bell"]')?.getAttribute("data-unread")) < c, count, { timeout: 20_000 });
  });

  await step("notifications: the full list pages and filters; 'Mark all read' empties the count", async () => {
    // One more unread, through the API again.
    const day = 24 * 3600 * 1000;
    const start = new Date(Math.floor((Date.now() + 321 * day) / day) * day + 9 * 3600 * 1000);
    const ev = await connect(
      "PlanningService/CreateEvent",
      { name: `${eventName} II`, clientName: "E2E Notify Client", venue: "Hall 9", timeZone: "Europe/Berlin", period: { start: start.toISOString(), end: new Date(start.getTime() + day).toISOString() } },
      adminToken,
    );
    expect(ev.status === 200, `CreateEvent: ${ev.status} ${JSON.stringify(ev.json)}`);
    await page.goto(`${base}/notifications`);
    await page.getByRole("heading", { name: "Notifications", exact: true }).waitFor();
    await page.getByTestId("notification-list").waitFor();
    // The event opened in the step before is read now.
    await page.locator('[data-testid="notification"][data-event-type="event.created"]:not([data-unread])').first().waitFor();
    await page.getByTestId("notifications-filter").getByText("Unread", { exact: true }).click();
    const deadline = Date.now() + 75_000;
    while ((await page.locator('[data-testid="notification"][data-unread]').count()) === 0 && Date.now() < deadline) {
      await page.waitForTimeout(2000);
      await page.getByTestId("notifications-filter").getByText("All", { exact: true }).click();
      await page.getByTestId("notifications-filter").getByText("Unread", { exact: true }).click();
    }
    // The list keeps the previous filter's rows on screen until the unread ones arrive, so an unread
    // row may be one of "All"'s: wait for the filtered list to settle before judging it.
    const settled = await page
      .waitForFunction(
        () => document.querySelectorAll('[data-testid="notification"]:not([data-unread])').length === 0 && document.querySelectorAll('[data-testid="notification"][data-unread]').length > 0,
        null,
        { timeout: 15_000 },
      )
      .then(() => true, () => false);
    expect(settled, "the unread filter shows read notifications");
    await accessible("notifications page");
    await page.getByTestId("notifications-mark-all").click();
    await page.getByText("Nothing unread.").waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="bell"]')?.getAttribute("data-unread") === "0", null, { timeout: 20_000 });
    await shot("74-notifications");
  });

  await step("notifications: on a phone's width the screens fit; in Arabic they run right to left", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const path of ["/notifications", "/settings/notifications", `/settings/webhooks?webhook=${webhookId}`]) {
        await page.goto(`${base}${path}`);
        await page.locator("main h2").first().waitFor();
        await page.waitForLoadState("networkidle");
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow <= 1, `${path} is ${overflow}px wider than the phone`);
      }
      await shot("75-phone-webhooks");
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    await page.goto(`${base}/settings/webhooks`);
    await page.getByTestId("webhook-table").waitFor();
    await page.getByTestId("language").click();
    await page.getByRole("option", { name: "العربية" }).click();
    try {
      await page.waitForFunction(() => document.documentElement.dir === "rtl");
      await page.getByRole("heading", { name: "الويب هوك" }).waitFor();
      await page.getByTestId("bell").click();
      await page.getByRole("dialog", { name: "الإشعارات" }).waitFor();
      await shot("76-notifications-ar");
      await accessible("notification drawer in Arabic");
      await page.keyboard.press("Escape");
    } finally {
      await page.getByTestId("language").click();
      await page.getByRole("option", { name: "English" }).click();
      await page.waitForFunction(() => document.documentElement.dir === "ltr");
    }
    // Tidy up: the webhook goes, with its log (confirmed first).
    await page.locator(`[data-testid="webhook-row"][data-webhook="${webhookId}"]`).getByTestId("webhook-actions").click();
    await page.getByTestId("webhook-delete").click();
    await page.getByTestId("confirm-ok").click();
    await page.locator(`[data-testid="webhook-row"][data-webhook="${webhookId}"]`).waitFor({ state: "detached" });
    await logout();
  });
}
