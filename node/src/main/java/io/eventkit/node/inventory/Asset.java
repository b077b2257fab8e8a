package io.eventkit.node.inventory;

import java.time.Instant;
import java.util.UUID;

/** One serialised unit of a product, and the case it is packed in (null if none). */
public record Asset(
    UUID id,
    UUID productId,
    String barcode,
    String serial,
    UUID homeLocationId,
    UUID locationId,
    Status status,
    String notes,
    Instant createdAt,
    Instant updatedAt,
    UUID caseId,
    String caseBarcode) {

  public enum Status {
    AVAILABLE,
    IN_REPAIR,
    QUARANTINE,
    LOST,
    RETIRED;

    /** Owned but not usable right now. */
    public boolean unavailable() {
      return this == IN_REPAIR || this == QUARANTINE;
    }
  }

  /** The global reference {@code <node-id>/<asset-id>}. */
  public String ref(String nodeId) {
    return nodeId + "/" + id;
  }
}
