package io.eventkit.node.planning;

import java.util.EnumSet;
import java.util.Set;

/**
 * The rental industry's status ladder: ENQUIRY → QUOTE → PROVISIONAL (light pencil) → RESERVED
 * (heavy pencil) → CONFIRMED → COMPLETED, or CANCELLED / LOST.
 */
public enum EventStatus {
  ENQUIRY,
  QUOTE,
  PROVISIONAL,
  RESERVED,
  CONFIRMED,
  COMPLETED,
  CANCELLED,
  LOST;

  private static final Set<EventStatus> OPEN =
      EnumSet.of(ENQUIRY, QUOTE, PROVISIONAL, RESERVED, CONFIRMED);

  /** Open events can take bookings and move along the ladder. */
  public boolean isOpen() {
    return OPEN.contains(this);
  }

  /**
   * Allowed moves: forward or backward between open statuses (a confirmed job can drop back to
   * reserved), any open status to CANCELLED or LOST, CONFIRMED to COMPLETED, and a CANCELLED or
   * LOST event back to ENQUIRY. COMPLETED is final.
   */
  public Set<EventStatus> next() {
    return switch (this) {
      case ENQUIRY, QUOTE, PROVISIONAL, RESERVED ->
          EnumSet.of(ENQUIRY, QUOTE, PROVISIONAL, RESERVED, CONFIRMED, CANCELLED, LOST);
      case CONFIRMED ->
          EnumSet.of(ENQUIRY, QUOTE, PROVISIONAL, RESERVED, COMPLETED, CANCELLED, LOST);
      case CANCELLED, LOST -> EnumSet.of(ENQUIRY);
      case COMPLETED -> EnumSet.noneOf(EventStatus.class);
    };
  }
}
