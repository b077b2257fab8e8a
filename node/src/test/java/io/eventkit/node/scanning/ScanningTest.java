package io.eventkit.node.scanning;

import static io.eventkit.node.scanning.Scans.in;
import static io.eventkit.node.scanning.Scans.op;
import static io.eventkit.node.scanning.Scans.out;
import static io.eventkit.node.scanning.Scans.report;
import static io.eventkit.node.testing.InventoryFixture.assetsOf;
import static io.eventkit.node.testing.InventoryFixture.book;
import static io.eventkit.node.testing.InventoryFixture.bulk;
import static io.eventkit.node.testing.InventoryFixture.event;
import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.planningApi;
import static io.eventkit.node.testing.InventoryFixture.scanningApi;
import static io.eventkit.node.testing.InventoryFixture.serialised;
import static io.eventkit.node.testing.InventoryFixture.unique;
import static io.eventkit.node.testing.InventoryFixture.warehouse;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.inventory.Asset;
import io.eventkit.node.inventory.Case;
import io.eventkit.node.inventory.Location;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.planning.Event;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.planning.Planning;
import io.eventkit.node.testing.Domain;
import io.eventkit.proto.v1.CheckInRequest;
import io.eventkit.proto.v1.CheckOutRequest;
import io.eventkit.proto.v1.DeleteEventRequest;
import io.eventkit.proto.v1.FulfilmentState;
import io.eventkit.proto.v1.ItemCondition;
import io.eventkit.proto.v1.ListScansRequest;
import io.eventkit.proto.v1.MarkMissingRequest;
import io.eventkit.proto.v1.ProductProgress;
import io.eventkit.proto.v1.ReportItem;
import io.eventkit.proto.v1.ReturnReport;
import io.eventkit.proto.v1.ScanResult;
import io.eventkit.proto.v1.ScanVerdict;
import io.eventkit.proto.v1.UndoScanRequest;
import io.eventkit.proto.v1.VerdictSeverity;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** ScanningService over gRPC against a real node and database: verdicts, returns, races. */
class ScanningTest {
  private final Domain m = warn();
  private static final Interval JUNE = iv("2033-06-10T08:00:00Z", "2033-06-12T20:00:00Z");

  private static ProductProgress progressOf(ReturnReport r, Product p) {
    return r.getProductsList().stream()
        .filter(x -> x.getProductId().equals(p.id().toString()))
        .findFirst()
        .orElseThrow();
  }

