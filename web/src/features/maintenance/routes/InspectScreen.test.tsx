import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { ConnectError, Code } from "@connectrpc/connect";
import { en } from "../../../app/messages/en";
import { InspectionResultSchema } from "../../../gen/eventkit/v1/scanning_pb";

const record = vi.fn();
vi.mock("../../../components/AnchorLink", () => ({
  AnchorLink: (p: { children: unknown; "data-testid"?: string }) => (
    <a href="#" data-testid={p["data-testid"]}>
      {p.children as string}
    </a>
  ),
}));
vi.mock("../../../lib/session", () => ({ useCan: () => true }));
vi.mock("../api/maintenance", () => ({ useRecordInspection: () => ({ mutateAsync: record, isPending: false }) }));

const { InspectScreen } = await import("./InspectScreen");

function show() {
  render(
    <IntlProvider locale="en-GB" messages={en} timeZone="UTC">
      <MantineProvider>
        <InspectScreen />
      </MantineProvider>
    </IntlProvider>,
  );
}

const scan = (code: string) => {
  fireEvent.change(screen.getByTestId("scan-input"), { target: { value: code } });
  fireEvent.submit(screen.getByTestId("inspect-form"));
};

describe("InspectScreen", () => {
  it("records a pass by scanning and says which unit and when it is next due", async () => {
    record.mockImplementation(async (req: { operationId: string; barcode: string; passed: boolean }) =>
      create(InspectionResultSchema, {
        operationId: req.operationId,
        assetId: "a1",
        barcode: req.barcode,
        productName: "Spot 575",
        passed: req.passed,
        nextDueAt: timestampFromDate(new Date("2027-12-04T10:00:00Z")),
      }),
    );
    show();
    scan("EK-1");
    await waitFor(() => expect(screen.getByTestId("scan-verdict").getAttribute("data-verdict")).toBe("PASS"));
    expect(screen.getByTestId("inspect-verdict-line").textContent).toBe("PASS · EK-1");
    expect(screen.getByTestId("inspect-next-due").textContent).toMatch(/^Next inspection due Saturday,? 4 December 2027$/);
    scan("EK-2");
    await waitFor(() => expect(screen.getAllByTestId("inspect-row")).toHaveLength(2));
    const [a, b] = record.mock.calls.map((c) => c[0] as { operationId: string; passed: boolean; note: string });
    expect(a.passed && b.passed).toBe(true);
    expect(a.operationId).not.toBe(b.operationId);
    expect((screen.getByTestId("scan-input") as HTMLInputElement).value).toBe("");
  });

  it("asks for a note before recording a failure, then records it and goes back to pass", async () => {
    record.mockReset();
    record.mockImplementation(async (req: { operationId: string; barcode: string; passed: boolean }) =>
      create(InspectionResultSchema, { operationId: req.operationId, assetId: "a1", barcode: req.barcode, passed: req.passed, repairTicketId: "t1" }),
    );
    show();
    fireEvent.click(screen.getByTestId("inspect-fail"));
    scan("EK-3");
    expect(screen.getByText("A failure needs a note: what failed")).toBeTruthy();
    expect(record).not.toHaveBeenCalled();
    expect((screen.getByTestId("scan-input") as HTMLInputElement).value).toBe("EK-3");
    fireEvent.change(screen.getByTestId("inspect-note"), { target: { value: "earth bond open" } });
    fireEvent.submit(screen.getByTestId("inspect-form"));
    await waitFor(() => expect(screen.getByTestId("scan-verdict").getAttribute("data-verdict")).toBe("FAIL"));
    expect(record.mock.calls[0][0]).toMatchObject({ barcode: "EK-3", passed: false, note: "earth bond open" });
    expect(screen.getByTestId("inspect-ticket")).toBeTruthy();
    expect((screen.getByTestId("inspect-pass") as HTMLInputElement).checked).toBe(true);
  });

  it("shows a refused scan with the API's message", async () => {
    record.mockReset();
    record.mockRejectedValue(new ConnectError("no asset has barcode NOPE", Code.NotFound));
    show();
    scan("NOPE");
    await waitFor(() => expect(screen.getByTestId("scan-verdict").getAttribute("data-severity")).toBe("ERROR"));
    expect(screen.getByTestId("scan-verdict").textContent).toContain("no asset has barcode NOPE");
  });
});
