package io.eventkit.node.planning;

import io.eventkit.node.kernel.Interval;
import java.time.Instant;
import java.util.UUID;

/**
 * An event (job). Times are instants; {@code timeZone} is the venue's zone, for display only.
 * {@code fulfilment} follows the event's scans (scanning records it).
 */
public record Event(
    UUID id,
    String name,
    String clientName,
    String venue,
    String timeZone,
    Interval period,
    EventStatus status,
    int priority,
    String notes,
    Instant createdAt,
    Instant updatedAt,
    Fulfilment fulfilment) {

  /** A new event: nothing scanned yet. */
  public Event(
      UUID id,
      String name,
      String clientName,
      String venue,
      String timeZone,
      Interval period,
      EventStatus status,
      int priority,
      String notes,
      Instant createdAt,
      Instant updatedAt) {
    this(
        id,
        name,
        clientName,
        venue,
        timeZone,
        period,
        status,
        priority,
        notes,
        createdAt,
        updatedAt,
        Fulfilment.NOT_STARTED);
  }
}
