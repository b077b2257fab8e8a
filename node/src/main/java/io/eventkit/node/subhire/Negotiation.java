package io.eventkit.node.subhire;

import io.eventkit.node.kernel.Interval;
import java.time.Instant;
import java.util.UUID;

/**
 * One node's copy of a negotiation. {@code version} is the supplier's change counter: the supplier
 * increments it on every change of its copy, the borrower stores the last version it adopted.
 * {@code peerState} is the partner's last known state (borrower: the supplier's).
 */
record Negotiation(
    UUID id,
    Role role,
    String partner,
    NegotiationState state,
    NegotiationState peerState,
    long version,
    long nextOutSeq,
    long lastInSeq,
    RequestDetails details,
    Instant quoteValidUntil,
    Long quoteVersion,
    String reason,
    UUID supplierEventId,
    String failedMessage,
    Instant createdAt,
    Instant updatedAt) {

  /** This row after a state change (what {@link Transitions} writes). */
  Negotiation moved(NegotiationState to, long newVersion, Instant at, UUID supplierEvent) {
    return new Negotiation(
        id,
        role,
        partner,
        to,
        peerState,
        newVersion,
        nextOutSeq,
        lastInSeq,
        details,
        quoteValidUntil,
        quoteVersion,
        reason,
        supplierEvent,
        failedMessage,
        createdAt,
        at);
  }

  /** What the borrower asked for; fixed once requested. */
  record RequestDetails(
      String requestingCompany,
      String contactName,
      String contactEmail,
      String contactPhone,
      String eventName,
      String eventReference,
      Interval usage,
      Interval delivery,
      String location,
      String note) {}
}
