package io.eventkit.node.inventory;

import java.time.Instant;
import java.util.UUID;

/** A warehouse, or a bin inside one ({@code parentId} is then the warehouse). */
public record Location(
    UUID id,
    Kind kind,
    String code,
    String name,
    UUID parentId,
    String address,
    Instant createdAt) {
  public enum Kind {
    WAREHOUSE,
    BIN
  }
}
