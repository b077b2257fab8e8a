import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { en } from "../../../app/messages/en";
import { crmEn } from "../messages";
import { DealSchema, DealStage_Kind, DealStageSchema } from "../../../gen/eventkit/v1/crm_pb";

const calls = vi.hoisted(() => ({ update: vi.fn(), toast: vi.fn() }));
vi.mock("@tanstack/react-router", () => ({
  getRouteApi: () => ({ useSearch: () => ({}), useNavigate: () => () => {} }),
  useRouter: () => ({ latestLocation: { pathname: "/deals" } }),
}));
vi.mock("../../../components/AnchorLink", () => ({ AnchorLink: (p: { children: unknown }) => <a href="#">{p.children as string}</a> }));
vi.mock("../../../lib/session", () => ({ useCan: () => true }));
vi.mock("../../../lib/notify", () => ({ toastError: calls.toast }));
const eur = (n: number) => ({ currencyCode: "EUR", minorUnits: BigInt(n) });
vi.mock("../api/crm", () => ({
  useStages: () => ({
    isPending: false,
    data: {
      stages: [
        create(DealStageSchema, { id: "lead", name: "Lead", kind: DealStage_Kind.OPEN, dealCount: 1, totalValue: eur(450000) }),
        create(DealStageSchema, { id: "won", name: "Won", kind: DealStage_Kind.WON, totalValue: eur(0) }),
        create(DealStageSchema, { id: "lost", name: "Lost", kind: DealStage_Kind.LOST, totalValue: eur(0) }),
      ],
    },
  }),
  useDeals: () => ({ isPending: false, data: { deals: [create(DealSchema, { id: "d1", title: "Gala", companyName: "Acme", stageId: "lead", value: eur(450000) })] } }),
  useUpdateDeal: () => ({ mutate: calls.update }),
  useRefreshCrm: () => () => Promise.resolve(),
}));
vi.mock("../components/DealForm", () => ({ DealForm: () => null }));
vi.mock("../components/StageEditor", () => ({ StageEditor: () => null }));

const { DealBoardScreen } = await import("./DealBoardScreen");

function show() {
  render(
    <IntlProvider locale="en" messages={{ ...en, ...crmEn }}>
      <MantineProvider>
        <DealBoardScreen />
      </MantineProvider>
    </IntlProvider>,
  );
}
const column = (stage: string) => screen.getAllByTestId("deal-column").find((c) => c.getAttribute("data-stage") === stage)!;

async function moveTo(stage: string) {
  fireEvent.click(screen.getByTestId("deal-move"));
  const item = await screen.findByRole("menuitem", { name: stage });
  fireEvent.click(item);
}

describe("deal board", () => {
  it("moves a card with the Move to… menu at once, and puts it back when the node refuses", async () => {
    show();
    expect(within(column("Lead")).getByTestId("deal-column-count").textContent).toBe("1");
    await moveTo("Won");
    expect(calls.update.mock.calls[0][0]).toMatchObject({ id: "d1", stageId: "won" });
    expect(within(column("Won")).queryByText("Gala")).not.toBeNull();
    expect(within(column("Won")).getByTestId("deal-column-count").textContent).toBe("1");
    expect(within(column("Won")).getByTestId("deal-column-total").textContent).toContain("4,500.00");
    calls.update.mock.calls[0][1].onError(new ConnectError("stale", Code.Aborted));
    await waitFor(() => expect(within(column("Lead")).queryByText("Gala")).not.toBeNull());
    expect(within(column("Won")).queryByText("Gala")).toBeNull();
    expect(calls.toast).toHaveBeenCalled();
  });

  it("asks for the reason before moving a deal to Lost", async () => {
    calls.update.mockClear();
    show();
    await moveTo("Lost");
    expect(calls.update).not.toHaveBeenCalled();
    fireEvent.change(await screen.findByTestId("lost-reason"), { target: { value: "Too expensive" } });
    fireEvent.click(screen.getByTestId("lost-submit"));
    expect(calls.update.mock.calls[0][0]).toMatchObject({ id: "d1", stageId: "lost", lostReason: "Too expensive" });
  });
});
