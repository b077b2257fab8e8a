package io.eventkit.node.planning;

import io.eventkit.node.kernel.Interval;
import java.time.Instant;
import java.util.UUID;

/**
 * A line of an event: a quantity of a product, one asset (its product set too), or a case ({@code
 * productId} null; its contents are child lines with {@code parentLineId} set). {@code holdPeriod}
 * is {@code period} widened by the product's turnaround buffers.
 */
public record BookingLine(
    UUID id,
    UUID eventId,
    UUID parentLineId,
    UUID productId,
    UUID assetId,
    UUID caseId,
    int quantity,
    Interval period,
    Interval holdPeriod,
    String eventStatus,
    boolean holds,
    int priority,
    Instant createdAt) {}
