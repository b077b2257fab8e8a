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
      boolean shared,
      Dimensions dimensions) {
    public ProductFields {
      dimensions = dimensions == null ? Dimensions.NONE : dimensions;
    }

    /** Without dimensions (unknown). */
    public ProductFields(
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
        boolean shared) {
      this(
          manufacturer,
          model,
          name,
          category,
          description,
          gtin,
          rentalPrice,
          replacementValue,
          weightGrams,
          bufferBefore,
          bufferAfter,
          tracking,
          shared,
          Dimensions.NONE);
    }
  }

  /**
   * Outer dimensions in millimetres of one unit as it travels (products) or of a case; 0 when
   * unknown.
   */
  public record Dimensions(int lengthMm, int widthMm, int heightMm) {
    public static final Dimensions NONE = new Dimensions(0, 0, 0);

    /** Upper bound of a side: 20 m. */
    public static final int MAX_MM = 20_000;

    /** Checks each side is between 0 and {@link #MAX_MM}; {@code prefix} is the field path. */
    public void validate(String prefix, io.eventkit.node.kernel.Validation v) {
      side(lengthMm, prefix + "length_mm", v);
      side(widthMm, prefix + "width_mm", v);
      side(heightMm, prefix + "height_mm", v);
    }

    private static void side(int mm, String field, io.eventkit.node.kernel.Validation v) {
      v.check(mm >= 0, field, "must not be negative")
          .check(mm <= MAX_MM, field, "must be at most " + MAX_MM + " (20 m)");
    }
  }

  public String label() {
    return fields.manufacturer() + " " + fields.model();
  }
}
