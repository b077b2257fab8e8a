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
import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.planningApi;
import static io.eventkit.node.testing.InventoryFixture.scanningApi;
import static io.eventkit.node.testing.InventoryFixture.serialised;
import static io.eventkit.node.testing.InventoryFixture.unique;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.inventory.Asset;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.planning.Event;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.testing.Domain;
import io.eventkit.proto.v1.CheckInRequest;
import io.eventkit.proto.v1.CheckOutRequest;
import io.eventkit.proto.v1.FulfilmentState;
import io.eventkit.proto.v1.GetEventRequest;
import io.eventkit.proto.v1.ItemCondition;
import io.eventkit.proto.v1.ListEventsRequest;
import io.eventkit.proto.v1.ReportItem;
import io.eventkit.proto.v1.ReturnReport;
import io.eventkit.proto.v1.ScanResult;
import io.eventkit.proto.v1.ScanVerdict;
import io.eventkit.proto.v1.UndoScanRequest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two things scans move beyond their own tables: the event's fulfilment (where its gear is), and
 * partners' units on hire here, which scan through the sub-hire manifest stored on this node.
 */
class PartnerUnitsAndFulfilmentTest {
  private final Domain m = warn();
  private static final Interval JULY = iv("2034-07-10T08:00:00Z", "2034-07-12T20:00:00Z");

  private static FulfilmentState fulfilment(Event e) {
    return planningApi()
        .getEvent(GetEventRequest.newBuilder().setId(e.id().toString()).build())
        .getEvent()
        .getFulfilment();
  }

  @Test
  void theEventsFulfilmentFollowsItsScansInGetAndList() {
    Product mic = serialised(m, 2, Duration.ZERO, Duration.ZERO);
    List<Asset> mics = assetsOf(m, mic);
    Event e = event(m, EventStatus.CONFIRMED, JULY);
    book(m, e, mic, 2, null);
    assertThat(fulfilment(e)).isEqualTo(FulfilmentState.FULFILMENT_STATE_NOT_STARTED);

    out(e, mics.get(0).barcode());
    assertThat(fulfilment(e)).isEqualTo(FulfilmentState.FULFILMENT_STATE_PREPPING);
    ScanResult second = out(e, mics.get(1).barcode());
    assertThat(fulfilment(e)).isEqualTo(FulfilmentState.FULFILMENT_STATE_OUT);
    assertThat(
            planningApi()
                .listEvents(ListEventsRequest.newBuilder().setQuery(e.name()).build())
                .getEventsList())
        .singleElement()
        .satisfies(
            x -> assertThat(x.getFulfilment()).isEqualTo(FulfilmentState.FULFILMENT_STATE_OUT));

    // "What is out now": a filter on the list, combinable with the others.
    assertThat(
            planningApi()
                .listEvents(
                    ListEventsRequest.newBuilder()
                        .setQuery(e.name())
                        .addFulfilments(FulfilmentState.FULFILMENT_STATE_OUT)
                        .addFulfilments(FulfilmentState.FULFILMENT_STATE_RETURNING)
                        .build())
                .getEventsCount())
        .isEqualTo(1);
    assertThat(
            planningApi()
                .listEvents(
                    ListEventsRequest.newBuilder()
                        .setQuery(e.name())
                        .addFulfilments(FulfilmentState.FULFILMENT_STATE_RETURNED)
                        .build())
                .getEventsCount())
        .isZero();
    io.grpc.StatusRuntimeException bad =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.grpc.StatusRuntimeException.class,
            () ->
                planningApi()
                    .listEvents(
                        ListEventsRequest.newBuilder()
                            .addFulfilments(FulfilmentState.FULFILMENT_STATE_UNSPECIFIED)
                            .build()));
    assertThat(bad.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
    assertThat(bad.getStatus().getDescription()).contains("fulfilments");

    in(e, mics.get(0).barcode(), ItemCondition.ITEM_CONDITION_OK);
    assertThat(fulfilment(e)).isEqualTo(FulfilmentState.FULFILMENT_STATE_RETURNING);
    ScanResult last = in(e, mics.get(1).barcode(), ItemCondition.ITEM_CONDITION_DAMAGED);
    assertThat(fulfilment(e)).isEqualTo(FulfilmentState.FULFILMENT_STATE_RETURNED);
    assertThat(report(e).getState()).isEqualTo(FulfilmentState.FULFILMENT_STATE_RETURNED);

    // An undo moves it back; a scan that changes nothing (a duplicate) leaves it.
    scanningApi()
        .undoScan(
            UndoScanRequest.newBuilder()
                .setOperationId(op())
                .setScanOperationId(last.getOperationId())
                .build());
    assertThat(fulfilment(e)).isEqualTo(FulfilmentState.FULFILMENT_STATE_RETURNING);
    assertThat(out(e, mics.get(1).barcode()).getVerdict())
        .isEqualTo(ScanVerdict.SCAN_VERDICT_DUPLICATE_SCAN);
    assertThat(fulfilment(e)).isEqualTo(FulfilmentState.FULFILMENT_STATE_RETURNING);
    assertThat(second.getApplied()).isTrue();
  }

