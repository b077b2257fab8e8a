package io.eventkit.node.inventory;

import static io.eventkit.node.testing.InventoryFixture.assetsOf;
import static io.eventkit.node.testing.InventoryFixture.book;
import static io.eventkit.node.testing.InventoryFixture.bulk;
import static io.eventkit.node.testing.InventoryFixture.event;
import static io.eventkit.node.testing.InventoryFixture.inventoryApi;
import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.node;
import static io.eventkit.node.testing.InventoryFixture.planningApi;
import static io.eventkit.node.testing.InventoryFixture.protoPeriod;
import static io.eventkit.node.testing.InventoryFixture.protoProductFields;
import static io.eventkit.node.testing.InventoryFixture.serialised;
import static io.eventkit.node.testing.InventoryFixture.unique;
import static io.eventkit.node.testing.InventoryFixture.warehouse;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.testing.Domain;
import io.eventkit.proto.v1.AddBookingLineRequest;
import io.eventkit.proto.v1.AdjustStockRequest;
import io.eventkit.proto.v1.AssetStatus;
import io.eventkit.proto.v1.BulkQuantity;
import io.eventkit.proto.v1.CaseKind;
import io.eventkit.proto.v1.CreateApiTokenRequest;
import io.eventkit.proto.v1.CreateAssetRequest;
import io.eventkit.proto.v1.CreateCaseRequest;
import io.eventkit.proto.v1.CreateEventRequest;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.DeleteProductRequest;
import io.eventkit.proto.v1.GetAssetRequest;
import io.eventkit.proto.v1.GetAvailabilityRequest;
import io.eventkit.proto.v1.GetProductRequest;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.ListProductsRequest;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.PlanningServiceGrpc;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.TransferStockRequest;
import io.eventkit.proto.v1.UpdateAssetRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Bad input through the public gRPC API: each is refused with a precise status and message, and the
 * database is exactly as before.
 */
