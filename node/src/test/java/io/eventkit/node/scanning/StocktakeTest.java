package io.eventkit.node.scanning;

import static io.eventkit.node.testing.InventoryFixture.book;
import static io.eventkit.node.testing.InventoryFixture.event;
import static io.eventkit.node.testing.InventoryFixture.fields;
import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.roleToken;
import static io.eventkit.node.testing.InventoryFixture.scanningApi;
import static io.eventkit.node.testing.InventoryFixture.unique;
import static io.eventkit.node.testing.InventoryFixture.warehouse;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.eventkit.node.inventory.Asset;
import io.eventkit.node.inventory.Assets;
import io.eventkit.node.inventory.Location;
import io.eventkit.node.inventory.Locations;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.inventory.Stock;
import io.eventkit.node.planning.Event;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.testing.Domain;
import io.eventkit.proto.v1.CheckOutRequest;
import io.eventkit.proto.v1.CountStocktakeRequest;
import io.eventkit.proto.v1.CountVerdict;
import io.eventkit.proto.v1.DecideStocktakeRequest;
import io.eventkit.proto.v1.GetStocktakeRequest;
import io.eventkit.proto.v1.ListStocktakesRequest;
import io.eventkit.proto.v1.Role;
import io.eventkit.proto.v1.StartStocktakeRequest;
import io.eventkit.proto.v1.Stocktake;
import io.eventkit.proto.v1.StocktakeCount;
import io.eventkit.proto.v1.StocktakeLine;
import io.eventkit.proto.v1.StocktakeReview;
import io.eventkit.proto.v1.StocktakeStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Stocktakes over gRPC against a real node: count, review against the books, approve, reject. */
class StocktakeTest {
  private final Domain m = warn();

  private Asset unit(Product p, Location at) {
    return m.assets.create(
        new Assets.NewAsset(
            p.id(), unique("ST"), unique("SN"), at.id(), Asset.Status.AVAILABLE, ""));
  }

  private static StocktakeCount count(Stocktake s, String barcode) {
    return scanningApi()
        .countStocktake(
            CountStocktakeRequest.newBuilder()
                .setOperationId(UUID.randomUUID().toString())
                .setStocktakeId(s.getId())
                .setBarcode(barcode)
                .build());
  }

  private static StocktakeCount countBulk(Stocktake s, Product p, int q) {
    return scanningApi()
        .countStocktake(
            CountStocktakeRequest.newBuilder()
                .setOperationId(UUID.randomUUID().toString())
                .setStocktakeId(s.getId())
                .setProductId(p.id().toString())
                .setQuantity(q)
                .build());
  }

  private static Stocktake start(Location l, boolean blind) {
    return scanningApi()
        .startStocktake(
            StartStocktakeRequest.newBuilder()
                .setLocationId(l.id().toString())
                .setName("Year end " + l.code())
                .setBlind(blind)
                .build());
  }

