package io.eventkit.node.inventory;

import static io.eventkit.node.testing.InventoryFixture.assetsOf;
import static io.eventkit.node.testing.InventoryFixture.bulk;
import static io.eventkit.node.testing.InventoryFixture.event;
import static io.eventkit.node.testing.InventoryFixture.inventoryApi;
import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.node;
import static io.eventkit.node.testing.InventoryFixture.serialised;
import static io.eventkit.node.testing.InventoryFixture.unique;
import static io.eventkit.node.testing.InventoryFixture.warehouse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.eventkit.node.kernel.Interval;
import io.eventkit.node.planning.Event;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.planning.Planning;
import io.eventkit.node.testing.Domain;
import io.eventkit.proto.v1.AssetStatus;
import io.eventkit.proto.v1.CaseKind;
import io.eventkit.proto.v1.Category;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateLocationRequest;
import io.eventkit.proto.v1.DeleteCaseRequest;
import io.eventkit.proto.v1.DeleteLocationRequest;
import io.eventkit.proto.v1.GetAssetRequest;
import io.eventkit.proto.v1.GetCaseRequest;
import io.eventkit.proto.v1.GetLocationRequest;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.ListAssetsRequest;
import io.eventkit.proto.v1.ListCasesRequest;
import io.eventkit.proto.v1.ListCategoriesRequest;
import io.eventkit.proto.v1.ListLocationsRequest;
import io.eventkit.proto.v1.LocationKind;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.ResolveBarcodeRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.UpdateAssetRequest;
import io.eventkit.proto.v1.UpdateCaseRequest;
import io.eventkit.proto.v1.UpdateLocationRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Editing and deleting locations, cases and assets, the category list and the text filters, through
 * the public gRPC API: each refusal says why and leaves every inventory table exactly as it was.
 */
class InventoryEditsTest {
  private static final List<String> TABLES =
      List.of(
          "location",
          "product",
          "asset",
          "barcode",
          "bulk_stock",
          "stock_adjustment",
          "transfer",
          "case_container",
          "case_asset",
          "case_bulk",
          "event",
          "booking_line");

  private final Domain m = io.eventkit.node.testing.InventoryFixture.refuse();
  private final InventoryServiceGrpc.InventoryServiceBlockingStub inv = inventoryApi();

  /** Every row of every inventory table, hashed per table: any insert, update or delete shows. */
  private static Map<String, String> snapshot() {
    return jdbi()
        .withHandle(
            h -> {
              Map<String, String> out = new LinkedHashMap<>();
              for (String t : TABLES) {
                out.put(
                    t,
                    h.createQuery(
                            "SELECT coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '')"
                                + " FROM "
                                + t
                                + " x")
                        .mapTo(String.class)
                        .one());
              }
              return out;
            });
  }

  /** Runs the call, expects the status and message parts, and that nothing changed. */
  private static StatusRuntimeException refused(
      Runnable call, Status.Code code, String... messageParts) {
    Map<String, String> before = snapshot();
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("expected %s", code).isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(code);
    for (String part : messageParts) {
      assertThat(e.getStatus().getDescription()).contains(part);
    }
    assertThat(snapshot()).isEqualTo(before);
    return e;
  }

