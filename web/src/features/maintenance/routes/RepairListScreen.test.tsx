import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { en } from "../../../app/messages/en";
import { RepairStatus } from "../../../gen/eventkit/v1/scanning_pb";

const search = vi.fn<() => Record<string, string | undefined>>();
const navigate = vi.fn();
const listed = vi.fn();
vi.mock("@tanstack/react-router", () => ({
  getRouteApi: () => ({ useSearch: () => search(), useNavigate: () => navigate }),
  useNavigate: () => vi.fn(),
}));
vi.mock("../../../components/AnchorLink", () => ({ AnchorLink: (p: { children: unknown }) => <a href="#">{p.children as string}</a> }));
vi.mock("../../../lib/session", () => ({ useCan: () => true }));
vi.mock("../api/maintenance", () => ({
  useRepairs: (status: RepairStatus) => {
    listed(status);
    return { isPending: false, error: null, data: { tickets: [], page: { nextPageToken: "" } }, refetch: () => {} };
  },
  useAssetByBarcode: () => ({ isPending: false, isSuccess: false, isError: false, data: undefined }),
  useOpenRepair: () => ({ mutateAsync: vi.fn(), isPending: false }),
  useUpdateRepair: () => ({ mutateAsync: vi.fn(), isPending: false }),
}));

const { RepairListScreen } = await import("./RepairListScreen");

function show() {
  return render(
    <IntlProvider locale="en" messages={en}>
      <MantineProvider>
        <RepairListScreen />
      </MantineProvider>
    </IntlProvider>,
  );
}

describe("RepairListScreen", () => {
  it("asks the API for IN_PROGRESS tickets only under the In progress filter", () => {
    search.mockReturnValue({ status: "in-progress" });
    show();
    expect(listed).toHaveBeenLastCalledWith(RepairStatus.IN_PROGRESS);
    expect(screen.getByText("No repair tickets match.")).toBeTruthy();
  });

  it("opens the repair form with the reported unit's barcode, and drops ?report= when it is closed", async () => {
    search.mockReturnValue({ report: "EK-7" });
    show();
    expect(listed).toHaveBeenLastCalledWith(RepairStatus.UNSPECIFIED);
    await waitFor(() => expect((screen.getByTestId("repair-open-barcode") as HTMLInputElement).value).toBe("EK-7"));
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(navigate).toHaveBeenCalled();
    const arg = navigate.mock.calls[0][0] as { search(s: object): object; replace: boolean };
    expect(arg.replace).toBe(true);
    expect(arg.search({ report: "EK-7", status: "open" })).toEqual({ report: undefined, status: "open" });
  });
});
