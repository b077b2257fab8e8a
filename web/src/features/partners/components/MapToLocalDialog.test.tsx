import { describe, expect, it, vi, beforeEach } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { ConnectError, Code } from "@connectrpc/connect";
import { en } from "../../../app/messages/en";
import { SharedProductSchema } from "../../../gen/eventkit/v1/federation_pb";
import { MappingDecision } from "../../../gen/eventkit/v1/federation_query_pb";

const decide = vi.fn();
const toast = vi.fn();
const products = [
  { id: "p1", name: "Spot 575", manufacturer: "Robe", model: "MegaPointe", gtin: "4001" },
  { id: "p2", name: "Wash", manufacturer: "", model: "", gtin: "" },
];
vi.mock("../../../lib/notify", () => ({ toastInfo: (m: string) => toast(m), toastError: () => {} }));
vi.mock("../api/partners", () => ({
  useDecideMapping: () => ({ mutateAsync: decide, isPending: false }),
  useLocalProducts: () => ({ isPending: false, error: null, refetch: () => {}, data: { products } }),
}));

const { MapToLocalDialog } = await import("./MapToLocalDialog");
const theirs = create(SharedProductSchema, { id: "t9", name: "Their spot" });

function show(onClose = () => {}) {
  render(
    <IntlProvider locale="en-GB" messages={en} timeZone="UTC">
      <MantineProvider>
        <MapToLocalDialog nodeId="acme.example" theirs={theirs} onClose={onClose} />
      </MantineProvider>
    </IntlProvider>,
  );
}

describe("MapToLocalDialog (PickProductDialog)", () => {
  beforeEach(() => {
    decide.mockReset();
    toast.mockReset();
  });

  it("narrows the choice by the filter and asks for a product before sending", () => {
    show();
    expect(screen.getByText("Which of our products is Their spot?")).toBeTruthy();
    const select = screen.getByTestId("to-local-product") as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(["Choose one of 2 products", "Spot 575 (Robe MegaPointe)", "Wash"]);
    fireEvent.change(screen.getByLabelText("Filter our products"), { target: { value: " robe " } });
    expect([...select.options].map((o) => o.textContent)).toEqual(["Choose one of 1 product", "Spot 575 (Robe MegaPointe)"]);
    fireEvent.click(screen.getByTestId("to-local-submit"));
    expect(screen.getByText("Choose one of our products")).toBeTruthy();
    expect(decide).not.toHaveBeenCalled();
  });

  it("sends an OVERRIDE for the chosen product, then toasts and closes", async () => {
    decide.mockResolvedValue({});
    const onClose = vi.fn();
    show(onClose);
    fireEvent.change(screen.getByTestId("to-local-product"), { target: { value: "p2" } });
    fireEvent.click(screen.getByTestId("to-local-submit"));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(decide).toHaveBeenCalledWith({ partnerNodeId: "acme.example", productId: "p2", partnerProductId: "t9", decision: MappingDecision.OVERRIDE });
    expect(toast).toHaveBeenCalledWith("Their spot mapped to our product");
  });

  it("keeps the dialog open with the API's error on a failure", async () => {
    decide.mockRejectedValue(new ConnectError("no such product", Code.NotFound));
    const onClose = vi.fn();
    show(onClose);
    fireEvent.change(screen.getByTestId("to-local-product"), { target: { value: "p1" } });
    fireEvent.click(screen.getByTestId("to-local-submit"));
    expect(await screen.findByRole("alert")).toBeTruthy();
    expect(onClose).not.toHaveBeenCalled();
  });
});
