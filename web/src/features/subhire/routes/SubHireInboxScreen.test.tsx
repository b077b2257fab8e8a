import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { en } from "../../../app/messages/en";
import { NegotiationState, SubHireRole, SubHireSchema } from "../../../gen/eventkit/v1/subhire_pb";

const list = vi.fn();
vi.mock("@tanstack/react-router", () => ({
  getRouteApi: () => ({ useSearch: () => ({ side: "incoming" }), useNavigate: () => () => {} }),
}));
vi.mock("../../../components/AnchorLink", () => ({ AnchorLink: (p: { children: unknown }) => <a href="#">{p.children as string}</a> }));
vi.mock("../components/ResolveAssetBox", () => ({ ResolveAssetBox: () => null }));
vi.mock("../api/subhire", () => ({
  useSubHires: (...args: unknown[]) => {
    list(...args);
    return {
      isPending: false,
      isFetching: false,
      error: null,
      refetch: () => {},
      data: {
        page: { nextPageToken: "" },
        subHires: [
          create(SubHireSchema, {
            negotiationId: "n1",
            role: SubHireRole.SUPPLIER,
            partnerNodeId: "borrower.example",
            state: NegotiationState.ACKNOWLEDGED,
            peerState: NegotiationState.REQUESTED,
            eventName: "Gala",
            lines: [{ supplierProductId: "p1", productName: "Mic", quantity: 4 }],
            delivery: { pendingMessages: 1, attempts: 3, nextAttemptAt: timestampFromDate(new Date("2026-12-04T21:30:05Z")) },
          }),
          create(SubHireSchema, {
            negotiationId: "n2",
            role: SubHireRole.SUPPLIER,
            partnerNodeId: "other.example",
            partnerName: "Other AV",
            state: NegotiationState.CONFIRMED,
            peerState: NegotiationState.CONFIRMED,
          }),
        ],
      },
    };
  },
}));

const { SubHireInboxScreen } = await import("./SubHireInboxScreen");

describe("SubHireInboxScreen", () => {
  it("lists incoming negotiations with the partner, state, the partner's state when it differs, a waiting delivery and the next step", () => {
    render(
      <IntlProvider locale="en-GB" messages={en} timeZone="UTC">
        <MantineProvider>
          <SubHireInboxScreen />
        </MantineProvider>
      </IntlProvider>,
    );
    expect(list.mock.calls[0][0]).toBe(SubHireRole.SUPPLIER);
    expect(list.mock.calls[0][1]).toHaveLength(10);
    const [a, b] = screen.getAllByTestId("subhire-row");
    expect(within(a).getByRole("link").textContent).toBe("Gala");
    expect(a.textContent).toContain("borrower.example");
    expect(within(b).getByRole("link").textContent).toBe("n2");
    expect(b.textContent).toContain("Other AV");
    expect(screen.getByRole("tab", { name: "Incoming (we supply)" }).getAttribute("aria-selected")).toBe("true");
    expect(within(a).getByTestId("subhire-state").textContent).toBe("Acknowledged");
    expect(within(a).getByTestId("subhire-row-peer").textContent).toBe("Partner: Requested");
    expect(within(b).queryByTestId("subhire-row-peer")).toBeNull();
    expect(within(a).getByTestId("subhire-delivery-pending").textContent).toBe("Waiting for partner — 3 attempts, next at 21:30:05");
    expect(within(b).queryByTestId("subhire-delivery-pending")).toBeNull();
    expect(within(a).getByTestId("subhire-next").textContent).toBe("Quote");
    expect(within(b).getByTestId("subhire-next").textContent).toBe("Dispatch");
    expect(a.textContent).toContain("4 × Mic");
  });
});
