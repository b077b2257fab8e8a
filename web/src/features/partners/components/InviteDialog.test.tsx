import { describe, expect, it, vi, beforeEach } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { en } from "../../../app/messages/en";
import { TrustLevel } from "../../../gen/eventkit/v1/federation_pb";
import { CreateInvitationResponseSchema } from "../../../gen/eventkit/v1/trust_pb";

const createInvitation = vi.fn();
const qr = vi.fn(async (text: string) => `data:image/png;base64,${btoa(text).slice(0, 8)}`);
vi.mock("qrcode", () => ({ default: { toDataURL: (t: string) => qr(t) } }));
vi.mock("../../../lib/notify", () => ({ toastInfo: () => {}, toastError: () => {} }));
vi.mock("../api/partners", () => ({ useCreateInvitation: () => ({ mutateAsync: createInvitation, isPending: false }) }));

const { InviteForm } = await import("./InviteDialog");

function show() {
  render(
    <IntlProvider locale="en-GB" messages={en} timeZone="UTC">
      <MantineProvider>
        <InviteForm onDone={() => {}} />
      </MantineProvider>
    </IntlProvider>,
  );
}

describe("InviteForm", () => {
  beforeEach(() => createInvitation.mockReset());

  it("catches an empty or malformed node ID before calling", () => {
    show();
    fireEvent.click(screen.getByRole("button", { name: "Create invitation" }));
    expect(screen.getByText("Enter the partner's node ID")).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/Partner node ID/), { target: { value: "Acme AV" } });
    fireEvent.click(screen.getByRole("button", { name: "Create invitation" }));
    expect(screen.getByText("A node ID is a lowercase DNS-style name, e.g. acme-av.example")).toBeTruthy();
    expect(createInvitation).not.toHaveBeenCalled();
  });

  it("creates the invitation with the chosen level and validity, then shows the code, a Copy button, its QR code and expiry", async () => {
    createInvitation.mockResolvedValue(
      create(CreateInvitationResponseSchema, {
        invitation: "ekinv1.abc",
        invitationId: "i1",
        expiresAt: timestampFromDate(new Date("2026-12-04T13:00:00Z")),
      }),
    );
    show();
    fireEvent.change(screen.getByLabelText(/Partner node ID/), { target: { value: " acme-av.example " } });
    fireEvent.click(screen.getByRole("radio", { name: /^Discover/ }));
    fireEvent.change(screen.getByLabelText("Valid for"), { target: { value: String(24 * 3600) } });
    fireEvent.click(screen.getByRole("button", { name: "Create invitation" }));
    const result = await screen.findByRole("region", { name: "Invitation" });
    expect(createInvitation).toHaveBeenCalledWith({ partnerNodeId: "acme-av.example", level: TrustLevel.DISCOVER, ttlSeconds: 86400n });
    expect((within(result).getByLabelText("Invitation code to send") as HTMLTextAreaElement).value).toBe("ekinv1.abc");
    expect(within(result).getByRole("button", { name: "Copy invitation" })).toBeTruthy();
    expect(within(result).getByTestId("invitation-expires").textContent).toBe("Expires 4 Dec 2026, 13:00");
    await waitFor(() => expect(within(result).getByRole("img", { name: "QR code of the invitation code" })).toBeTruthy());
    expect(qr).toHaveBeenCalledWith("ekinv1.abc");
  });

  it("puts the server's refusal of the node ID next to the field", async () => {
    createInvitation.mockRejectedValueOnce(new ConnectError("invalid request: partner_node_id a node cannot invite itself", Code.InvalidArgument));
    show();
    fireEvent.change(screen.getByLabelText(/Partner node ID/), { target: { value: "b.example" } });
    fireEvent.click(screen.getByRole("button", { name: "Create invitation" }));
    expect(await screen.findByText("a node cannot invite itself")).toBeTruthy();
  });
});
