import { describe, expect, it, vi, beforeEach } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { en } from "../../../app/messages/en";
import { TrustLevel } from "../../../gen/eventkit/v1/federation_pb";
import { AcceptInvitationResponseSchema, PartnerSchema } from "../../../gen/eventkit/v1/trust_pb";
import { invitationText } from "../lib/testInvitation";

const accept = vi.fn();
vi.mock("../../../lib/notify", () => ({ toastInfo: () => {}, toastError: () => {} }));
vi.mock("../api/partners", () => ({ useAcceptInvitation: () => ({ mutateAsync: accept, isPending: false }) }));

const { AcceptForm } = await import("./AcceptDialog");

const future = timestampFromDate(new Date(Date.now() + 3600_000));
const code = () => invitationText({ expiresAt: future });

function show(onAccepted = vi.fn(), thisNodeId = "b.example") {
  render(
    <IntlProvider locale="en" messages={en}>
      <MantineProvider>
        <AcceptForm thisNodeId={thisNodeId} onCancel={() => {}} onAccepted={onAccepted} />
      </MantineProvider>
    </IntlProvider>,
  );
  return onAccepted;
}

const submit = () => screen.getByRole("button", { name: "Accept and connect" }) as HTMLButtonElement;

describe("AcceptForm", () => {
  beforeEach(() => accept.mockReset());

  it("shows the inviter and its root fingerprint before anything is sent, and enables the confirm only once the admin compared it", async () => {
    accept.mockResolvedValue(create(AcceptInvitationResponseSchema, { partner: create(PartnerSchema, { nodeId: "a.example" }) }));
    const onAccepted = show();
    expect(submit().disabled).toBe(true);
    fireEvent.change(screen.getByLabelText(/Invitation code/), { target: { value: code() } });
    const details = screen.getByRole("region", { name: "Invitation details" });
    expect(screen.getByTestId("accept-issuer").textContent).toBe("a.example");
    expect(screen.getByTestId("accept-endpoint").textContent).toBe("a.example:7443");
    expect(screen.getByTestId("accept-offered").textContent).toBe("Availability");
    expect(screen.getByTestId("accept-fingerprint").textContent).toBe(Array(4).fill("01:23:45:67:89:AB:CD:EF").join("\n"));
    expect(details.textContent).toMatch(/Call a\.example's admin/);
    // Shown, but not yet compared: still disabled, and a submit by Enter sends nothing.
    expect(submit().disabled).toBe(true);
    fireEvent.submit(submit().closest("form")!);
    expect(accept).not.toHaveBeenCalled();

    fireEvent.click(screen.getByLabelText("The fingerprint matches what the inviter read out to me"));
    expect(submit().disabled).toBe(false);
    fireEvent.click(screen.getByRole("radio", { name: /Sub-hire requests/ }));
    fireEvent.click(submit());
    await waitFor(() => expect(onAccepted).toHaveBeenCalled());
    expect(accept).toHaveBeenCalledWith({ invitation: code(), level: TrustLevel.SUBHIRE_REQUEST });
  });

  it("grants back the offered level by default", async () => {
    accept.mockResolvedValue(create(AcceptInvitationResponseSchema, { partner: create(PartnerSchema, { nodeId: "a.example" }) }));
    show();
    fireEvent.change(screen.getByLabelText(/Invitation code/), { target: { value: code() } });
    expect((screen.getByRole("radio", { name: /^Availability/ }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByLabelText("The fingerprint matches what the inviter read out to me"));
    fireEvent.click(submit());
    await waitFor(() => expect(accept).toHaveBeenCalledWith({ invitation: code(), level: TrustLevel.AVAILABILITY }));
  });

  it("refuses garbage, an expired code and one for another node with a clear message and no call", () => {
    show();
    const field = screen.getByLabelText(/Invitation code/);
    fireEvent.change(field, { target: { value: "hello" } });
    expect(screen.getByText("This is not an EventKit invitation: the code starts with ekinv1.")).toBeTruthy();
    fireEvent.change(field, { target: { value: "ekinv1.@@@" } });
    expect(screen.getByText("This invitation is damaged or incomplete: ask the inviter to send it again")).toBeTruthy();
    fireEvent.change(field, { target: { value: invitationText({ expiresAt: timestampFromDate(new Date(Date.now() - 1000)) }) } });
    expect(screen.getByText("This invitation has expired: ask the inviter for a new one")).toBeTruthy();
    fireEvent.change(field, { target: { value: invitationText({ expiresAt: future, partnerNodeId: "c.example" }) } });
    expect(screen.getByText("This invitation is for node c.example, not this node (b.example)")).toBeTruthy();
    expect(screen.queryByTestId("accept-fingerprint")).toBeNull();
    expect(submit().disabled).toBe(true);
    fireEvent.submit(submit().closest("form")!);
    expect(accept).not.toHaveBeenCalled();
  });

  it("shows the server's refusal inline and keeps the pasted code", async () => {
    accept.mockRejectedValueOnce(new ConnectError("invitation already used", Code.FailedPrecondition));
    show();
    fireEvent.change(screen.getByLabelText(/Invitation code/), { target: { value: code() } });
    fireEvent.click(screen.getByLabelText("The fingerprint matches what the inviter read out to me"));
    fireEvent.click(submit());
    await waitFor(() => expect(screen.getByTestId("accept-error").textContent).toBe("invitation already used"));
    expect((screen.getByLabelText(/Invitation code/) as HTMLTextAreaElement).value).toBe(code());
  });
});
