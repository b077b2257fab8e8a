import { describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { TransportProvider } from "@connectrpc/connect-query";
import { Code, ConnectError, createRouterTransport } from "@connectrpc/connect";
import { create } from "@bufbuild/protobuf";
import { IntlProvider } from "react-intl";
import { en } from "../../../app/messages/en";
import { webhooksEn } from "../messages";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import {
  DeliveryState,
  NotificationChannel,
  WebhookSchema,
  WebhookService,
  WebhookState,
  type CreateWebhookRequest,
  type Webhook,
} from "../../../gen/eventkit/v1/notifications_pb";

const state = vi.hoisted(() => ({ permissions: [] as number[], search: {} as Record<string, string> }));
vi.mock("@tanstack/react-router", () => ({
  getRouteApi: () => ({
    useSearch: () => state.search,
    useNavigate: () => (o: { search: Record<string, string> }) => {
      state.search = o.search;
    },
  }),
}));
vi.mock("../../../lib/session", () => ({
  useWhoAmI: () => ({ data: { permissions: state.permissions } }),
  can: (held: number[] | undefined, p: number) => !!held?.includes(p),
}));

const { WebhooksScreen } = await import("./WebhooksScreen");
Element.prototype.scrollIntoView ??= () => {};

const SECRET = "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYg==";

/** A WebhookService on a router transport: ListWebhooks answers what CreateWebhook stored. */
function fakeNode() {
  const stored: Webhook[] = [];
  const created: CreateWebhookRequest[] = [];
  const calls: { method: string; req: unknown }[] = [];
  const transport = createRouterTransport(({ service }) => {
    service(WebhookService, {
      listEventTypes: () => ({
        eventTypes: [
          { name: "quote.sent", description: "A quote was sent.", defaultChannels: [NotificationChannel.IN_APP] },
          { name: "quote.accepted", description: "A client accepted a quote.", defaultChannels: [NotificationChannel.IN_APP] },
          { name: "scan.discrepancy", description: "A return came back short.", defaultChannels: [] },
        ],
      }),
      listWebhooks: () => ({ webhooks: stored }),
      createWebhook: (req) => {
        created.push(req);
        if (req.url.includes("localhost")) throw new ConnectError("invalid request: url resolves to a loopback address", Code.InvalidArgument);
        const w = create(WebhookSchema, {
          id: `w${stored.length + 1}`,
          url: req.url,
          description: req.description,
          eventTypes: req.eventTypes,
          state: WebhookState.ENABLED,
          revision: 1n,
          secretHint: SECRET.slice(-4),
        });
        stored.push(w);
        return { webhook: w, secret: SECRET };
      },
      updateWebhook: (req) => {
        calls.push({ method: "update", req });
        const w = stored.find((x) => x.id === req.id);
        if (!w) throw new ConnectError("no such webhook", Code.NotFound);
        if (req.revision !== w.revision) throw new ConnectError("the webhook changed meanwhile", Code.Aborted);
        if (req.url !== undefined) w.url = req.url;
        if (req.description !== undefined) w.description = req.description;
        if (req.setEventTypes) w.eventTypes = req.eventTypes;
        if (req.enabled !== undefined) w.state = req.enabled ? WebhookState.ENABLED : WebhookState.DISABLED;
        w.revision += 1n;
        return w;
      },
      rotateWebhookSecret: (req) => {
        calls.push({ method: "rotate", req });
        const w = stored.find((x) => x.id === req.id)!;
        w.secretHint = "NEW1";
        return { webhook: w, secret: "whsec_rotated_NEW1" };
      },
      deleteWebhook: (req) => {
        calls.push({ method: "delete", req });
        stored.splice(stored.findIndex((x) => x.id === req.id), 1);
        return {};
      },
      testWebhook: (req) => {
        calls.push({ method: "test", req });
        return { id: "d1", webhookId: req.id, eventType: "webhook.test", state: DeliveryState.PENDING };
      },
      listWebhookDeliveries: (req) => {
        calls.push({ method: "deliveries", req });
        return {
          deliveries: [
            {
              id: "d1",
              webhookId: req.webhookId,
              eventId: "evt_1",
              eventType: "webhook.test",
              state: DeliveryState.FAILED,
              attemptCount: 2,
              lastResponseCode: 503,
              lastLatencyMs: 120n,
              lastError: "HTTP 503",
              payloadJson: '{"type":"webhook.test","data":{}}',
              attempts: [
                { responseCode: 0, latencyMs: 10000n, error: "timeout" },
                { responseCode: 503, latencyMs: 120n, error: "HTTP 503", replay: true },
              ],
            },
          ].filter((d) => req.state === DeliveryState.UNSPECIFIED || d.state === req.state),
        };
      },
      replayWebhookDelivery: (req) => {
        calls.push({ method: "replay", req });
        return { id: req.id, state: DeliveryState.PENDING };
      },
    });
  });
  return { transport, created, stored, calls };
}

function show(transport: ReturnType<typeof fakeNode>["transport"]) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <IntlProvider locale="en-GB" messages={{ ...en, ...webhooksEn }} timeZone="UTC" onError={() => {}}>
      <MantineProvider>
        <TransportProvider transport={transport}>
          <QueryClientProvider client={qc}>
            <WebhooksScreen />
          </QueryClientProvider>
        </TransportProvider>
      </MantineProvider>
    </IntlProvider>,
  );
}

