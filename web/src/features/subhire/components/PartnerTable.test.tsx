import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { en } from "../../../app/messages/en";
import { PartnerQueryStatus, ProductMatch } from "../../../gen/eventkit/v1/federation_query_pb";
import type { PartnerRow } from "../lib/partners";

vi.mock("../../../lib/session", () => ({ useCan: () => true }));
vi.mock("../api/subhire", () => ({ usePartnerNames: () => new Map([["ok.example", "Bravo Rentals"]]) }));

const { PartnerTable } = await import("./PartnerTable");

const product = { id: "sp1", name: "Their mic", manufacturer: "Shure", model: "SM58", category: "", gtin: "", $typeName: "eventkit.v1.SharedProduct" } as const;

function row(partnerNodeId: string, status: PartnerQueryStatus, extra: Partial<PartnerRow> = {}): PartnerRow {
  return { partnerNodeId, status, detail: "", match: ProductMatch.UNSPECIFIED, available: 0, ...extra };
}

describe("PartnerTable", () => {
  it("shows a partner that did not answer by its status, never as 0 available, and offers a request only where there is enough", () => {
    const onRequest = vi.fn();
    const silent = [
      PartnerQueryStatus.TIMEOUT,
      PartnerQueryStatus.UNAVAILABLE,
      PartnerQueryStatus.CIRCUIT_OPEN,
      PartnerQueryStatus.DENIED,
      PartnerQueryStatus.BUSY,
      PartnerQueryStatus.ERROR,
    ];
    render(
      <IntlProvider locale="en-GB" messages={en} timeZone="UTC">
        <MantineProvider>
          <PartnerTable
            quantity={3}
            onRequest={onRequest}
            rows={[
              row("ok.example", PartnerQueryStatus.OK, { product, match: ProductMatch.GTIN, available: 3, dailyRate: { currencyCode: "EUR", minorUnits: 4500n, $typeName: "eventkit.v1.Money" } }),
              row("few.example", PartnerQueryStatus.OK, { product, match: ProductMatch.GTIN, available: 1 }),
              ...silent.map((s, i) => row(`p${i}.example`, s)),
            ]}
          />
        </MantineProvider>
      </IntlProvider>,
    );
    const rows = screen.getAllByTestId("partner-row");
    expect(rows).toHaveLength(8);
    const statusText = rows.slice(2).map((r) => within(r).getByTestId("partner-status").textContent);
    expect(statusText).toEqual(["Not responding", "Unavailable", "Unavailable", "No access", "Busy", "Error"]);
    for (const r of rows.slice(2)) {
      expect(within(r).getByTestId("partner-available").textContent).toBe("—");
      expect(r.textContent).not.toMatch(/\b0\b/);
      expect(within(r).queryByRole("button")).toBeNull();
    }
    expect(within(rows[0]).getByTestId("partner-available").textContent).toBe("3");
    expect(within(rows[1]).getByTestId("partner-available").textContent).toBe("1");
    // The partner's company name where known; its list price where its trust level shares it, else a dash that says why.
    expect(rows[0].textContent).toContain("Bravo Rentals");
    expect(within(rows[0]).getByTestId("partner-price").textContent).toBe("€45.00/day");
    expect(within(rows[1]).getByTestId("partner-price").textContent).toBe("—price not shared at this trust level");
    expect(within(rows[1]).queryByRole("button", { name: "Request sub-hire" })).toBeNull();
    within(rows[0]).getByRole("button", { name: "Request sub-hire" }).click();
    expect(onRequest).toHaveBeenCalledWith(expect.objectContaining({ partnerNodeId: "ok.example" }));
  });
});
