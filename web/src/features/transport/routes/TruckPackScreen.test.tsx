import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { MantineProvider } from "@mantine/core";
import { IntlProvider } from "react-intl";
import { create } from "@bufbuild/protobuf";
import { en } from "../../../app/messages/en";
import { transportEn } from "../messages";
import { TruckPackSchema, VehicleSchema, type TruckPack } from "../../../gen/eventkit/v1/transport_pb";

const state = vi.hoisted(() => ({ pack: undefined as unknown, perms: new Set<string>(), load: vi.fn(), unload: vi.fn(), fleet: [] as unknown[] }));
vi.mock("@tanstack/react-router", () => ({ getRouteApi: () => ({ useParams: () => ({ eventId: "ev1" }) }) }));
vi.mock("../../../components/AnchorLink", () => ({ AnchorLink: (p: { children: unknown }) => <a href="#">{p.children as string}</a> }));
vi.mock("../../../lib/session", async () => {
  const { Permission } = await import("../../../gen/eventkit/v1/access_pb");
  return { useCan: (p: number) => state.perms.has(Permission[p]) };
});
vi.mock("../api/transport", () => ({
  useTruckPack: () => ({ isPending: false, data: state.pack }),
  useVehicleOptions: () => ({ isPending: false, data: { vehicles: state.fleet } }),
  useLoadItem: () => ({ mutate: state.load, isPending: false }),
  useUnloadItem: () => ({ mutate: state.unload, isPending: false }),
  renderLoadList: () => new Promise(() => {}),
}));

const { TruckPackScreen } = await import("./TruckPackScreen");

const van = create(VehicleSchema, { id: "v1", name: "Van 1", registration: "B-EK 1", payloadGrams: 50_000n, volumeCm3: 1_500_000n, loadingLengthMm: 2400 });
const truck = create(VehicleSchema, { id: "v2", name: "Truck 2", payloadGrams: 3_500_000n, volumeCm3: 18_000_000n });

function show(pack: TruckPack, perms: string[]) {
  state.pack = pack;
  state.fleet = [van, truck];
  state.perms = new Set(perms);
  render(
    <IntlProvider locale="en-GB" messages={{ ...en, ...transportEn }} timeZone="UTC">
      <MantineProvider>
        <TruckPackScreen />
      </MantineProvider>
    </IntlProvider>,
  );
}

const pack = create(TruckPackSchema, {
  eventId: "ev1",
  eventName: "Summer Gala",
  units: [
    { bookingLineId: "l1", label: "4 × Speaker", quantity: 4, unplaced: 1, unitWeightGrams: 20_000n, unitVolumeCm3: 73_200n, unitLengthMm: 600 },
    { bookingLineId: "l2", label: "Truss 3 m", quantity: 2, unplaced: 2, dimensionsMissing: true },
  ],
  loads: [
    {
      vehicle: van,
      items: [{ bookingLineId: "l1", label: "Speaker", quantity: 3, weightGrams: 60_000n, volumeCm3: 219_600n }],
      weightGrams: 60_000n,
      volumeCm3: 219_600n,
      overWeight: true,
      tooLongLineIds: ["l1"],
    },
  ],
  totalWeightGrams: 80_000n,
  totalVolumeCm3: 292_800n,
});

describe("truck pack", () => {
  it("shows capacity in words, the too-long flag and missing dimensions", () => {
    show(pack, ["TRANSPORT_READ"]);
    const card = screen.getByTestId("pack-vehicle");
    expect(within(card).getByTestId("capacity-weight").getAttribute("data-level")).toBe("over");
    expect(within(card).getByText("Over by 10 kg")).toBeTruthy();
    expect(within(card).getByTestId("capacity-volume").getAttribute("data-level")).toBe("ok");
    expect(within(card).getByTestId("too-long")).toBeTruthy();
    expect(screen.getAllByTestId("dimensions-missing")).toHaveLength(1);
    expect(screen.getByTestId("pack-complete").textContent).toBe("Not everything packed");
    // Readers load and unload nothing.
    expect(screen.queryByTestId("pack-unit-load")).toBeNull();
    expect(screen.queryByTestId("pack-unload")).toBeNull();
  });

  it("loads the typed quantity onto the chosen vehicle (Enter or the button), and refuses more than is unplaced", () => {
    show(pack, ["TRANSPORT_READ", "TRANSPORT_WRITE"]);
    const truss = screen.getAllByTestId("pack-unit")[1];
    const qty = within(truss).getByTestId("pack-unit-qty") as HTMLInputElement;
    expect(qty.value).toBe("2");
    fireEvent.change(qty, { target: { value: "1" } });
    fireEvent.keyDown(qty, { key: "Enter" });
    expect(state.load).toHaveBeenLastCalledWith({ eventId: "ev1", vehicleId: "v1", bookingLineId: "l2", quantity: 1 }, expect.anything());
    fireEvent.change(qty, { target: { value: "5" } });
    fireEvent.click(within(truss).getByTestId("pack-unit-load"));
    expect(state.load).toHaveBeenCalledTimes(1);
  });

  it("unloads all of an item, or one", () => {
    show(pack, ["TRANSPORT_READ", "TRANSPORT_WRITE"]);
    const card = screen.getByTestId("pack-vehicle");
    fireEvent.click(within(card).getByTestId("pack-unload"));
    expect(state.unload).toHaveBeenLastCalledWith({ eventId: "ev1", vehicleId: "v1", bookingLineId: "l1", quantity: 0 }, expect.anything());
    fireEvent.click(within(card).getByRole("button", { name: /Unload one Speaker from Van 1/ }));
    expect(state.unload).toHaveBeenLastCalledWith({ eventId: "ev1", vehicleId: "v1", bookingLineId: "l1", quantity: 1 }, expect.anything());
  });
});