  /**
   * A borrower's dispatched sub-hire, as sub-hire stores it: the partner named here does not exist,
   * so every answer comes from the manifest on this node (the partner is down by construction).
   */
  private static UUID dispatchedSubHire(
      String state, UUID localProduct, String supplierProduct, String... barcodes) {
    UUID id = UUID.randomUUID();
    jdbi()
        .useTransaction(
            h -> {
              h.createUpdate(
                      "INSERT INTO subhire (id, role, partner_node_id, state, requesting_company,"
                          + " contact_name, event_name, usage_period, delivery_period, created_at,"
                          + " updated_at) VALUES (:id, 'BORROWER', 'down.partner.test', :state,"
                          + " 'Us', 'Planner', 'Show', tstzrange(:s, :e), tstzrange(:s, :e),"
                          + " now(), now())")
                  .bind("id", id)
                  .bind("state", state)
                  .bind("s", JULY.start())
                  .bind("e", JULY.end())
                  .execute();
              h.createUpdate(
                      "INSERT INTO subhire_line (subhire_id, line_no, supplier_product_id,"
                          + " local_product_id, product_name, quantity)"
                          + " VALUES (:id, 1, :sp, :local, 'Their speaker', :n)")
                  .bind("id", id)
                  .bind("sp", supplierProduct)
                  .bind("local", localProduct)
                  .bind("n", barcodes.length)
                  .execute();
              for (String b : barcodes) {
                h.createUpdate(
                        "INSERT INTO subhire_manifest (subhire_id, barcode, asset_ref,"
                            + " supplier_product_id, product_name)"
                            + " VALUES (:id, :b, :ref, :sp, 'Their speaker')")
                    .bind("id", id)
                    .bind("b", b)
                    .bind("ref", "down.partner.test/" + b)
                    .bind("sp", supplierProduct)
                    .execute();
              }
            });
    return id;
  }

