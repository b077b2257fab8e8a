import { afterEach, describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider, focusManager } from "@tanstack/react-query";
import { IntlProvider } from "react-intl";
import { en } from "../messages/en";

const state = vi.hoisted(() => ({ unread: 3, calls: 0, drawer: [] as boolean[] }));
vi.mock("../../features/notifications/api/unread", () => ({
  fetchUnread: () => {
    state.calls++;
    return Promise.resolve(state.unread);
  },
}));
vi.mock("./NotificationDrawer", () => ({
  default: (p: { opened: boolean }) => {
    state.drawer.push(p.opened);
    return p.opened ? <div role="dialog" data-testid="drawer-stub" /> : null;
  },
}));

const { NotificationBell } = await import("./NotificationBell");

function show() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <IntlProvider locale="en-GB" messages={en} onError={() => {}}>
      <MantineProvider>
        <QueryClientProvider client={qc}>
          <NotificationBell />
        </QueryClientProvider>
      </MantineProvider>
    </IntlProvider>,
  );
}

afterEach(() => {
  vi.useRealTimers();
  focusManager.setFocused(undefined);
  state.calls = 0;
  state.drawer = [];
});

describe("the bell", () => {
  it("shows the unread count, in its name too", async () => {
    state.unread = 3;
    show();
    expect((await screen.findByTestId("bell-count")).textContent).toBe("3");
    expect(screen.getByRole("button", { name: "Notifications, 3 unread" })).toBeTruthy();
  });

  it("shows no count when nothing is unread, and 99+ past 99", async () => {
    state.unread = 0;
    show();
    await screen.findByRole("button", { name: "Notifications" });
    await waitFor(() => expect(state.calls).toBe(1));
    expect(screen.queryByTestId("bell-count")).toBeNull();
    state.unread = 250;
    show();
    await waitFor(() => expect(screen.getAllByTestId("bell")[1].getAttribute("data-unread")).toBe("250"));
    expect(screen.getByTestId("bell-count").textContent).toBe("99+");
  });

  it("asks again every 30 s while the tab is visible, not while it is hidden", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    state.unread = 1;
    show();
    await waitFor(() => expect(state.calls).toBe(1));
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    await waitFor(() => expect(state.calls).toBe(2));
    act(() => focusManager.setFocused(false));
    await act(() => vi.advanceTimersByTimeAsync(95_000));
    expect(state.calls).toBe(2);
    // Back in view: asked again at once (window focus), then every 30 s.
    act(() => focusManager.setFocused(true));
    await waitFor(() => expect(state.calls).toBe(3));
  });

  it("loads the drawer only when pressed", async () => {
    show();
    await screen.findByTestId("bell-count");
    expect(state.drawer).toEqual([]);
    fireEvent.click(screen.getByTestId("bell"));
    await screen.findByTestId("drawer-stub");
    expect(state.drawer.at(-1)).toBe(true);
  });
});
