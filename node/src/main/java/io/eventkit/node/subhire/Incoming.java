package io.eventkit.node.subhire;

import java.util.List;
import java.util.UUID;

/**
 * A received message (§17.4) whose header is checked: IDs are UUIDs, the sequence is positive and
 * the body fits the method. The body is decoded, and validated, only when the receiver reaches it,
 * so a replayed or out-of-order message is answered as such whatever its body holds.
 *
 * @param sha256 of the message as received, to tell a replay from a reused message ID
 */
@SuppressWarnings("ArrayRecordComponent") // bytes carried once, never compared or hashed
record Incoming(
    Outbox.Method method,
    UUID negotiationId,
    UUID messageId,
    long sequence,
    Kind kind,
    byte[] sha256,
    Body body) {

  enum Kind {
    REQUEST,
    CHANGE,
    ACCEPT,
    CANCEL,
    RETURN_GOODS,
    SNAPSHOT
  }

  /** Each accessor decodes its part of the body; INVALID_ARGUMENT when that part is malformed. */
  interface Body {
    Negotiation.RequestDetails requestDetails();

    List<Line> requestLines();

    Change change();

    long quoteVersion();

    String cancelReason();

    String returnNote();

    /** The supplier's snapshot; {@code supplier} is the sender (its asset references name it). */
    Snapshot snapshot(String supplier);
  }
}