  @Test
  void aPartnersUnitScansOutAndBackThroughTheManifestWithThePartnerDown() {
    // We own one speaker; the two scanned here come from the partner.
    Product speaker = bulk(m, 1);
    Event e = event(m, EventStatus.CONFIRMED, JULY);
    book(m, e, speaker, 2, null);
    String b1 = unique("PARTNER-");
    String b2 = unique("PARTNER-");
    dispatchedSubHire("DISPATCHED", speaker.id(), "their-speaker", b1, b2);

    ScanResult first = out(e, b1);
    assertThat(first.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_OK);
    assertThat(first.getApplied()).isTrue();
    assertThat(first.getProgress().getOut()).isEqualTo(1);
    assertThat(first.getProgress().getBooked()).isEqualTo(2);
    assertThat(first.getMessage()).contains("down.partner.test").contains("1/2");
    assertThat(first.getItem().getBarcode()).isEqualTo(b1);
    assertThat(first.getItem().getAssetId()).isEmpty();
    assertThat(out(e, b1).getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_DUPLICATE_SCAN);

    // The same unit cannot be out on two events at once.
    Event other = event(m, EventStatus.CONFIRMED, JULY);
    book(m, other, speaker, 1, null);
    ScanResult elsewhere = out(other, b1);
    assertThat(elsewhere.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_ALREADY_OUT);
    assertThat(elsewhere.getOtherEventId()).isEqualTo(e.id().toString());

    assertThat(out(e, b2).getProgress().getOut()).isEqualTo(2);
    assertThat(fulfilment(e)).isEqualTo(FulfilmentState.FULFILMENT_STATE_OUT);
    ReturnReport r = report(e);
    assertThat(r.getItemsList())
        .extracting(ReportItem::getAssetRef)
        .containsExactlyInAnyOrder("down.partner.test/" + b1, "down.partner.test/" + b2);
    assertThat(r.getItemsList()).allSatisfy(i -> assertThat(i.getAssetId()).isEmpty());

    // Back: damage is the supplier's to settle (no repair ticket here, nothing written off).
    ScanResult damaged = in(e, b1, ItemCondition.ITEM_CONDITION_DAMAGED);
    assertThat(damaged.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_OK);
    assertThat(damaged.getMessage()).contains("tell down.partner.test");
    assertThat(fulfilment(e)).isEqualTo(FulfilmentState.FULFILMENT_STATE_RETURNING);
    assertThat(in(e, b1, ItemCondition.ITEM_CONDITION_OK).getVerdict())
        .isEqualTo(ScanVerdict.SCAN_VERDICT_DUPLICATE_SCAN);
    ScanResult back = in(e, b2, ItemCondition.ITEM_CONDITION_OK);
    assertThat(back.getProgress().getOutstanding()).isZero();
    assertThat(fulfilment(e)).isEqualTo(FulfilmentState.FULFILMENT_STATE_RETURNED);
    assertThat(report(e).getItemsList())
        .filteredOn(i -> i.getBarcode().equals(b1))
        .singleElement()
        .satisfies(
            i -> assertThat(i.getCondition()).isEqualTo(ItemCondition.ITEM_CONDITION_DAMAGED));

    // Undo of the last check-in reopens the partner unit's trip; it is then out on the event.
    scanningApi()
        .undoScan(
            UndoScanRequest.newBuilder()
                .setOperationId(op())
                .setScanOperationId(back.getOperationId())
                .build());
    assertThat(report(e).getItemsList())
        .filteredOn(i -> i.getBarcode().equals(b2))
        .singleElement()
        .satisfies(i -> assertThat(i.hasClosedAt()).isFalse());
    assertThat(out(other, b2).getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_ALREADY_OUT);
  }

  @Test
  void aPartnersUnitThatMapsToNothingOrIsNoLongerOnHireIsUnknownWithTheReason() {
    Product speaker = bulk(m, 1);
    Event e = event(m, EventStatus.CONFIRMED, JULY);
    book(m, e, speaker, 1, null);
    String unmapped = unique("UNMAPPED-");
    dispatchedSubHire("ON_HIRE", null, "their-other", unmapped);
    ScanResult u = out(e, unmapped);
    assertThat(u.getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_UNKNOWN_BARCODE);
    assertThat(u.getApplied()).isFalse();
    assertThat(u.getMessage()).contains("down.partner.test").contains("none of our products");

    String returned = unique("RETURNED-");
    dispatchedSubHire("RETURNED", speaker.id(), "their-speaker", returned);
    assertThat(out(e, returned).getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_UNKNOWN_BARCODE);
    assertThat(report(e).getItemsList()).isEmpty();
  }

