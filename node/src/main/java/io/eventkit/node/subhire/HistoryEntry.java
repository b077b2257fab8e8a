package io.eventkit.node.subhire;

import java.time.Instant;

/** One audited transition (or notable event) of a negotiation. */
record HistoryEntry(
    Instant at, String actor, NegotiationState from, NegotiationState to, String detail) {}
