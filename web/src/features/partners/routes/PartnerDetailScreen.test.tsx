import { describe, expect, it, vi, beforeEach } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { en } from "../../../app/messages/en";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { SharedProductSchema, TrustLevel, type SharedProduct } from "../../../gen/eventkit/v1/federation_pb";
import { MappingDecision, MappingState, ProductMappingSchema, ProductMatch, type ProductMapping } from "../../../gen/eventkit/v1/federation_query_pb";
import { PartnerSchema, PartnerState, type Partner } from "../../../gen/eventkit/v1/trust_pb";

const perms = new Set<Permission>();
let partner: Partner;
let mappings: ProductMapping[] = [];
let shared: SharedProduct[] = [];
const revoke = vi.fn();
const setLevel = vi.fn();
const decide = vi.fn();
const mutation = (fn: unknown) => () => ({ mutateAsync: fn, isPending: false, error: null });
vi.mock("@tanstack/react-router", () => ({ getRouteApi: () => ({ useParams: () => ({ nodeId: "a.example" }) }) }));
vi.mock("../../../components/AnchorLink", () => ({ AnchorLink: (p: { children: unknown }) => <a href="#">{p.children as string}</a> }));
vi.mock("../../../lib/session", () => ({ useCan: (p: Permission) => perms.has(p) }));
vi.mock("../../../lib/notify", () => ({ toastInfo: () => {}, toastError: () => {} }));
vi.mock("../api/partners", () => ({
  usePartner: () => ({ isPending: false, error: null, data: partner, refetch: () => {} }),
  usePartnerHealth: () => ({ isPending: false, error: null, data: { partners: [] } }),
  usePartnerProducts: () => ({ isPending: false, error: null, data: { products: shared, page: {} }, refetch: () => {} }),
  useLocalProducts: () => ({ isPending: false, error: null, data: { products: [{ id: "p1", name: "Amp", manufacturer: "Acme", model: "A1", gtin: "" }] } }),
  useProductMappings: () => ({ isPending: false, error: null, data: { mappings, page: {}, refreshError: "" }, refetch: () => {} }),
  useUnmatchedProducts: () => ({ isPending: false, error: null, data: { products: [], page: {} }, refetch: () => {} }),
  useTrustAudit: () => ({ isPending: false, error: null, data: { entries: [], nextPageToken: "" }, refetch: () => {} }),
  useRevokePartner: mutation(revoke),
  useSetPartnerLevel: mutation(setLevel),
  useSuspendPartner: mutation(vi.fn()),
  useResumePartner: mutation(vi.fn()),
  useRefreshPartner: mutation(vi.fn()),
  useDecideMapping: mutation(decide),
}));

const { PartnerDetailScreen } = await import("./PartnerDetailScreen");

function show() {
  render(
    <IntlProvider locale="en" messages={en}>
      <MantineProvider>
        <PartnerDetailScreen />
      </MantineProvider>
    </IntlProvider>,
  );
}

