package io.eventkit.node.scanning;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The scanning feature's values: requests as the domain sees them and the answers it gives. */
final class Scan {
  private Scan() {}

  enum Condition {
    OK,
    DAMAGED,
    MISSING
  }

  enum ItemKind {
    ASSET,
    CASE,
    BULK
  }

  /**
   * One scan out or in. Exactly one of {@code barcode} and {@code productId} is set; {@code
   * quantity} counts bulk units.
   */
  record Request(
      String operationId,
      UUID eventId,
      String barcode,
      UUID productId,
      int quantity,
      UUID lineId,
      String overrideReason,
      Condition condition,
      String note,
      UUID locationId) {
    /** The request as stored beside its result, to tell a replay from a reused ID. */
    String canonical(String kind) {
      return String.join(
          "|",
          kind,
          String.valueOf(eventId),
          String.valueOf(barcode),
          String.valueOf(productId),
          String.valueOf(quantity),
          String.valueOf(lineId),
          String.valueOf(overrideReason),
          String.valueOf(condition),
          String.valueOf(note),
          String.valueOf(locationId));
    }
  }

  record Item(
      ItemKind kind,
      String barcode,
      UUID assetId,
      UUID productId,
      String productName,
      UUID caseId,
      String caseName,
      int quantity) {}

  /** A product's counts on an event. */
  record Progress(
      UUID productId,
      String productName,
      int booked,
      int out,
      int returned,
      int damaged,
      int missing) {
    int outstanding() {
      return out - returned - damaged - missing;
    }
  }

  /**
   * The answer to one scan; stored as JSON under its operation ID and returned on replay. {@code
   * undoneBy} is not stored: listings fill it from the operation row.
   */
  record Outcome(
      String operationId,
      UUID eventId,
      Verdict verdict,
      boolean applied,
      boolean overridable,
      String message,
      Item item,
      Progress progress,
      UUID otherEventId,
      String otherEventName,
      Instant scannedAt,
      List<Item> contents,
      String overrideReason,
      String undoneOperationId,
      String undoneBy,
      boolean replayed) {
    Outcome asReplay() {
      return new Outcome(
          operationId,
          eventId,
          verdict,
          applied,
          overridable,
          message,
          item,
          progress,
          otherEventId,
          otherEventName,
          scannedAt,
          contents,
          overrideReason,
          undoneOperationId,
          undoneBy,
          true);
    }
  }

  /** One serialised unit's trip out, for the return report. */
  record Trip(
      UUID assetId,
      String barcode,
      UUID productId,
      String productName,
      Instant outAt,
      String outBy,
      Instant closedAt,
      String closedBy,
      Condition condition,
      String note,
      boolean late,
      String overrideReason,
      String caseBarcode,
      UUID eventId,
      String eventName,
      UUID id,
      String assetRef) {}

  record Report(
      UUID eventId,
      String eventName,
      Instant start,
      Instant end,
      io.eventkit.node.planning.Fulfilment state,
      boolean overdue,
      List<Progress> products,
      List<Trip> items) {}
}
