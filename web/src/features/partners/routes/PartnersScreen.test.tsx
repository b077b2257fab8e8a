import { describe, expect, it, vi, beforeEach } from "vitest";
import { render, screen, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { en } from "../../../app/messages/en";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import { TrustLevel } from "../../../gen/eventkit/v1/federation_pb";
import { PartnerHealthSchema, PartnerSchema, PartnerState, type Partner, type PartnerHealth } from "../../../gen/eventkit/v1/trust_pb";

const perms = new Set<Permission>();
let partners: Partner[] = [];
let health: PartnerHealth[] = [];
const listCalls = vi.fn();
vi.mock("@tanstack/react-router", () => ({ useNavigate: () => vi.fn() }));
vi.mock("../../../components/AnchorLink", () => ({ AnchorLink: (p: { children: unknown }) => <a href="#">{p.children as string}</a> }));
vi.mock("../../../lib/session", () => ({ useCan: (p: Permission) => perms.has(p) }));
vi.mock("../components/InvitationQr", () => ({ InvitationQr: () => null }));
vi.mock("../api/partners", () => ({
  usePartners: () => (listCalls(), { isPending: false, error: null, data: { partners, nextPageToken: "" }, refetch: () => {} }),
  usePartnerHealth: () => ({ isPending: false, error: null, data: { partners: health } }),
  useCertificateAuthority: () => ({ isPending: false, error: null, data: { nodeId: "b.example", rootFingerprintSha256: "ab".repeat(32) } }),
  useCreateInvitation: () => ({ mutateAsync: vi.fn(), isPending: false }),
  useAcceptInvitation: () => ({ mutateAsync: vi.fn(), isPending: false }),
}));

const { PartnersScreen } = await import("./PartnersScreen");

function show() {
  return render(
    <IntlProvider locale="en" messages={en}>
      <MantineProvider>
        <PartnersScreen />
      </MantineProvider>
    </IntlProvider>,
  );
}

const ago = (ms: number) => timestampFromDate(new Date(Date.now() - ms));

describe("PartnersScreen", () => {
  beforeEach(() => {
    perms.clear();
    listCalls.mockClear();
    partners = [];
    health = [];
  });

  it("merges each partner's health into its row: latency, error rate, last success, clock warning, expired certificate", () => {
    perms.add(Permission.TRUST_READ);
    partners = [
      create(PartnerSchema, {
        nodeId: "a.example",
        displayName: "Acme AV",
        state: PartnerState.ACTIVE,
        grantedLevel: TrustLevel.AVAILABILITY,
        receivedLevel: TrustLevel.SUBHIRE_REQUEST,
        clientCertificateExpiresAt: ago(-86_400_000 * 20),
      }),
      create(PartnerSchema, { nodeId: "c.example", state: PartnerState.SUSPENDED, clientCertificateExpiresAt: ago(60_000) }),
    ];
    health = [
      create(PartnerHealthSchema, {
        nodeId: "a.example",
        latencyP50Ms: 4.25,
        latencyP99Ms: 31,
        errorRate: 0.25,
        recentCalls: 8n,
        lastSuccess: ago(3 * 60_000),
        clockOffsetMs: 45_000n,
        clockOffsetWarning: true,
      }),
    ];
    show();
    const [a, c] = screen.getAllByTestId("partner-row");
    const inA = within(a);
    expect(inA.getByText("Acme AV")).toBeTruthy();
    expect(inA.getByText("a.example")).toBeTruthy();
    expect(inA.getByTestId("partner-granted").textContent).toBe("Availability");
    expect(inA.getByTestId("partner-received").textContent).toBe("Sub-hire requests");
    expect(inA.getByTestId("partner-state").textContent).toBe("Active");
    expect(inA.queryByTestId("partner-expired")).toBeNull();
    expect(inA.getByTestId("partner-latency").textContent).toBe("4.3 ms / 31 ms");
    expect(inA.getByTestId("partner-error-rate").textContent).toBe("25% of 8 calls");
    expect(inA.getByTestId("partner-last-success").textContent).toBe("3 minutes ago");
    expect(inA.getByTestId("partner-clock").textContent).toMatch(/^\+45\.0 s/);
    expect(inA.getByTestId("partner-clock-warning").textContent).toBe("Clock off");
    // No health for c: its name falls back to the node ID, health cells are empty, and its certificate has expired.
    const inC = within(c);
    expect(inC.getAllByText("c.example")).toHaveLength(2);
    expect(inC.getByTestId("partner-state").textContent).toBe("Suspended");
    expect(inC.getByTestId("partner-expired").textContent).toBe("Certificate expired");
    expect(inC.getByTestId("partner-latency").textContent).toBe("—");
    expect(inC.getByTestId("partner-last-success").textContent).toBe("—");
    // This node's fingerprint, formatted for reading out.
    expect(screen.getByTestId("this-node-fingerprint").textContent).toBe(Array(4).fill("AB:AB:AB:AB:AB:AB:AB:AB").join("\n"));
  });

  it("without TRUST_READ says so once and calls nothing", () => {
    show();
    expect(screen.getByTestId("partners-no-access").textContent).toMatch(/TRUST_READ/);
    expect(screen.queryByTestId("partners-table")).toBeNull();
    expect(screen.queryByTestId("this-node-fingerprint")).toBeNull();
    expect(listCalls).not.toHaveBeenCalled();
  });

  it("offers Invite and Accept only with TRUST_ADMIN", () => {
    perms.add(Permission.TRUST_READ);
    show();
    expect(screen.queryByRole("button", { name: "Invite a partner" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Accept an invitation" })).toBeNull();
    expect(screen.getByTestId("partners-empty").textContent).toMatch(/An admin with the Trust admin permission/);
  });

  it("with TRUST_ADMIN and no partners, explains how to invite and shows both buttons", () => {
    perms.add(Permission.TRUST_READ).add(Permission.TRUST_ADMIN);
    show();
    expect(screen.getByRole("button", { name: "Invite a partner" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Accept an invitation" })).toBeTruthy();
    expect(screen.getByTestId("partners-empty").textContent).toMatch(/choose “Invite a partner”/);
  });
});
