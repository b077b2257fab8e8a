import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { en } from "../../../app/messages/en";
import { CountVerdict, StocktakeCountSchema, StocktakeReviewSchema, StocktakeStatus } from "../../../gen/eventkit/v1/scanning_pb";

const count = vi.fn();
const status = vi.fn();
vi.mock("@tanstack/react-router", () => ({ getRouteApi: () => ({ useParams: () => ({ stocktakeId: "s1" }) }) }));
vi.mock("@connectrpc/connect-query", () => ({ useQuery: () => ({ data: { hits: [] } }) }));
vi.mock("../../../components/AnchorLink", () => ({ AnchorLink: (p: { children: unknown }) => <a href="#">{p.children as string}</a> }));
vi.mock("../../../lib/session", () => ({ useCan: () => true }));
vi.mock("../../../lib/signal", async (original) => ({ ...(await original<typeof import("../../../lib/signal")>()), signal: () => {} }));
vi.mock("../../../lib/locations", () => ({ useAllLocations: () => ({ locations: [], byId: new Map() }) }));
vi.mock("../api/stocktakes", () => ({
  useStocktake: () => ({
    isPending: false,
    error: null,
    data: create(StocktakeReviewSchema, { stocktake: { id: "s1", name: "Q4", locationId: "l1", locationCode: "LDN", status: status() } }),
  }),
  useCountStocktake: () => ({ mutateAsync: count, isPending: false }),
}));

const { StocktakeCountScreen } = await import("./StocktakeCountScreen");

function show() {
  render(
    <IntlProvider locale="en" messages={en}>
      <MantineProvider>
        <StocktakeCountScreen />
      </MantineProvider>
    </IntlProvider>,
  );
}

const scan = (code: string) => {
  fireEvent.change(screen.getByTestId("scan-input"), { target: { value: code } });
  fireEvent.submit(screen.getByTestId("scan-input").closest("form")!);
};

describe("StocktakeCountScreen", () => {
  it("counts a scanned barcode with a fresh operation ID and shows the verdict big and in the session list", async () => {
    status.mockReturnValue(StocktakeStatus.OPEN);
    count.mockImplementation(async (req: { operationId: string; barcode: string }) =>
      create(StocktakeCountSchema, {
        operationId: req.operationId,
        verdict: req.barcode === "NOPE" ? CountVerdict.UNKNOWN_BARCODE : CountVerdict.OK,
        message: `${req.barcode} counted`,
      }),
    );
    show();
    scan("EK1");
    await waitFor(() => expect(screen.getByTestId("scan-verdict").getAttribute("data-severity")).toBe("OK"));
    scan("NOPE");
    await waitFor(() => expect(screen.getByTestId("scan-verdict").getAttribute("data-severity")).toBe("ERROR"));
    expect(screen.getByTestId("scan-verdict").textContent).toContain("Unknown barcode");
    const [first, second] = count.mock.calls.map((c) => c[0] as { operationId: string; stocktakeId: string });
    expect(first.stocktakeId).toBe("s1");
    expect(first.operationId).not.toBe(second.operationId);
    expect(screen.getAllByTestId("stocktake-count-row").map((r) => r.getAttribute("data-verdict"))).toEqual(["UNKNOWN_BARCODE", "OK"]);
    expect((screen.getByTestId("scan-input") as HTMLInputElement).value).toBe("");
  });

  it("refuses a bulk count without a product, and offers no counting once decided", () => {
    status.mockReturnValue(StocktakeStatus.OPEN);
    count.mockReset();
    const { unmount } = render(
      <IntlProvider locale="en" messages={en}>
        <MantineProvider>
          <StocktakeCountScreen />
        </MantineProvider>
      </IntlProvider>,
    );
    fireEvent.click(screen.getByTestId("stocktake-bulk-submit"));
    expect(screen.getByRole("alert").textContent).toBe("Pick a product");
    expect(count).not.toHaveBeenCalled();
    unmount();
    status.mockReturnValue(StocktakeStatus.REJECTED);
    show();
    expect(screen.queryByTestId("scan-input")).toBeNull();
    expect(screen.getByText("This stocktake is Rejected: counting is closed.")).toBeTruthy();
  });
});
