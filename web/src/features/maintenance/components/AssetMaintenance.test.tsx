import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { en } from "../../../app/messages/en";
import { InspectionDueSchema, RepairStatus, RepairTicketSchema, type InspectionDue, type RepairTicket } from "../../../gen/eventkit/v1/scanning_pb";

const tickets = vi.fn<() => RepairTicket[]>();
const due = vi.fn<() => InspectionDue[]>();
const dueOf = vi.fn();
type LinkProps = { children: unknown; to: string; params?: unknown; search?: unknown; "data-testid"?: string };
const link = (p: LinkProps) => (
  <a href={p.to} data-testid={p["data-testid"]} data-params={JSON.stringify(p.params ?? null)} data-search={JSON.stringify(p.search ?? null)}>
    {p.children as string}
  </a>
);
vi.mock("../../../components/AnchorLink", () => ({ AnchorLink: link }));
vi.mock("../../../components/ButtonLink", () => ({ ButtonLink: link }));
vi.mock("../../../lib/session", () => ({ useCan: () => true }));
vi.mock("../api/maintenance", () => ({
  useOpenRepairsOf: () => ({ isPending: false, isSuccess: true, error: null, data: { tickets: tickets() }, refetch: () => {} }),
  useInspectionDueOf: (assetId: string) => {
    dueOf(assetId);
    return { isPending: false, error: null, data: { units: due() }, refetch: () => {} };
  },
}));

const { AssetMaintenance } = await import("./AssetMaintenance");

function show() {
  return render(
    <IntlProvider locale="en-GB" messages={en} timeZone="UTC">
      <MantineProvider>
        <AssetMaintenance assetId="a1" barcode="EK-7" />
      </MantineProvider>
    </IntlProvider>,
  );
}

describe("AssetMaintenance", () => {
  it("offers to report a fault (with the barcode) when no ticket is open, and says when no inspection applies", () => {
    tickets.mockReturnValue([]);
    due.mockReturnValue([]);
    show();
    expect(dueOf).toHaveBeenCalledWith("a1");
    const report = screen.getByTestId("asset-report-fault");
    expect(report.getAttribute("href")).toBe("/maintenance/repairs");
    expect(report.getAttribute("data-search")).toBe(JSON.stringify({ report: "EK-7" }));
    expect(screen.getByText("No open repair.")).toBeTruthy();
    expect(screen.getByTestId("asset-next-inspection").textContent).toBe("None: its product has no inspection interval.");
  });

  it("lists the ticket being worked on by its ID (no report button) and the unit's next inspection", () => {
    tickets.mockReturnValue([create(RepairTicketSchema, { id: "t9", assetId: "a1", status: RepairStatus.IN_PROGRESS, description: "hum" })]);
    due.mockReturnValue([
      create(InspectionDueSchema, { assetId: "a1", dueAt: timestampFromDate(new Date(Date.now() - 2.5 * 86_400_000)), overdue: true }),
    ]);
    show();
    expect(screen.queryByTestId("asset-report-fault")).toBeNull();
    const l = screen.getByTestId("asset-repair-link");
    expect(l.textContent).toBe("hum");
    expect(l.getAttribute("data-params")).toBe(JSON.stringify({ repairId: "t9" }));
    expect(l.getAttribute("data-search")).toBe("null");
    expect(screen.getByTestId("repair-stage").textContent).toBe("In progress");
    expect(screen.getByTestId("asset-next-inspection").textContent).toContain("Overdue by 3 days");
  });
});
