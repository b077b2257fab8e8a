package io.eventkit.node.transport;

import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.node;
import static io.eventkit.node.testing.InventoryFixture.protoPeriod;
import static io.eventkit.node.testing.InventoryFixture.protoProductFields;
import static io.eventkit.node.testing.InventoryFixture.unique;
import static io.eventkit.node.testing.InventoryFixture.warehouse;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventkit.node.inventory.Asset;
import io.eventkit.node.inventory.Assets;
import io.eventkit.node.inventory.Case;
import io.eventkit.node.inventory.Location;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.inventory.Stock;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.planning.Event;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.planning.Planning;
import io.eventkit.node.testing.Domain;
import io.eventkit.node.testing.InventoryFixture;
import io.eventkit.proto.v1.AddVehicleMaintenanceRequest;
import io.eventkit.proto.v1.CaseKind;
import io.eventkit.proto.v1.CheckDispatchRunRequest;
import io.eventkit.proto.v1.CreateCaseRequest;
import io.eventkit.proto.v1.CreateDispatchRunRequest;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.CreateVehicleRequest;
import io.eventkit.proto.v1.DispatchConflict;
import io.eventkit.proto.v1.DispatchConflictKind;
import io.eventkit.proto.v1.DispatchRun;
import io.eventkit.proto.v1.DispatchRunFields;
import io.eventkit.proto.v1.DispatchStatus;
import io.eventkit.proto.v1.DispatchStop;
import io.eventkit.proto.v1.GetTruckPackRequest;
import io.eventkit.proto.v1.GetVehicleAvailabilityRequest;
import io.eventkit.proto.v1.GetVehicleAvailabilityResponse;
import io.eventkit.proto.v1.GetVehicleRequest;
import io.eventkit.proto.v1.ListDispatchRunsRequest;
import io.eventkit.proto.v1.ListVehiclesRequest;
import io.eventkit.proto.v1.LoadItemRequest;
import io.eventkit.proto.v1.LoadUnit;
import io.eventkit.proto.v1.RemoveVehicleMaintenanceRequest;
import io.eventkit.proto.v1.RenderLoadListRequest;
import io.eventkit.proto.v1.RenderLoadListResponse;
import io.eventkit.proto.v1.SetDispatchStatusRequest;
import io.eventkit.proto.v1.StopKind;
import io.eventkit.proto.v1.TransportServiceGrpc;
import io.eventkit.proto.v1.TruckPack;
import io.eventkit.proto.v1.UnloadItemRequest;
import io.eventkit.proto.v1.UpdateCaseRequest;
import io.eventkit.proto.v1.UpdateDispatchRunRequest;
import io.eventkit.proto.v1.UpdateVehicleRequest;
import io.eventkit.proto.v1.Vehicle;
import io.eventkit.proto.v1.VehicleBusyKind;
import io.eventkit.proto.v1.VehicleFields;
import io.eventkit.proto.v1.VehicleLoad;
import io.eventkit.proto.v1.VehicleMaintenance;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** TransportService against a real node: vehicles, truck packs, load lists and dispatch runs. */
class TransportTest {
  private final Domain m = warn();
  private static final String S = "2033-05-10T08:00:00Z";
  private static final String E = "2033-05-12T20:00:00Z";