  @Test
  void aBatchAppliesEachScanInOrderAnswersEachAndReplaysSafely() {
    Product mic = serialised(m, 2, Duration.ZERO, Duration.ZERO);
    List<Asset> mics = assetsOf(m, mic);
    Event e = event(m, EventStatus.CONFIRMED, JULY);
    book(m, e, mic, 2, null);
    String eventId = e.id().toString();
    io.eventkit.proto.v1.ScanBatchRequest batch =
        io.eventkit.proto.v1.ScanBatchRequest.newBuilder()
            .addItems(
                io.eventkit.proto.v1.ScanBatchItem.newBuilder()
                    .setCheckOut(
                        CheckOutRequest.newBuilder()
                            .setOperationId(op())
                            .setEventId(eventId)
                            .setBarcode(mics.get(0).barcode())))
            .addItems(
                io.eventkit.proto.v1.ScanBatchItem.newBuilder()
                    .setCheckOut(
                        CheckOutRequest.newBuilder()
                            .setOperationId(op())
                            .setEventId(UUID.randomUUID().toString())
                            .setBarcode(mics.get(1).barcode())))
            .addItems(
                io.eventkit.proto.v1.ScanBatchItem.newBuilder()
                    .setCheckOut(
                        CheckOutRequest.newBuilder()
                            .setOperationId("bad id!")
                            .setEventId(eventId)
                            .setBarcode(mics.get(1).barcode())))
            .addItems(
                io.eventkit.proto.v1.ScanBatchItem.newBuilder()
                    .setCheckOut(
                        CheckOutRequest.newBuilder()
                            .setOperationId(op())
                            .setEventId(eventId)
                            .setBarcode(mics.get(1).barcode())))
            .addItems(
                io.eventkit.proto.v1.ScanBatchItem.newBuilder()
                    .setCheckIn(
                        CheckInRequest.newBuilder()
                            .setOperationId(op())
                            .setEventId(eventId)
                            .setBarcode(mics.get(0).barcode())))
            .build();
    io.eventkit.proto.v1.ScanBatchResponse r = scanningApi().scanBatch(batch);
    assertThat(r.getAnswersCount()).isEqualTo(5);
    assertThat(r.getAnswers(0).getResult().getVerdict()).isEqualTo(ScanVerdict.SCAN_VERDICT_OK);
    assertThat(r.getAnswers(1).getError().getCode()).isEqualTo("NOT_FOUND");
    assertThat(r.getAnswers(2).getError().getCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(r.getAnswers(2).getError().getMessage()).contains("operation_id");
    assertThat(r.getAnswers(3).getResult().getProgress().getOut()).isEqualTo(2);
    // In order: the unit checked out first is back in by the fifth item.
    assertThat(r.getAnswers(4).getResult().getApplied()).isTrue();
    assertThat(fulfilment(e)).isEqualTo(FulfilmentState.FULFILMENT_STATE_RETURNING);

    // The same batch again (a client that never saw the answer): replays, nothing changes.
    io.eventkit.proto.v1.ScanBatchResponse again = scanningApi().scanBatch(batch);
    assertThat(again.getAnswers(0).getResult().getReplayed()).isTrue();
    assertThat(again.getAnswers(4).getResult().getReplayed()).isTrue();
    assertThat(report(e).getItemsList()).hasSize(2);

    io.grpc.StatusRuntimeException empty =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.grpc.StatusRuntimeException.class,
            () ->
                scanningApi()
                    .scanBatch(io.eventkit.proto.v1.ScanBatchRequest.getDefaultInstance()));
    assertThat(empty.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);

    // A role without SCAN is refused the batch as a whole, and nothing in it is applied.
    io.grpc.StatusRuntimeException denied =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.grpc.StatusRuntimeException.class,
            () ->
                scanningApi(
                        io.eventkit.node.testing.InventoryFixture.roleToken(
                            io.eventkit.proto.v1.Role.ROLE_READ_ONLY))
                    .scanBatch(
                        batch.toBuilder()
                            .setItems(
                                0,
                                io.eventkit.proto.v1.ScanBatchItem.newBuilder()
                                    .setCheckOut(
                                        CheckOutRequest.newBuilder()
                                            .setOperationId(op())
                                            .setEventId(eventId)
                                            .setBarcode(mics.get(0).barcode())))
                            .build()));
    assertThat(denied.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.PERMISSION_DENIED);
    assertThat(report(e).getItemsList()).hasSize(2);
  }

  @Test
  void changingTheBookedLinesMovesTheFulfilmentToo() {
    Product mic = serialised(m, 3, Duration.ZERO, Duration.ZERO);
    List<Asset> mics = assetsOf(m, mic);
    Event e = event(m, EventStatus.CONFIRMED, JULY);
    book(m, e, mic, 1, null);
    out(e, mics.get(0).barcode());
    assertThat(fulfilment(e)).isEqualTo(FulfilmentState.FULFILMENT_STATE_OUT);
    // One more booked through the node's API: not everything is out any more.
    io.eventkit.proto.v1.BookingLine added =
        planningApi()
            .addBookingLine(
                io.eventkit.proto.v1.AddBookingLineRequest.newBuilder()
                    .setEventId(e.id().toString())
                    .setProduct(
                        io.eventkit.proto.v1.BulkQuantity.newBuilder()
                            .setProductId(mic.id().toString())
                            .setQuantity(1))
                    .build())
            .getLine();
    assertThat(fulfilment(e)).isEqualTo(FulfilmentState.FULFILMENT_STATE_PREPPING);
    planningApi()
        .removeBookingLine(
            io.eventkit.proto.v1.RemoveBookingLineRequest.newBuilder()
                .setId(added.getId())
                .build());
    assertThat(fulfilment(e)).isEqualTo(FulfilmentState.FULFILMENT_STATE_OUT);
  }
}
