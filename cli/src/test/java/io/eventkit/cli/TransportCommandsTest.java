package io.eventkit.cli;

import static io.eventkit.cli.CrewCommandsTest.period;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.eventkit.proto.v1.CheckDispatchRunResponse;
import io.eventkit.proto.v1.CreateDispatchRunRequest;
import io.eventkit.proto.v1.CreateVehicleRequest;
import io.eventkit.proto.v1.DispatchConflict;
import io.eventkit.proto.v1.DispatchConflictKind;
import io.eventkit.proto.v1.DispatchRun;
import io.eventkit.proto.v1.DispatchStatus;
import io.eventkit.proto.v1.DispatchStop;
import io.eventkit.proto.v1.GetVehicleAvailabilityResponse;
import io.eventkit.proto.v1.LoadItemRequest;
import io.eventkit.proto.v1.LoadUnit;
import io.eventkit.proto.v1.LoadedItem;
import io.eventkit.proto.v1.RenderLoadListResponse;
import io.eventkit.proto.v1.SetDispatchStatusRequest;
import io.eventkit.proto.v1.StopKind;
import io.eventkit.proto.v1.TruckPack;
import io.eventkit.proto.v1.UnloadItemRequest;
import io.eventkit.proto.v1.UpdateVehicleRequest;
import io.eventkit.proto.v1.Vehicle;
import io.eventkit.proto.v1.VehicleAvailabilityRow;
import io.eventkit.proto.v1.VehicleBusyBlock;
import io.eventkit.proto.v1.VehicleBusyKind;
import io.eventkit.proto.v1.VehicleLoad;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code transport} commands against a scripted TransportService on a real gRPC server. */
class TransportCommandsTest {
  static final String VEHICLE = "4e0f1e2a-0000-4000-8000-000000000001";
  static final String EVENT = "7c1e0b2a-1111-4e2f-9b1c-000000000001";
  static final String LINE = "6d0f1e2a-5555-4e2f-9b1c-000000000001";
  static final String RUN = "3c0f1e2a-6666-4e2f-9b1c-000000000001";

