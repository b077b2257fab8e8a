package io.eventkit.node.scanning;

import static io.eventkit.node.testing.InventoryFixture.scanningApi;

import io.eventkit.node.planning.Event;
import io.eventkit.proto.v1.CheckInRequest;
import io.eventkit.proto.v1.CheckOutRequest;
import io.eventkit.proto.v1.GetReturnReportRequest;
import io.eventkit.proto.v1.ItemCondition;
import io.eventkit.proto.v1.ReturnReport;
import io.eventkit.proto.v1.ScanResult;
import java.util.UUID;

/** Scans as the tests make them: each with a fresh operation ID, as the admin. */
final class Scans {
  private Scans() {}

  static String op() {
    return UUID.randomUUID().toString();
  }

  static ScanResult out(Event e, String barcode) {
    return scanningApi()
        .checkOut(
            CheckOutRequest.newBuilder()
                .setOperationId(op())
                .setEventId(e.id().toString())
                .setBarcode(barcode)
                .build());
  }

  static ScanResult in(Event e, String barcode) {
    return in(e, barcode, ItemCondition.ITEM_CONDITION_UNSPECIFIED);
  }

  /** DAMAGED comes with a note (the node requires one). */
  static ScanResult in(Event e, String barcode, ItemCondition c) {
    return scanningApi()
        .checkIn(
            CheckInRequest.newBuilder()
                .setOperationId(op())
                .setEventId(e.id().toString())
                .setBarcode(barcode)
                .setCondition(c)
                .setNote(c == ItemCondition.ITEM_CONDITION_DAMAGED ? "dented grille" : "")
                .build());
  }

  static ReturnReport report(Event e) {
    return scanningApi()
        .getReturnReport(GetReturnReportRequest.newBuilder().setEventId(e.id().toString()).build());
  }
}
