import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { en } from "../../../app/messages/en";
import { transportEn } from "../messages";
import {
  DispatchConflictKind,
  DispatchRunSchema,
  DispatchStatus,
  StopKind,
  type DispatchRun,
} from "../../../gen/eventkit/v1/transport_pb";

const state = vi.hoisted(() => ({
  run: undefined as unknown,
  checks: [] as unknown[],
  setStatus: vi.fn(),
  update: vi.fn(() => Promise.resolve({})),
}));
vi.mock("@tanstack/react-router", () => ({ useNavigate: () => () => {}, getRouteApi: () => ({}) }));
vi.mock("../../../components/AnchorLink", () => ({ AnchorLink: (p: { children: unknown }) => <a href="#">{p.children as string}</a> }));
vi.mock("../../../components/ButtonLink", () => ({ ButtonLink: (p: { children: unknown }) => <a href="#">{p.children as string}</a> }));
vi.mock("../../../lib/session", () => ({ useCan: () => true }));
vi.mock("../../../lib/locations", () => ({
  useAllLocations: () => ({ locations: [{ id: "loc1", code: "WH", name: "Main" }], byId: new Map() }),
}));
vi.mock("../api/transport", async () => {
  const { create } = await import("@bufbuild/protobuf");
  const { VehicleSchema } = await import("../../../gen/eventkit/v1/transport_pb");
  const van = create(VehicleSchema, { id: "v1", name: "Van 1", requiredQualification: "driving-licence", payloadGrams: 1n, volumeCm3: 1n });
  return {
    useRun: () => ({ isPending: false, data: state.run }),
    useVehicleOptions: () => ({ data: { vehicles: [van] } }),
    useDrivers: () => ({ data: { members: [{ id: "c1", name: "Dana Driver" }] }, isFetching: false }),
    useEventName: () => ({ data: { event: { name: "Summer Gala", venue: "Hall 7" } } }),
    useEventOptions: () => ({ data: { events: [] } }),
    usePartnerOptions: () => ({ data: undefined }),
    useRunCheck: (req: unknown) => {
      if (req) state.checks.push(req);
      return req
        ? { data: { conflicts: [{ kind: DispatchConflictKind.DRIVER_BUSY, message: "Dana Driver is on RUN-2026-0002", relatedId: "r2" }] }, isFetching: false }
        : { data: undefined, isFetching: false };
    },
    useCreateRun: () => ({ mutateAsync: vi.fn(), isPending: false }),
    useUpdateRun: () => ({ mutateAsync: state.update, isPending: false }),
    useSetRunStatus: () => ({ mutate: state.setStatus, isPending: false }),
  };
});

const { RunEditorScreen } = await import("./RunEditorScreen");

const at = (h: number) => timestampFromDate(new Date(2026, 11, 8, h, 0));
const planned = create(DispatchRunSchema, {
  id: "r1",
  reference: "RUN-2026-0001",
  vehicleId: "v1",
  vehicleName: "Van 1",
  driverCrewMemberId: "c1",
  driverName: "Dana Driver",
  period: { start: at(7), end: at(18) },
  eventId: "ev1",
  eventName: "Summer Gala",
  status: DispatchStatus.PLANNED,
  stops: [
    { kind: StopKind.WAREHOUSE, locationId: "loc1", name: "Main" },
    { kind: StopKind.VENUE, name: "Summer Gala", address: "Hall 7" },
  ],
});

function show(run: DispatchRun) {
  state.run = run;
  state.checks = [];
  render(
    <IntlProvider locale="en-GB" messages={{ ...en, ...transportEn }} timeZone="UTC">
      <MantineProvider>
        <RunEditorScreen runId={run.id} />
      </MantineProvider>
    </IntlProvider>,
  );
}

type Req = { run: { stops: { kind: StopKind }[]; driverCrewMemberId: string }; runId: string };

// The live check waits 400 ms after the last change (debounced): slow machines need room.
describe("run editor", { timeout: 30_000 }, () => {
  it("checks the run as it stands and shows the conflicts by kind; reordering stops checks again", async () => {
    show(planned);
    await waitFor(() => expect(screen.getByTestId("run-conflicts")).toBeTruthy(), { timeout: 8000 });
    expect(screen.getByTestId("run-conflict").textContent).toBe("Driver busy: Dana Driver is on RUN-2026-0002");
    const first = state.checks[0] as Req;
    expect(first.runId).toBe("r1");
    expect(first.run.driverCrewMemberId).toBe("c1");
    expect(first.run.stops.map((s) => s.kind)).toEqual([StopKind.WAREHOUSE, StopKind.VENUE]);
    fireEvent.click(screen.getByRole("button", { name: "Move stop 2 up" }));
    await waitFor(() => expect((state.checks.at(-1) as Req).run.stops.map((s) => s.kind)).toEqual([StopKind.VENUE, StopKind.WAREHOUSE]), { timeout: 8000 });
    expect(screen.getAllByTestId("stop").map((s) => s.getAttribute("data-kind"))).toEqual(["VENUE", "WAREHOUSE"]);
    expect(screen.getByTestId("stop-venue").textContent).toBe("Hall 7");
  });

  it("a stop without what its kind needs is named at the stop on save, and nothing is sent", async () => {
    show(planned);
    fireEvent.click(screen.getByRole("button", { name: "Add stop" }));
    fireEvent.click(screen.getByTestId("run-submit"));
    await screen.findByText("Choose the location");
    expect(state.update).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Remove stop 3" }));
    expect(screen.queryByText("Choose the location")).toBeNull();
  });

  it("dispatches a planned run after confirming", async () => {
    show(planned);
    expect(screen.getByTestId("run-action-CANCELLED")).toBeTruthy();
    fireEvent.click(screen.getByTestId("run-action-DISPATCHED"));
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByText(/Dispatch RUN-2026-0001\?/)).toBeTruthy();
    fireEvent.click(within(dialog).getByTestId("run-confirm"));
    expect(state.setStatus).toHaveBeenCalledWith({ id: "r1", status: DispatchStatus.DISPATCHED }, expect.anything());
  });

  it("offers nothing to change on a completed run", () => {
    show(create(DispatchRunSchema, { ...planned, status: DispatchStatus.COMPLETED }));
    expect(screen.queryByTestId("run-submit")).toBeNull();
    expect(screen.queryByTestId("run-action-DISPATCHED")).toBeNull();
    expect(screen.queryByTestId("stop-add")).toBeNull();
  });
});
