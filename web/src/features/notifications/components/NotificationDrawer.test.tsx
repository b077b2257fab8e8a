import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { TransportProvider } from "@connectrpc/connect-query";
import { createRouterTransport } from "@connectrpc/connect";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { IntlProvider } from "react-intl";
import { en } from "../../../app/messages/en";
import { notificationsEn } from "../messages";
import { NotificationService, type MarkNotificationsReadRequest, type ListNotificationsRequest } from "../../../gen/eventkit/v1/notifications_pb";

vi.mock("@tanstack/react-router", () => ({
  Link: ({ to, search, children, ...rest }: { to: string; search?: Record<string, string>; children: unknown }) => (
    <a href={to + (search ? `?${new URLSearchParams(search)}` : "")} {...rest} onClick={(e) => (e.preventDefault(), (rest as { onClick?: () => void }).onClick?.())}>
      {children as string}
    </a>
  ),
}));

const { NotificationDrawer } = await import("./NotificationDrawer");

function fakeNode() {
  const marks: MarkNotificationsReadRequest[] = [];
  const lists: ListNotificationsRequest[] = [];
  const at = timestampFromDate(new Date("2026-03-02T09:30:00Z"));
  const items = [
    { id: "n1", eventType: "event.created", title: "Event created: Gala", body: "12–14 March", subjectKind: "event", subjectId: "e1", createdAt: at },
    { id: "n2", eventType: "security.alert", title: "Account locked", subjectKind: "", subjectId: "", createdAt: at },
    { id: "n3", eventType: "webhook.disabled", title: "Webhook turned off", subjectKind: "webhook", subjectId: "w9", createdAt: at, readAt: at },
  ];
  const transport = createRouterTransport(({ service }) =>
    service(NotificationService, {
      listNotifications: (req) => {
        lists.push(req);
        return { notifications: items };
      },
      markNotificationsRead: (req) => {
        marks.push(req);
        return { marked: req.all ? 2 : req.ids.length };
      },
    }),
  );
  return { transport, marks, lists };
}

function show(transport: ReturnType<typeof fakeNode>["transport"], onClose = () => {}) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <IntlProvider locale="en-GB" messages={{ ...en, ...notificationsEn }} timeZone="UTC" onError={() => {}}>
      <MantineProvider>
        <TransportProvider transport={transport}>
          <QueryClientProvider client={qc}>
            <NotificationDrawer opened onClose={onClose} />
          </QueryClientProvider>
        </TransportProvider>
      </MantineProvider>
    </IntlProvider>,
  );
}

describe("the bell's drawer", { timeout: 20_000 }, () => {
  it("lists the latest, links each to its subject, and marks one read when it is opened", async () => {
    const node = fakeNode();
    const onClose = vi.fn();
    show(node.transport, onClose);
    const items = await screen.findAllByTestId("notification");
    expect(node.lists[0]).toMatchObject({ unreadOnly: false, page: { pageSize: 10 } });
    expect(items.map((i) => i.getAttribute("data-unread"))).toEqual(["true", "true", null]);
    const link = within(items[0]).getByTestId("notification-link");
    expect(link.getAttribute("href")).toBe("/events/e1");
    expect(link.textContent).toBe("Unread: Event created: Gala");
    expect(within(items[2]).getByTestId("notification-link").getAttribute("href")).toBe("/settings/webhooks?webhook=w9");
    // Nothing to open: no link, a button to mark it read instead.
    expect(within(items[1]).queryByTestId("notification-link")).toBeNull();
    fireEvent.click(link);
    await waitFor(() => expect(node.marks).toEqual([expect.objectContaining({ ids: ["n1"], all: false })]));
    expect(onClose).toHaveBeenCalled();
    fireEvent.click(within(items[1]).getByTestId("notification-mark-read"));
    await waitFor(() => expect(node.marks.at(-1)).toMatchObject({ ids: ["n2"] }));
    // A read one opened marks nothing.
    fireEvent.click(within(items[2]).getByTestId("notification-link"));
    expect(node.marks).toHaveLength(2);
  });

  it("'Mark all read' marks everything up to now", async () => {
    const node = fakeNode();
    show(node.transport);
    await screen.findAllByTestId("notification");
    fireEvent.click(screen.getByTestId("notifications-mark-all"));
    await waitFor(() => expect(node.marks).toEqual([expect.objectContaining({ ids: [], all: true })]));
  });
});
