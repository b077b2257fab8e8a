import { describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { en } from "../../../app/messages/en";
import { reportsEn } from "../messages";
import { Permission } from "../../../gen/eventkit/v1/access_pb";
import {
  RelativePeriod,
  SavedReportSchema,
  UtilisationGrouping,
  type CreateSavedReportRequest,
  type GetUtilisationRequest,
  type ReportSpec,
} from "../../../gen/eventkit/v1/reports_pb";
import type { ReportSearch } from "../lib/spec";

const state = vi.hoisted(() => ({
  search: {} as Record<string, unknown>,
  permissions: [] as number[],
  navigations: [] as unknown[],
  specs: [] as unknown[],
  created: [] as unknown[],
  deleted: [] as unknown[],
  saved: [] as unknown[],
}));
vi.mock("@tanstack/react-router", () => ({
  getRouteApi: () => ({
    useSearch: () => state.search,
    useNavigate: () => (o: { search: unknown }) => {
      const s = typeof o.search === "function" ? (o.search as (x: unknown) => unknown)(state.search) : o.search;
      state.navigations.push(s);
    },
  }),
}));
vi.mock("../../../components/AnchorLink", () => ({
  AnchorLink: (p: { search?: Record<string, unknown>; children: unknown }) => (
    <a href={`/reports?${new URLSearchParams(Object.entries(p.search ?? {}).map(([k, v]) => [k, String(v)]))}`}>{p.children as string}</a>
  ),
}));
vi.mock("../../../lib/session", () => ({ useCan: (p: number) => state.permissions.includes(p) }));
vi.mock("../../../lib/locations", () => ({ useAllLocations: () => ({ locations: [{ id: "l1", code: "WH", name: "Main" }], byId: new Map() }) }));
vi.mock("../components/EChart", () => ({ default: () => <div data-testid="echart" /> }));
vi.mock("../api/options", () => ({
  useCategories: () => ({ isPending: false, isError: false, data: { categories: [{ name: "Audio", productCount: 3 }] } }),
  useCompanyOptions: () => ({ data: undefined }),
  usePartnerOptions: () => ({ data: undefined }),
}));
vi.mock("../api/reports", async () => {
  const { create } = await import("@bufbuild/protobuf");
  const { GetUtilisationResponseSchema } = await import("../../../gen/eventkit/v1/reports_pb");
  const util = create(GetUtilisationResponseSchema, {
    rows: [{ key: "Audio", label: "Audio", category: "Audio", unitsOwned: 10n, unitDaysOwned: 300, unitDaysBooked: 150, utilisation: 0.5 }],
    unitDaysOwned: 300,
    unitDaysBooked: 150,
    utilisation: 0.5,
    page: { nextPageToken: "next1" },
  });
  return {
    useReport: (spec: unknown) => {
      state.specs.push(spec);
      return { isPending: false, error: null, data: util, refetch: () => {} };
    },
    useSavedReports: () => ({ isPending: false, error: null, data: { reports: state.saved }, isFetching: false, refetch: () => {} }),
    useCreateSavedReport: () => ({
      isPending: false,
      mutateAsync: (req: { spec: unknown; name: string }) => {
        state.created.push(req);
        return Promise.resolve({ id: "new1", spec: req.spec });
      },
    }),
    useUpdateSavedReport: () => ({ isPending: false, mutateAsync: vi.fn() }),
    useDeleteSavedReport: () => ({ isPending: false, mutate: (req: unknown, o: { onSuccess(): void }) => (state.deleted.push(req), o.onSuccess()) }),
  };
});

const { ReportsScreen } = await import("./ReportsScreen");
// Mantine's combobox scrolls the selected option into view; jsdom has no layout.
Element.prototype.scrollIntoView ??= () => {};

function show(search: ReportSearch, permissions: Permission[]) {
  state.search = search as Record<string, unknown>;
  state.permissions = permissions;
  state.navigations = [];
  state.specs = [];
  state.created = [];
  render(
    <IntlProvider locale="en-GB" messages={{ ...en, ...reportsEn }} timeZone="UTC" onError={() => {}}>
      <MantineProvider>
        <ReportsScreen />
      </MantineProvider>
    </IntlProvider>,
  );
}

describe("report builder", { timeout: 20_000 }, () => {
  it("runs the report the URL describes, with totals, a chart, paging and the table", async () => {
    show({ report: "utilisation", period: "last_90_days", group: "category", category: "Audio", location: "l1" }, [Permission.REPORTS_READ]);
    const spec = state.specs.at(-1) as ReportSpec;
    const req = spec.report.value as GetUtilisationRequest;
    expect(spec.report.case).toBe("utilisation");
    expect(req.relative).toBe(RelativePeriod.LAST_90_DAYS);
    expect(req.groupBy).toBe(UtilisationGrouping.CATEGORY);
    expect(req.category).toBe("Audio");
    expect(req.locationId).toBe("l1");
    expect(screen.getByTestId("report-totals").textContent).toContain("Utilisation: 50%");
    await screen.findByTestId("echart");
    fireEvent.click(screen.getByTestId("next-page"));
    expect(state.navigations.at(-1)).toMatchObject({ report: "utilisation", page: "next1" });
  });

  it("offers the finance reports only with REPORTS_FINANCE; a finance report in the URL falls back without it", async () => {
    show({ report: "revenue" }, [Permission.REPORTS_READ]);
    expect((state.specs.at(-1) as ReportSpec).report.case).toBe("utilisation");
    fireEvent.click(screen.getByTestId("report-kind"));
    const options = (await screen.findAllByRole("option")).map((o) => o.textContent);
    expect(options).toEqual(["Today's figures", "Utilisation", "Upcoming shortages", "Overdue returns", "Out of service"]);
  });

  it("with REPORTS_FINANCE the money reports are there", async () => {
    show({ report: "revenue", group: "client" }, [Permission.REPORTS_READ, Permission.REPORTS_FINANCE]);
    expect((state.specs.at(-1) as ReportSpec).report.case).toBe("revenue");
    fireEvent.click(screen.getByTestId("report-kind"));
    const options = (await screen.findAllByRole("option")).map((o) => o.textContent);
    expect(options).toContain("Revenue");
    expect(options).toContain("Crew hours");
  });

  it("changing a filter rewrites the URL (from the first page)", () => {
    show({ report: "utilisation", page: "p3" }, [Permission.REPORTS_READ]);
    fireEvent.click(screen.getByTestId("report-period"));
    fireEvent.click(screen.getByRole("option", { name: "This year" }));
    expect(state.navigations.at(-1)).toEqual({ report: "utilisation", period: "this_year", from: undefined, to: undefined, page: undefined });
    cleanup();
    show({}, [Permission.REPORTS_READ]);
    fireEvent.click(screen.getByTestId("report-group"));
    fireEvent.click(screen.getByRole("option", { name: "Category" }));
    expect(state.navigations.at(-1)).toMatchObject({ report: "utilisation", group: "category" });
  });

  it("saves the report as it stands: a name is needed first, then it is created pinned and opened", async () => {
    show({ report: "utilisation", period: "last_90_days", group: "category" }, [Permission.REPORTS_READ]);
    fireEvent.click(screen.getByTestId("report-save"));
    const dialog = await screen.findByTestId("save-dialog");
    fireEvent.click(within(dialog).getByTestId("save-submit"));
    await within(dialog).findByText("Enter a name, e.g. Revenue by client this year");
    expect(state.created).toEqual([]);
    fireEvent.change(within(dialog).getByTestId("save-name"), { target: { value: "Category use" } });
    fireEvent.click(within(dialog).getByTestId("save-shared"));
    fireEvent.click(within(dialog).getByTestId("save-submit"));
    await waitFor(() => expect(state.created).toHaveLength(1));
    const req = state.created[0] as CreateSavedReportRequest;
    expect(req).toMatchObject({ name: "Category use", shared: true, pinned: true });
    expect((req.spec!.report.value as GetUtilisationRequest).groupBy).toBe(UtilisationGrouping.CATEGORY);
    await waitFor(() => expect(state.navigations.at(-1)).toEqual({ report: "utilisation", period: "last_90_days", group: "category", saved: "new1" }));
  });

  it("lists saved reports; only the owner may delete", async () => {
    state.saved = [
      create(SavedReportSchema, { id: "s1", name: "Mine", mine: true, owner: "Me", pinned: true, spec: { report: { case: "overdue", value: {} } } }),
      create(SavedReportSchema, { id: "s2", name: "Theirs", mine: false, owner: "Ada", shared: true, spec: { report: { case: "shortages", value: { relative: RelativePeriod.NEXT_7_DAYS } } } }),
    ];
    show({ report: "utilisation" }, [Permission.REPORTS_READ]);
    const rows = screen.getAllByTestId("saved-row");
    expect(rows.map((r) => r.getAttribute("data-name"))).toEqual(["Mine", "Theirs"]);
    expect(within(rows[0]).queryByTestId("saved-delete")).toBeTruthy();
    expect(within(rows[1]).queryByTestId("saved-delete")).toBeNull();
    expect(within(rows[1]).getByText("Theirs").getAttribute("href")).toBe("/reports?report=shortages&period=next_7_days&saved=s2");
    fireEvent.click(within(rows[0]).getByTestId("saved-delete"));
    fireEvent.click(await screen.findByTestId("saved-delete-confirm"));
    expect(state.deleted).toEqual([{ id: "s1" }]);
    state.saved = [];
  });
});
