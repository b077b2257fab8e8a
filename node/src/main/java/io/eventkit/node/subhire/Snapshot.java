package io.eventkit.node.subhire;

import io.eventkit.node.kernel.Money;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The supplier's authoritative view, as sent to the borrower (§17.3). */
record Snapshot(
    UUID negotiationId,
    NegotiationState state,
    long version,
    List<Line> lines,
    Instant quoteValidUntil,
    Money quoteTotal,
    List<ManifestEntry> manifest,
    String reason,
    Instant updatedAt,
    io.eventkit.node.kernel.Interval usage,
    io.eventkit.node.kernel.Interval delivery,
    String note,
    String supplierName) {}
