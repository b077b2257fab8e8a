// The crew steps of the browser e2e (run from e2e/run.mjs after the sales steps, on the same page):
// an Admin creates a crew member linked to a new Crew user (skills, one expiring soon), looks at the
// availability grid, staffs an event from its crew section (a conflict warning overridden with a
// reason); the Crew user, on a phone-sized viewport, lands on My work, accepts, gets a calendar
// link, records and submits hours; a Manager approves them and finds them in the payroll totals.
// Users and the event are set up through the API with the admin token.

/**
 * @param {object} t what run.mjs shares: page, base, step, connect(method, body, token), adminToken,
 *   accessible(name), shot(name), login(user), stamp, PASSWORD, expect(cond, message)
 */
export async function crewSteps(t) {
  const { page, base, step, connect, adminToken, accessible, shot, login, stamp, PASSWORD, expect } = t;
  const boss = { email: `cora.${stamp}@example.com`, name: "Cora Admin", roles: ["ROLE_ADMIN"] };
  const crewUser = { email: `cris.${stamp}@example.com`, name: "Cris Crew", roles: ["ROLE_CREW"] };
  const manager = { email: `max.${stamp}@example.com`, name: "Max Manager", roles: ["ROLE_MANAGER"] };
  const memberName = `Cris Crew ${stamp}`;
  const eventName = `E2E Crew Gala ${stamp}`;
  const day = 24 * 3600 * 1000;
  const isoDay = (d) => d.toISOString().slice(0, 10);
  // A 10-hour call 30 days out (one timesheet entry covers it); the rigging certificate expires
  // in 10 days, so requiring it is a warning (QUALIFICATION_EXPIRED) by the default policy.
  const start = new Date(Math.floor((Date.now() + 30 * day) / day) * day + 8 * 3600 * 1000);
  const end = new Date(start.getTime() + 10 * 3600 * 1000);
  const certExpires = isoDay(new Date(Date.now() + 10 * day));
  let eventId = "";
  let memberId = "";

  const api = async (method, body) => {
    const r = await connect(method, body, adminToken);
    if (r.status !== 200) throw new Error(`${method}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  };
  const logout = async () => {
    await page.getByTestId("user-menu").click();
    await page.getByTestId("logout").click();
    await page.waitForURL(/\/login/);
  };

  await step("crew: users (Admin, Crew, Manager) and an event set up; the Admin signs in and sees the crew entries", async () => {
    for (const u of [boss, crewUser, manager]) {
      await api("AuthService/CreateUser", { email: u.email, displayName: u.name, roles: u.roles, password: PASSWORD, locale: "en-GB", timeZone: "Europe/Berlin" });
    }
    const ev = await api("PlanningService/CreateEvent", {
      name: eventName, clientName: "E2E Crew Client", venue: "Hall 3", timeZone: "Europe/Berlin",
      period: { start: start.toISOString(), end: end.toISOString() },
    });
    eventId = ev.id;
    await page.goto(`${base}/login`);
    await login(boss);
    await page.getByTestId("user-name").filter({ hasText: boss.name }).waitFor();
    for (const entry of ["Crew", "Crew availability", "Timesheets", "Crew policy"]) await page.getByTestId("nav").getByText(entry, { exact: true }).first().waitFor();
  });

  await step("crew: 'n' on the crew list opens the form; a member with skills (one expiring soon, amber) linked to the Crew user", async () => {
    await page.goto(`${base}/crew`);
    await page.getByRole("heading", { name: "Crew", exact: true }).waitFor();
    await page.locator('[data-testid="crew-table"], :text("No crew members match")').first().waitFor();
    await accessible("crew list");
    await page.locator("body").press("n");
    await page.getByTestId("crew-form").waitFor();
    // Required name first: a clear error, nothing sent.
    await page.getByTestId("crew-submit").click();
    await page.getByText("Required").first().waitFor();
    await page.getByTestId("crew-name").fill(memberName);
    await page.getByTestId("crew-email").fill(crewUser.email);
    await page.getByTestId("crew-phone").fill("+49 30 1234567");
    await page.getByTestId("crew-currency").fill("EUR");
    await page.getByTestId("crew-day-rate").fill("350");
    await page.getByTestId("crew-hour-rate").fill("45");
    await page.getByTestId("crew-qual-add").click();
    await page.getByTestId("crew-qual-skill").nth(0).fill("foh-engineer");
    await page.getByTestId("crew-qual-add").click();
    await page.getByTestId("crew-qual-skill").nth(1).fill("Rigging Cert");
    await page.getByTestId("crew-qual-expiry").nth(1).fill(certExpires);
    await page.locator('[data-testid="crew-qual-row"][data-expiry="soon"]').waitFor();
    await page.getByTestId("crew-user").click();
    await page.getByTestId("crew-user").fill(crewUser.email);
    await page.getByRole("option", { name: new RegExp(crewUser.email.replace(/[.+]/g, "\\$&")) }).first().click();
    await shot("50-crew-form");
    await accessible("crew member form");
    await page.getByTestId("crew-submit").click();
    await page.waitForURL(/\/crew\/[0-9a-f-]{36}$/);
    memberId = page.url().split("/").pop();
    await page.getByTestId("crew-title").filter({ hasText: memberName }).waitFor();
    // The skill typed with a space and capitals is stored as the API's form.
    await page.locator('[data-testid="qualification"][data-expiry="soon"]').filter({ hasText: "rigging-cert" }).waitFor();
    await page.getByTestId("crew-linked").filter({ hasText: "Linked" }).waitFor();
    await accessible("crew member");
    const me = await api("CrewService/GetCrewMember", { id: memberId });
    expect(me.userId, `the member is not linked to a user: ${JSON.stringify(me)}`);
  });

  await step("crew: the availability grid finds the member, 14 days with prev/next in the URL", async () => {
    await page.goto(`${base}/crew/availability?q=${encodeURIComponent(memberName)}&event=${eventId}`);
    await page.locator(`[data-testid="grid-row"][data-member="${memberId}"]`).waitFor();
    // An event is chosen: free days offer it.
    expect((await page.locator(`[data-testid="grid-row"][data-member="${memberId}"] [data-testid="grid-free"]`).count()) === 14, "expected 14 free days");
    await page.getByTestId("grid-next").click();
    await page.waitForURL(/from=\d{4}-\d{2}-\d{2}/);
    await page.getByTestId("grid-today").click();
    await page.waitForURL((u) => !u.searchParams.has("from"));
    await shot("51-crew-grid");
    await accessible("crew availability grid");
  });

  await step("crew: the event's crew section adds the member; requiring the expiring certificate warns, and the offer needs a reason", async () => {
    await page.goto(`${base}/events/${eventId}`);
    await page.getByTestId("event-crew").waitFor();
    await page.getByTestId("event-crew").getByText("No crew on this event yet.").waitFor();
    await page.getByTestId("event-crew-add").click();
    await page.getByTestId("assignment-form").waitFor();
    await page.getByTestId("assignment-member").fill(memberName.slice(0, 12));
    await page.getByRole("option", { name: memberName }).first().click();
    await page.getByTestId("assignment-function").fill("FOH engineer");
    // The member's day rate comes with them.
    expect((await page.getByTestId("assignment-rate").inputValue()) === "350.00", `rate ${await page.getByTestId("assignment-rate").inputValue()}`);
    await page.getByTestId("conflicts-none").filter({ hasText: "No conflicts." }).waitFor();
    await page.getByTestId("assignment-skills").fill("rigging-cert");
    await page.getByTestId("assignment-skills").press("Enter");
    await page.locator('[data-testid="conflicts"][data-level="warning"]').waitFor();
    await page.locator('[data-testid="conflict"][data-severity="warning"]').filter({ hasText: "Qualification expired" }).waitFor();
    const submit = page.getByTestId("assignment-submit");
    await submit.filter({ hasText: "Offer anyway" }).waitFor();
    expect(await submit.isDisabled(), "'Offer anyway' is enabled without a reason");
    await shot("52-crew-conflict");
    await accessible("add crew with a conflict warning");
    await page.getByTestId("assignment-override-reason").fill("Renewal booked for next week");
    await submit.click();
    await page.getByTestId("assignment-form").waitFor({ state: "detached" });
    const row = page.locator(`[data-testid="assignment-row"][data-member="${memberId}"]`);
    await row.locator('[data-testid="assignment-status"][data-status="OFFERED"]').waitFor();
    await row.getByTestId("assignment-override").filter({ hasText: "Renewal booked" }).waitFor();
    await shot("53-event-crew");
    await accessible("event crew");
  });

  await step("crew: the Crew user signs in on a phone (390×844), lands on My work and accepts the offer", async () => {
    await logout();
    await page.setViewportSize({ width: 390, height: 844 });
    await login(crewUser);
    await page.waitForURL(/\/my-work/);
    const card = page.locator('[data-testid="my-assignment"]').filter({ hasText: eventName });
    await card.waitFor();
    expect((await card.getAttribute("data-status")) === "OFFERED", `status ${await card.getAttribute("data-status")}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow <= 0, `My work is ${overflow}px wider than the phone`);
    const accept = card.getByTestId("assignment-accept");
    const box = await accept.boundingBox();
    expect(box && box.height >= 44, `the accept button is ${box?.height}px high (a touch target needs 44)`);
    await shot("54-my-work-phone");
    await accessible("my work on a phone");
    await accept.click();
    await page.locator('[data-testid="my-assignment"][data-status="ACCEPTED"]').filter({ hasText: eventName }).waitFor();
  });

  await step("crew: the Crew user gets a calendar link (shown once, an .ics URL)", async () => {
    await page.getByTestId("tab-availability").click();
    await page.getByTestId("unavailability").waitFor();
    await page.getByTestId("calendar-feed-reset").click();
    const url = await page.getByTestId("calendar-feed-url").inputValue();
    expect(/^https?:\/\/.+\.ics$/.test(url), `calendar URL ${url}`);
    await page.locator('[data-testid="calendar-feed-state"][data-active="true"]').waitFor();
    await accessible("my availability on a phone");
  });

  await step("crew: the Crew user records the hours (the call, with a 30-minute break) and submits them", async () => {
    await page.getByTestId("tab-timesheets").click();
    const card = page.locator('[data-testid="timesheet-card"]').filter({ hasText: eventName });
    await card.waitFor();
    await card.getByTestId("entry-break").fill("30");
    await card.getByTestId("timesheet-total").filter({ hasText: "9:30" }).waitFor();
    await accessible("my timesheets on a phone");
    await card.getByTestId("timesheet-submit").click();
    await page.locator('[data-testid="timesheet-card"]').filter({ hasText: eventName }).locator('[data-testid="timesheet-status"][data-status="SUBMITTED"]').waitFor();
    await shot("55-my-timesheet-phone");
  });

  await step("crew: a Manager approves the timesheet and finds it in the payroll totals, with the CSV", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await logout();
    await login(manager);
    await page.getByTestId("user-name").filter({ hasText: manager.name }).waitFor();
    await page.goto(`${base}/crew/timesheets`);
    const row = page.locator(`[data-testid="approval-row"][data-member="${memberId}"]`);
    await row.waitFor();
    await accessible("timesheet approvals");
    await row.getByTestId("timesheet-approve").click();
    await row.waitFor({ state: "detached" });
    await page.getByTestId("payroll-from").fill(isoDay(new Date()));
    await page.getByTestId("payroll-to").fill(isoDay(new Date(Date.now() + 40 * day)));
    await page.getByTestId("payroll-run").click();
    const total = page.locator(`[data-testid="payroll-row"][data-member="${memberId}"]`);
    await total.waitFor();
    const text = await total.innerText();
    expect(text.includes("9:30") && text.includes("350"), `payroll row: ${text}`);
    const download = await page.getByTestId("payroll-download").getAttribute("download");
    expect(!!download && download.endsWith(".csv"), `download name ${download}`);
    expect((await page.getByTestId("payroll-download").getAttribute("href"))?.startsWith("blob:"), "the CSV is not a blob: URL");
    await shot("56-payroll");
    await accessible("payroll");
    await page.goto(`${base}/crew/policy`);
    await page.getByTestId("crew-policy").waitFor();
    await accessible("crew policy");
    await logout();
  });
}
