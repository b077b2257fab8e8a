import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { en } from "../../../app/messages/en";
import { StocktakeReviewSchema, StocktakeStatus } from "../../../gen/eventkit/v1/scanning_pb";

const review = vi.fn();
const reject = vi.fn();
const approve = vi.fn();
const canDecide = vi.fn();
vi.mock("@tanstack/react-router", () => ({ getRouteApi: () => ({ useParams: () => ({ stocktakeId: "s1" }) }) }));
vi.mock("../../../components/AnchorLink", () => ({ AnchorLink: (p: { children: unknown }) => <a href="#">{p.children as string}</a> }));
vi.mock("../../../lib/session", () => ({ useCan: () => canDecide() }));
vi.mock("../../../lib/notify", () => ({ toastInfo: () => {} }));
vi.mock("../../../lib/locations", () => ({ useAllLocations: () => ({ byId: new Map() }) }));
vi.mock("../api/stocktakes", () => ({
  useStocktake: () => review(),
  useApproveStocktake: () => ({ mutateAsync: approve, isPending: false }),
  useRejectStocktake: () => ({ mutateAsync: reject, isPending: false }),
}));

const { StocktakeReviewScreen } = await import("./StocktakeReviewScreen");

function data(booksShown: boolean, missing = 2) {
  return create(StocktakeReviewSchema, {
    stocktake: { id: "s1", name: "Q4", locationCode: "LDN", status: StocktakeStatus.OPEN, blind: true },
    booksShown,
    expectedUnits: 10,
    countedUnits: 9,
    lines: [
      ...Array.from({ length: missing }, (_, i) => ({ kind: "MISSING", assetId: `a${i}`, barcode: `EK${i}`, productName: "Mic", expected: 1, counted: 0, difference: -1 })),
      { kind: "UNEXPECTED", assetId: "x", barcode: "EKX", productName: "Mic", expected: 0, counted: 1, difference: 1 },
      { kind: "SHORT", productId: "p", productName: "Cable", expected: 10, counted: 7, difference: -3 },
    ],
  });
}

function show() {
  render(
    <IntlProvider locale="en" messages={en}>
      <MantineProvider>
        <StocktakeReviewScreen />
      </MantineProvider>
    </IntlProvider>,
  );
}

describe("StocktakeReviewScreen", () => {
  it("hides the book figures of a blind count from a counter and offers no decision", () => {
    review.mockReturnValue({ isPending: false, error: null, data: data(false) });
    canDecide.mockReturnValue(false);
    show();
    expect(screen.getByTestId("stocktake-blind-note")).toBeTruthy();
    expect(screen.queryAllByRole("columnheader", { name: "Expected" })).toHaveLength(0);
    expect(screen.queryByTestId("stocktake-approve")).toBeNull();
  });

  it("says what approval does, and rejects only with a note", async () => {
    review.mockReturnValue({ isPending: false, error: null, data: data(true) });
    canDecide.mockReturnValue(true);
    reject.mockResolvedValue({});
    show();
    expect(screen.getAllByRole("columnheader", { name: "Expected" }).length).toBeGreaterThan(0);
    fireEvent.click(screen.getByTestId("stocktake-approve"));
    expect((await screen.findByTestId("stocktake-decide-body")).textContent).toBe(
      "Approval changes the books: 2 units become LOST, 1 unit moves here, 1 bulk adjustment.",
    );
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByTestId("stocktake-decide-body")).toBeNull());
    fireEvent.click(screen.getByTestId("stocktake-reject"));
    const submit = await screen.findByTestId("stocktake-decide-submit");
    expect((submit as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId("stocktake-decide-note"), { target: { value: " recount " } });
    fireEvent.click(submit);
    await waitFor(() => expect(reject).toHaveBeenCalledWith({ id: "s1", note: "recount" }));
    expect(approve).not.toHaveBeenCalled();
  });

  it("shows the first 50 lines of a long group, the rest on request", () => {
    review.mockReturnValue({ isPending: false, error: null, data: data(true, 120) });
    canDecide.mockReturnValue(true);
    show();
    const missing = () => document.querySelectorAll('[data-testid="stocktake-line"][data-kind="MISSING"]').length;
    expect(missing()).toBe(50);
    fireEvent.click(screen.getByTestId("stocktake-show-all"));
    expect(missing()).toBe(120);
  });
});