  static TransportServiceGrpc.TransportServiceBlockingStub api() {
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + node().adminToken());
    return TransportServiceGrpc.newBlockingStub(node().channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  static Status.Code code(Executable e) {
    StatusRuntimeException s = assertThrows(StatusRuntimeException.class, e);
    assertThat(s.getStatus().getDescription()).isNotBlank();
    return s.getStatus().getCode();
  }

  static String message(Executable e) {
    return assertThrows(StatusRuntimeException.class, e).getStatus().getDescription();
  }

  // ---- fixtures ----

  static VehicleFields.Builder vehicleFields(long payloadKg, long volumeLitres, int lengthMm) {
    return VehicleFields.newBuilder()
        .setName(unique("Truck "))
        .setPayloadGrams(payloadKg * 1000)
        .setVolumeCm3(volumeLitres * 1000)
        .setLoadingLengthMm(lengthMm);
  }

  static Vehicle vehicle(long payloadKg, long volumeLitres, int lengthMm) {
    return api()
        .createVehicle(
            CreateVehicleRequest.newBuilder()
                .setVehicle(vehicleFields(payloadKg, volumeLitres, lengthMm))
                .build());
  }

  static Vehicle vehicle(String qualification) {
    return api()
        .createVehicle(
            CreateVehicleRequest.newBuilder()
                .setVehicle(
                    vehicleFields(3000, 30_000, 6000).setRequiredQualification(qualification))
                .build());
  }

  Product product(long grams, int l, int w, int h, Product.Tracking tracking) {
    Product p =
        m.catalog.create(
            new Product.ProductFields(
                "Transco",
                unique("P-"),
                "Transport test product",
                "Test / transport",
                "",
                null,
                new Money("EUR", 100),
                new Money("EUR", 1000),
                grams,
                Duration.ZERO,
                Duration.ZERO,
                tracking,
                false,
                new Product.Dimensions(l, w, h)));
    if (tracking == Product.Tracking.BULK) {
      m.stock.adjust(new Stock.NewAdjustment(p.id(), warehouse(m).id(), 500, "purchase", ""));
    }
    return p;
  }

  Asset asset(Product p, Location w) {
    return m.assets.create(
        new Assets.NewAsset(
            p.id(), unique("BC"), unique("SN"), w.id(), Asset.Status.AVAILABLE, ""));
  }

  Event event(String start, String end) {
    return m.planning.createEvent(
        new Planning.NewEvent(
            unique("Gala "),
            "Client",
            "Royal Hall, Kensington",
            "Europe/London",
            iv(start, end),
            EventStatus.PROVISIONAL,
            0,
            ""));
  }

  UUID bookProduct(Event e, Product p, int qty) {
    return m.planning
        .addLine(new Planning.NewLine(e.id(), p.id(), qty, null, null, null, null))
        .line()
        .id();
  }

  UUID bookCase(Event e, Case c) {
    return m.planning
        .addLine(new Planning.NewLine(e.id(), null, 1, null, c.id(), null, null))
        .line()
        .id();
  }

  static UUID member(String name) {
    UUID id = UUID.randomUUID();
    jdbi()
        .useHandle(
            h ->
                h.execute(
                    "INSERT INTO crew_member (id, name, employment, currency, created_at,"
                        + " updated_at) VALUES (?, ?, 'EMPLOYEE', 'EUR', now(), now())",
                    id,
                    name));
    return id;
  }

  static void qualify(UUID member, String skill, LocalDate expires) {
    jdbi()
        .useHandle(
            h ->
                h.execute(
                    "INSERT INTO crew_qualification (crew_member_id, skill, expires_on)"
                        + " VALUES (?, ?, ?)",
                    member,
                    skill,
                    expires));
  }

  /** A driver holding the skill without expiry. */
  static UUID driver(String skill) {
    UUID d = member(unique("Driver "));
    qualify(d, skill, null);
    return d;
  }

  static void assignment(UUID member, UUID eventId, String start, String end, String status) {
    jdbi()
        .useHandle(
            h ->
                h.execute(
                    "INSERT INTO crew_assignment (id, event_id, crew_member_id, function, call,"
                        + " currency, rate_minor, rate_unit, status, created_at, updated_at)"
                        + " VALUES (?, ?, ?, 'Stagehand', tstzrange(?::timestamptz,"
                        + " ?::timestamptz), 'EUR', 10000, 'DAY', ?, now(), now())",
                    UUID.randomUUID(),
                    eventId,
                    member,
                    start,
                    end,
                    status));
  }

  DispatchStop warehouseStop() {
    return DispatchStop.newBuilder()
        .setKind(StopKind.STOP_KIND_WAREHOUSE)
        .setLocationId(warehouse(m).id().toString())
        .build();
  }

  DispatchRunFields.Builder run(Vehicle v, UUID driver, String start, String end) {
    DispatchRunFields.Builder b =
        DispatchRunFields.newBuilder()
            .setVehicleId(v.getId())
            .setPeriod(protoPeriod(start, end))
            .addStops(warehouseStop());
    if (driver != null) {
      b.setDriverCrewMemberId(driver.toString());
    }
    return b;
  }

  static DispatchRun create(DispatchRunFields.Builder f) {
    return api().createDispatchRun(CreateDispatchRunRequest.newBuilder().setRun(f).build());
  }

  static List<DispatchConflictKind> check(DispatchRunFields.Builder f, String runId) {
    return api()
        .checkDispatchRun(CheckDispatchRunRequest.newBuilder().setRun(f).setRunId(runId).build())
        .getConflictsList()
        .stream()
        .map(DispatchConflict::getKind)
        .toList();
  }

  static TruckPack pack(Event e) {
    return api()
        .getTruckPack(GetTruckPackRequest.newBuilder().setEventId(e.id().toString()).build());
  }

  static TruckPack load(Event e, Vehicle v, UUID line, int q) {
    return api()
        .loadItem(
            LoadItemRequest.newBuilder()
                .setEventId(e.id().toString())
                .setVehicleId(v.getId())
                .setBookingLineId(line.toString())
                .setQuantity(q)
                .build());
  }

  static TruckPack unload(Event e, Vehicle v, UUID line, int q) {
    return api()
        .unloadItem(
            UnloadItemRequest.newBuilder()
                .setEventId(e.id().toString())
                .setVehicleId(v.getId())
                .setBookingLineId(line.toString())
                .setQuantity(q)
                .build());
  }

  static LoadUnit unit(TruckPack p, UUID line) {
    return p.getUnitsList().stream()
        .filter(u -> u.getBookingLineId().equals(line.toString()))
        .findFirst()
        .orElseThrow();
  }

  static VehicleLoad loadOf(TruckPack p, Vehicle v) {
    return p.getLoadsList().stream()
        .filter(l -> l.getVehicle().getId().equals(v.getId()))
        .findFirst()
        .orElseThrow();
  }

  // ---- inventory dimensions ----

  @Test
  void productsAndCasesCarryDimensionsThroughTheApi() {
    var inv = InventoryFixture.inventoryApi();
    var p =
        inv.createProduct(
            CreateProductRequest.newBuilder()
                .setProduct(
                    protoProductFields(unique("DIM-"))
                        .setLengthMm(600)
                        .setWidthMm(400)
                        .setHeightMm(300))
                .build());
    assertThat(List.of(p.getLengthMm(), p.getWidthMm(), p.getHeightMm()))
        .containsExactly(600, 400, 300);
    String loc = warehouse(m).id().toString();
    var c =
        inv.createCase(
            CreateCaseRequest.newBuilder()
                .setBarcode(unique("DC"))
                .setName("Amp rack")
                .setKind(CaseKind.CASE_KIND_PERMANENT)
                .setLocationId(loc)
                .setWeightGrams(14_000)
                .setLengthMm(800)
                .setWidthMm(600)
                .setHeightMm(700)
                .build());
    assertThat(c.getWeightGrams()).isEqualTo(14_000);
    assertThat(c.getHeightMm()).isEqualTo(700);
    var u =
        inv.updateCase(
            UpdateCaseRequest.newBuilder()
                .setId(c.getId())
                .setName("Amp rack")
                .setKind(CaseKind.CASE_KIND_PERMANENT)
                .setLocationId(loc)
                .setWeightGrams(15_000)
                .build());
    assertThat(u.getWeightGrams()).isEqualTo(15_000);
    assertThat(u.getLengthMm()).isZero();
    assertThat(
            code(
                () ->
                    inv.createProduct(
                        CreateProductRequest.newBuilder()
                            .setProduct(protoProductFields(unique("DIM-")).setLengthMm(-1))
                            .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    inv.createCase(
                        CreateCaseRequest.newBuilder()
                            .setBarcode(unique("DC"))
                            .setName("Heavy")
                            .setKind(CaseKind.CASE_KIND_PERMANENT)
                            .setLocationId(loc)
                            .setWeightGrams(10_000_001)
                            .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  // ---- vehicles ----

  @Test
  void vehiclesAreUniqueByNameAndRegistration() {
    String name = unique("Van ");
    Vehicle v =
        api()
            .createVehicle(
                CreateVehicleRequest.newBuilder()
                    .setVehicle(
                        vehicleFields(1200, 11_000, 3400)
                            .setName(name)
                            .setRegistration(name.substring(4) + " AB"))
                    .build());
    assertThat(v.getRequiredQualification()).isEqualTo("driving-licence");
    assertThat(
            code(
                () ->
                    api()
                        .createVehicle(
                            CreateVehicleRequest.newBuilder()
                                .setVehicle(
                                    vehicleFields(1, 1, 0)
                                        .setName(name.toLowerCase(java.util.Locale.ROOT)))
                                .build())))
        .isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(
            code(
                () ->
                    api()
                        .createVehicle(
                            CreateVehicleRequest.newBuilder()
                                .setVehicle(
                                    vehicleFields(1, 1, 0)
                                        .setRegistration(
                                            name.substring(4).toLowerCase(java.util.Locale.ROOT)
                                                + "-ab"))
                                .build())))
        .isEqualTo(Status.Code.ALREADY_EXISTS);
    Vehicle u =
        api()
            .updateVehicle(
                UpdateVehicleRequest.newBuilder()
                    .setId(v.getId())
                    .setVehicle(vehicleFields(1300, 12_000, 3400).setName(name).setRetired(true))
                    .build());
    assertThat(u.getPayloadGrams()).isEqualTo(1_300_000);
    assertThat(
            api().getVehicle(GetVehicleRequest.newBuilder().setId(v.getId()).build()).getRetired())
        .isTrue();
    assertThat(
            api()
                .listVehicles(ListVehiclesRequest.newBuilder().setQuery(name).build())
                .getVehiclesList())
        .isEmpty();
    assertThat(
            api()
                .listVehicles(
                    ListVehiclesRequest.newBuilder().setQuery(name).setIncludeRetired(true).build())
                .getVehiclesList())
        .extracting(Vehicle::getId)
        .containsExactly(v.getId());
    assertThat(
            code(
                () ->
                    api()
                        .createVehicle(
                            CreateVehicleRequest.newBuilder()
                                .setVehicle(vehicleFields(0, 1, 0))
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            code(
                () ->
                    api()
                        .createVehicle(
                            CreateVehicleRequest.newBuilder()
                                .setVehicle(
                                    vehicleFields(1, 1, 0).setRequiredQualification("C1 licence"))
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  // ---- truck packs ----

  @Test
  void packChecksWeightVolumeAndLength() {
    Event e = event(S, E);
    // 20 kg, 1000 × 500 × 500 mm = 250 l each.
    Product p = product(20_000, 1000, 500, 500, Product.Tracking.BULK);
    UUID line = bookProduct(e, p, 10);
    Vehicle v = vehicle(100, 2000, 800);
    TruckPack pk = load(e, v, line, 4);
    LoadUnit u = unit(pk, line);
    assertThat(u.getUnitWeightGrams()).isEqualTo(20_000);
    assertThat(u.getUnitVolumeCm3()).isEqualTo(250_000);
    assertThat(u.getUnitLengthMm()).isEqualTo(1000);
    assertThat(u.getUnplaced()).isEqualTo(6);
    assertThat(u.getDimensionsMissing()).isFalse();
    assertThat(u.getLabel()).startsWith("10 × Transco");
    VehicleLoad l = loadOf(pk, v);
    assertThat(l.getWeightGrams()).isEqualTo(80_000);
    assertThat(l.getVolumeCm3()).isEqualTo(1_000_000);
    assertThat(l.getOverWeight()).isFalse();
    assertThat(l.getOverVolume()).isFalse();
    assertThat(l.getTooLongLineIdsList()).containsExactly(line.toString());
    assertThat(l.getItems(0).getLabel()).startsWith("4 × ");
    assertThat(pk.getTotalWeightGrams()).isEqualTo(200_000);
    assertThat(pk.getComplete()).isFalse();

    // Over capacity is allowed, and flagged.
    l = loadOf(load(e, v, line, 5), v);
    assertThat(l.getWeightGrams()).isEqualTo(180_000);
    assertThat(l.getOverWeight()).isTrue();
    assertThat(l.getOverVolume()).isTrue();

    // A second, roomy vehicle takes the last one; over capacity still keeps the pack incomplete.
    Vehicle big = vehicle(1000, 10_000, 0);
    pk = load(e, big, line, 1);
    assertThat(unit(pk, line).getUnplaced()).isZero();
    assertThat(loadOf(pk, big).getTooLongLineIdsList()).isEmpty();
    assertThat(pk.getComplete()).isFalse();
    pk = unload(e, v, line, 5);
    assertThat(loadOf(pk, v).getOverWeight()).isFalse();
    assertThat(unit(pk, line).getUnplaced()).isEqualTo(5);
    pk = load(e, big, line, 5);
    assertThat(pk.getComplete()).isTrue();
  }

  @Test
  void aCaseIsOneUnitWithItsNestedContents() {
    Location w = warehouse(m);
    Event e = event(S, E);
    Product mic = product(5_000, 200, 200, 200, Product.Tracking.SERIALISED); // 8 l
    Product cable = product(1_000, 100, 100, 100, Product.Tracking.BULK); // 1 l
    Case rack =
        m.cases.create(
            unique("RACK"),
            "Amp rack",
            Case.Kind.PERMANENT,
            w.id(),
            new Case.Sizing(10_000, Product.Dimensions.NONE));
    Case drawer =
        m.cases.create(
            unique("DRW"),
            "Cable drawer",
            Case.Kind.PERMANENT,
            w.id(),
            new Case.Sizing(2_000, Product.Dimensions.NONE));
    m.cases.addAsset(rack.id(), asset(mic, w).id());
    m.cases.addBulk(rack.id(), cable.id(), 3);
    m.cases.addBulk(drawer.id(), cable.id(), 2);
    m.cases.addChild(rack.id(), drawer.id());
    UUID rackLine = bookCase(e, rack);

    // A case with its own dimensions, holding a product of unknown weight.
    Product unknown = product(0, 100, 100, 100, Product.Tracking.BULK);
    Case box =
        m.cases.create(
            unique("BOX"),
            "Misc box",
            Case.Kind.PERMANENT,
            w.id(),
            new Case.Sizing(8_000, new Product.Dimensions(600, 400, 1200)));
    m.cases.addBulk(box.id(), unknown.id(), 4);
    UUID boxLine = bookCase(e, box);

    TruckPack pk = pack(e);
    // Only the top-level lines are units: the cases' contents travel inside them.
    assertThat(pk.getUnitsList()).hasSize(2);
    LoadUnit r = unit(pk, rackLine);
    assertThat(r.getCaseId()).isEqualTo(rack.id().toString());
    assertThat(r.getQuantity()).isEqualTo(1);
    // 10 kg rack + 5 kg mic + 3 × 1 kg + 2 kg drawer + 2 × 1 kg.
    assertThat(r.getUnitWeightGrams()).isEqualTo(22_000);
    // No case dimensions: the contents' volume, 8 l + 5 × 1 l.
    assertThat(r.getUnitVolumeCm3()).isEqualTo(13_000);
    assertThat(r.getUnitLengthMm()).isEqualTo(200);
    assertThat(r.getDimensionsMissing()).isFalse();
    assertThat(r.getLabel()).contains(rack.barcode()).contains("Amp rack");
    LoadUnit b = unit(pk, boxLine);
    assertThat(b.getUnitVolumeCm3()).isEqualTo(288_000);
    assertThat(b.getUnitLengthMm()).isEqualTo(1200);
    assertThat(b.getUnitWeightGrams()).isEqualTo(8_000);
    assertThat(b.getDimensionsMissing()).isTrue();

    // A line inside a case can't be loaded by itself.
    UUID child =
        jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT id FROM booking_line WHERE parent_line_id = ? LIMIT 1")
                        .bind(0, rackLine)
                        .mapTo(UUID.class)
                        .one());
    Vehicle v = vehicle(100, 1000, 1000);
    assertThat(message(() -> load(e, v, child, 1))).contains("travels with its case");
    VehicleLoad l = loadOf(load(e, v, rackLine, 1), v);
    assertThat(l.getWeightGrams()).isEqualTo(22_000);
    assertThat(code(() -> load(e, v, rackLine, 1))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    l = loadOf(load(e, v, boxLine, 1), v);
    assertThat(l.getTooLongLineIdsList()).containsExactly(boxLine.toString());
  }

  @Test
  void loadAndUnloadStayWithinTheLineAndMoveBetweenVehicles() {
    Event e = event(S, E);
    Product p = product(1_000, 100, 100, 100, Product.Tracking.BULK);
    UUID line = bookProduct(e, p, 5);
    Vehicle a = vehicle(1000, 10_000, 0);
    Vehicle b = vehicle(1000, 10_000, 0);
    load(e, a, line, 3);
    TruckPack pk = load(e, b, line, 2);
    assertThat(unit(pk, line).getUnplaced()).isZero();
    // Nothing unplaced: loading b takes from a.
    pk = load(e, b, line, 1);
    assertThat(loadOf(pk, a).getItems(0).getQuantity()).isEqualTo(2);
    assertThat(loadOf(pk, b).getItems(0).getQuantity()).isEqualTo(3);
    // More than the line has off b.
    assertThat(message(() -> load(e, b, line, 3))).contains("more than the line has");
    assertThat(code(() -> load(e, a, line, 0))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(() -> unload(e, a, line, 3))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    pk = unload(e, a, line, 0);
    // Nothing of the event on it and no run for it: the vehicle leaves the pack.
    assertThat(pk.getLoadsList()).noneMatch(l -> l.getVehicle().getId().equals(a.getId()));
    assertThat(unit(pk, line).getUnplaced()).isEqualTo(2);
    assertThat(code(() -> unload(e, a, line, 1))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(code(() -> load(e, a, UUID.randomUUID(), 1))).isEqualTo(Status.Code.NOT_FOUND);
    Event other = event(S, E);
    assertThat(code(() -> load(other, a, line, 1))).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void concurrentLoadsNeverExceedTheLine() throws Exception {
    Event e = event(S, E);
    Product p = product(1_000, 100, 100, 100, Product.Tracking.BULK);
    UUID line = bookProduct(e, p, 5);
    List<Vehicle> vs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      vs.add(vehicle(1000, 10_000, 0));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        Vehicle v = vs.get(i % vs.size());
        Callable<Boolean> c =
            () -> {
              try {
                load(e, v, line, 1);
                return true;
              } catch (StatusRuntimeException x) {
                assertThat(x.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                return false;
              }
            };
        results.add(pool.submit(c));
      }
      int placed = 0;
      for (Future<Boolean> f : results) {
        placed += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      // Moves between vehicles may succeed too; what counts is the sum on vehicles.
      assertThat(placed).isGreaterThanOrEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
    int onVehicles =
        jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT coalesce(sum(quantity), 0)::int FROM truck_load"
                                + " WHERE booking_line_id = ?")
                        .bind(0, line)
                        .mapTo(Integer.class)
                        .one());
    assertThat(onVehicles).isEqualTo(5);
    assertThat(unit(pack(e), line).getUnplaced()).isZero();
  }

  @Test
  void theLoadListIsAPrintablePdfOfTheVehiclesItems() throws Exception {
    Event e = event(S, E);
    Product p = product(20_000, 1000, 500, 500, Product.Tracking.BULK);
    UUID line = bookProduct(e, p, 3);
    Vehicle v = vehicle(1000, 10_000, 0);
    load(e, v, line, 3);
    UUID d = member(unique("Dana Driver "));
    qualify(d, "driving-licence", null);
    DispatchRun r = create(run(v, d, S, "2033-05-10T12:00:00Z").setEventId(e.id().toString()));
    RenderLoadListResponse res =
        api()
            .renderLoadList(
                RenderLoadListRequest.newBuilder()
                    .setEventId(e.id().toString())
                    .setVehicleId(v.getId())
                    .build());
    assertThat(res.getFileName()).startsWith("load-list-gala-").endsWith(".pdf");
    String text;
    try (PDDocument doc = Loader.loadPDF(res.getPdf().toByteArray())) {
      text = new PDFTextStripper().getText(doc);
    }
    assertThat(text)
        .contains("Load list")
        .contains(e.name())
        .contains(v.getName())
        .contains("3 × Transco " + p.fields().model())
        .contains("60.0 kg")
        .contains(r.getReference())
        .contains(r.getDriverName());
  }

  // ---- dispatch runs ----

  @Test
  void runsAreNumberedPerYearAndFillTheirStops() {
    Event e = event(S, E);
    Vehicle v = vehicle("driving-licence");
    DispatchRun a =
        create(
            run(v, null, S, "2033-05-10T10:00:00Z")
                .setEventId(e.id().toString())
                .addStops(DispatchStop.newBuilder().setKind(StopKind.STOP_KIND_VENUE)));
    DispatchRun b = create(run(v, null, "2033-05-10T10:00:00Z", "2033-05-10T12:00:00Z"));
    assertThat(a.getReference()).matches("RUN-\\d{4}-\\d{4}");
    int na = Integer.parseInt(a.getReference().substring(9));
    assertThat(b.getReference())
        .isEqualTo(String.format("RUN-%s-%04d", a.getReference().substring(4, 8), na + 1));
    assertThat(a.getStatus()).isEqualTo(DispatchStatus.DISPATCH_STATUS_PLANNED);
    assertThat(a.getStops(0).getName()).isEqualTo("Test warehouse");
    assertThat(a.getStops(1).getName()).isEqualTo("Royal Hall, Kensington");
    assertThat(a.getEventName()).isEqualTo(e.name());
    assertThat(
            message(
                () ->
                    create(
                        run(v, null, "2033-06-01T08:00:00Z", "2033-06-01T10:00:00Z")
                            .addStops(
                                DispatchStop.newBuilder().setKind(StopKind.STOP_KIND_VENUE)))))
        .contains("event_id");
    assertThat(
            code(
                () ->
                    create(
                        run(v, null, "2033-06-01T08:00:00Z", "2033-06-01T10:00:00Z")
                            .addStops(
                                DispatchStop.newBuilder()
                                    .setKind(StopKind.STOP_KIND_PARTNER_WAREHOUSE)
                                    .setPartnerNodeId("nobody.example")))))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(code(() -> create(run(v, null, "2033-06-01T08:00:00Z", "2033-06-20T10:00:00Z"))))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            api()
                .listDispatchRuns(
                    ListDispatchRunsRequest.newBuilder().setVehicleId(v.getId()).build())
                .getRunsList())
        .extracting(DispatchRun::getId)
        .containsExactly(a.getId(), b.getId());
  }

  @Test
  void eachConflictIsReported() {
    Vehicle v = vehicle("driving-licence-c1");
    UUID driver = driver("driving-licence-c1");
    create(run(v, driver, "2033-07-01T08:00:00Z", "2033-07-01T18:00:00Z"));

    // The vehicle on another run.
    var overlapping = run(v, null, "2033-07-01T12:00:00Z", "2033-07-01T20:00:00Z");
    assertThat(check(overlapping, ""))
        .containsExactly(DispatchConflictKind.DISPATCH_CONFLICT_KIND_VEHICLE_BUSY);
    assertThat(message(() -> create(overlapping))).contains("is on run RUN-");

    // The vehicle in maintenance.
    VehicleMaintenance mot =
        api()
            .addVehicleMaintenance(
                AddVehicleMaintenanceRequest.newBuilder()
                    .setVehicleId(v.getId())
                    .setPeriod(protoPeriod("2033-07-03T00:00:00Z", "2033-07-04T00:00:00Z"))
                    .setReason("MOT")
                    .build());
    assertThat(check(run(v, null, "2033-07-03T08:00:00Z", "2033-07-03T10:00:00Z"), ""))
        .containsExactly(DispatchConflictKind.DISPATCH_CONFLICT_KIND_VEHICLE_IN_MAINTENANCE);

    // The driver on another vehicle's run, and on a crew call.
    Vehicle other = vehicle("driving-licence-c1");
    assertThat(check(run(other, driver, "2033-07-01T17:00:00Z", "2033-07-01T19:00:00Z"), ""))
        .containsExactly(DispatchConflictKind.DISPATCH_CONFLICT_KIND_DRIVER_BUSY);
    Event e = event("2033-07-05T00:00:00Z", "2033-07-06T00:00:00Z");
    assignment(driver, e.id(), "2033-07-05T09:00:00Z", "2033-07-05T17:00:00Z", "ACCEPTED");
    assertThat(check(run(other, driver, "2033-07-05T16:00:00Z", "2033-07-05T19:00:00Z"), ""))
        .containsExactly(DispatchConflictKind.DISPATCH_CONFLICT_KIND_DRIVER_BUSY);
    UUID declined = driver("driving-licence-c1");
    assignment(declined, e.id(), "2033-07-05T09:00:00Z", "2033-07-05T17:00:00Z", "DECLINED");
    assertThat(check(run(other, declined, "2033-07-05T16:00:00Z", "2033-07-05T19:00:00Z"), ""))
        .isEmpty();

    // Not qualified: no such skill, or it expires before the run's last day.
    UUID car = driver("driving-licence");
    assertThat(check(run(other, car, "2033-07-08T08:00:00Z", "2033-07-08T10:00:00Z"), ""))
        .containsExactly(DispatchConflictKind.DISPATCH_CONFLICT_KIND_DRIVER_NOT_QUALIFIED);
    UUID expiring = member(unique("Expiring "));
    qualify(expiring, "driving-licence-c1", LocalDate.parse("2033-07-08"));
    assertThat(check(run(other, expiring, "2033-07-08T08:00:00Z", "2033-07-09T10:00:00Z"), ""))
        .containsExactly(DispatchConflictKind.DISPATCH_CONFLICT_KIND_DRIVER_NOT_QUALIFIED);
    assertThat(check(run(other, expiring, "2033-07-08T08:00:00Z", "2033-07-08T23:00:00Z"), ""))
        .isEmpty();
    assertThat(
            message(() -> create(run(other, car, "2033-07-08T08:00:00Z", "2033-07-08T10:00:00Z"))))
        .contains("does not hold driving-licence-c1");

    // A retired vehicle.
    api()
        .updateVehicle(
            UpdateVehicleRequest.newBuilder()
                .setId(other.getId())
                .setVehicle(
                    vehicleFields(3000, 30_000, 6000)
                        .setName(other.getName())
                        .setRequiredQualification("driving-licence-c1")
                        .setRetired(true))
                .build());
    assertThat(check(run(other, null, "2033-07-10T08:00:00Z", "2033-07-10T10:00:00Z"), ""))
        .containsExactly(DispatchConflictKind.DISPATCH_CONFLICT_KIND_VEHICLE_RETIRED);

    // Removing the maintenance frees the vehicle.
    api()
        .removeVehicleMaintenance(
            RemoveVehicleMaintenanceRequest.newBuilder().setId(mot.getId()).build());
    assertThat(check(run(v, null, "2033-07-03T08:00:00Z", "2033-07-03T10:00:00Z"), "")).isEmpty();
  }

  @Test
  void fieldRulesAnswerInTheCommonWording() {
    assertThat(
            message(
                () ->
                    api()
                        .setDispatchStatus(
                            SetDispatchStatusRequest.newBuilder().setId("nope").build())))
        .contains("id must be an ID (UUID); got 'nope'")
        .contains(
            "status is required (DISPATCH_STATUS_PLANNED, DISPATCH_STATUS_DISPATCHED,"
                + " DISPATCH_STATUS_COMPLETED or DISPATCH_STATUS_CANCELLED)");
    // A missing run is one violation, not one per field of an empty run.
    assertThat(
            message(() -> api().createDispatchRun(CreateDispatchRunRequest.getDefaultInstance())))
        .contains("run is required")
        .doesNotContain("run.");
  }

  @Test
  void maintenanceNeverOverlapsRunsOrOtherMaintenance() {
    Vehicle v = vehicle("driving-licence");
    DispatchRun r = create(run(v, null, "2033-08-01T08:00:00Z", "2033-08-01T18:00:00Z"));
    AddVehicleMaintenanceRequest.Builder mot =
        AddVehicleMaintenanceRequest.newBuilder()
            .setVehicleId(v.getId())
            .setPeriod(protoPeriod("2033-08-01T12:00:00Z", "2033-08-02T12:00:00Z"))
            .setReason("Service");
    assertThat(message(() -> api().addVehicleMaintenance(mot.build()))).contains(r.getReference());
    mot.setPeriod(protoPeriod("2033-08-02T00:00:00Z", "2033-08-03T00:00:00Z"));
    api().addVehicleMaintenance(mot.build());
    mot.setPeriod(protoPeriod("2033-08-02T12:00:00Z", "2033-08-04T00:00:00Z")).setReason("Tyres");
    assertThat(message(() -> api().addVehicleMaintenance(mot.build()))).contains("Service");
    assertThat(code(() -> api().addVehicleMaintenance(mot.setReason(" ").build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);

    // The availability grid shows both.
    GetVehicleAvailabilityResponse grid =
        api()
            .getVehicleAvailability(
                GetVehicleAvailabilityRequest.newBuilder()
                    .setWindow(protoPeriod("2033-07-25T00:00:00Z", "2033-08-25T00:00:00Z"))
                    .setPage(io.eventkit.proto.v1.PageRequest.newBuilder().setPageSize(500))
                    .build());
    var row =
        grid.getRowsList().stream()
            .filter(x -> x.getVehicle().getId().equals(v.getId()))
            .findFirst()
            .orElseThrow();
    assertThat(row.getBusyList())
        .extracting(b -> b.getKind())
        .containsExactly(
            VehicleBusyKind.VEHICLE_BUSY_KIND_DISPATCH,
            VehicleBusyKind.VEHICLE_BUSY_KIND_MAINTENANCE);
    assertThat(row.getBusy(0).getLabel()).startsWith(r.getReference());
    assertThat(
            code(
                () ->
                    api()
                        .getVehicleAvailability(
                            GetVehicleAvailabilityRequest.newBuilder()
                                .setWindow(
                                    protoPeriod("2033-01-01T00:00:00Z", "2033-04-01T00:00:00Z"))
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void theStatusMachine() {
    Vehicle v = vehicle("driving-licence");
    DispatchRun r = create(run(v, null, "2033-09-01T08:00:00Z", "2033-09-01T18:00:00Z"));
    SetDispatchStatusRequest.Builder s = SetDispatchStatusRequest.newBuilder().setId(r.getId());
    assertThat(
            code(
                () ->
                    api()
                        .setDispatchStatus(
                            s.setStatus(DispatchStatus.DISPATCH_STATUS_COMPLETED).build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(
            message(
                () ->
                    api()
                        .setDispatchStatus(
                            s.setStatus(DispatchStatus.DISPATCH_STATUS_DISPATCHED).build())))
        .contains("no driver");
    UUID d = driver("driving-licence");
    api()
        .updateDispatchRun(
            UpdateDispatchRunRequest.newBuilder()
                .setId(r.getId())
                .setRun(run(v, d, "2033-09-01T08:00:00Z", "2033-09-01T18:00:00Z"))
                .build());
    DispatchRun x =
        api().setDispatchStatus(s.setStatus(DispatchStatus.DISPATCH_STATUS_DISPATCHED).build());
    assertThat(x.getStatus()).isEqualTo(DispatchStatus.DISPATCH_STATUS_DISPATCHED);
    // Setting the current status is a no-op.
    assertThat(api().setDispatchStatus(s.build()).getUpdatedAt()).isEqualTo(x.getUpdatedAt());
    assertThat(
            code(
                () ->
                    api()
                        .updateDispatchRun(
                            UpdateDispatchRunRequest.newBuilder()
                                .setId(r.getId())
                                .setRun(
                                    run(v, null, "2033-09-01T08:00:00Z", "2033-09-01T18:00:00Z"))
                                .build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(
            api()
                .setDispatchStatus(s.setStatus(DispatchStatus.DISPATCH_STATUS_COMPLETED).build())
                .getStatus())
        .isEqualTo(DispatchStatus.DISPATCH_STATUS_COMPLETED);
    assertThat(
            code(
                () ->
                    api()
                        .setDispatchStatus(
                            s.setStatus(DispatchStatus.DISPATCH_STATUS_CANCELLED).build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(
            code(
                () ->
                    api()
                        .updateDispatchRun(
                            UpdateDispatchRunRequest.newBuilder()
                                .setId(r.getId())
                                .setRun(run(v, d, "2033-09-01T08:00:00Z", "2033-09-01T18:00:00Z"))
                                .build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);

    // A cancelled run frees its vehicle.
    DispatchRun c = create(run(v, null, "2033-09-02T08:00:00Z", "2033-09-02T18:00:00Z"));
    api()
        .setDispatchStatus(
            SetDispatchStatusRequest.newBuilder()
                .setId(c.getId())
                .setStatus(DispatchStatus.DISPATCH_STATUS_CANCELLED)
                .build());
    assertThat(create(run(v, null, "2033-09-02T08:00:00Z", "2033-09-02T18:00:00Z")).getStatus())
        .isEqualTo(DispatchStatus.DISPATCH_STATUS_PLANNED);
    assertThat(
            code(
                () ->
                    api()
                        .setDispatchStatus(
                            SetDispatchStatusRequest.newBuilder()
                                .setId(c.getId())
                                .setStatus(DispatchStatus.DISPATCH_STATUS_PLANNED)
                                .build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void concurrentRunsCannotDoubleBookAVehicle() throws Exception {
    Vehicle v = vehicle("driving-licence");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String start = "2033-10-01T0" + i + ":00:00Z";
        results.add(
            pool.submit(
                () -> {
                  try {
                    create(run(v, null, start, "2033-10-01T12:00:00Z"));
                    return true;
                  } catch (StatusRuntimeException x) {
                    assertThat(x.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    return false;
                  }
                }));
      }
      int ok = 0;
      for (Future<Boolean> f : results) {
        ok += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(ok).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            api()
                .listDispatchRuns(
                    ListDispatchRunsRequest.newBuilder()
                        .setVehicleId(v.getId())
                        .setWindow(protoPeriod("2033-09-30T00:00:00Z", "2033-10-02T00:00:00Z"))
                        .build())
                .getRunsCount())
        .isEqualTo(1);
  }

  @Test
  void aRunAndACrewOfferForOneDriverAreDecidedOneAfterTheOther() throws Exception {
    Vehicle v = vehicle("driving-licence");
    UUID driver = driver("driving-licence");
    Event e = event("2033-11-01T00:00:00Z", "2033-11-02T00:00:00Z");
    assignment(driver, e.id(), "2033-11-01T09:00:00Z", "2033-11-01T17:00:00Z", "CANCELLED");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (var h = jdbi().open()) {
      // Crew's OfferAssignment holds the member's row lock while it checks and inserts.
      h.begin();
      h.createQuery("SELECT name FROM crew_member WHERE id = :id FOR UPDATE")
          .bind("id", driver)
          .mapTo(String.class)
          .one();
      Future<Status.Code> created =
          pool.submit(
              () -> {
                try {
                  create(run(v, driver, "2033-11-01T16:00:00Z", "2033-11-01T20:00:00Z"));
                  return Status.Code.OK;
                } catch (StatusRuntimeException x) {
                  return x.getStatus().getCode();
                }
              });
      Thread.sleep(700);
      assertThat(created.isDone()).isFalse();
      h.execute("UPDATE crew_assignment SET status = 'OFFERED' WHERE crew_member_id = ?", driver);
      h.commit();
      // The run, decided after the offer, sees it: DRIVER_BUSY.
      assertThat(created.get(30, TimeUnit.SECONDS)).isEqualTo(Status.Code.FAILED_PRECONDITION);
    } finally {
      pool.shutdownNow();
    }
  }
}
