import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { TransportProvider } from "@connectrpc/connect-query";
import { createRouterTransport } from "@connectrpc/connect";
import { create } from "@bufbuild/protobuf";
import { IntlProvider } from "react-intl";
import { en } from "../../../app/messages/en";
import { notificationsEn } from "../messages";
import {
  EmailDigest,
  NotificationChannel as C,
  NotificationPreferencesSchema,
  NotificationService,
  WebhookService,
  type NotificationPreferences,
  type UpdateNotificationPreferencesRequest,
} from "../../../gen/eventkit/v1/notifications_pb";
import { PreferencesScreen } from "./PreferencesScreen";

/** A node that keeps the caller's preferences: what Update sets, Get answers. */
function fakeNode() {
  const defaults: Record<string, C[]> = { "event.created": [C.IN_APP], "quote.accepted": [C.IN_APP, C.EMAIL] };
  let prefs: NotificationPreferences = create(NotificationPreferencesSchema, {
    preferences: Object.entries(defaults).map(([eventType, channels]) => ({ eventType, channels, customised: false })),
    emailDigest: EmailDigest.IMMEDIATE,
  });
  const updates: UpdateNotificationPreferencesRequest[] = [];
  const transport = createRouterTransport(({ service }) => {
    service(WebhookService, {
      listEventTypes: () => ({
        eventTypes: Object.entries(defaults).map(([name, defaultChannels]) => ({ name, description: `About ${name}`, defaultChannels })),
      }),
    });
    service(NotificationService, {
      getNotificationPreferences: () => prefs,
      updateNotificationPreferences: (req) => {
        updates.push(req);
        const next = prefs.preferences.map((p) => {
          const set = req.preferences.find((x) => x.eventType === p.eventType);
          if (set) return { ...p, channels: set.channels, customised: true };
          if (req.resetEventTypes.includes(p.eventType)) return { ...p, channels: defaults[p.eventType], customised: false };
          return p;
        });
        prefs = create(NotificationPreferencesSchema, {
          preferences: next,
          emailDigest: req.emailDigest === EmailDigest.UNSPECIFIED ? prefs.emailDigest : req.emailDigest,
        });
        return prefs;
      },
      getWebPushConfig: () => ({ enabled: true, vapidPublicKey: "AQ" }),
    });
  });
  return { transport, updates };
}

function show(transport: ReturnType<typeof fakeNode>["transport"]) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <IntlProvider locale="en-GB" messages={{ ...en, ...notificationsEn }} timeZone="UTC" onError={() => {}}>
      <MantineProvider>
        <TransportProvider transport={transport}>
          <QueryClientProvider client={qc}>
            <PreferencesScreen />
          </QueryClientProvider>
        </TransportProvider>
      </MantineProvider>
    </IntlProvider>,
  );
}

const box = (type: string, channel: C) =>
  screen.getByRole("checkbox", { name: `${notificationsEn[`prefs.channel.${channel}` as keyof typeof notificationsEn]}: ${type}` }) as HTMLInputElement;

describe("notification settings", { timeout: 20_000 }, () => {
  it("saves only what changed; a reset row goes back to the defaults; the digest; a second visit shows it", async () => {
    const node = fakeNode();
    show(node.transport);
    await screen.findByTestId("prefs-table");
    expect(box("event.created", C.IN_APP).checked).toBe(true);
    expect(box("event.created", C.WEB_PUSH).checked).toBe(false);
    expect((screen.getByTestId("prefs-save") as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(box("event.created", C.WEB_PUSH));
    fireEvent.click(screen.getByLabelText("A daily digest"));
    expect(screen.getByText("You have unsaved changes.")).toBeTruthy();
    fireEvent.click(screen.getByTestId("prefs-save"));
    await waitFor(() => expect(node.updates).toHaveLength(1));
    expect(node.updates[0]).toMatchObject({
      preferences: [{ eventType: "event.created", channels: [C.IN_APP, C.WEB_PUSH] }],
      resetEventTypes: [],
      emailDigest: EmailDigest.DAILY,
    });
    const row = () => screen.getAllByTestId("prefs-row").find((r) => r.getAttribute("data-event-type") === "event.created")!;
    await waitFor(() => expect(within(row()).getByText("Your choice")).toBeTruthy());

    fireEvent.click(within(row()).getByRole("button", { name: "Reset event.created to the defaults" }));
    expect(box("event.created", C.WEB_PUSH).checked).toBe(false);
    fireEvent.click(screen.getByTestId("prefs-save"));
    await waitFor(() => expect(node.updates).toHaveLength(2));
    expect(node.updates[1]).toMatchObject({ preferences: [], resetEventTypes: ["event.created"], emailDigest: EmailDigest.UNSPECIFIED });
    await waitFor(() => expect(within(row()).getByText("Role default")).toBeTruthy());

    // Another visit reads the node's state.
    screen.getByTestId("prefs-form").remove();
    show(node.transport);
    await waitFor(() => expect(screen.getAllByLabelText("A daily digest").some((r) => (r as HTMLInputElement).checked)).toBe(true));
  });

  it("explains web push when this browser cannot (jsdom: no secure context)", async () => {
    show(fakeNode().transport);
    expect((await screen.findByTestId("webpush-unsupported")).textContent).toBe("Web push needs a secure (https) connection.");
  });
});