describe("PartnerDetailScreen", () => {
  beforeEach(() => {
    perms.clear();
    revoke.mockReset();
    setLevel.mockReset();
    decide.mockReset();
    mappings = [];
    shared = [];
    partner = create(PartnerSchema, {
      nodeId: "a.example",
      displayName: "Acme AV",
      state: PartnerState.ACTIVE,
      grantedLevel: TrustLevel.AVAILABILITY,
      receivedLevel: TrustLevel.DISCOVER,
      rateLimitPerSecond: 100,
    });
  });

  it("shows no trust actions and no mapping actions to a reader", () => {
    perms.add(Permission.TRUST_READ).add(Permission.SUBHIRE_READ);
    mappings = [create(ProductMappingSchema, { productId: "p1", productName: "Amp", state: MappingState.SUGGESTED, match: ProductMatch.GTIN })];
    show();
    expect(screen.getByTestId("partner-title").textContent).toBe("Acme AV");
    expect(screen.queryByRole("button", { name: /Revoke/ })).toBeNull();
    expect(screen.queryByRole("button", { name: "Suspend" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Save level" })).toBeNull();
    expect(screen.queryByRole("button", { name: /Confirm/ })).toBeNull();
    expect(screen.getByTestId("mapping-row").textContent).toMatch(/Same GTIN/);
    expect(screen.queryByRole("tab", { name: "Trust audit" })).toBeNull();
  });

  it("revokes only with a reason, and names the consequence first", async () => {
    perms.add(Permission.TRUST_READ).add(Permission.TRUST_ADMIN).add(Permission.AUDIT_READ);
    revoke.mockResolvedValue(partner);
    show();
    // Without SUBHIRE_READ the audit is the only list, and no catalogue is asked for.
    expect(screen.getByRole("tab", { name: "Trust audit" }).getAttribute("aria-selected")).toBe("true");
    expect(screen.queryByRole("tab", { name: "Product mappings" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Revoke…" }));
    const dialog = await screen.findByRole("dialog", { name: "Revoke Acme AV?" });
    expect(within(dialog).getByTestId("revoke-consequence").textContent).toMatch(/Revoking is final.*certificates this node issued to it are revoked/);
    fireEvent.click(within(dialog).getByRole("button", { name: "Revoke partner" }));
    expect(within(dialog).getByText("Give a reason: it is kept in the trust audit log")).toBeTruthy();
    expect(revoke).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText(/Reason for revoking/), { target: { value: "  contract ended " } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Revoke partner" }));
    await waitFor(() => expect(revoke).toHaveBeenCalledWith({ nodeId: "a.example", reason: "contract ended" }));
  });

  it("sets auto-confirm limits with SUBHIRE_AUTO_CONFIRM", async () => {
    perms.add(Permission.TRUST_READ).add(Permission.TRUST_ADMIN);
    setLevel.mockResolvedValue(partner);
    show();
    expect(screen.queryByLabelText(/Max quantity per request/)).toBeNull();
    fireEvent.click(screen.getByRole("radio", { name: /^Sub-hire, auto-confirmed/ }));
    fireEvent.change(screen.getByLabelText(/Max quantity per request/), { target: { value: "10" } });
    fireEvent.change(screen.getByLabelText(/Max value per request/), { target: { value: "500.50" } });
    fireEvent.click(screen.getByRole("button", { name: "Save level" }));
    await waitFor(() => expect(setLevel).toHaveBeenCalled());
    const req = setLevel.mock.calls[0][0];
    expect(req.level).toBe(TrustLevel.SUBHIRE_AUTO_CONFIRM);
    expect(req.autoConfirm).toMatchObject({ maxQuantityPerRequest: 10, maxValueMinorUnits: 50050n, currencyCode: "EUR" });
    expect(req.rateLimitPerSecond).toBe(100);
  });

  it("confirms and rejects a suggested mapping with SUBHIRE_WRITE", async () => {
    perms.add(Permission.TRUST_READ).add(Permission.SUBHIRE_READ).add(Permission.SUBHIRE_WRITE);
    mappings = [
      create(ProductMappingSchema, {
        productId: "p1",
        productName: "Amp",
        partnerProduct: { id: "x1", name: "Their Amp", manufacturer: "Acme", model: "A1" },
        state: MappingState.SUGGESTED,
        match: ProductMatch.MANUFACTURER_MODEL,
      }),
    ];
    decide.mockResolvedValue({});
    show();
    fireEvent.click(screen.getByRole("button", { name: "Confirm Amp as Their Amp" }));
    await waitFor(() => expect(decide).toHaveBeenCalledWith({ partnerNodeId: "a.example", productId: "p1", partnerProductId: "x1", decision: MappingDecision.CONFIRM }));
    fireEvent.click(screen.getByRole("button", { name: "Reject Amp as Their Amp" }));
    await waitFor(() => expect(decide).toHaveBeenLastCalledWith({ partnerNodeId: "a.example", productId: "p1", partnerProductId: "x1", decision: MappingDecision.REJECT }));
  });

  it("maps a partner's shared product to one of ours (OVERRIDE), catching an empty choice", async () => {
    perms.add(Permission.TRUST_READ).add(Permission.SUBHIRE_READ).add(Permission.SUBHIRE_WRITE);
    shared = [create(SharedProductSchema, { id: "x9", name: "Their Speaker", manufacturer: "Loud", model: "L9" })];
    decide.mockResolvedValue({});
    show();
    fireEvent.click(screen.getByRole("tab", { name: "Shared catalogue" }));
    fireEvent.click(await screen.findByRole("button", { name: "Map to ours: Their Speaker" }));
    const dialog = await screen.findByRole("dialog", { name: "Which of our products is Their Speaker?" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Map" }));
    expect(within(dialog).getByText("Choose one of our products")).toBeTruthy();
    expect(decide).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText("Our product"), { target: { value: "p1" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Map" }));
    await waitFor(() =>
      expect(decide).toHaveBeenCalledWith({ partnerNodeId: "a.example", productId: "p1", partnerProductId: "x9", decision: MappingDecision.OVERRIDE }),
    );
  });
});
