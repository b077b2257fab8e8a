import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { en } from "../../../app/messages/en";
import { RepairStatus, RepairTicketSchema, type RepairTicket } from "../../../gen/eventkit/v1/scanning_pb";

const ticket = vi.fn<() => RepairTicket | undefined>();
const loadError = vi.fn<() => unknown>(() => null);
const update = vi.fn();
const close = vi.fn();
vi.mock("@tanstack/react-router", () => ({
  getRouteApi: () => ({ useParams: () => ({ repairId: "t1" }) }),
}));
vi.mock("../../../components/AnchorLink", () => ({ AnchorLink: (p: { children: unknown }) => <a href="#">{p.children as string}</a> }));
vi.mock("../../../lib/session", () => ({ useCan: () => true }));
vi.mock("../../../lib/notify", () => ({ toastInfo: () => {}, toastError: () => {} }));
vi.mock("../api/maintenance", () => ({
  useRepair: (id: string) => ({ isPending: false, error: loadError(), data: id === "t1" ? ticket() : undefined, refetch: () => {} }),
  useUpdateRepair: () => ({ mutateAsync: update, isPending: false }),
  useCloseRepair: () => ({ mutateAsync: close, isPending: false }),
}));

const { RepairDetailScreen } = await import("./RepairDetailScreen");

function show() {
  return render(
    <IntlProvider locale="en-GB" messages={en} timeZone="UTC">
      <MantineProvider>
        <RepairDetailScreen />
      </MantineProvider>
    </IntlProvider>,
  );
}

const base = {
  id: "t1",
  assetId: "a1",
  barcode: "EK-7",
  productName: "Amp 2000",
  source: "MANUAL",
  description: "hum",
  openedBy: "Wim Warehouse",
  openedAt: timestampFromDate(new Date("2026-12-01T09:30:00Z")),
};

describe("RepairDetailScreen", () => {
  it("shows who opened it and when, records work notes and cost, and closes with the chosen outcome", async () => {
    ticket.mockReturnValue(create(RepairTicketSchema, { ...base, status: RepairStatus.OPEN }));
    update.mockResolvedValue(create(RepairTicketSchema, base));
    close.mockResolvedValue(create(RepairTicketSchema, { ...base, status: RepairStatus.RETIRED }));
    show();
    expect(screen.getByTestId("repair-stage").getAttribute("data-stage")).toBe("OPEN");
    expect(screen.getByTestId("repair-opened").textContent).toMatch(/^Wim Warehouse, 1 Dec 2026/);
    expect(screen.getByTestId("repair-closed").textContent).toBe("—");
    fireEvent.change(screen.getByTestId("repair-work-notes"), { target: { value: "new jack" } });
    fireEvent.change(screen.getByTestId("repair-work-cost"), { target: { value: "12" } });
    fireEvent.click(screen.getByTestId("repair-work-save"));
    await waitFor(() => expect(update).toHaveBeenCalled());
    // Saving work leaves the status as it is.
    expect(update.mock.calls[0][0]).toEqual({ id: "t1", notes: "new jack", cost: { currencyCode: "EUR", minorUnits: 1200n } });
    expect(screen.queryByTestId("repair-reopen")).toBeNull();
    fireEvent.click(screen.getByTestId("repair-start"));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(2));
    // Starting work keeps the saved notes (UpdateRepair replaces them) and the cost (none given).
    expect(update.mock.calls[1][0]).toEqual({ id: "t1", notes: "", status: RepairStatus.IN_PROGRESS });
    fireEvent.change(screen.getByTestId("repair-close-cost"), { target: { value: "1.234" } });
    fireEvent.click(screen.getByTestId("repair-close-submit"));
    expect(screen.getByText("Enter an amount of 0 or more, e.g. 45.00")).toBeTruthy();
    expect(close).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId("repair-close-cost"), { target: { value: "" } });
    fireEvent.click(screen.getByTestId("repair-close-retired"));
    fireEvent.click(screen.getByTestId("repair-close-submit"));
    await waitFor(() => expect(close).toHaveBeenCalled());
    expect(close.mock.calls[0][0]).toEqual({ id: "t1", outcome: RepairStatus.RETIRED, notes: "", cost: undefined });
  });

  it("shows the API's in-progress status in words, puts it back to open, and shows a closed one without forms", async () => {
    update.mockReset();
    ticket.mockReturnValue(create(RepairTicketSchema, { ...base, status: RepairStatus.IN_PROGRESS, notes: "waiting for a part" }));
    update.mockResolvedValue(create(RepairTicketSchema, { ...base, status: RepairStatus.OPEN }));
    const { unmount } = show();
    expect(screen.getByTestId("repair-stage").textContent).toBe("In progress");
    expect(screen.getByTestId("repair-work-form")).toBeTruthy();
    expect(screen.getByTestId("repair-close-form")).toBeTruthy();
    expect(screen.queryByTestId("repair-start")).toBeNull();
    fireEvent.click(screen.getByTestId("repair-reopen"));
    await waitFor(() => expect(update).toHaveBeenCalled());
    expect(update.mock.calls[0][0]).toEqual({ id: "t1", notes: "waiting for a part", status: RepairStatus.OPEN });
    unmount();
    ticket.mockReturnValue(
      create(RepairTicketSchema, {
        ...base,
        status: RepairStatus.REPAIRED,
        closedBy: "Ada Admin",
        closedAt: timestampFromDate(new Date("2026-12-03T15:00:00Z")),
      }),
    );
    show();
    expect(screen.getByTestId("repair-stage").textContent).toBe("Closed: repaired");
    expect(screen.getByTestId("repair-closed").textContent).toMatch(/^Ada Admin, 3 Dec 2026/);
    expect(screen.queryByTestId("repair-work-form")).toBeNull();
    expect(screen.queryByTestId("repair-close-form")).toBeNull();
    expect(screen.queryByTestId("repair-start")).toBeNull();
    expect(screen.queryByTestId("repair-reopen")).toBeNull();
  });

  it("says so when there is no such ticket, and shows other load errors with a retry", () => {
    ticket.mockReturnValue(undefined);
    loadError.mockReturnValue(new ConnectError("repair ticket t1 not found", Code.NotFound));
    const { unmount } = show();
    expect(screen.getByTestId("repair-not-found").textContent).toBe("There is no repair ticket with this ID.");
    unmount();
    loadError.mockReturnValue(new ConnectError("node down", Code.Unavailable));
    show();
    expect(screen.queryByTestId("repair-not-found")).toBeNull();
    expect(screen.getByRole("alert").textContent).toContain("node down");
    expect(screen.getByRole("button", { name: "Retry" })).toBeTruthy();
  });
});
