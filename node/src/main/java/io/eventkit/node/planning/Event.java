package io.eventkit.node.planning;

import io.eventkit.node.kernel.Interval;
import java.time.Instant;
import java.util.UUID;

/**
 * An event (job). Times are instants; {@code timeZone} is the venue's zone, for display only.
 * {@code fulfilment} follows the event's scans (scanning records it). {@code client} is the CRM
 * company and contact, read with the event (null when it has none).
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
    Fulfilment fulfilment,
    Client client) {

  /**
   * An event's client: the CRM company (and optionally one of its contacts), with the names as they
   * are now.
   */
  public record Client(
      UUID companyId,
      String companyName,
      UUID contactId,
      String contactName,
      String contactEmail,
      String contactPhone) {
    /** A client known by its IDs only (names are filled when the event is read). */
    public static Client of(UUID companyId, UUID contactId) {
      return new Client(companyId, "", contactId, "", "", "");
    }
  }

  /** An event without a client. */
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
      Instant updatedAt,
      Fulfilment fulfilment) {
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
        fulfilment,
        null);
  }

  public UUID clientCompanyId() {
    return client == null ? null : client.companyId();
  }

  public UUID clientContactId() {
    return client == null ? null : client.contactId();
  }

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