  private static Status.Code code(Runnable r) {
    try {
      r.run();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
    return Status.Code.OK;
  }

  @Test
  void everyCheckOutVerdict() {
    Product mic = serialised(m, 4, Duration.ZERO, Duration.ZERO);
    Product desk = serialised(m, 2, Duration.ZERO, Duration.ZERO);
    List<Asset> mics = assetsOf(m, mic);
    List<Asset> desks = assetsOf(m, desk);
    Event e = event(m, EventStatus.CONFIRMED, JUNE);
    Planning.Added line = book(m, e, mic, 2, null);
    Event other =
        event(m, EventStatus.CONFIRMED, iv("2033-07-10T08:00:00Z", "2033-07-11T08:00:00Z"));
    book(m, other, desk, 1, null);

    ScanResult first = out(e, mics.get(0).barcode());
    assertThat(first.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_OK);
    assertThat(first.getSeverity()).isEqualTo(VerdictSeverity.VERDICT_SEVERITY_OK);
    assertThat(first.getApplied()).isTrue();
    assertThat(first.getProgress().getOut()).isEqualTo(1);
    assertThat(first.getProgress().getBooked()).isEqualTo(2);
    assertThat(first.getMessage()).contains("1/2");

    ScanResult again = out(e, mics.get(0).barcode());
    assertThat(again.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_DUPLICATE_SCAN);
    assertThat(again.getSeverity()).isEqualTo(VerdictSeverity.VERDICT_SEVERITY_INFO);
    assertThat(again.getApplied()).isFalse();

    assertThat(out(e, mics.get(1).barcode()).getProgress().getOut()).isEqualTo(2);
    ScanResult over = out(e, mics.get(2).barcode());
    assertThat(over.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_OVER_SCAN);
    assertThat(over.getSeverity()).isEqualTo(VerdictSeverity.VERDICT_SEVERITY_WARNING);
    assertThat(over.getOverridable()).isTrue();
    assertThat(over.getApplied()).isFalse();

    ScanResult unknown = out(e, unique("NOPE"));
    assertThat(unknown.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_UNKNOWN_BARCODE);
    assertThat(unknown.getSeverity()).isEqualTo(VerdictSeverity.VERDICT_SEVERITY_ERROR);

    ScanResult notListed = out(e, desks.get(0).barcode());
    assertThat(notListed.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_NOT_ON_LIST);

    // Working the mic line and scanning a desk: wrong product.
    ScanResult wrong =
        scanningApi()
            .checkOut(
                CheckOutRequest.newBuilder()
                    .setOperationId(op())
                    .setEventId(e.id().toString())
                    .setBarcode(desks.get(0).barcode())
                    .setLineId(line.line().id().toString())
                    .build());
    assertThat(wrong.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_WRONG_PRODUCT);

    // Out on another event: ALREADY_OUT, naming it.
    assertThat(out(other, desks.get(1).barcode()).getApplied()).isTrue();
    ScanResult elsewhere = out(e, desks.get(1).barcode());
    assertThat(elsewhere.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_ALREADY_OUT);
    assertThat(elsewhere.getOtherEventId()).isEqualTo(other.id().toString());
    assertThat(elsewhere.getOtherEventName()).isEqualTo(other.name());
    assertThat(elsewhere.getOverridable()).isFalse();

    // In repair: a warning; overriding applies it with the reason recorded.
    m.assets.update(mics.get(3).id(), Asset.Status.IN_REPAIR, "");
    Event e2 = event(m, EventStatus.CONFIRMED, iv("2033-08-10T08:00:00Z", "2033-08-11T08:00:00Z"));
    book(m, e2, mic, 1, null);
    ScanResult repair = out(e2, mics.get(3).barcode());
    assertThat(repair.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_IN_MAINTENANCE);
    ScanResult forced =
        scanningApi()
            .checkOut(
                CheckOutRequest.newBuilder()
                    .setOperationId(op())
                    .setEventId(e.id().toString())
                    .setBarcode(mics.get(2).barcode())
                    .setOverrideReason("client asked for a spare on the day")
                    .build());
    assertThat(forced.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_OVER_SCAN);
    assertThat(forced.getApplied()).isTrue();
    assertThat(forced.getSeverity()).isEqualTo(VerdictSeverity.VERDICT_SEVERITY_OK);
    assertThat(forced.getProgress().getOut()).isEqualTo(3);

    ReturnReport r = report(e);
    assertThat(r.getState()).isEqualTo(FulfilmentState.FULFILMENT_STATE_OUT);
    assertThat(r.getItemsList())
        .filteredOn(i -> i.getBarcode().equals(mics.get(2).barcode()))
        .extracting(ReportItem::getOverrideReason)
        .containsExactly("client asked for a spare on the day");
    // Only applied scans changed anything: 3 mics out, nothing else of this event.
    assertThat(r.getItemsList()).hasSize(3);
    assertThat(progressOf(r, mic).getOutstanding()).isEqualTo(3);
  }

  @Test
  void anEventThatHoldsNothingCannotCheckOutAndBadRequestsAreFieldErrors() {
    Product mic = serialised(m, 1, Duration.ZERO, Duration.ZERO);
    Event enquiry = event(m, EventStatus.ENQUIRY, JUNE);
    book(m, enquiry, mic, 1, null);
    StatusRuntimeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class, () -> out(enquiry, assetsOf(m, mic).get(0).barcode()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getStatus().getDescription()).contains("ENQUIRY").contains("confirm it");

    StatusRuntimeException bad =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () ->
                scanningApi()
                    .checkOut(
                        CheckOutRequest.newBuilder()
                            .setOperationId("short")
                            .setEventId("not-a-uuid")
                            .setQuantity(-1)
                            .build()));
    assertThat(bad.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(bad.getStatus().getDescription())
        .contains("operation_id")
        .contains("event_id")
        .contains("barcode")
        .contains("quantity");
    assertThat(
            code(
                () ->
                    scanningApi()
                        .checkIn(
                            CheckInRequest.newBuilder()
                                .setOperationId(op())
                                .setEventId(enquiry.id().toString())
                                .setBarcode("X1")
                                .setCondition(ItemCondition.ITEM_CONDITION_DAMAGED)
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(() -> out(eventWithId(UUID.randomUUID()), "X1")))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  private static Event eventWithId(UUID id) {
    return new Event(id, "", "", "", "UTC", JUNE, EventStatus.CONFIRMED, 0, "", null, null);
  }

  @Test
  void partialReturnsOverSessionsWithDamageMissingAndLateness() {
    Product mic = serialised(m, 4, Duration.ZERO, Duration.ZERO);
    List<Asset> mics = assetsOf(m, mic);
    // An event that is already over: everything returned now is late.
    Interval past = iv("2024-03-01T08:00:00Z", "2024-03-02T08:00:00Z");
    Event e = event(m, EventStatus.CONFIRMED, past);
    book(m, e, mic, 4, null);
    for (Asset a : mics) {
      assertThat(out(e, a.barcode()).getApplied()).isTrue();
    }
    Interval future = iv("2033-09-01T08:00:00Z", "2033-09-02T08:00:00Z");
    // Still out after the event: not available for anything later.
    assertThat(m.availability.forProduct(mic.id(), future).available()).isZero();
    ReturnReport r0 = report(e);
    assertThat(r0.getState()).isEqualTo(FulfilmentState.FULFILMENT_STATE_OUT);
    assertThat(r0.getOverdue()).isTrue();

    // Session 1: one back fine.
    ScanResult back = in(e, mics.get(0).barcode());
    assertThat(back.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_OK);
    assertThat(back.getProgress().getOutstanding()).isEqualTo(3);
    assertThat(in(e, mics.get(0).barcode()).getVerdict())
        .isEqualTo(ScanVerdict.SCAN_VERDICT_DUPLICATE_SCAN);
    assertThat(m.availability.forProduct(mic.id(), future).available()).isEqualTo(1);
    assertThat(report(e).getState()).isEqualTo(FulfilmentState.FULFILMENT_STATE_RETURNING);

    // Session 2: one back damaged → IN_REPAIR, and not available.
    ScanResult damaged =
        scanningApi()
            .checkIn(
                CheckInRequest.newBuilder()
                    .setOperationId(op())
                    .setEventId(e.id().toString())
                    .setBarcode(mics.get(1).barcode())
                    .setCondition(ItemCondition.ITEM_CONDITION_DAMAGED)
                    .setNote("grille dented")
                    .build());
    assertThat(damaged.getApplied()).isTrue();
    assertThat(damaged.getProgress().getDamaged()).isEqualTo(1);
    assertThat(m.assets.get(mics.get(1).id()).status()).isEqualTo(Asset.Status.IN_REPAIR);
    assertThat(m.availability.forProduct(mic.id(), future).available()).isEqualTo(1);

    // One is missing → LOST; one is still out.
    ScanResult lost =
        scanningApi()
            .markMissing(
                MarkMissingRequest.newBuilder()
                    .setOperationId(op())
                    .setEventId(e.id().toString())
                    .setAssetId(mics.get(2).id().toString())
                    .setNote("not in the truck")
                    .build());
    assertThat(lost.getApplied()).isTrue();
    assertThat(m.assets.get(mics.get(2).id()).status()).isEqualTo(Asset.Status.LOST);

    ReturnReport r = report(e);
    assertThat(r.getState()).isEqualTo(FulfilmentState.FULFILMENT_STATE_RETURNING);
    ProductProgress p = progressOf(r, mic);
    assertThat(
            List.of(
                p.getOut(), p.getReturned(), p.getDamaged(), p.getMissing(), p.getOutstanding()))
        .containsExactly(4, 1, 1, 1, 1);
    Map<String, ReportItem> items =
        r.getItemsList().stream().collect(Collectors.toMap(ReportItem::getBarcode, i -> i));
    // Still out first, and who has it.
    assertThat(r.getItems(0).getBarcode()).isEqualTo(mics.get(3).barcode());
    assertThat(r.getItems(0).hasClosedAt()).isFalse();
    assertThat(r.getItems(0).getOutBy()).isNotBlank();
    assertThat(items.get(mics.get(0).barcode()).getLate()).isTrue();
    assertThat(items.get(mics.get(1).barcode()).getCondition())
        .isEqualTo(ItemCondition.ITEM_CONDITION_DAMAGED);
    assertThat(items.get(mics.get(1).barcode()).getNote()).isEqualTo("grille dented");
    assertThat(items.get(mics.get(2).barcode()).getCondition())
        .isEqualTo(ItemCondition.ITEM_CONDITION_MISSING);

    // The asset's own history: one trip, on this event, back damaged and late.
    List<ReportItem> trips =
        scanningApi()
            .listAssetTrips(
                io.eventkit.proto.v1.ListAssetTripsRequest.newBuilder()
                    .setAssetId(mics.get(1).id().toString())
                    .build())
            .getTripsList();
    assertThat(trips).hasSize(1);
    assertThat(trips.get(0).getEventName()).isEqualTo(e.name());
    assertThat(trips.get(0).getCondition()).isEqualTo(ItemCondition.ITEM_CONDITION_DAMAGED);
    assertThat(trips.get(0).getLate()).isTrue();

    // The last one back: RETURNED. The missing one turns up later: found, AVAILABLE again.
    in(e, mics.get(3).barcode());
    assertThat(report(e).getState()).isEqualTo(FulfilmentState.FULFILMENT_STATE_RETURNED);
    assertThat(report(e).getOverdue()).isFalse();
    ScanResult found = in(e, mics.get(2).barcode());
    assertThat(found.getApplied()).isTrue();
    assertThat(found.getMessage()).contains("found");
    assertThat(m.assets.get(mics.get(2).id()).status()).isEqualTo(Asset.Status.AVAILABLE);
    assertThat(m.availability.forProduct(mic.id(), future).available()).isEqualTo(3);

    // Checking in something that is not out is an error verdict, and changes nothing.
    assertThat(in(e, mics.get(0).barcode()).getVerdict())
        .isIn(ScanVerdict.SCAN_VERDICT_DUPLICATE_SCAN, ScanVerdict.SCAN_VERDICT_NOT_OUT);

    // An event with scans cannot be deleted (cancelling keeps the record).
    StatusRuntimeException del =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () ->
                planningApi()
                    .deleteEvent(DeleteEventRequest.newBuilder().setId(e.id().toString()).build()));
    assertThat(del.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void aCaseChecksOutAndInItsContentsAllOrNothing() {
    Product mic = serialised(m, 3, Duration.ZERO, Duration.ZERO);
    Product cable = bulk(m, 20);
    List<Asset> mics = assetsOf(m, mic);
    Location w = warehouse(m);
    Case box = m.cases.create(unique("CASE"), "Mic case", Case.Kind.PERMANENT, w.id());
    m.cases.addAsset(box.id(), mics.get(0).id());
    m.cases.addAsset(box.id(), mics.get(1).id());
    m.cases.addBulk(box.id(), cable.id(), 5);
    Event e = event(m, EventStatus.CONFIRMED, JUNE);
    m.planning.addLine(new Planning.NewLine(e.id(), null, 1, null, box.id(), null, null));

    ScanResult c = out(e, box.barcode());
    assertThat(c.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_OK);
    assertThat(c.getContentsCount()).isEqualTo(3);
    assertThat(out(e, box.barcode()).getVerdict())
        .isEqualTo(ScanVerdict.SCAN_VERDICT_DUPLICATE_SCAN);
    ReturnReport r = report(e);
    assertThat(progressOf(r, mic).getOut()).isEqualTo(2);
    assertThat(progressOf(r, cable).getOut()).isEqualTo(5);
    assertThat(r.getItemsList()).allMatch(i -> i.getCaseBarcode().equals(box.barcode()));

    ScanResult back = in(e, box.barcode());
    assertThat(back.getApplied()).isTrue();
    assertThat(back.getContentsCount()).isEqualTo(3);
    assertThat(report(e).getState()).isEqualTo(FulfilmentState.FULFILMENT_STATE_RETURNED);
    assertThat(in(e, box.barcode()).getVerdict())
        .isEqualTo(ScanVerdict.SCAN_VERDICT_DUPLICATE_SCAN);

    // A case whose unit is out elsewhere goes nowhere: all or nothing.
    Event other =
        event(m, EventStatus.CONFIRMED, iv("2033-06-20T08:00:00Z", "2033-06-21T08:00:00Z"));
    book(m, other, mic, 1, null);
    assertThat(out(other, mics.get(1).barcode()).getApplied()).isTrue();
    Event third =
        event(m, EventStatus.CONFIRMED, iv("2033-06-25T08:00:00Z", "2033-06-26T08:00:00Z"));
    m.planning.addLine(new Planning.NewLine(third.id(), null, 1, null, box.id(), null, null));
    ScanResult blocked = out(third, box.barcode());
    assertThat(blocked.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_ALREADY_OUT);
    assertThat(blocked.getMessage()).contains(mics.get(1).barcode());
    assertThat(report(third).getItemsList()).isEmpty();
    assertThat(report(third).getState()).isEqualTo(FulfilmentState.FULFILMENT_STATE_NOT_STARTED);
  }

  @Test
  void bulkByQuantityWithPartialAndDamagedReturns() {
    Product cable = bulk(m, 30);
    Location w = warehouse(m);
    m.stock.adjust(
        new io.eventkit.node.inventory.Stock.NewAdjustment(cable.id(), w.id(), 10, "purchase", ""));
    Event e = event(m, EventStatus.CONFIRMED, JUNE);
    book(m, e, cable, 12, null);
    Function<Integer, CheckOutRequest> outReq =
        q ->
            CheckOutRequest.newBuilder()
                .setOperationId(op())
                .setEventId(e.id().toString())
                .setProductId(cable.id().toString())
                .setQuantity(q)
                .build();
    assertThat(scanningApi().checkOut(outReq.apply(10)).getProgress().getOut()).isEqualTo(10);
    ScanResult over = scanningApi().checkOut(outReq.apply(3));
    assertThat(over.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_OVER_SCAN);
    assertThat(over.getApplied()).isFalse();
    assertThat(scanningApi().checkOut(outReq.apply(2)).getProgress().getOut()).isEqualTo(12);

    CheckInRequest.Builder back =
        CheckInRequest.newBuilder()
            .setEventId(e.id().toString())
            .setProductId(cable.id().toString());
    assertThat(
            scanningApi()
                .checkIn(back.clone().setOperationId(op()).setQuantity(7).build())
                .getProgress()
                .getOutstanding())
        .isEqualTo(5);
    // Damaged bulk is written off the stock where it is.
    int before = m.stock.levels(cable.id()).total();
    ScanResult damaged =
        scanningApi()
            .checkIn(
                back.clone()
                    .setOperationId(op())
                    .setQuantity(2)
                    .setCondition(ItemCondition.ITEM_CONDITION_DAMAGED)
                    .setNote("cut")
                    .setLocationId(w.id().toString())
                    .build());
    assertThat(damaged.getProgress().getDamaged()).isEqualTo(2);
    assertThat(m.stock.levels(cable.id()).total()).isEqualTo(before - 2);
    // More back than is out: refused, not overridable.
    ScanResult tooMany =
        scanningApi().checkIn(back.clone().setOperationId(op()).setQuantity(4).build());
    assertThat(tooMany.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_OVER_SCAN);
    assertThat(tooMany.getOverridable()).isFalse();
    assertThat(progressOf(report(e), cable).getOutstanding()).isEqualTo(3);
  }

  @Test
  void aReplayReturnsTheFirstResultAndAReusedIdIsRefused() {
    Product mic = serialised(m, 2, Duration.ZERO, Duration.ZERO);
    List<Asset> mics = assetsOf(m, mic);
    Event e = event(m, EventStatus.CONFIRMED, JUNE);
    book(m, e, mic, 2, null);
    CheckOutRequest req =
        CheckOutRequest.newBuilder()
            .setOperationId(op())
            .setEventId(e.id().toString())
            .setBarcode(mics.get(0).barcode())
            .build();
    ScanResult first = scanningApi().checkOut(req);
    ScanResult replay = scanningApi().checkOut(req);
    assertThat(first.getReplayed()).isFalse();
    assertThat(replay.getReplayed()).isTrue();
    assertThat(replay.toBuilder().setReplayed(false).build()).isEqualTo(first);
    assertThat(report(e).getItemsList()).hasSize(1);

    StatusRuntimeException reused =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () ->
                scanningApi().checkOut(req.toBuilder().setBarcode(mics.get(1).barcode()).build()));
    assertThat(reused.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(report(e).getItemsList()).hasSize(1);
    assertThat(
            scanningApi()
                .listScans(ListScansRequest.newBuilder().setEventId(e.id().toString()).build())
                .getScansList())
        .extracting(ScanResult::getOperationId)
        .containsExactly(req.getOperationId());
  }

  @Test
  void undoRevertsTheLastScanOnceAndNotWhatLaterScansBuiltOn() {
    Product mic = serialised(m, 2, Duration.ZERO, Duration.ZERO);
    List<Asset> mics = assetsOf(m, mic);
    Event e = event(m, EventStatus.CONFIRMED, JUNE);
    book(m, e, mic, 2, null);
    ScanResult a = out(e, mics.get(0).barcode());
    UndoScanRequest undo =
        UndoScanRequest.newBuilder()
            .setOperationId(op())
            .setScanOperationId(a.getOperationId())
            .build();
    ScanResult undone = scanningApi().undoScan(undo);
    assertThat(undone.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_UNDONE);
    assertThat(undone.getProgress().getOut()).isZero();
    assertThat(scanningApi().undoScan(undo).getReplayed()).isTrue();
    ScanResult twice = scanningApi().undoScan(undo.toBuilder().setOperationId(op()).build());
    assertThat(twice.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_CANNOT_UNDO);
    assertThat(report(e).getItemsList()).isEmpty();

    ScanResult b = out(e, mics.get(1).barcode());
    in(e, mics.get(1).barcode());
    ScanResult late =
        scanningApi()
            .undoScan(
                UndoScanRequest.newBuilder()
                    .setOperationId(op())
                    .setScanOperationId(b.getOperationId())
                    .build());
    assertThat(late.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_CANNOT_UNDO);
    assertThat(late.getMessage()).contains("came back");
    assertThat(
            scanningApi()
                .listScans(ListScansRequest.newBuilder().setEventId(e.id().toString()).build())
                .getScansList()
                .stream()
                .filter(s -> s.getOperationId().equals(a.getOperationId()))
                .findFirst()
                .orElseThrow()
                .getUndoneByOperationId())
        .isEqualTo(undo.getOperationId());
  }

  @Test
  void concurrentScannersResolveToOneEffect() throws Exception {
    Product mic = serialised(m, 6, Duration.ZERO, Duration.ZERO);
    List<Asset> mics = assetsOf(m, mic);
    Event e = event(m, EventStatus.CONFIRMED, JUNE);
    book(m, e, mic, 3, null);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      // Six scanners on the same unit at once: one checks it out, five see a duplicate.
      List<ScanResult> same = race(pool, 6, i -> () -> out(e, mics.get(0).barcode()));
      assertThat(same).filteredOn(ScanResult::getApplied).hasSize(1);
      assertThat(same)
          .filteredOn(r -> r.getVerdict() == ScanVerdict.SCAN_VERDICT_DUPLICATE_SCAN)
          .hasSize(5);
      // Five different units for the two places left on the line: two out, three over-scans.
      List<ScanResult> line = race(pool, 5, i -> () -> out(e, mics.get(i + 1).barcode()));
      assertThat(line).filteredOn(ScanResult::getApplied).hasSize(2);
      assertThat(line)
          .filteredOn(r -> r.getVerdict() == ScanVerdict.SCAN_VERDICT_OVER_SCAN)
          .hasSize(3);
      assertThat(progressOf(report(e), mic).getOut()).isEqualTo(3);
      // The same operation sent six times at once: applied once, five replays.
      CheckOutRequest one =
          CheckOutRequest.newBuilder()
              .setOperationId(op())
              .setEventId(e.id().toString())
              .setBarcode(unique("NOPE"))
              .build();
      List<ScanResult> replays = race(pool, 6, i -> () -> scanningApi().checkOut(one));
      assertThat(replays).filteredOn(ScanResult::getReplayed).hasSize(5);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<ScanResult> race(
      ExecutorService pool, int n, Function<Integer, Callable<ScanResult>> task) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<ScanResult>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Callable<ScanResult> c = task.apply(i);
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return c.call();
              }));
    }
    start.countDown();
    List<ScanResult> out = new ArrayList<>();
    for (Future<ScanResult> f : futures) {
      out.add(f.get());
    }
    return out;
  }

  @Test
  void overridingAWarningNeedsThePermissionAndChangesNothingWithout() {
    Product mic = serialised(m, 1, Duration.ZERO, Duration.ZERO);
    Event e = event(m, EventStatus.CONFIRMED, JUNE);
    var asWarehouse =
        io.eventkit.node.testing.InventoryFixture.scanningApi(
            io.eventkit.node.testing.InventoryFixture.roleToken(
                io.eventkit.proto.v1.Role.ROLE_WAREHOUSE));
    CheckOutRequest req =
        CheckOutRequest.newBuilder()
            .setOperationId(op())
            .setEventId(e.id().toString())
            .setBarcode(assetsOf(m, mic).get(0).barcode())
            .build();
    // The Warehouse role scans; the warning comes back as a verdict.
    assertThat(asWarehouse.checkOut(req).getVerdict())
        .isEqualTo(ScanVerdict.SCAN_VERDICT_NOT_ON_LIST);
    StatusRuntimeException denied =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () ->
                asWarehouse.checkOut(
                    req.toBuilder().setOperationId(op()).setOverrideReason("trust me").build()));
    assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(denied.getStatus().getDescription()).contains("SCAN_OVERRIDE");
    assertThat(report(e).getItemsList()).isEmpty();
  }
}