  private static Status.Code code(Runnable r) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, r::run);
    return e.getStatus().getCode();
  }

  @Test
  void countsAreReviewedAgainstTheBooksAndApprovalAppliesThem() {
    Location w = warehouse(m);
    Location bin =
        m.locations.create(
            new Locations.NewLocation(Location.Kind.BIN, unique("B"), "Shelf 1", w.id(), ""));
    Location elsewhere = warehouse(m);
    Product mic =
        m.catalog.create(
            fields(unique("ST-"), Product.Tracking.SERIALISED, Duration.ZERO, Duration.ZERO));
    Asset onShelf = unit(mic, w);
    Asset missing = unit(mic, w);
    Asset inBin = unit(mic, bin);
    Asset outOnEvent = unit(mic, w);
    Asset stray = unit(mic, elsewhere);
    Event e = event(m, EventStatus.CONFIRMED, iv("2034-01-10T08:00:00Z", "2034-01-11T08:00:00Z"));
    book(m, e, mic, 1, null);
    scanningApi()
        .checkOut(
            CheckOutRequest.newBuilder()
                .setOperationId(UUID.randomUUID().toString())
                .setEventId(e.id().toString())
                .setBarcode(outOnEvent.barcode())
                .build());
    Product cable =
        m.catalog.create(
            fields(unique("STB-"), Product.Tracking.BULK, Duration.ZERO, Duration.ZERO));
    m.stock.adjust(new Stock.NewAdjustment(cable.id(), w.id(), 10, "purchase", ""));
    Product notCounted =
        m.catalog.create(
            fields(unique("STN-"), Product.Tracking.BULK, Duration.ZERO, Duration.ZERO));
    m.stock.adjust(new Stock.NewAdjustment(notCounted.id(), w.id(), 4, "purchase", ""));

    Stocktake s = start(w, false);
    assertThat(s.getStatus()).isEqualTo(StocktakeStatus.STOCKTAKE_STATUS_OPEN);
    // A second open stocktake of the same location is refused.
    assertThat(code(() -> start(w, false))).isEqualTo(Status.Code.FAILED_PRECONDITION);

    assertThat(count(s, onShelf.barcode()).getVerdict()).isEqualTo(CountVerdict.COUNT_VERDICT_OK);
    assertThat(count(s, inBin.barcode()).getVerdict()).isEqualTo(CountVerdict.COUNT_VERDICT_OK);
    assertThat(count(s, onShelf.barcode()).getVerdict())
        .isEqualTo(CountVerdict.COUNT_VERDICT_DUPLICATE);
    StocktakeCount strayCount = count(s, stray.barcode());
    assertThat(strayCount.getVerdict()).isEqualTo(CountVerdict.COUNT_VERDICT_UNEXPECTED);
    assertThat(strayCount.getMessage()).contains(elsewhere.code());
    assertThat(count(s, unique("NOPE")).getVerdict())
        .isEqualTo(CountVerdict.COUNT_VERDICT_UNKNOWN_BARCODE);
    countBulk(s, cable, 9);
    assertThat(countBulk(s, cable, 8).getQuantity()).isEqualTo(8); // a recount replaces

    // Counting changed nothing yet.
    assertThat(m.assets.get(missing.id()).status()).isEqualTo(Asset.Status.AVAILABLE);
    assertThat(m.stock.levels(cable.id()).total()).isEqualTo(10);

    StocktakeReview r =
        scanningApi().getStocktake(GetStocktakeRequest.newBuilder().setId(s.getId()).build());
    assertThat(r.getBooksShown()).isTrue();
    // Expected: the two on the shelf and the one in the bin (not the one out on the event).
    assertThat(r.getExpectedUnits()).isEqualTo(3);
    assertThat(r.getCountedUnits()).isEqualTo(3);
    Map<String, StocktakeLine> byKind =
        r.getLinesList().stream()
            .filter(l -> !l.getKind().equals("OK"))
            .collect(Collectors.toMap(l -> l.getKind() + ":" + l.getProductId(), l -> l));
    assertThat(byKind.get("MISSING:" + mic.id()).getBarcode()).isEqualTo(missing.barcode());
    assertThat(byKind.get("UNEXPECTED:" + mic.id()).getBarcode()).isEqualTo(stray.barcode());
    assertThat(byKind.get("UNEXPECTED:" + mic.id()).getBookLocationId())
        .isEqualTo(elsewhere.id().toString());
    StocktakeLine short_ = byKind.get("SHORT:" + cable.id());
    assertThat(List.of(short_.getExpected(), short_.getCounted(), short_.getDifference()))
        .containsExactly(10, 8, -2);
    assertThat(byKind.get("NOT_COUNTED:" + notCounted.id()).getExpected()).isEqualTo(4);

    // A counter cannot approve.
    assertThat(
            code(
                () ->
                    scanningApi(roleToken(Role.ROLE_WAREHOUSE))
                        .approveStocktake(
                            DecideStocktakeRequest.newBuilder().setId(s.getId()).build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);

    StocktakeReview approved =
        scanningApi()
            .approveStocktake(
                DecideStocktakeRequest.newBuilder().setId(s.getId()).setNote("checked").build());
    assertThat(approved.getStocktake().getStatus())
        .isEqualTo(StocktakeStatus.STOCKTAKE_STATUS_APPROVED);
    assertThat(approved.getStocktake().getDecidedBy()).isNotBlank();
    assertThat(m.assets.get(missing.id()).status()).isEqualTo(Asset.Status.LOST);
    assertThat(m.assets.get(stray.id()).locationId()).isEqualTo(w.id());
    assertThat(m.assets.get(outOnEvent.id()).status()).isEqualTo(Asset.Status.AVAILABLE);
    assertThat(m.stock.levels(cable.id()).total()).isEqualTo(8);
    assertThat(m.stock.levels(notCounted.id()).total()).isEqualTo(4);
    List<Integer> deltas =
        io.eventkit.node.testing.InventoryFixture.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT delta FROM stock_adjustment WHERE product_id = :p"
                                + " AND reason = 'stocktake'")
                        .bind("p", cable.id())
                        .mapTo(Integer.class)
                        .list());
    assertThat(deltas).containsExactly(-2);
    // Decided once: counting or deciding again is refused.
    assertThat(code(() -> count(s, onShelf.barcode()))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(
            code(
                () ->
                    scanningApi()
                        .approveStocktake(
                            DecideStocktakeRequest.newBuilder().setId(s.getId()).build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(
            scanningApi()
                .listStocktakes(
                    ListStocktakesRequest.newBuilder().setLocationId(w.id().toString()).build())
                .getStocktakesList())
        .extracting(Stocktake::getId)
        .containsExactly(s.getId());
  }

  @Test
  void aBlindCountHidesTheBooksFromCountersAndARejectionChangesNothing() {
    Location w = warehouse(m);
    Product mic =
        m.catalog.create(
            fields(unique("SB-"), Product.Tracking.SERIALISED, Duration.ZERO, Duration.ZERO));
    Asset a = unit(mic, w);
    Asset b = unit(mic, w);
    Stocktake s = start(w, true);
    var counter = scanningApi(roleToken(Role.ROLE_WAREHOUSE));
    StocktakeCount c =
        counter.countStocktake(
            CountStocktakeRequest.newBuilder()
                .setOperationId(UUID.randomUUID().toString())
                .setStocktakeId(s.getId())
                .setBarcode(a.barcode())
                .build());
    assertThat(c.getVerdict()).isEqualTo(CountVerdict.COUNT_VERDICT_OK);
    StocktakeReview blind =
        counter.getStocktake(GetStocktakeRequest.newBuilder().setId(s.getId()).build());
    assertThat(blind.getBooksShown()).isFalse();
    assertThat(blind.getExpectedUnits()).isZero();
    assertThat(blind.getLinesList()).noneMatch(l -> l.getKind().equals("MISSING"));
    StocktakeReview full =
        scanningApi().getStocktake(GetStocktakeRequest.newBuilder().setId(s.getId()).build());
    assertThat(full.getBooksShown()).isTrue();
    assertThat(full.getLinesList())
        .anySatisfy(l -> assertThat(l.getBarcode()).isEqualTo(b.barcode()));

    // Rejecting needs a note, and applies nothing.
    assertThat(
            code(
                () ->
                    scanningApi()
                        .rejectStocktake(
                            DecideStocktakeRequest.newBuilder().setId(s.getId()).build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    StocktakeReview rejected =
        scanningApi()
            .rejectStocktake(
                DecideStocktakeRequest.newBuilder()
                    .setId(s.getId())
                    .setNote("half the shelf was skipped")
                    .build());
    assertThat(rejected.getStocktake().getStatus())
        .isEqualTo(StocktakeStatus.STOCKTAKE_STATUS_REJECTED);
    assertThat(m.assets.get(b.id()).status()).isEqualTo(Asset.Status.AVAILABLE);
    // The location is free for a new count.
    assertThat(start(w, false).getStatus()).isEqualTo(StocktakeStatus.STOCKTAKE_STATUS_OPEN);
  }

  @Test
  void aCountIsIdempotentByOperationId() {
    Location w = warehouse(m);
    Product mic =
        m.catalog.create(
            fields(unique("SI-"), Product.Tracking.SERIALISED, Duration.ZERO, Duration.ZERO));
    Asset a = unit(mic, w);
    Stocktake s = start(w, false);
    CountStocktakeRequest req =
        CountStocktakeRequest.newBuilder()
            .setOperationId(UUID.randomUUID().toString())
            .setStocktakeId(s.getId())
            .setBarcode(a.barcode())
            .build();
    StocktakeCount first = scanningApi().countStocktake(req);
    StocktakeCount replay = scanningApi().countStocktake(req);
    assertThat(first.getVerdict()).isEqualTo(CountVerdict.COUNT_VERDICT_OK);
    assertThat(replay.getReplayed()).isTrue();
    assertThat(replay.getVerdict()).isEqualTo(CountVerdict.COUNT_VERDICT_OK);
    assertThat(
            code(
                () ->
                    scanningApi()
                        .countStocktake(req.toBuilder().setBarcode(unique("OTHER")).build())))
        .isEqualTo(Status.Code.ALREADY_EXISTS);
  }
}
