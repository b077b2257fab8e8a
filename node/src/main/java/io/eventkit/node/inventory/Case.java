package io.eventkit.node.inventory;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A case or kit and its direct contents. */
public record Case(
    UUID id,
    String barcode,
    String name,
    Kind kind,
    UUID parentCaseId,
    UUID locationId,
    Instant createdAt,
    List<UUID> assetIds,
    List<Bulk> bulk,
    List<UUID> childCaseIds,
    long weightGrams,
    Product.Dimensions dimensions) {

  public enum Kind {
    PERMANENT,
    TEMPORARY
  }

  public record Bulk(UUID productId, int quantity) {}

  /** The empty case's own weight and outer dimensions (0 when unknown), for truck packs. */
  public record Sizing(long weightGrams, Product.Dimensions dimensions) {
    public static final Sizing NONE = new Sizing(0, Product.Dimensions.NONE);
  }

  /** The row without contents. */
  public record Row(
      UUID id,
      String barcode,
      String name,
      Kind kind,
      UUID parentCaseId,
      UUID locationId,
      Instant createdAt,
      long weightGrams,
      int lengthMm,
      int widthMm,
      int heightMm) {}

  /**
   * Everything a case holds, nested cases included: what booking the case books. {@code caseIds}
   * includes the case itself.
   */
  public record Contents(List<UUID> caseIds, List<UUID> assetIds, List<Bulk> bulk) {}
}
