import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { en } from "../../../app/messages/en";
import { RepairStatus, RepairTicketSchema, type RepairTicket } from "../../../gen/eventkit/v1/scanning_pb";

const ticket = vi.fn<() => RepairTicket | undefined>();
const update = vi.fn();
const close = vi.fn();
vi.mock("@tanstack/react-router", () => ({
  getRouteApi: () => ({ useParams: () => ({ repairId: "t1" }), useSearch: () => ({ asset: "a1" }) }),
}));
vi.mock("../../../components/AnchorLink", () => ({ AnchorLink: (p: { children: unknown }) => <a href="#">{p.children as string}</a> }));
vi.mock("../../../lib/session", () => ({ useCan: () => true }));
vi.mock("../../../lib/notify", () => ({ toastInfo: () => {} }));
vi.mock("../api/maintenance", () => ({
  useRepair: () => ({ isPending: false, isSuccess: true, error: null, ticket: ticket(), refetch: () => {} }),
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
    expect(update.mock.calls[0][0]).toEqual({ id: "t1", notes: "new jack", cost: { currencyCode: "EUR", minorUnits: 1200n } });
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

  it("shows a ticket with notes as in progress, and a closed one without forms", () => {
    ticket.mockReturnValue(create(RepairTicketSchema, { ...base, status: RepairStatus.OPEN, notes: "waiting for a part" }));
    const { unmount } = show();
    expect(screen.getByTestId("repair-stage").textContent).toBe("In progress");
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
  });

  it("says so when the ticket is not among the asset's", () => {
    ticket.mockReturnValue(undefined);
    show();
    expect(screen.getByTestId("repair-not-found").textContent).toContain("not found");
  });
});
