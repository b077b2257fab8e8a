import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { en } from "../../../app/messages/en";
import { PeriodSchema } from "../../../gen/eventkit/v1/common_pb";
import { SharedProductSchema } from "../../../gen/eventkit/v1/federation_pb";

const request = vi.fn();
const navigate = vi.fn();
vi.mock("@tanstack/react-router", () => ({ useNavigate: () => navigate }));
vi.mock("@connectrpc/connect-query", () => ({ useQuery: () => ({ data: { name: "pat@example.com" } }) }));
vi.mock("../../../lib/session", () => ({ useWhoAmI: () => ({ data: { name: "Pat Planner" } }) }));
vi.mock("../../../lib/notify", () => ({ toastInfo: () => {}, toastError: () => {} }));
vi.mock("../api/subhire", () => ({ useRequestSubHire: () => ({ mutateAsync: request, isPending: false }) }));

const { RequestSubHireDialog } = await import("./RequestSubHireDialog");

const period = create(PeriodSchema, {
  start: timestampFromDate(new Date("2026-12-10T00:00:00Z")),
  end: timestampFromDate(new Date("2026-12-12T00:00:00Z")),
});

describe("RequestSubHireDialog", () => {
  it("sends the prefilled request and reuses its one negotiation ID when the first try fails", async () => {
    request.mockRejectedValueOnce(new ConnectError("deadline exceeded", Code.DeadlineExceeded));
    request.mockResolvedValueOnce({ negotiationId: "from-server" });
    const onClose = vi.fn();
    render(
      <IntlProvider locale="en-GB" messages={en} timeZone="UTC">
        <MantineProvider>
          <RequestSubHireDialog
            onClose={onClose}
            draft={{
              supplierNodeId: "b.example",
              supplierProduct: create(SharedProductSchema, { id: "sp1", name: "Their mic" }),
              localProductId: "p1",
              localProductName: "Our mic",
              quantity: 3,
              period,
              eventName: "Gala",
              eventReference: "e1",
            }}
          />
        </MantineProvider>
      </IntlProvider>,
    );
    const send = await screen.findByRole("button", { name: "Send request" });
    fireEvent.click(send);
    expect(await screen.findByTestId("subhire-request-error")).toBeTruthy();
    fireEvent.click(send);
    await waitFor(() => expect(request).toHaveBeenCalledTimes(2));
    const [first, second] = request.mock.calls.map((c) => c[0]);
    expect(first.negotiationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.negotiationId).toBe(first.negotiationId);
    expect(first).toMatchObject({
      supplierNodeId: "b.example",
      contactName: "Pat Planner",
      contactEmail: "pat@example.com",
      eventName: "Gala",
      eventReference: "e1",
      usagePeriod: period,
      deliveryPeriod: period,
      lines: [{ supplierProductId: "sp1", localProductId: "p1", quantity: 3 }],
    });
    await waitFor(() => expect(navigate).toHaveBeenCalledWith({ to: "/subhires/$negotiationId", params: { negotiationId: "from-server" } }));
    expect(onClose).toHaveBeenCalled();
  });
});
