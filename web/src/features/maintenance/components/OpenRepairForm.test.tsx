import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { ConnectError, Code } from "@connectrpc/connect";
import { en } from "../../../app/messages/en";
import { RepairTicketSchema } from "../../../gen/eventkit/v1/scanning_pb";

const open = vi.fn();
const update = vi.fn();
vi.mock("../api/maintenance", () => ({
  useOpenRepair: () => ({ mutateAsync: open, isPending: false }),
  useUpdateRepair: () => ({ mutateAsync: update, isPending: false }),
}));

const { OpenRepairForm } = await import("./OpenRepairForm");

function show(onOpened = vi.fn()) {
  render(
    <IntlProvider locale="en" messages={en}>
      <MantineProvider>
        <OpenRepairForm onCancel={() => {}} onOpened={onOpened} />
      </MantineProvider>
    </IntlProvider>,
  );
  return onOpened;
}

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe("OpenRepairForm", () => {
  it("names the missing and bad fields before calling the API, each until it is edited", () => {
    show();
    type("repair-open-cost", "12,345");
    fireEvent.click(screen.getByTestId("repair-open-submit"));
    expect(screen.getByText("Enter the asset's barcode")).toBeTruthy();
    expect(screen.getByText("Describe the fault")).toBeTruthy();
    expect(screen.getByText("Enter an amount of 0 or more, e.g. 45.00")).toBeTruthy();
    expect(open).not.toHaveBeenCalled();
    type("repair-open-barcode", "EK-1");
    expect(screen.queryByText("Enter the asset's barcode")).toBeNull();
    expect(screen.getByText("Describe the fault")).toBeTruthy();
  });

  it("opens by barcode, then records the cost on the new ticket", async () => {
    open.mockResolvedValue(create(RepairTicketSchema, { id: "t1", assetId: "a1", barcode: "EK-1" }));
    update.mockImplementation(async (r: { id: string }) => create(RepairTicketSchema, { id: r.id, assetId: "a1", barcode: "EK-1" }));
    const onOpened = show();
    type("repair-open-barcode", " EK-1 ");
    type("repair-open-fault", "hum on output");
    type("repair-open-cost", "45.50");
    fireEvent.click(screen.getByTestId("repair-open-submit"));
    await waitFor(() => expect(onOpened).toHaveBeenCalled());
    expect(open.mock.calls[0][0]).toEqual({ barcode: "EK-1", description: "hum on output" });
    expect(update.mock.calls[0][0]).toEqual({ id: "t1", notes: "", cost: { currencyCode: "EUR", minorUnits: 4550n } });
  });

  it("puts the API's field error by the field and keeps what was typed", async () => {
    open.mockReset();
    update.mockReset();
    open.mockRejectedValue(new ConnectError("invalid request: barcode no such asset", Code.InvalidArgument));
    const onOpened = show();
    type("repair-open-barcode", "NOPE");
    type("repair-open-fault", "dead");
    fireEvent.click(screen.getByTestId("repair-open-submit"));
    await waitFor(() => expect(screen.getByText("no such asset")).toBeTruthy());
    expect((screen.getByTestId("repair-open-fault") as HTMLTextAreaElement).value).toBe("dead");
    expect(onOpened).not.toHaveBeenCalled();
    expect(update).not.toHaveBeenCalled();
  });
});