class InventoryBadInputTest {
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
          "booking_line",
          "temporary_stock");
  private final Domain m = warn();
  private final InventoryServiceGrpc.InventoryServiceBlockingStub inv = inventoryApi();
  private final PlanningServiceGrpc.PlanningServiceBlockingStub plan = planningApi();

  private static Map<String, Long> counts() {
    return jdbi()
        .withHandle(
            h -> {
              Map<String, Long> out = new LinkedHashMap<>();
              for (String t : TABLES) {
                out.put(t, h.createQuery("SELECT count(*) FROM " + t).mapTo(Long.class).one());
              }
              return out;
            });
  }

  /** Runs the call, expects the status and message, and that no table changed. */
  private static void refused(Runnable call, Status.Code code, String... messageParts) {
    Map<String, Long> before = counts();
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(e).as("expected %s", code).isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(code);
    for (String part : messageParts) {
      assertThat(e.getStatus().getDescription()).contains(part);
    }
    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void negativeQuantitiesAndAmounts() {
    refused(
        () ->
            inv.createProduct(
                CreateProductRequest.newBuilder()
                    .setProduct(
                        protoProductFields(unique("M"))
                            .setWeightGrams(-1)
                            .setRentalPrice(
                                Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(-5)))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "product.weight_grams must not be negative",
        "product.rental_price.minor_units must not be negative");
    Product p = bulk(m, 3);
    io.eventkit.node.planning.Event e =
        event(m, EventStatus.CONFIRMED, iv("2034-01-01T00:00:00Z", "2034-01-02T00:00:00Z"));
    refused(
        () ->
            plan.addBookingLine(
                AddBookingLineRequest.newBuilder()
                    .setEventId(e.id().toString())
                    .setProduct(
                        BulkQuantity.newBuilder().setProductId(p.id().toString()).setQuantity(-2))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "product.quantity must be greater than 0 and less than or equal to 1000000 (was -2)");
    // Removing more bulk stock than there is.
    String location = m.stock.levels(p.id()).levels().get(0).locationId().toString();
    refused(
        () ->
            inv.adjustStock(
                AdjustStockRequest.newBuilder()
                    .setProductId(p.id().toString())
                    .setLocationId(location)
                    .setDelta(-4)
                    .setReason("count correction")
                    .build()),
        Status.Code.FAILED_PRECONDITION,
        "only 3 of",
        "cannot remove 4");
  }

  @Test
  void periodEndBeforeStart() {
    Product p = bulk(m, 3);
    refused(
        () ->
            inv.getAvailability(
                GetAvailabilityRequest.newBuilder()
                    .setProductId(p.id().toString())
                    .setPeriod(protoPeriod("2034-02-02T00:00:00Z", "2034-02-01T00:00:00Z"))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "period.end must be after period.start");
    refused(
        () ->
            plan.createEvent(
                CreateEventRequest.newBuilder()
                    .setName("Backwards")
                    .setPeriod(protoPeriod("2034-02-02T00:00:00Z", "2034-02-02T00:00:00Z"))
                    .build()),
        Status.Code.INVALID_ARGUMENT,
        "period.end must be after period.start");
  }

  @Test
  void unknownIds() {
    String unknown = UUID.randomUUID().toString();
    String home = warehouse(m).id().toString();
    refused(
        () -> inv.getProduct(GetProductRequest.newBuilder().setId(unknown).build()),
        Status.Code.NOT_FOUND,
        "product " + unknown + " not found");
    refused(
        () ->
            inv.createAsset(
                CreateAssetRequest.newBuilder()
                    .setProductId(unknown)
                    .setBarcode(unique("X"))
                    .setHomeLocationId(home)
                    .build()),
        Status.Code.NOT_FOUND,
        "product_id: product " + unknown + " not found");
    Product p = serialised(m, 0, Duration.ZERO, Duration.ZERO);
    refused(
        () ->
            inv.createAsset(
                CreateAssetRequest.newBuilder()
                    .setProductId(p.id().toString())
                    .setBarcode(unique("X"))
                    .setHomeLocationId(unknown)
                    .build()),
        Status.Code.NOT_FOUND,
        "home_location_id: location " + unknown + " not found");
    io.eventkit.node.planning.Event e =
        event(m, EventStatus.CONFIRMED, iv("2034-03-01T00:00:00Z", "2034-03-02T00:00:00Z"));
    refused(
        () ->
            plan.addBookingLine(
                AddBookingLineRequest.newBuilder()
                    .setEventId(e.id().toString())
                    .setAssetId(unknown)
                    .build()),
        Status.Code.NOT_FOUND,
        "asset_id: asset " + unknown + " not found");
    refused(
        () -> inv.getAsset(GetAssetRequest.newBuilder().setId("not-a-uuid").build()),
        Status.Code.INVALID_ARGUMENT,
        "id must be an ID (UUID); got 'not-a-uuid'");
  }

  @Test
  void duplicateBarcodesAcrossAssetsAndCases() {
    Product p = serialised(m, 1, Duration.ZERO, Duration.ZERO);
    Asset existing = assetsOf(m, p).get(0);
    refused(
        () ->
            inv.createAsset(
                CreateAssetRequest.newBuilder()
                    .setProductId(p.id().toString())
                    .setBarcode(existing.barcode())
                    .setHomeLocationId(existing.homeLocationId().toString())
                    .build()),
        Status.Code.ALREADY_EXISTS,
        "barcode " + existing.barcode() + " is already used by asset " + existing.id());
    refused(
        () ->
            inv.createCase(
                CreateCaseRequest.newBuilder()
                    .setBarcode(existing.barcode())
                    .setName("Case")
                    .setKind(CaseKind.CASE_KIND_TEMPORARY)
                    .setLocationId(existing.homeLocationId().toString())
                    .build()),
        Status.Code.ALREADY_EXISTS,
        "barcode " + existing.barcode() + " is already used by asset");
  }

  @Test
  void bookingAQuarantinedAsset() {
    Product p = serialised(m, 1, Duration.ZERO, Duration.ZERO);
    Asset unit = assetsOf(m, p).get(0);
    inv.updateAsset(
        UpdateAssetRequest.newBuilder()
            .setId(unit.id().toString())
            .setStatus(AssetStatus.ASSET_STATUS_QUARANTINE)
            .setNotes("smells of smoke")
            .build());
    io.eventkit.node.planning.Event e =
        event(m, EventStatus.CONFIRMED, iv("2034-04-01T00:00:00Z", "2034-04-02T00:00:00Z"));
    refused(
        () ->
            plan.addBookingLine(
                AddBookingLineRequest.newBuilder()
                    .setEventId(e.id().toString())
                    .setAssetId(unit.id().toString())
                    .build()),
        Status.Code.FAILED_PRECONDITION,
        "asset " + unit.barcode() + " is QUARANTINE and cannot be booked");
  }

  @Test
  void deletingAProductThatHasBookings() {
    Product p = bulk(m, 2);
    io.eventkit.node.planning.Event e =
        event(m, EventStatus.ENQUIRY, iv("2034-05-01T00:00:00Z", "2034-05-02T00:00:00Z"));
    book(m, e, p, 1, null);
    refused(
        () -> inv.deleteProduct(DeleteProductRequest.newBuilder().setId(p.id().toString()).build()),
        Status.Code.FAILED_PRECONDITION,
        "has 1 booking line(s)",
        "remove them before deleting the product");
    // A product nothing refers to can be deleted.
    CreateProductRequest req =
        CreateProductRequest.newBuilder().setProduct(protoProductFields(unique("M"))).build();
    String id = inv.createProduct(req).getId();
    inv.deleteProduct(DeleteProductRequest.newBuilder().setId(id).build());
    refused(
        () -> inv.getProduct(GetProductRequest.newBuilder().setId(id).build()),
        Status.Code.NOT_FOUND,
        "not found");
  }

  @Test
  void aFailingMultiRowChangeLeavesNothingBehind() {
    // The second asset of the batch has a bad location: the first must not be written either.
    Product p = serialised(m, 0, Duration.ZERO, Duration.ZERO);
    String good = warehouse(m).id().toString();
    Map<String, Long> before = counts();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                m.assets.createAll(
                    List.of(
                        new io.eventkit.node.inventory.Assets.NewAsset(
                            p.id(), unique("OK"), "", UUID.fromString(good), null, ""),
                        new io.eventkit.node.inventory.Assets.NewAsset(
                            p.id(), unique("BAD"), "", UUID.randomUUID(), null, ""))))
        .hasMessageContaining("home_location_id");
    assertThat(counts()).isEqualTo(before);
    // A transfer of an asset that is elsewhere fails whole: no transfer row, nothing moved.
    Product q = serialised(m, 1, Duration.ZERO, Duration.ZERO);
    Asset a = assetsOf(m, q).get(0);
    String elsewhere = warehouse(m).id().toString();
    refused(
        () ->
            inv.transferStock(
                TransferStockRequest.newBuilder()
                    .setFromLocationId(elsewhere)
                    .setToLocationId(good)
                    .addAssetIds(a.id().toString())
                    .build()),
        Status.Code.FAILED_PRECONDITION,
        "asset " + a.barcode() + " is at location");
  }

  @Test
  void readOnlyTokensCannotWrite() {
    String token =
        node()
            .authService(node().adminToken())
            .createApiToken(
                CreateApiTokenRequest.newBuilder()
                    .setName("viewer")
                    .setRole(Role.ROLE_READ_ONLY)
                    .build())
            .getToken();
    io.grpc.Metadata md = new io.grpc.Metadata();
    md.put(
        io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + token);
    var viewer =
        InventoryServiceGrpc.newBlockingStub(node().channel())
            .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(md));
    refused(
        () ->
            viewer.createProduct(
                CreateProductRequest.newBuilder()
                    .setProduct(protoProductFields(unique("M")))
                    .build()),
        Status.Code.PERMISSION_DENIED,
        "READ_ONLY");
    assertThat(viewer.listProducts(ListProductsRequest.getDefaultInstance())).isNotNull();
  }
}
