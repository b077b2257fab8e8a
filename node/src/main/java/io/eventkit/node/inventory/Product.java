package io.eventkit.node.inventory;

import io.eventkit.node.kernel.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A catalogue item. Assets (SERIALISED) or bulk stock (BULK) are the units of it. */
public record Product(UUID id, ProductFields fields, Instant createdAt, Instant updatedAt) {
  public enum Tracking {
    SERIALISED,
    BULK
  }

  /** The editable fields of a product. {@code gtin} is null when unknown. */
  public record ProductFields(
      String manufacturer,
      String model,
      String name,
      String category,
      String description,
      String gtin,
      Money rentalPrice,
      Money replacementValue,
      long weightGrams,
      Duration bufferBefore,
      Duration bufferAfter,
      Tracking tracking,
      boolean shared) {}

  public String label() {
    return fields.manufacturer() + " " + fields.model();
  }
}