  private FakeTransportService fake;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeTransportService();
    cli = new Cli(fake.url());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      assertThat(fake.unexpected).as("calls nobody scripted").isEmpty();
      assertThat(fake.pending()).as("scripted answers never asked for").isZero();
    } finally {
      fake.close();
    }
  }

  static Vehicle van() {
    return Vehicle.newBuilder()
        .setId(VEHICLE)
        .setName("Van 1")
        .setRegistration("AB12CDE")
        .setPayloadGrams(1_000_000)
        .setVolumeCm3(10_000_000)
        .setLoadingLengthMm(3_000)
        .setRequiredQualification("driving-licence")
        .build();
  }

  @Test
  void vehiclesCreateParsesWeightsVolumesAndLengths() {
    fake.expect("CreateVehicle", van());
    Cli.Result r =
        cli.run(
            "transport",
            "vehicles",
            "create",
            "Van 1",
            "--registration",
            "AB12CDE",
            "--payload",
            "1.2t",
            "--volume",
            "10m3",
            "--length",
            "310cm",
            "--driver-qualification",
            "driving-licence-c1");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out().strip()).isEqualTo(VEHICLE);
    CreateVehicleRequest q = fake.only("CreateVehicle");
    assertThat(q.getVehicle().getName()).isEqualTo("Van 1");
    assertThat(q.getVehicle().getPayloadGrams()).isEqualTo(1_200_000);
    assertThat(q.getVehicle().getVolumeCm3()).isEqualTo(10_000_000);
    assertThat(q.getVehicle().getLoadingLengthMm()).isEqualTo(3_100);
    assertThat(q.getVehicle().getRequiredQualification()).isEqualTo("driving-licence-c1");
  }

  @Test
  void vehiclesCreateRefusesUnknownUnitsAndMissingCapacity() {
    Cli.Result unit =
        cli.run(
            "transport", "vehicles", "create", "Van", "--payload", "3 stone", "--volume", "1m3");
    assertThat(unit.exitCode()).isEqualTo(2);
    assertThat(unit.err()).contains("--payload").contains("unknown unit 'stone'");
    Cli.Result bare =
        cli.run("transport", "vehicles", "create", "Van", "--payload", "3500", "--volume", "1m3");
    assertThat(bare.exitCode()).isEqualTo(2);
    assertThat(bare.err()).contains("is not a weight with a unit");
    Cli.Result missing = cli.run("transport", "vehicles", "create", "Van", "--payload", "1t");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--payload and --volume are required");
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void vehiclesUpdateKeepsWhatIsNotGiven() {
    fake.expect("GetVehicle", van());
    fake.expect("UpdateVehicle", van().toBuilder().setRetired(true).build());
    Cli.Result r = cli.run("transport", "vehicles", "update", VEHICLE, "--retire");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    UpdateVehicleRequest q = fake.<UpdateVehicleRequest>requests("UpdateVehicle").get(0);
    assertThat(q.getVehicle().getRetired()).isTrue();
    assertThat(q.getVehicle().getPayloadGrams()).isEqualTo(1_000_000);
    assertThat(r.out()).contains("Van 1 (retired)").contains("1000 kg");
  }

  static TruckPack pack() {
    return TruckPack.newBuilder()
        .setEventId(EVENT)
        .setEventName("Summer Gala")
        .setTotalWeightGrams(1_500_000)
        .setTotalVolumeCm3(8_000_000)
        .addUnits(
            LoadUnit.newBuilder()
                .setBookingLineId(LINE)
                .setLabel("12 × Amp rack")
                .setQuantity(12)
                .setUnitWeightGrams(125_000)
                .setUnitVolumeCm3(500_000)
                .setUnplaced(0))
        .addLoads(
            VehicleLoad.newBuilder()
                .setVehicle(van())
                .addItems(
                    LoadedItem.newBuilder()
                        .setBookingLineId(LINE)
                        .setLabel("Amp rack")
                        .setQuantity(12)
                        .setWeightGrams(1_500_000)
                        .setVolumeCm3(6_000_000))
                .setWeightGrams(1_500_000)
                .setVolumeCm3(6_000_000)
                .setOverWeight(true)
                .addTooLongLineIds(LINE))
        .build();
  }

  @Test
  void loadPrintsCapacityPercentagesAndOverFlags() {
    fake.expect("LoadItem", pack());
    Cli.Result r =
        cli.run("transport", "load", EVENT, "--vehicle", VEHICLE, "--line", LINE, "--qty", "12");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Van 1: weight 1500 kg of 1000 kg (150% OVER), volume 6 m³ of 10 m³ (60%)")
        .contains("TOO LONG")
        .contains("not complete");
    LoadItemRequest q = fake.only("LoadItem");
    assertThat(q.getEventId()).isEqualTo(EVENT);
    assertThat(q.getVehicleId()).isEqualTo(VEHICLE);
    assertThat(q.getBookingLineId()).isEqualTo(LINE);
    assertThat(q.getQuantity()).isEqualTo(12);

    Cli.Result zero =
        cli.run("transport", "load", EVENT, "--vehicle", VEHICLE, "--line", LINE, "--qty", "0");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err()).contains("--qty must be at least 1");

    fake.expect("UnloadItem", pack());
    Cli.Result all = cli.run("transport", "unload", EVENT, "--vehicle", VEHICLE, "--line", LINE);
    assertThat(all.exitCode()).as(all.toString()).isZero();
    assertThat(fake.<UnloadItemRequest>requests("UnloadItem").get(0).getQuantity()).isZero();
  }

  @Test
  void tooMuchIsTheServersMessage() {
    fake.expect(
        "LoadItem",
        Status.INVALID_ARGUMENT.withDescription("only 2 of Amp rack are not on a vehicle"));
    Cli.Result r =
        cli.run("transport", "load", EVENT, "--vehicle", VEHICLE, "--line", LINE, "--qty", "5");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("only 2 of Amp rack are not on a vehicle");
  }

  @Test
  void loadListWritesThePdf(@TempDir Path dir) throws Exception {
    byte[] pdf = "%PDF-1.7 test".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    fake.expect(
        "RenderLoadList",
        RenderLoadListResponse.newBuilder()
            .setFileName("load-list-summer-gala-van-1.pdf")
            .setPdf(ByteString.copyFrom(pdf))
            .build());
    Path out = dir.resolve("van.pdf");
    Cli.Result r =
        cli.run("transport", "load-list", EVENT, "--vehicle", VEHICLE, "--out", out.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(pdf);
    assertThat(r.out()).contains("13 bytes");
  }

  @Test
  void runsCreateParsesStopsAndTimes() {
    fake.expect(
        "CreateDispatchRun",
        DispatchRun.newBuilder().setId(RUN).setReference("RUN-2026-0001").build());
    Cli.Result r =
        cli.run(
            "transport",
            "runs",
            "create",
            "--vehicle",
            VEHICLE,
            "--driver",
            "d1",
            "--depart",
            "2026-12-10T07:00",
            "--return",
            "2026-12-10T15:00",
            "--zone",
            "Europe/Berlin",
            "--event",
            EVENT,
            "--stop",
            "warehouse:loc-1",
            "--stop",
            "venue",
            "--stop",
            "partner:node-b:sh-9",
            "--stop",
            "other:Depot:1 Road: Unit 4, Town");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("RUN-2026-0001").contains(RUN);
    CreateDispatchRunRequest q = fake.only("CreateDispatchRun");
    assertThat(q.getRun().getPeriod())
        .isEqualTo(period("2026-12-10T06:00:00Z", "2026-12-10T14:00:00Z"));
    assertThat(q.getRun().getStopsList())
        .containsExactly(
            DispatchStop.newBuilder()
                .setKind(StopKind.STOP_KIND_WAREHOUSE)
                .setLocationId("loc-1")
                .build(),
            DispatchStop.newBuilder().setKind(StopKind.STOP_KIND_VENUE).build(),
            DispatchStop.newBuilder()
                .setKind(StopKind.STOP_KIND_PARTNER_WAREHOUSE)
                .setPartnerNodeId("node-b")
                .setSubhireId("sh-9")
                .build(),
            DispatchStop.newBuilder()
                .setKind(StopKind.STOP_KIND_OTHER)
                .setName("Depot")
                .setAddress("1 Road: Unit 4, Town")
                .build());
  }

  @Test
  void runsCreateRefusesBadStopsAndListsConflictsOnRefusal() {
    Cli.Result bad =
        cli.run(
            "transport",
            "runs",
            "create",
            "--vehicle",
            VEHICLE,
            "--depart",
            "2026-12-10T07:00Z",
            "--return",
            "2026-12-10T15:00Z",
            "--stop",
            "depot");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--stop").contains("is not a stop");
    assertThat(fake.calls).isEmpty();

    fake.expect(
        "CreateDispatchRun",
        Status.FAILED_PRECONDITION.withDescription("Van 1 is in maintenance (MOT)"));
    fake.expect(
        "CheckDispatchRun",
        CheckDispatchRunResponse.newBuilder()
            .addConflicts(
                DispatchConflict.newBuilder()
                    .setKind(DispatchConflictKind.DISPATCH_CONFLICT_KIND_VEHICLE_IN_MAINTENANCE)
                    .setMessage("MOT 2026-12-10"))
            .build());
    Cli.Result refused =
        cli.run(
            "transport",
            "runs",
            "create",
            "--vehicle",
            VEHICLE,
            "--depart",
            "2026-12-10T07:00Z",
            "--return",
            "2026-12-10T15:00Z",
            "--stop",
            "venue");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.out()).contains("vehicle-in-maintenance").contains("MOT 2026-12-10");
    assertThat(refused.err()).contains("Van 1 is in maintenance");
  }

  @Test
  void dispatchSetsTheStatus() {
    fake.expect(
        "SetDispatchStatus",
        DispatchRun.newBuilder()
            .setId(RUN)
            .setReference("RUN-2026-0001")
            .setStatus(DispatchStatus.DISPATCH_STATUS_DISPATCHED)
            .build());
    Cli.Result r = cli.run("transport", "runs", "dispatch", RUN);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("RUN-2026-0001: DISPATCHED");
    assertThat(fake.<SetDispatchStatusRequest>only("SetDispatchStatus").getStatus())
        .isEqualTo(DispatchStatus.DISPATCH_STATUS_DISPATCHED);
  }

  @Test
  void availabilityShowsVehiclesByDays() {
    fake.expect(
        "GetVehicleAvailability",
        GetVehicleAvailabilityResponse.newBuilder()
            .addRows(
                VehicleAvailabilityRow.newBuilder()
                    .setVehicle(van())
                    .addBusy(
                        VehicleBusyBlock.newBuilder()
                            .setKind(VehicleBusyKind.VEHICLE_BUSY_KIND_MAINTENANCE)
                            .setLabel("MOT")
                            .setPeriod(period("2026-12-02T08:00:00Z", "2026-12-02T12:00:00Z"))))
            .build());
    Cli.Result r =
        cli.run("transport", "availability", "--from", "2026-12-01", "--to", "2026-12-03");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Van 1    .      M   .").contains("MOT");
    Cli.Result wide =
        cli.run("transport", "availability", "--from", "2026-01-01", "--to", "2026-06-01");
    assertThat(wide.exitCode()).isEqualTo(2);
    assertThat(wide.err()).contains("at most 62 days");
  }

  @Test
  void runsUpdateKeepsWhatIsNotGivenAndStopsReplace() {
    DispatchRun existing =
        DispatchRun.newBuilder()
            .setId(RUN)
            .setReference("RUN-2026-0001")
            .setVehicleId(VEHICLE)
            .setDriverCrewMemberId("d1")
            .setPeriod(period("2026-12-10T06:00:00Z", "2026-12-10T14:00:00Z"))
            .addStops(DispatchStop.newBuilder().setKind(StopKind.STOP_KIND_VENUE))
            .setEventId(EVENT)
            .build();
    fake.expect("GetDispatchRun", existing);
    fake.expect("UpdateDispatchRun", existing);
    Cli.Result r =
        cli.run("transport", "runs", "update", RUN, "--stop", "warehouse:loc-1", "--stop", "venue");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("RUN-2026-0001").contains("1. venue");
    var q =
        fake.<io.eventkit.proto.v1.UpdateDispatchRunRequest>requests("UpdateDispatchRun").get(0);
    assertThat(q.getRun().getDriverCrewMemberId()).isEqualTo("d1");
    assertThat(q.getRun().getPeriod()).isEqualTo(existing.getPeriod());
    assertThat(q.getRun().getStopsCount()).isEqualTo(2);
    assertThat(q.getRun().getStops(0).getLocationId()).isEqualTo("loc-1");

    Cli.Result half = cli.run("transport", "runs", "update", RUN, "--depart", "2026-12-10T07:00Z");
    assertThat(half.exitCode()).isEqualTo(2);
    assertThat(half.err()).contains("give --depart and --return together");
  }
}
