import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { en } from "../../../app/messages/en";
import { NegotiationState, SubHireRole, SubHireSchema, type SubHire } from "../../../gen/eventkit/v1/subhire_pb";

const data = vi.fn<() => SubHire | undefined>();
const loadError = vi.fn<() => unknown>(() => null);
vi.mock("@tanstack/react-router", () => ({ getRouteApi: () => ({ useParams: () => ({ negotiationId: "n1" }) }) }));
vi.mock("../../../components/AnchorLink", () => ({ AnchorLink: (p: { children: unknown }) => <a href="#">{p.children as string}</a> }));
vi.mock("../../../lib/session", () => ({ useCan: () => true }));
vi.mock("../components/SubHireActions", () => ({ SubHireActions: () => <div data-testid="actions-here" /> }));
vi.mock("../api/subhire", () => ({
  useSubHire: () => ({ isPending: false, error: loadError(), data: data(), refetch: () => {} }),
}));

const { SubHireDetailScreen } = await import("./SubHireDetailScreen");

function show() {
  return render(
    <IntlProvider locale="en-GB" messages={en} timeZone="UTC">
      <MantineProvider>
        <SubHireDetailScreen />
      </MantineProvider>
    </IntlProvider>,
  );
}

const at = (s: string) => timestampFromDate(new Date(s));

describe("SubHireDetailScreen", () => {
  it("shows the terms, lines with our product, the quote, the manifest, the waiting delivery and the history in order", () => {
    data.mockReturnValue(
      create(SubHireSchema, {
        negotiationId: "n1",
        role: SubHireRole.BORROWER,
        partnerNodeId: "bravo.example",
        partnerName: "Bravo Rentals",
        state: NegotiationState.DISPATCHED,
        peerState: NegotiationState.ON_HIRE,
        eventName: "Harbour Festival",
        eventReference: "HF-1",
        location: "Pier 4",
        usagePeriod: { start: at("2026-12-05T08:00:00Z"), end: at("2026-12-07T20:00:00Z") },
        deliveryPeriod: { start: at("2026-12-05T08:00:00Z"), end: at("2026-12-07T20:00:00Z") },
        lines: [
          {
            supplierProductId: "sp1",
            localProductId: "p1",
            productName: "Robe Spiider",
            localProductName: "Our Spiider",
            quantity: 2,
            suggestedUnitPrice: { currencyCode: "EUR", minorUnits: 4500n },
            quotedUnitPrice: { currencyCode: "EUR", minorUnits: 4000n },
          },
        ],
        quoteTotal: { currencyCode: "EUR", minorUnits: 8000n },
        quoteValidUntil: at("2026-12-06T12:00:00Z"),
        manifest: [{ barcode: "B-1", assetRef: "bravo.example/a1", productName: "Robe Spiider" }],
        delivery: { pendingMessages: 1, attempts: 2, lastError: "UNAVAILABLE: connection refused" },
        history: [
          { at: at("2026-12-04T10:00:00Z"), actor: "Pat Planner", toState: NegotiationState.REQUESTED, detail: "sent to bravo.example" },
          { at: at("2026-12-04T10:00:01Z"), actor: "partner:bravo.example", fromState: NegotiationState.REQUESTED, toState: NegotiationState.ACKNOWLEDGED },
        ],
      }),
    );
    show();
    expect(screen.getByTestId("subhire-title").textContent).toBe("Harbour Festival");
    expect(screen.getByTestId("subhire-state").textContent).toBe("Dispatched");
    expect(screen.getByTestId("subhire-peer-state").textContent).toBe("Partner: On hire");
    expect(screen.getByTestId("subhire-role").textContent).toBe("We borrow from Bravo Rentals");
    expect(screen.getByText("Same as the usage period")).toBeTruthy();
    const line = within(screen.getByTestId("subhire-lines")).getAllByRole("row")[1];
    expect([...line.querySelectorAll("td")].map((c) => c.textContent)).toEqual(["Robe Spiider", "Our Spiider", "2", "€45.00", "€40.00"]);
    expect(screen.getByTestId("subhire-quote").textContent).toContain("€80.00");
    expect(within(screen.getByTestId("subhire-manifest")).getByText("B-1")).toBeTruthy();
    expect(screen.getByTestId("subhire-delivery-pending").textContent).toBe("Waiting for partner — sending now (2 attempts so far)");
    expect(screen.getByTestId("subhire-delivery").textContent).toContain("connection refused");
    const history = screen.getByTestId("subhire-history");
    expect(history.textContent).toContain("Requested");
    expect(history.textContent).toContain("Requested → Acknowledged");
    expect(history.textContent).toContain("partner:bravo.example");
    expect(screen.getByTestId("actions-here")).toBeTruthy();
  });

  it("says when there is no such sub-hire", () => {
    data.mockReturnValue(undefined);
    loadError.mockReturnValue(new ConnectError("no sub-hire negotiation n1", Code.NotFound));
    show();
    expect(screen.getByTestId("subhire-not-found").textContent).toBe("There is no sub-hire with this ID.");
  });
});
