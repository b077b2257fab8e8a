import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { en } from "../../../app/messages/en";
import { AssetSource, ResolutionStatus, ResolvedAssetSchema, type ResolvedAsset } from "../../../gen/eventkit/v1/federation_query_pb";
import { SubHireSchema } from "../../../gen/eventkit/v1/subhire_pb";

const answers: Record<string, ResolvedAsset> = {
  "B-1": create(ResolvedAssetSchema, {
    barcode: "B-1",
    status: ResolutionStatus.FOUND,
    claims: [{ source: AssetSource.MANIFEST, ownerNodeId: "bravo.example", assetRef: "bravo.example/a9", product: { name: "Robe Spiider" } }],
  }),
  "X-9": create(ResolvedAssetSchema, { barcode: "X-9", status: ResolutionStatus.NOT_FOUND, unansweredPartnerNodeIds: ["charlie.example"] }),
};
const looked = vi.fn();
type LinkProps = { children: unknown; params?: unknown; "data-testid"?: string };
vi.mock("../../../components/AnchorLink", () => ({
  AnchorLink: (p: LinkProps) => (
    <a href="#" data-testid={p["data-testid"]} data-params={JSON.stringify(p.params ?? null)}>
      {p.children as string}
    </a>
  ),
}));
vi.mock("../../../lib/transport", () => ({ client: () => ({}) }));
vi.mock("@connectrpc/connect-query", () => ({ useQuery: () => ({ isPending: false, data: { subHires: [{ negotiationId: "n1" }, { negotiationId: "n2" }] } }) }));
vi.mock("@tanstack/react-query", () => ({
  useQueries: () => [
    { isPending: false, data: create(SubHireSchema, { negotiationId: "n1", eventName: "Other gig", manifest: [{ barcode: "B-7" }] }) },
    { isPending: false, data: create(SubHireSchema, { negotiationId: "n2", eventName: "Harbour Festival", partnerName: "Bravo Rentals", manifest: [{ barcode: "B-1" }] }) },
  ],
}));
vi.mock("../api/subhire", () => ({
  usePartnerNames: () => new Map(),
  useResolveAsset: (barcode: string) => {
    if (barcode) looked(barcode);
    return { isPending: false, isFetching: false, error: null, data: answers[barcode], refetch: () => {} };
  },
}));

const { ResolveAssetBox } = await import("./ResolveAssetBox");

function show() {
  return render(
    <IntlProvider locale="en-GB" messages={en} timeZone="UTC">
      <MantineProvider>
        <ResolveAssetBox />
      </MantineProvider>
    </IntlProvider>,
  );
}

describe("ResolveAssetBox", () => {
  it("names the partner that owns a barcode on hire here and links the sub-hire it came with", () => {
    show();
    fireEvent.change(screen.getByLabelText("Partner barcode"), { target: { value: " B-1 " } });
    fireEvent.click(screen.getByRole("button", { name: "Look up" }));
    expect(looked).toHaveBeenCalledWith("B-1");
    expect(screen.getByTestId("resolve-owner").textContent).toBe("On sub-hire from Bravo Rentals (bravo.example)");
    expect(screen.getByTestId("resolve-subhire").textContent).toBe("Sub-hire: Harbour Festival");
    expect(screen.getByTestId("resolve-subhire").getAttribute("data-params")).toBe('{"negotiationId":"n2"}');
  });

  it("explains a barcode nobody claims, and that a silent partner makes it provisional", () => {
    show();
    fireEvent.change(screen.getByLabelText("Partner barcode"), { target: { value: "X-9" } });
    fireEvent.click(screen.getByRole("button", { name: "Look up" }));
    const text = screen.getByTestId("resolve-not-found").textContent;
    expect(text).toContain("Nobody claims X-9");
    expect(text).toContain("Not answered by charlie.example");
  });
});