async function pickEventType(label: string) {
  fireEvent.click(screen.getByTestId("webhook-event-types"));
  fireEvent.click(await screen.findByRole("option", { name: new RegExp(label.replace(/[.*()]/g, "\\$&")), hidden: true }));
}

describe("webhook admin", { timeout: 30_000 }, () => {
  it("without WEBHOOKS_ADMIN explains instead of listing", () => {
    state.permissions = [Permission.SELF];
    show(fakeNode().transport);
    expect(screen.getByTestId("webhooks-forbidden").textContent).toContain("Webhooks admin permission");
  });

  it("creates a webhook: checks the form first, shows the secret once with a warning, then only its hint", async () => {
    state.permissions = [Permission.WEBHOOKS_ADMIN];
    const node = fakeNode();
    show(node.transport);
    expect(await screen.findByText("No webhooks yet.")).toBeTruthy();
    await waitFor(() => expect((screen.getByTestId("webhook-new") as HTMLButtonElement).disabled).toBe(false));

    fireEvent.click(screen.getByTestId("webhook-new"));
    const form = await screen.findByTestId("webhook-form");
    fireEvent.submit(form);
    expect(await within(form).findByText("Enter the URL to deliver to.")).toBeTruthy();
    expect(within(form).getByText("Choose at least one event type.")).toBeTruthy();
    expect(node.created).toHaveLength(0);

    // The node's refusal lands on the field it names.
    fireEvent.change(screen.getByRole("textbox", { name: /URL/ }), { target: { value: "https://localhost/hook" } });
    await pickEventType("quote.* (every quote type)");
    fireEvent.submit(form);
    expect(await within(form).findByText("resolves to a loopback address")).toBeTruthy();

    fireEvent.change(screen.getByRole("textbox", { name: /URL/ }), { target: { value: " https://hooks.example.org/eventkit " } });
    fireEvent.change(screen.getByRole("textbox", { name: /Description/ }), { target: { value: "ERP" } });
    await pickEventType("quote.sent");
    expect(within(form).getByText("Selects 2 event types")).toBeTruthy();
    fireEvent.submit(form);

    const reveal = await screen.findByTestId("webhook-secret");
    expect(node.created.at(-1)).toMatchObject({ url: "https://hooks.example.org/eventkit", description: "ERP", eventTypes: ["quote.*"] });
    expect((within(reveal).getByRole("textbox", { name: "Secret" }) as HTMLInputElement).value).toBe(SECRET);
    expect(within(reveal).getByRole("alert").textContent).toContain("shown only this once");
    expect(within(reveal).getByTestId("webhook-secret-copy")).toBeTruthy();

    // The list shows the new webhook (refetched) with the secret's last four characters only.
    const row = await screen.findByTestId("webhook-row");
    expect(within(row).getByTestId("webhook-url-cell").textContent).toBe("https://hooks.example.org/eventkit");
    expect(within(row).getByTestId("webhook-state").textContent).toBe("Enabled");
    expect(within(row).getByTestId("webhook-secret-hint").textContent).toBe(`Secret …${SECRET.slice(-4)}`);

    fireEvent.click(within(reveal).getByTestId("webhook-secret-done"));
    await waitFor(() => expect(screen.queryByTestId("webhook-secret")).toBeNull());
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect([...document.querySelectorAll("input")].some((i) => i.value === SECRET)).toBe(false);
  });

  it("edits with the revision it read, enables a failing one, rotates and deletes after a confirmation", async () => {
    state.permissions = [Permission.WEBHOOKS_ADMIN];
    state.search = {};
    const node = fakeNode();
    node.stored.push(create(WebhookSchema, { id: "w1", url: "https://a.example.org/h", eventTypes: ["quote.sent"], state: WebhookState.FAILING, consecutiveFailures: 10, disabledReason: "turned off: last answer HTTP 503", revision: 4n, secretHint: "abcd" }));
    show(node.transport);
    const row = await screen.findByTestId("webhook-row");
    expect(within(row).getByTestId("webhook-state").textContent).toBe("Failing");
    expect(within(row).getByText("10 failures in a row")).toBeTruthy();
    expect(within(row).getByTestId("webhook-reason").textContent).toBe("turned off: last answer HTTP 503");

    // Edit: the revision read, the event types replaced.
    fireEvent.click(within(row).getByTestId("webhook-actions"));
    fireEvent.click(await screen.findByTestId("webhook-edit"));
    const form = await screen.findByTestId("webhook-form");
    expect((screen.getByRole("textbox", { name: /URL/ }) as HTMLInputElement).value).toBe("https://a.example.org/h");
    fireEvent.change(screen.getByRole("textbox", { name: /Description/ }), { target: { value: "renamed" } });
    fireEvent.submit(form);
    await waitFor(() => expect(node.calls.find((c) => c.method === "update")).toBeTruthy());
    expect(node.calls.find((c) => c.method === "update")!.req).toMatchObject({ id: "w1", revision: 4n, description: "renamed", setEventTypes: true, eventTypes: ["quote.sent"] });
    await waitFor(() => expect(screen.queryByTestId("webhook-form")).toBeNull());

    // A failing webhook is offered Enable (with the revision the list now shows: 5).
    await waitFor(() => expect(within(screen.getByTestId("webhook-row")).getByText("renamed")).toBeTruthy());
    fireEvent.click(within(screen.getByTestId("webhook-row")).getByTestId("webhook-actions"));
    fireEvent.click(await screen.findByTestId("webhook-enable"));
    await waitFor(() => expect(node.calls.filter((c) => c.method === "update")).toHaveLength(2));
    expect(node.calls.filter((c) => c.method === "update")[1].req).toMatchObject({ id: "w1", revision: 5n, enabled: true });
    await waitFor(() => expect(within(screen.getByTestId("webhook-row")).getByTestId("webhook-state").textContent).toBe("Enabled"));

    // Rotate: nothing happens before the confirmation; then the new secret once.
    fireEvent.click(within(screen.getByTestId("webhook-row")).getByTestId("webhook-actions"));
    fireEvent.click(await screen.findByTestId("webhook-rotate"));
    await screen.findByTestId("confirm-dialog");
    expect(node.calls.some((c) => c.method === "rotate")).toBe(false);
    fireEvent.click(screen.getByTestId("confirm-ok"));
    const reveal = await screen.findByTestId("webhook-secret");
    expect((within(reveal).getByRole("textbox", { name: "Secret" }) as HTMLInputElement).value).toBe("whsec_rotated_NEW1");
    fireEvent.click(within(reveal).getByTestId("webhook-secret-done"));
    await waitFor(() => expect(screen.queryByTestId("webhook-secret")).toBeNull());

    // Delete, confirmed.
    fireEvent.click(within(screen.getByTestId("webhook-row")).getByTestId("webhook-actions"));
    fireEvent.click(await screen.findByTestId("webhook-delete"));
    fireEvent.click(await screen.findByTestId("confirm-ok"));
    await screen.findByText("No webhooks yet.");
    expect(node.calls.find((c) => c.method === "delete")!.req).toMatchObject({ id: "w1" });
  });

  it("'Send test' opens the delivery log: attempts and payload expand, a state filters, a delivery replays", async () => {
    state.permissions = [Permission.WEBHOOKS_ADMIN];
    state.search = {};
    const node = fakeNode();
    node.stored.push(create(WebhookSchema, { id: "w1", url: "https://a.example.org/h", eventTypes: ["*"], state: WebhookState.ENABLED, revision: 1n }));
    show(node.transport);
    const row = await screen.findByTestId("webhook-row");
    fireEvent.click(within(row).getByTestId("webhook-actions"));
    fireEvent.click(await screen.findByTestId("webhook-test"));
    await waitFor(() => expect(state.search).toEqual({ webhook: "w1" }));
    expect(node.calls.find((c) => c.method === "test")!.req).toMatchObject({ id: "w1" });
    // The route's search drives the log; render again as the router would.
    cleanup();
    show(node.transport);
    const log = await screen.findByTestId("delivery-log");
    const delivery = await within(log).findByTestId("delivery");
    expect(delivery.textContent).toContain("webhook.test");
    expect(delivery.textContent).toContain("503");
    expect(delivery.textContent).toContain("120 ms");
    expect(node.calls.find((c) => c.method === "deliveries")!.req).toMatchObject({ webhookId: "w1", includeAttempts: true, state: DeliveryState.UNSPECIFIED });
    const expand = within(delivery).getByTestId("delivery-expand");
    expect(expand.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(expand);
    const details = await within(log).findByTestId("delivery-details");
    expect(within(details).getAllByRole("row")).toHaveLength(3); // header + 2 attempts
    expect(within(details).getByText("replay")).toBeTruthy();
    expect(within(details).getByTestId("delivery-payload").textContent).toBe(JSON.stringify({ type: "webhook.test", data: {} }, null, 2));
    fireEvent.click(within(delivery).getByTestId("delivery-replay"));
    await waitFor(() => expect(node.calls.find((c) => c.method === "replay")?.req).toMatchObject({ id: "d1" }));
    fireEvent.click(within(log).getByText("Delivered"));
    await within(log).findByText("No deliveries yet.");
    expect(node.calls.filter((c) => c.method === "deliveries").at(-1)!.req).toMatchObject({ state: DeliveryState.DELIVERED });
  });
});
