import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { en } from "../../../app/messages/en";
import { quotesEn } from "../messages";
import { QuoteLineKind, QuoteSchema, QuoteState, type Quote } from "../../../gen/eventkit/v1/quotes_pb";

const eur = (n: number) => ({ currencyCode: "EUR", minorUnits: BigInt(n) });
const state = vi.hoisted(() => ({ quote: undefined as unknown, perms: new Set<string>(), change: vi.fn(() => Promise.resolve({ ok: true })), resend: vi.fn() }));
vi.mock("@tanstack/react-router", () => ({ getRouteApi: () => ({ useParams: () => ({ quoteId: "q1" }) }) }));
vi.mock("../../../components/AnchorLink", () => ({ AnchorLink: (p: { children: unknown }) => <a href="#">{p.children as string}</a> }));
vi.mock("../../../components/ButtonLink", () => ({ ButtonLink: (p: { children: unknown }) => <a href="#">{p.children as string}</a> }));
vi.mock("../../../lib/session", async () => {
  const { Permission } = await import("../../../gen/eventkit/v1/access_pb");
  return { useCan: (p: number) => state.perms.has(Permission[p]) };
});
vi.mock("../api/quotes", () => ({
  useQuote: () => ({ isPending: false, data: state.quote }),
  useDraftChanges: () => ({ change: state.change, pending: 0, put: () => {} }),
  useTaxRates: () => ({ data: { taxRates: [] } }),
  useClientCompany: () => ({ data: undefined }),
  usePriceLists: () => ({ data: undefined }),
  useProductSearch: () => ({ data: undefined }),
  useResendEmail: () => ({ mutate: state.resend, isPending: false }),
  useDiff: () => ({ isPending: true }),
}));

const { QuoteEditorScreen } = await import("./QuoteEditorScreen");

function show(q: Quote, perms: string[]) {
  state.quote = q;
  state.perms = new Set(perms);
  render(
    <IntlProvider locale="en-GB" messages={{ ...en, ...quotesEn }} timeZone="UTC">
      <MantineProvider>
        <QuoteEditorScreen />
      </MantineProvider>
    </IntlProvider>,
  );
}

const base = {
  id: "q1",
  number: "Q-2026-0001",
  state: QuoteState.DRAFT,
  currency: "EUR",
  discountBp: 2000,
  approval: { required: true, approved: false, maxDiscountBp: 2000 },
  lines: [{ id: "l1", kind: QuoteLineKind.SERVICE, description: "Crew", quantity: "8", unit: "hour", unitPrice: eur(2500), net: eur(16000) }],
  totals: { subtotal: eur(20000), quoteDiscount: eur(4000), net: eur(16000), tax: eur(3200), total: eur(19200), taxes: [{ taxCode: "STD", label: "VAT 20 %", rateBp: 2000, base: eur(16000), amount: eur(3200) }] },
};
const draft = create(QuoteSchema, base);

describe("quote editor", () => {
  it("holds sending back while a discount awaits approval, and offers Approve only to approvers", () => {
    show(draft, ["QUOTES_READ", "QUOTES_WRITE"]);
    expect(screen.getByTestId("approval-banner").textContent).toContain("20 %");
    expect(screen.queryByTestId("quote-approve")).toBeNull();
    expect((screen.getByTestId("quote-send") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId("quote-total").textContent).toBe("€192.00");
    expect(within(screen.getByTestId("quote-totals")).getByText("VAT 20 %")).toBeTruthy();
  });

  it("lets a manager approve at the draft's revision", () => {
    show(draft, ["QUOTES_READ", "QUOTES_WRITE", "QUOTES_APPROVE"]);
    fireEvent.click(screen.getByTestId("quote-approve"));
    expect(state.change).toHaveBeenCalled();
  });

  it("shows a sent version's failed email with Retry, and Accept/Decline, to writers; read-only users edit nothing", () => {
    const sent = create(QuoteSchema, {
      ...base,
      state: QuoteState.SENT,
      approval: { required: false },
      versions: [{ version: 1, total: eur(19200), emails: [{ id: "e1", toAddress: "carla@example.com", state: "FAILED", lastError: "550 mailbox unavailable" }] }],
    });
    show(sent, ["QUOTES_READ", "QUOTES_WRITE"]);
    const email = screen.getByTestId("email-status");
    expect(email.getAttribute("data-state")).toBe("FAILED");
    expect(email.textContent).toContain("550 mailbox unavailable");
    fireEvent.click(within(email).getByTestId("email-retry"));
    expect(state.resend.mock.calls[0][0]).toEqual({ quoteId: "q1", version: 1, emailTo: "carla@example.com" });
    expect(screen.getByTestId("quote-accept")).toBeTruthy();
    expect(screen.getByTestId("quote-decline")).toBeTruthy();
  });

  it("offers a read-only user no edits", () => {
    show(draft, ["QUOTES_READ"]);
    expect(screen.queryByTestId("quote-send")).toBeNull();
    expect(screen.queryByTestId("quote-add-line")).toBeNull();
    expect(screen.queryByTestId("quote-line-qty")).toBeNull();
  });
});
