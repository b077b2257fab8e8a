package io.eventkit.node.subhire;

/**
 * The answer to a received message (§17.3): applied or refused with a reason, with the supplier's
 * snapshot when the receiver is the supplier (null otherwise).
 */
record Ack(boolean applied, String reason, Snapshot snapshot) {}
