// The transport steps of the browser e2e (run from e2e/run.mjs after the sales steps, on the same
// page): a user who plans and works the warehouse (Planner + Warehouse) creates a vehicle (field
// errors first) with a maintenance period, sees it in the availability grid, gives a product its
// size and weight, packs an event's gear onto the vehicle (the capacity bar moves and goes red when
// over), prints the load list (a real PDF), and plans a run with a warehouse stop and the venue
// stop, driven by a crew member holding the licence, then dispatches it. The driver and the event
// are set up through the API with the admin token.

/**
 * @param {object} t what run.mjs shares: page, base, step, connect(method, body, token), adminToken,
 *   accessible(name), shot(name), choose(testId, option), login(user), stamp, PASSWORD, expect(cond, message)
 */
export async function transportSteps(t) {
  const { page, base, step, connect, adminToken, accessible, shot, choose, login, stamp, PASSWORD, expect } = t;
  const user = { email: `tia.${stamp}@example.com`, name: "Tia Transport", roles: ["ROLE_PLANNER", "ROLE_WAREHOUSE"] };
  const vehicleName = `E2E Van ${stamp}`;
  const registration = `E2E-${stamp.slice(-5).toUpperCase()}`;
  const vehicleOption = `${vehicleName} · ${registration}`;
  const driverName = `E2E Driver ${stamp}`;
  const eventName = `E2E Truck Gala ${stamp}`;
  const day = 24 * 3600 * 1000;
  const start = new Date(Math.floor((Date.now() + 260 * day) / day) * day + 8 * 3600 * 1000);
  let eventId = "";
  let product = null;
  let location = null;

  const api = async (method, body) => {
    const r = await connect(method, body, adminToken);
    if (r.status !== 200) throw new Error(`${method}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  };

  await step("transport: a driver with a licence, an event with 4 of a bulk product, a Planner + Warehouse user signs in", async () => {
    await api("CrewService/CreateCrewMember", {
      member: { name: driverName, employment: "EMPLOYMENT_KIND_EMPLOYEE", qualifications: [{ skill: "driving-licence" }] },
    });
    const products = await api("InventoryService/ListProducts", { page: { pageSize: 1000 } });
    product = products.products.find((p) => p.tracking === "TRACKING_BULK");
    expect(!!product, "no bulk product in the demo data");
    const locations = await api("InventoryService/ListLocations", { page: { pageSize: 10 } });
    location = locations.locations?.[0];
    expect(!!location, "no location");
    const ev = await api("PlanningService/CreateEvent", {
      name: eventName, clientName: "E2E Client", venue: "Hall 7, Messe", timeZone: "Europe/Berlin",
      period: { start: start.toISOString(), end: new Date(start.getTime() + 2 * day).toISOString() },
    });
    eventId = ev.id;
    await api("PlanningService/AddBookingLine", { eventId, product: { productId: product.id, quantity: 4 } });
    const r = await connect(
      "AuthService/CreateUser",
      { email: user.email, displayName: user.name, roles: user.roles, password: PASSWORD, locale: "en-GB", timeZone: "Europe/Berlin" },
      adminToken,
    );
    expect(r.status === 200, `CreateUser: ${r.status} ${JSON.stringify(r.json)}`);
    await page.goto(`${base}/login`);
    await login(user);
    await page.getByTestId("user-name").filter({ hasText: user.name }).waitFor();
    await page.getByTestId("nav").getByText("Transport", { exact: true }).first().waitFor();
  });

  await step("transport: 'n' on the vehicles list opens the form; bad numbers are refused by the fields, then the vehicle is created", async () => {
    await page.goto(`${base}/transport/vehicles`);
    await page.getByRole("heading", { name: "Vehicles" }).waitFor();
    await page.getByTestId("vehicle-new").waitFor(); // 'n' works once the caller's permissions are known
    await page.locator("body").press("n");
    const form = page.getByTestId("vehicle-form");
    await form.waitFor();
    await page.getByTestId("vehicle-name").fill(vehicleName);
    await page.getByTestId("vehicle-payload").fill("fifty");
    await page.getByTestId("vehicle-submit").click();
    await form.getByText("Enter a number of 0 or more").first().waitFor();
    await form.getByText("Enter more than 0").first().waitFor(); // the empty volume
    await accessible("vehicle form with field errors");
    await page.getByTestId("vehicle-registration").fill(registration);
    await page.getByTestId("vehicle-payload").fill("50");
    await page.getByTestId("vehicle-volume").fill("1,5");
    await page.getByTestId("vehicle-length").fill("2.4");
    await page.getByTestId("vehicle-submit").click();
    await form.waitFor({ state: "detached" });
    const row = page.locator(`[data-testid="vehicle-row"][data-vehicle="${vehicleName}"]`);
    await row.waitFor();
    const list = await api("TransportService/ListVehicles", { query: vehicleName, page: { pageSize: 5 } });
    const v = (list.vehicles ?? []).find((x) => x.name === vehicleName);
    expect(v && v.payloadGrams === "50000" && v.volumeCm3 === "1500000" && v.loadingLengthMm === 2400 && v.requiredQualification === "driving-licence",
      `stored: ${JSON.stringify(v)}`);
    await shot("50-vehicles");
    await accessible("vehicles");
  });

  await step("transport: a maintenance period in 10 days, listed, and shown in the availability grid a week on", async () => {
    const row = page.locator(`[data-testid="vehicle-row"][data-vehicle="${vehicleName}"]`);
    await row.getByTestId("vehicle-maintenance").click();
    const panel = page.getByTestId("maintenance-panel");
    await panel.getByText("No maintenance planned.").waitFor();
    const local = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    const from = new Date(Math.floor((Date.now() + 10 * day) / day) * day + 6 * 3600 * 1000);
    const inputs = panel.locator('input[type="datetime-local"]');
    await inputs.nth(0).fill(local(from));
    await inputs.nth(1).fill(local(new Date(from.getTime() + 8 * 3600 * 1000)));
    await page.getByTestId("maintenance-reason").fill("E2E MOT");
    await page.getByTestId("maintenance-add").click();
    await panel.getByTestId("maintenance-row").filter({ hasText: "E2E MOT" }).waitFor();
    await accessible("maintenance");
    await page.keyboard.press("Escape");
    await page.locator('[role="dialog"]').waitFor({ state: "detached" });
    await page.getByTestId("transport-tab-availability").click();
    await page.waitForURL(/\/transport\/availability/);
    const gridRow = page.locator(`[data-testid="grid-row"][data-vehicle="${vehicleName}"]`);
    await gridRow.waitFor();
    await page.getByTestId("grid-next").click();
    await page.waitForURL(/from=/);
    await gridRow.getByTestId("grid-maintenance").filter({ hasText: "E2E MOT" }).first().waitFor();
    await shot("51-vehicle-grid");
    await accessible("vehicle availability");
  });

  await step("transport: the product gets its weight and size in its form (cm in, mm stored), shown on its page", async () => {
    await page.goto(`${base}/inventory/products/${product.id}`);
    await page.getByTestId("product-edit").click();
    await page.getByTestId("product-weight").fill("20000");
    await page.getByTestId("product-length").fill("60");
    await page.getByTestId("product-width").fill("40");
    await page.getByTestId("product-height").fill("30,5");
    await page.getByTestId("product-submit").click();
    await page.getByTestId("product-form").waitFor({ state: "detached" });
    await page.locator('[data-field="product.dimensions"]').filter({ hasText: "60 × 40 × 30.5 cm" }).waitFor();
    const stored = await api("InventoryService/GetProduct", { id: product.id });
    expect(stored.lengthMm === 600 && stored.widthMm === 400 && stored.heightMm === 305 && stored.weightGrams === "20000",
      `stored: ${JSON.stringify(stored)}`);
  });

  await step("transport: the event's truck pack — 2 loaded is green, all 4 is red and says by how much; the pack is incomplete", async () => {
    await page.goto(`${base}/events/${eventId}`);
    await page.getByTestId("event-truck-pack").click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}\/truck$/);
    await page.getByTestId("pack-title").filter({ hasText: eventName }).waitFor();
    const unit = page.getByTestId("pack-unit").first();
    await unit.waitFor();
    expect((await unit.getByTestId("dimensions-missing").count()) === 0, "the product still lacks dimensions");
    await accessible("truck pack");
    await choose("pack-target", vehicleOption);
    await unit.getByTestId("pack-unit-qty").fill("2");
    await unit.getByTestId("pack-unit-load").click();
    const card = page.locator(`[data-testid="pack-vehicle"][data-vehicle="${vehicleName}"]`);
    const weight = card.getByTestId("capacity-weight");
    await card.locator('[data-testid="capacity-weight"][data-level="ok"][data-percent="80"]').waitFor();
    await weight.getByText("40 of 50 kg").waitFor();
    await unit.getByTestId("pack-unit-unplaced").filter({ hasText: "2" }).waitFor();
    // The rest: 80 kg on a 50 kg van.
    await unit.getByTestId("pack-unit-qty").fill("2");
    await unit.getByTestId("pack-unit-qty").press("Enter");
    await card.locator('[data-testid="capacity-weight"][data-level="over"]').waitFor();
    await card.getByTestId("capacity-weight-level").filter({ hasText: "Over by 30 kg" }).waitFor();
    await page.locator('[data-testid="pack-complete"][data-complete="false"]').waitFor();
    await shot("52-truck-pack-over");
    await accessible("truck pack over capacity");
    const pack = await api("TransportService/GetTruckPack", { eventId });
    const load = (pack.loads ?? []).find((l) => l.vehicle?.name === vehicleName);
    expect(load?.overWeight === true && load.weightGrams === "80000", `pack: ${JSON.stringify(load)}`);
  });

  await step("transport: unloading one brings it back under; the load list prints as a PDF", async () => {
    const card = page.locator(`[data-testid="pack-vehicle"][data-vehicle="${vehicleName}"]`);
    await card.getByTestId("pack-unload").first().click();
    await card.locator('[data-testid="capacity-weight"][data-percent="0"]').waitFor();
    const unit = page.getByTestId("pack-unit").first();
    await unit.getByTestId("pack-unit-qty").fill("2");
    await unit.getByTestId("pack-unit-load").click();
    await card.locator('[data-testid="capacity-weight"][data-level="ok"]').waitFor();
    const rendered = page.waitForResponse((r) => r.url().includes("TransportService/RenderLoadList"), { timeout: 30_000 });
    await card.getByTestId("pack-print").click();
    const response = await rendered;
    expect(response.status() === 200, `RenderLoadList: ${response.status()}`);
    try {
      const frame = page.getByTestId("load-list-frame");
      await frame.waitFor({ timeout: 30_000 });
      const src = await frame.getAttribute("src");
      expect(!!src && src.startsWith("blob:"), `the load list's src is ${src}`);
      const head = await page.evaluate(async (u) => new TextDecoder().decode((await (await fetch(u)).arrayBuffer()).slice(0, 5)), src);
      expect(head === "%PDF-", `the load list is not a PDF: ${head}`);
      const name = await page.getByTestId("load-list-download").getAttribute("download");
      expect(!!name && name.endsWith(".pdf"), `download name ${name}`);
    } finally {
      await page.keyboard.press("Escape");
      await page.locator('[role="dialog"]').waitFor({ state: "detached" }).catch(() => {});
    }
  });

  await step("transport: a run for the event — warehouse then venue, the licensed driver, no conflicts — created and dispatched", async () => {
    await page.goto(`${base}/events/${eventId}`);
    await page.getByTestId("event-new-run").click();
    await page.waitForURL(/\/transport\/runs\/new/);
    const form = page.getByTestId("run-form");
    await form.waitFor();
    expect((await page.getByTestId("stop").count()) === 2, "a run from an event starts with a warehouse and the venue");
    await page.getByTestId("run-submit").click();
    await form.getByText("Choose the location").waitFor();
    await form.getByText("Required").first().waitFor(); // the vehicle
    await choose("run-vehicle", vehicleOption);
    await choose("run-driver", driverName);
    await choose("stop-location", `${location.code} · ${location.name}`);
    await page.getByTestId("stop-venue").filter({ hasText: "Hall 7, Messe" }).waitFor();
    await page.getByTestId("run-check-ok").waitFor({ timeout: 30_000 });
    await shot("53-run-editor");
    await accessible("run editor");
    await page.getByTestId("run-submit").click();
    await page.waitForURL(/\/transport\/runs\/[0-9a-f-]{36}$/);
    await page.locator('[data-testid="run-status"][data-status="PLANNED"]').waitFor();
    const runId = new URL(page.url()).pathname.split("/").pop();
    const stored = await api("TransportService/GetDispatchRun", { id: runId });
    expect(stored.driverName === driverName && stored.eventId === eventId && stored.stops?.length === 2
      && stored.stops[0].kind === "STOP_KIND_WAREHOUSE" && stored.stops[1].kind === "STOP_KIND_VENUE",
      `stored: ${JSON.stringify(stored)}`);
    await page.getByTestId("run-action-DISPATCHED").click();
    await accessible("dispatch confirmation");
    await page.getByTestId("run-confirm").click();
    await page.locator('[data-testid="run-status"][data-status="DISPATCHED"]').waitFor();
    expect((await api("TransportService/GetDispatchRun", { id: runId })).status === "DISPATCH_STATUS_DISPATCHED", "not dispatched on the node");
  });

  await step("transport: the runs list shows it dispatched, filtered by vehicle", async () => {
    await page.goto(`${base}/transport/runs`);
    await page.getByTestId("run-table").or(page.getByText("No runs in this window.")).first().waitFor();
    await choose("runs-vehicle", vehicleName);
    await page.getByTestId("run-row").filter({ hasText: driverName }).locator('[data-status="DISPATCHED"]').waitFor();
    await shot("54-runs");
    await accessible("runs");
  });

  await step("transport: the user logs out", async () => {
    await page.getByTestId("user-menu").click();
    await page.getByTestId("logout").click();
    await page.waitForURL(/\/login/);
  });
}
