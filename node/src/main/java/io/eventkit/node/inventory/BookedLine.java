package io.eventkit.node.inventory;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * A booking line as availability sees it: a quantity of a product held (or pencilled) over {@code
 * [startsAt, endsAt)}, the hold period with turnaround buffers.
 */
public record BookedLine(
    UUID id,
    UUID eventId,
    String eventName,
    UUID productId,
    int quantity,
    Instant startsAt,
    Instant endsAt,
    boolean holds,
    String eventStatus,
    int priority,
    Instant createdAt) {

  /** Who gets stock first when lines clash: higher priority, then the earlier booking. */
  public static final Comparator<BookedLine> RANK =
      Comparator.comparing(BookedLine::priority, Comparator.reverseOrder())
          .thenComparing(BookedLine::createdAt)
          .thenComparing(BookedLine::id);
}
