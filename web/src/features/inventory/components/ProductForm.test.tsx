import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { Code, ConnectError } from "@connectrpc/connect";
import { en } from "../../../app/messages/en";
import { Tracking } from "../../../gen/eventkit/v1/inventory_pb";

const create = vi.fn();
const update = vi.fn();
vi.mock("../api/inventory", () => ({
  useCreateProduct: () => ({ mutateAsync: create, isPending: false }),
  useUpdateProduct: () => ({ mutateAsync: update, isPending: false }),
}));

const { ProductForm } = await import("./ProductForm");

function renderForm(props: Partial<Parameters<typeof ProductForm>[0]> = {}) {
  const onDone = vi.fn();
  render(
    <IntlProvider locale="en" messages={en}>
      <MantineProvider>
        <ProductForm onDone={onDone} onCancel={() => {}} {...props} />
      </MantineProvider>
    </IntlProvider>,
  );
  return onDone;
}

const input = (label: RegExp) => screen.getByLabelText(label) as HTMLInputElement;

describe("ProductForm", () => {
  it("puts the API's field errors (product.x and x) by their fields and keeps what was typed", async () => {
    create.mockRejectedValueOnce(
      new ConnectError("invalid request: product.name is required; product.rental_price is required; gtin must be 8, 12, 13 or 14 digits", Code.InvalidArgument),
    );
    renderForm();
    fireEvent.change(input(/^Manufacturer/), { target: { value: "Shure" } });
    fireEvent.click(screen.getByRole("button", { name: "Create product" }));
    expect((await screen.findAllByText("is required")).length).toBe(2);
    expect(screen.getByText("must be 8, 12, 13 or 14 digits")).toBeTruthy();
    expect(input(/^Manufacturer/).value).toBe("Shure");
    // An empty amount goes unset, so the API (not the form) names it required.
    expect(create.mock.calls[0][0].product.rentalPrice).toBeUndefined();
  });

  it("catches an amount it cannot read before sending", async () => {
    renderForm();
    fireEvent.change(input(/^Day rate/), { target: { value: "12,5,0" } });
    fireEvent.click(screen.getByRole("button", { name: "Create product" }));
    await screen.findByText("Enter an amount, e.g. 12.50");
    expect(create).toHaveBeenCalledTimes(1); // only the first test's call
  });

  it("edits: starts from the product, sends every field with minor units and buffers in seconds", async () => {
    const product = {
      id: "p-1", manufacturer: "Shure", model: "SM58", name: "Mic", category: "Audio", description: "", gtin: "",
      rentalPrice: { currencyCode: "EUR", minorUnits: 1250n }, replacementValue: { currencyCode: "EUR", minorUnits: 9900n },
      weightGrams: 300n, bufferBeforeSeconds: 3600n, bufferAfterSeconds: 0n, tracking: Tracking.SERIALISED, shared: false,
    } as never;
    update.mockResolvedValueOnce({ id: "p-1" });
    const onDone = renderForm({ product });
    expect(input(/^Day rate/).value).toBe("12.50");
    fireEvent.change(input(/^Name/), { target: { value: " Mic Mk2 " } });
    fireEvent.change(input(/^Day rate/), { target: { value: "13" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const sent = update.mock.calls[0][0];
    expect(sent.id).toBe("p-1");
    expect(sent.product.name).toBe("Mic Mk2");
    expect(sent.product.rentalPrice).toEqual({ currencyCode: "EUR", minorUnits: 1300n });
    expect(sent.product.bufferBeforeSeconds).toBe(3600n);
  });
});
