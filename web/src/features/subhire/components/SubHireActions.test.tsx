import { describe, expect, it, vi, beforeEach } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { en } from "../../../app/messages/en";
import { NegotiationState, SubHireRole, SubHireSchema, type SubHire } from "../../../gen/eventkit/v1/subhire_pb";
import { ProductSchema, Tracking } from "../../../gen/eventkit/v1/inventory_pb";

const calls = vi.hoisted(() => {
  const names = ["accept", "confirm", "checkIn", "resync", "decline", "cancel", "return", "quote", "dispatch", "change"];
  return Object.fromEntries(names.map((n) => [n, vi.fn()]));
});
const mutation = (name: string) => () => ({ mutateAsync: calls[name], isPending: false });
vi.mock("../../../lib/notify", () => ({ toastInfo: () => {}, toastError: () => {} }));
vi.mock("../api/subhire", () => ({
  useAcceptSubHire: mutation("accept"),
  useConfirmSubHire: mutation("confirm"),
  useCheckInSubHire: mutation("checkIn"),
  useResyncSubHire: mutation("resync"),
  useDeclineSubHire: mutation("decline"),
  useCancelSubHire: mutation("cancel"),
  useReturnSubHire: mutation("return"),
  useQuoteSubHire: mutation("quote"),
  useDispatchSubHire: mutation("dispatch"),
  useChangeSubHire: mutation("change"),
  useProductsById: () => ({
    products: new Map([
      ["mic", create(ProductSchema, { id: "mic", tracking: Tracking.SERIALISED })],
      ["cable", create(ProductSchema, { id: "cable", tracking: Tracking.BULK })],
    ]),
    isPending: false,
  }),
}));

const { SubHireActions } = await import("./SubHireActions");

function show(s: SubHire) {
  return render(
    <IntlProvider locale="en-GB" messages={en} timeZone="UTC">
      <MantineProvider>
        <SubHireActions s={s} />
      </MantineProvider>
    </IntlProvider>,
  );
}

const names = () => screen.getAllByRole("button").map((b) => b.textContent);

beforeEach(() => {
  for (const f of Object.values(calls)) f.mockReset();
});

describe("SubHireActions", () => {
  it("accepts the quote the person sees (expected_version), and says so when the quote changed meanwhile", async () => {
    const s = create(SubHireSchema, { negotiationId: "n1", role: SubHireRole.BORROWER, state: NegotiationState.QUOTED, version: 7n });
    show(s);
    expect(names()).toEqual(["Accept quote", "Change", "Cancel sub-hire", "Resync"]);
    calls.accept.mockRejectedValueOnce(new ConnectError("the quote changed: version 8 is current, not 7; review it and accept again", Code.FailedPrecondition));
    fireEvent.click(screen.getByRole("button", { name: "Accept quote" }));
    await waitFor(() => expect(calls.accept).toHaveBeenCalledWith({ negotiationId: "n1", expectedVersion: 7n }));
    expect((await screen.findByTestId("subhire-action-error")).textContent).toContain("the quote changed");
  });

  it("shows the supplier only its own buttons", () => {
    show(create(SubHireSchema, { negotiationId: "n1", role: SubHireRole.SUPPLIER, state: NegotiationState.ACKNOWLEDGED }));
    expect(names()).toEqual(["Quote", "Decline", "Resync"]);
  });

  it("dispatches only with one barcode per serialised unit, none for bulk", async () => {
    const s = create(SubHireSchema, {
      negotiationId: "n2",
      role: SubHireRole.SUPPLIER,
      state: NegotiationState.CONFIRMED,
      lines: [
        { supplierProductId: "mic", localProductId: "mic", productName: "Mic", quantity: 2 },
        { supplierProductId: "cable", localProductId: "cable", productName: "Cable", quantity: 5 },
      ],
    });
    show(s);
    calls.dispatch.mockResolvedValue(s);
    fireEvent.click(screen.getByRole("button", { name: "Dispatch" }));
    const field = await screen.findByLabelText("Barcodes of Mic (2)");
    expect(screen.getByTestId("subhire-dispatch-bulk").textContent).toBe("5 × Cable: bulk, no barcodes needed");
    const scan = (code: string) => {
      fireEvent.change(field, { target: { value: code } });
      fireEvent.keyDown(field, { key: "Enter" });
    };
    scan("M-1");
    expect((field as HTMLInputElement).value).toBe("");
    fireEvent.click(screen.getByTestId("subhire-dispatch-dialog-submit"));
    expect(await screen.findByText("2 barcodes needed, 1 given")).toBeTruthy();
    expect(calls.dispatch).not.toHaveBeenCalled();
    scan("M-1");
    fireEvent.click(screen.getByTestId("subhire-dispatch-dialog-submit"));
    expect(await screen.findByText("M-1 is listed twice")).toBeTruthy();
    expect(calls.dispatch).not.toHaveBeenCalled();
    fireEvent.click(screen.getAllByRole("button", { name: "Remove M-1" })[1]);
    scan(" M-2 ");
    fireEvent.click(screen.getByTestId("subhire-dispatch-dialog-submit"));
    await waitFor(() => expect(calls.dispatch).toHaveBeenCalledWith({ negotiationId: "n2", barcodes: ["M-1", "M-2"] }));
  });

  it("asks for a reason before declining", async () => {
    show(create(SubHireSchema, { negotiationId: "n3", role: SubHireRole.SUPPLIER, state: NegotiationState.REQUESTED }));
    calls.decline.mockResolvedValue({});
    fireEvent.click(screen.getByRole("button", { name: "Decline" }));
    fireEvent.click(await screen.findByRole("button", { name: "Decline request" }));
    expect(await screen.findByText("Give a reason")).toBeTruthy();
    expect(calls.decline).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: "all out that week" } });
    fireEvent.click(screen.getByRole("button", { name: "Decline request" }));
    await waitFor(() => expect(calls.decline).toHaveBeenCalledWith({ negotiationId: "n3", reason: "all out that week" }));
  });

  it("sends only what changed, and says so when nothing did", async () => {
    const s = create(SubHireSchema, {
      negotiationId: "n4",
      role: SubHireRole.BORROWER,
      state: NegotiationState.ACKNOWLEDGED,
      note: "side door",
      lines: [
        { supplierProductId: "mic", productName: "Mic", quantity: 2 },
        { supplierProductId: "cable", productName: "Cable", quantity: 5 },
      ],
    });
    show(s);
    calls.change.mockResolvedValue(s);
    fireEvent.click(screen.getByRole("button", { name: "Change" }));
    fireEvent.click(await screen.findByRole("button", { name: "Send change" }));
    expect((await screen.findByTestId("subhire-change-dialog-error")).textContent).toBe("Nothing changed");
    expect(calls.change).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText("Quantity of Mic"), { target: { value: "3" } });
    fireEvent.click(screen.getByRole("button", { name: "Send change" }));
    await waitFor(() =>
      expect(calls.change).toHaveBeenCalledWith({ negotiationId: "n4", quantities: { mic: 3 }, usagePeriod: undefined, replaceNote: false, note: "" }),
    );
  });
});
