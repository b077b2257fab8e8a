package io.eventkit.node.subhire;

import java.time.Instant;

/** The state of a negotiation's outgoing messages, for people watching a stuck negotiation. */
record Delivery(
    int pending, int attempts, Instant nextAttemptAt, String lastError, String failedMessage) {
  static final Delivery NONE = new Delivery(0, 0, null, "", "");
}