  private static InventoryServiceGrpc.InventoryServiceBlockingStub viewer() {
    String token =
        node()
            .authService(node().adminToken())
            .createApiToken(
                CreateApiTokenRequest.newBuilder()
                    .setName(unique("viewer"))
                    .setRole(Role.ROLE_READ_ONLY)
                    .build())
            .getToken();
    io.grpc.Metadata md = new io.grpc.Metadata();
    md.put(
        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + token);
    return InventoryServiceGrpc.newBlockingStub(node().channel())
        .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(md));
  }

  private io.eventkit.proto.v1.Location newWarehouse(String code) {
    return inv.createLocation(
        CreateLocationRequest.newBuilder()
            .setKind(LocationKind.LOCATION_KIND_WAREHOUSE)
            .setCode(code)
            .setName("Warehouse " + code)
            .build());
  }

  // ---- locations ----

  @Test
  void aLocationIsEditedAndItsCodeStaysUnique() {
    var w = newWarehouse(unique("ED"));
    var other = newWarehouse(unique("ED"));
    var updated =
        inv.updateLocation(
            UpdateLocationRequest.newBuilder()
                .setId(w.getId())
                .setCode(" " + w.getCode() + "-NEW ")
                .setName("Main store")
                .setAddress("1 Dock Road")
                .build());
    assertThat(updated.getCode()).isEqualTo(w.getCode() + "-NEW");
    assertThat(updated.getName()).isEqualTo("Main store");
    assertThat(updated.getAddress()).isEqualTo("1 Dock Road");
    assertThat(updated.getKind()).isEqualTo(LocationKind.LOCATION_KIND_WAREHOUSE);
    assertThat(inv.getLocation(GetLocationRequest.newBuilder().setId(w.getId()).build()))
        .isEqualTo(updated);
    // Keeping its own code is fine.
    assertThat(
            inv.updateLocation(
                    UpdateLocationRequest.newBuilder()
                        .setId(w.getId())
                        .setCode(updated.getCode())
                        .setName("Main store 2")
                        .build())
                .getName())
        .isEqualTo("Main store 2");

    refused(
        () ->
            inv.updateLocation(
                UpdateLocationRequest.newBuilder()
                    .setId(w.getId())
                    .setCode(other.getCode())
                    .setName("Clash")
                    .build()),
        Status.Code.ALREADY_EXISTS,
        "location code " + other.getCode() + " is already used by location " + other.getId());
    refused(
        () ->
            inv.updateLocation(
                UpdateLocationRequest.newBuilder()
                    .setId(w.getId())
                    .setCode("")
                    .setName(" ")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "code is required",
        "name is required");
    refused(
        () ->
            inv.updateLocation(
                UpdateLocationRequest.newBuilder()
                    .setId(UUID.randomUUID().toString())
                    .setCode(unique("X"))
                    .setName("Nowhere")
                    .build()),
        Status.Code.NOT_FOUND,
        "not found");
    refused(
        () -> inv.getLocation(GetLocationRequest.newBuilder().setId("nope").build()),
        Status.Code.INVALID_ARGUMENT,
        "id must be an ID");
  }

  @Test
  void anUnusedLocationIsDeletedAndAUsedOneSaysWhatUsesIt() {
    var unused = newWarehouse(unique("DEL"));
    inv.deleteLocation(DeleteLocationRequest.newBuilder().setId(unused.getId()).build());
    refused(
        () -> inv.getLocation(GetLocationRequest.newBuilder().setId(unused.getId()).build()),
        Status.Code.NOT_FOUND,
        "not found");
    refused(
        () -> inv.deleteLocation(DeleteLocationRequest.newBuilder().setId(unused.getId()).build()),
        Status.Code.NOT_FOUND,
        "location " + unused.getId() + " not found");

    // A warehouse with a bin, an asset, bulk stock and a case.
    Product p = serialised(m, 1, Duration.ZERO, Duration.ZERO);
    Asset a = assetsOf(m, p).get(0);
    UUID loc = a.homeLocationId();
    m.locations.create(new Locations.NewLocation(Location.Kind.BIN, unique("BIN"), "Bin", loc, ""));
    Product cable = bulk(m, 1);
    UUID cableLoc = m.stock.levels(cable.id()).levels().get(0).locationId();
    m.cases.create(unique("CASE"), "Case", Case.Kind.TEMPORARY, cableLoc);
    refused(
        () -> inv.deleteLocation(DeleteLocationRequest.newBuilder().setId(loc.toString()).build()),
        Status.Code.FAILED_PRECONDITION,
        "is still in use: 1 bin(s) inside it, 1 asset(s) homed there, 1 asset(s) currently there");
    refused(
        () ->
            inv.deleteLocation(
                DeleteLocationRequest.newBuilder().setId(cableLoc.toString()).build()),
        Status.Code.FAILED_PRECONDITION,
        "1 bulk unit(s) in stock there",
        "1 stock adjustment(s) in its history",
        "1 case(s) kept there");
    // Stock that went back to zero still has its history.
    Product gone = bulk(m, 2);
    UUID goneLoc = m.stock.levels(gone.id()).levels().get(0).locationId();
    m.stock.adjust(new Stock.NewAdjustment(gone.id(), goneLoc, -2, "damaged", ""));
    refused(
        () ->
            inv.deleteLocation(
                DeleteLocationRequest.newBuilder().setId(goneLoc.toString()).build()),
        Status.Code.FAILED_PRECONDITION,
        "2 stock adjustment(s) in its history");
  }

  @Test
  void locationsAndCasesAreFilteredByText() {
    String tag = unique("Q");
    var a = newWarehouse(tag + "-A");
    inv.createLocation(
        CreateLocationRequest.newBuilder()
            .setKind(LocationKind.LOCATION_KIND_WAREHOUSE)
            .setCode(unique("OTHER"))
            .setName("Store of " + tag.toLowerCase(java.util.Locale.ROOT))
            .build());
    newWarehouse(unique("NOPE"));
    var found =
        inv.listLocations(
            ListLocationsRequest.newBuilder()
                .setQuery(tag.toLowerCase(java.util.Locale.ROOT))
                .build());
    assertThat(found.getLocationsList())
        .extracting(io.eventkit.proto.v1.Location::getCode)
        .hasSize(2)
        .contains(a.getCode())
        .isSorted();
    // Paging keeps the filter.
    var first =
        inv.listLocations(
            ListLocationsRequest.newBuilder()
                .setQuery(tag)
                .setPage(PageRequest.newBuilder().setPageSize(1))
                .build());
    assertThat(first.getLocationsList()).hasSize(1);
    var second =
        inv.listLocations(
            ListLocationsRequest.newBuilder()
                .setQuery(tag)
                .setPage(
                    PageRequest.newBuilder()
                        .setPageSize(1)
                        .setPageToken(first.getPage().getNextPageToken()))
                .build());
    assertThat(second.getLocationsList()).hasSize(1);
    assertThat(second.getLocations(0).getId()).isNotEqualTo(first.getLocations(0).getId());
    // LIKE wildcards match literally.
    assertThat(
            inv.listLocations(ListLocationsRequest.newBuilder().setQuery(tag + "%").build())
                .getLocationsList())
        .isEmpty();
    assertThat(
            inv.listLocations(ListLocationsRequest.newBuilder().setQuery("_%_" + tag).build())
                .getLocationsList())
        .isEmpty();

    UUID loc = UUID.fromString(a.getId());
    Case c = m.cases.create(tag + "-CASE", "Flight case", Case.Kind.PERMANENT, loc);
    m.cases.create(unique("C"), "Drum kit " + tag, Case.Kind.PERMANENT, loc);
    assertThat(
            inv.listCases(
                    ListCasesRequest.newBuilder()
                        .setQuery(tag.toLowerCase(java.util.Locale.ROOT))
                        .build())
                .getCasesList())
        .extracting(io.eventkit.proto.v1.Case::getName)
        .containsExactlyInAnyOrder("Flight case", "Drum kit " + tag);
    assertThat(
            inv.listCases(ListCasesRequest.newBuilder().setQuery(c.barcode()).build())
                .getCasesList())
        .extracting(io.eventkit.proto.v1.Case::getId)
        .containsExactly(c.id().toString());

    refused(
        () ->
            inv.listLocations(ListLocationsRequest.newBuilder().setQuery("x".repeat(101)).build()),
        Status.Code.INVALID_ARGUMENT,
        "query must be at most 100 characters");
    refused(
        () -> inv.listCases(ListCasesRequest.newBuilder().setQuery("x".repeat(101)).build()),
        Status.Code.INVALID_ARGUMENT,
        "query must be at most 100 characters");
  }

  // ---- cases ----

  @Test
  void aCaseIsEditedAndOnlyAnEmptyUnbookedOneIsDeleted() {
    Location w = warehouse(m);
    Location w2 = warehouse(m);
    Case c = m.cases.create(unique("EC"), "Rack", Case.Kind.PERMANENT, w.id());
    var updated =
        inv.updateCase(
            UpdateCaseRequest.newBuilder()
                .setId(c.id().toString())
                .setName(" Amp rack ")
                .setKind(CaseKind.CASE_KIND_TEMPORARY)
                .setLocationId(w2.id().toString())
                .build());
    assertThat(updated.getName()).isEqualTo("Amp rack");
    assertThat(updated.getKind()).isEqualTo(CaseKind.CASE_KIND_TEMPORARY);
    assertThat(updated.getLocationId()).isEqualTo(w2.id().toString());
    assertThat(updated.getBarcode()).isEqualTo(c.barcode());

    refused(
        () ->
            inv.updateCase(
                UpdateCaseRequest.newBuilder()
                    .setId(c.id().toString())
                    .setName("")
                    .setLocationId("x")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "name is required",
        "location_id must be an ID",
        "kind is required");
    refused(
        () ->
            inv.updateCase(
                UpdateCaseRequest.newBuilder()
                    .setId(c.id().toString())
                    .setName("Moved")
                    .setKind(CaseKind.CASE_KIND_PERMANENT)
                    .setLocationId(UUID.randomUUID().toString())
                    .build()),
        Status.Code.NOT_FOUND,
        "location_id: location");
    refused(
        () ->
            inv.updateCase(
                UpdateCaseRequest.newBuilder()
                    .setId(UUID.randomUUID().toString())
                    .setName("Ghost")
                    .setKind(CaseKind.CASE_KIND_PERMANENT)
                    .setLocationId(w.id().toString())
                    .build()),
        Status.Code.NOT_FOUND,
        "not found");

    // Contents block the delete.
    Product p = serialised(m, 1, Duration.ZERO, Duration.ZERO);
    Asset a = assetsOf(m, p).get(0);
    m.cases.addAsset(c.id(), a.id());
    refused(
        () -> inv.deleteCase(DeleteCaseRequest.newBuilder().setId(c.id().toString()).build()),
        Status.Code.FAILED_PRECONDITION,
        "case " + c.barcode() + " holds 1 asset(s), 0 bulk product(s) and 0 case(s)",
        "unpack it");
    m.cases.removeAsset(c.id(), a.id());

    // So do bookings, on however many events.
    Interval when = iv("2037-02-01T10:00:00Z", "2037-02-02T10:00:00Z");
    Event e1 = event(m, EventStatus.CONFIRMED, when);
    Event e2 = event(m, EventStatus.CONFIRMED, iv("2037-03-01T10:00:00Z", "2037-03-02T10:00:00Z"));
    for (Event e : List.of(e1, e2)) {
      m.planning.addLine(new Planning.NewLine(e.id(), null, 0, null, c.id(), null, null));
    }
    refused(
        () -> inv.deleteCase(DeleteCaseRequest.newBuilder().setId(c.id().toString()).build()),
        Status.Code.FAILED_PRECONDITION,
        "is booked on 2 event(s)",
        "remove it from events first");
    for (var line : m.planning.getEvent(e1.id()).lines()) {
      m.planning.removeLine(line.id());
    }
    for (var line : m.planning.getEvent(e2.id()).lines()) {
      m.planning.removeLine(line.id());
    }

    // Empty and unbooked: gone, barcode freed for reuse.
    inv.deleteCase(DeleteCaseRequest.newBuilder().setId(c.id().toString()).build());
    refused(
        () -> inv.getCase(GetCaseRequest.newBuilder().setId(c.id().toString()).build()),
        Status.Code.NOT_FOUND,
        "not found");
    refused(
        () ->
            inv.resolveBarcode(ResolveBarcodeRequest.newBuilder().setBarcode(c.barcode()).build()),
        Status.Code.NOT_FOUND,
        "is not an asset or case");
    assertThat(m.cases.create(c.barcode(), "Reused", Case.Kind.PERMANENT, w.id()).barcode())
        .isEqualTo(c.barcode());
    refused(
        () ->
            inv.deleteCase(
                DeleteCaseRequest.newBuilder().setId(UUID.randomUUID().toString()).build()),
        Status.Code.NOT_FOUND,
        "not found");
  }

  // ---- assets ----

  @Test
  void anAssetsSerialBarcodeAndHomeChangeAndOldCallersStillWork() {
    Product p = serialised(m, 2, Duration.ZERO, Duration.ZERO);
    List<Asset> units = assetsOf(m, p);
    Asset a = units.get(0);
    Asset b = units.get(1);
    Location newHome = warehouse(m);
    String newBarcode = unique("NEWBC");
    var updated =
        inv.updateAsset(
            UpdateAssetRequest.newBuilder()
                .setId(a.id().toString())
                .setStatus(AssetStatus.ASSET_STATUS_AVAILABLE)
                .setNotes("relabelled")
                .setSerial(" SN-42 ")
                .setBarcode(newBarcode)
                .setHomeLocationId(newHome.id().toString())
                .build());
    assertThat(updated.getSerial()).isEqualTo("SN-42");
    assertThat(updated.getBarcode()).isEqualTo(newBarcode);
    assertThat(updated.getHomeLocationId()).isEqualTo(newHome.id().toString());
    assertThat(updated.getLocationId()).isEqualTo(a.locationId().toString());
    // The barcode table moved with it: the new code resolves, the old one is free.
    assertThat(
            inv.resolveBarcode(ResolveBarcodeRequest.newBuilder().setBarcode(newBarcode).build())
                .getAsset()
                .getId())
        .isEqualTo(a.id().toString());
    refused(
        () ->
            inv.resolveBarcode(ResolveBarcodeRequest.newBuilder().setBarcode(a.barcode()).build()),
        Status.Code.NOT_FOUND,
        "is not an asset or case");

    // An old caller (status and notes only) changes nothing else.
    var old =
        inv.updateAsset(
            UpdateAssetRequest.newBuilder()
                .setId(a.id().toString())
                .setStatus(AssetStatus.ASSET_STATUS_QUARANTINE)
                .setNotes("failed PAT")
                .build());
    assertThat(old.getStatus()).isEqualTo(AssetStatus.ASSET_STATUS_QUARANTINE);
    assertThat(old.getSerial()).isEqualTo("SN-42");
    assertThat(old.getBarcode()).isEqualTo(newBarcode);
    assertThat(old.getHomeLocationId()).isEqualTo(newHome.id().toString());

    // Barcodes stay unique across assets and cases.
    Case c = m.cases.create(unique("CB"), "Case", Case.Kind.PERMANENT, newHome.id());
    refused(
        () ->
            inv.updateAsset(
                UpdateAssetRequest.newBuilder()
                    .setId(a.id().toString())
                    .setStatus(AssetStatus.ASSET_STATUS_AVAILABLE)
                    .setSerial("changed")
                    .setBarcode(b.barcode())
                    .build()),
        Status.Code.ALREADY_EXISTS,
        "barcode " + b.barcode() + " is already used by asset " + b.id());
    refused(
        () ->
            inv.updateAsset(
                UpdateAssetRequest.newBuilder()
                    .setId(a.id().toString())
                    .setStatus(AssetStatus.ASSET_STATUS_AVAILABLE)
                    .setBarcode(c.barcode())
                    .build()),
        Status.Code.ALREADY_EXISTS,
        "barcode " + c.barcode() + " is already used by case " + c.id());
    refused(
        () ->
            inv.updateAsset(
                UpdateAssetRequest.newBuilder()
                    .setId(a.id().toString())
                    .setStatus(AssetStatus.ASSET_STATUS_AVAILABLE)
                    .setBarcode("has space")
                    .setSerial("s".repeat(101))
                    .setHomeLocationId("home")
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "barcode must be 1–64 characters",
        "serial must be at most 100 characters",
        "home_location_id must be an ID");
    refused(
        () ->
            inv.updateAsset(
                UpdateAssetRequest.newBuilder()
                    .setId(a.id().toString())
                    .setStatus(AssetStatus.ASSET_STATUS_AVAILABLE)
                    .setHomeLocationId(UUID.randomUUID().toString())
                    .build()),
        Status.Code.NOT_FOUND,
        "home_location_id: location");
    refused(
        () ->
            inv.updateAsset(
                UpdateAssetRequest.newBuilder()
                    .setId(UUID.randomUUID().toString())
                    .setStatus(AssetStatus.ASSET_STATUS_AVAILABLE)
                    .setSerial("x")
                    .build()),
        Status.Code.NOT_FOUND,
        "not found");
  }

  @Test
  void anAssetKnowsTheCaseItIsPackedIn() {
    Product p = serialised(m, 2, Duration.ZERO, Duration.ZERO);
    List<Asset> units = assetsOf(m, p);
    Case c = m.cases.create(unique("PK"), "Packed", Case.Kind.TEMPORARY, units.get(0).locationId());
    m.cases.addAsset(c.id(), units.get(0).id());
    var packed =
        inv.getAsset(GetAssetRequest.newBuilder().setId(units.get(0).id().toString()).build());
    assertThat(packed.getCaseId()).isEqualTo(c.id().toString());
    assertThat(packed.getCaseBarcode()).isEqualTo(c.barcode());
    var listed =
        inv.listAssets(ListAssetsRequest.newBuilder().setProductId(p.id().toString()).build())
            .getAssetsList();
    assertThat(listed).hasSize(2);
    assertThat(listed)
        .filteredOn(x -> x.getId().equals(units.get(0).id().toString()))
        .extracting(io.eventkit.proto.v1.Asset::getCaseBarcode)
        .containsExactly(c.barcode());
    assertThat(listed)
        .filteredOn(x -> x.getId().equals(units.get(1).id().toString()))
        .extracting(io.eventkit.proto.v1.Asset::getCaseId)
        .containsExactly("");
    assertThat(
            inv.resolveBarcode(
                    ResolveBarcodeRequest.newBuilder().setBarcode(units.get(0).barcode()).build())
                .getAsset()
                .getCaseId())
        .isEqualTo(c.id().toString());
  }

  // ---- categories ----

  @Test
  void categoriesAreListedWithTheirProductCounts() {
    String cat = unique("Cat ");
    for (int i = 0; i < 2; i++) {
      m.catalog.create(
          new Product.ProductFields(
              "Testco",
              unique("M"),
              "Testco thing",
              cat,
              "",
              null,
              new io.eventkit.node.kernel.Money("EUR", 100),
              new io.eventkit.node.kernel.Money("EUR", 1000),
              1,
              Duration.ZERO,
              Duration.ZERO,
              Product.Tracking.BULK,
              false));
    }
    List<Category> all =
        inv.listCategories(ListCategoriesRequest.getDefaultInstance()).getCategoriesList();
    assertThat(all)
        .filteredOn(x -> x.getName().equals(cat))
        .extracting(Category::getProductCount)
        .containsExactly(2);
    assertThat(all).extracting(Category::getName).isSorted();
    assertThat(all).extracting(Category::getName).doesNotHaveDuplicates();
  }

  // ---- permissions ----

  @Test
  void readOnlyTokensCannotEditOrDelete() {
    var viewer = viewer();
    Location w = warehouse(m);
    Case c = m.cases.create(unique("RO"), "Case", Case.Kind.PERMANENT, w.id());
    Asset a = assetsOf(m, serialised(m, 1, Duration.ZERO, Duration.ZERO)).get(0);
    List<Runnable> writes =
        List.of(
            () ->
                viewer.updateLocation(
                    UpdateLocationRequest.newBuilder()
                        .setId(w.id().toString())
                        .setCode(unique("RO"))
                        .setName("x")
                        .build()),
            () ->
                viewer.deleteLocation(
                    DeleteLocationRequest.newBuilder().setId(w.id().toString()).build()),
            () ->
                viewer.updateCase(
                    UpdateCaseRequest.newBuilder()
                        .setId(c.id().toString())
                        .setName("x")
                        .setKind(CaseKind.CASE_KIND_PERMANENT)
                        .setLocationId(w.id().toString())
                        .build()),
            () ->
                viewer.deleteCase(DeleteCaseRequest.newBuilder().setId(c.id().toString()).build()),
            () ->
                viewer.updateAsset(
                    UpdateAssetRequest.newBuilder()
                        .setId(a.id().toString())
                        .setStatus(AssetStatus.ASSET_STATUS_LOST)
                        .setSerial("x")
                        .build()));
    for (Runnable w2 : writes) {
      refused(w2, Status.Code.PERMISSION_DENIED, "READ_ONLY");
    }
    // Reads are allowed.
    assertThat(viewer.listCategories(ListCategoriesRequest.getDefaultInstance())).isNotNull();
    assertThat(
            viewer
                .getLocation(GetLocationRequest.newBuilder().setId(w.id().toString()).build())
                .getId())
        .isEqualTo(w.id().toString());
    assertThat(
            viewer
                .listLocations(ListLocationsRequest.newBuilder().setQuery(w.code()).build())
                .getLocationsCount())
        .isEqualTo(1);
  }
}
