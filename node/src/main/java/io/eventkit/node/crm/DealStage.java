package io.eventkit.node.crm;

import java.util.UUID;

/**
 * A stage of the pipeline. {@code dealCount} and {@code totalMinor} (in {@code currency}, the
 * node's base) are read with the list only.
 */
record DealStage(
    UUID id,
    String name,
    Kind kind,
    int probability,
    int position,
    int dealCount,
    String currency,
    long totalMinor) {
  enum Kind {
    OPEN,
    WON,
    LOST
  }

  boolean closed() {
    return kind != Kind.OPEN;
  }
}
