import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { Code, ConnectError } from "@connectrpc/connect";
import { en } from "../../../app/messages/en";
import { AssetStatus } from "../../../gen/eventkit/v1/inventory_pb";

const create = vi.fn();
const update = vi.fn();
vi.mock("../api/inventory", () => ({
  useCreateAsset: () => ({ mutateAsync: create, isPending: false }),
  useUpdateAsset: () => ({ mutateAsync: update, isPending: false }),
}));

const { AssetForm } = await import("./AssetForm");

const asset = {
  id: "a-1", productId: "p-1", barcode: "MIC-001", serial: "SN1", homeLocationId: "l-1", locationId: "l-1",
  status: AssetStatus.AVAILABLE, notes: "",
} as never;
const locations = [{ id: "l-1", code: "LDN", name: "London" }, { id: "l-2", code: "MAN", name: "Manchester" }] as never;

function renderForm() {
  const onDone = vi.fn();
  render(
    <IntlProvider locale="en" messages={en}>
      <MantineProvider>
        <AssetForm productId="p-1" asset={asset} locations={locations} onDone={onDone} onCancel={() => {}} />
      </MantineProvider>
    </IntlProvider>,
  );
  return onDone;
}

const input = (label: RegExp) => screen.getByLabelText(label) as HTMLInputElement;

describe("AssetForm (edit)", () => {
  it("sends serial, barcode and home only when changed, so the server keeps the rest", async () => {
    update.mockResolvedValueOnce({ id: "a-1" });
    const onDone = renderForm();
    expect(input(/^Barcode/).value).toBe("MIC-001");
    fireEvent.change(input(/^Serial/), { target: { value: " SN-42 " } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const sent = update.mock.calls[0][0];
    expect(sent).toEqual({ id: "a-1", status: AssetStatus.AVAILABLE, notes: "", serial: "SN-42" });
    expect("barcode" in sent).toBe(false);
    expect("homeLocationId" in sent).toBe(false);
  });

  it("shows a barcode clash next to the barcode and keeps what was typed", async () => {
    update.mockRejectedValueOnce(new ConnectError("barcode CASE-9 is already used by case c-9", Code.AlreadyExists));
    renderForm();
    fireEvent.change(input(/^Barcode/), { target: { value: "CASE-9" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByText("barcode CASE-9 is already used by case c-9");
    expect(input(/^Barcode/).value).toBe("CASE-9");
    expect(input(/^Barcode/).getAttribute("aria-invalid")).toBe("true");
    expect(update.mock.calls.at(-1)?.[0].barcode).toBe("CASE-9");
  });
});
