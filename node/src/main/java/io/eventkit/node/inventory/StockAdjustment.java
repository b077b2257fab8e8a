package io.eventkit.node.inventory;

import java.time.Instant;
import java.util.UUID;

/** One change of a bulk quantity, kept as the audit trail. */
record StockAdjustment(
    UUID id,
    UUID productId,
    UUID locationId,
    int delta,
    int quantityAfter,
    String reason,
    String note,
    String actor,
    UUID transferId,
    Instant createdAt) {}
