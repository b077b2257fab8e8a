import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
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
    });
  });
  return { transport, created, stored };
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
});
