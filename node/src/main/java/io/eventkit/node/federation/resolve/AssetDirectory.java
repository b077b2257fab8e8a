package io.eventkit.node.federation.resolve;

import io.eventkit.node.federation.catalog.SharedProduct;
import io.eventkit.node.inventory.Asset;
import io.eventkit.node.inventory.Assets;
import io.eventkit.node.inventory.Catalog;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.Validation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * This node's own assets by barcode, in two queries whatever the number of barcodes (assets, then
 * their products). Used for local resolution (every asset) and to answer partners (only assets of
 * shared products: docs/federation.md §8.5).
 */
final class AssetDirectory {
  /** Barcodes per partner call (both directions). */
  public static final int MAX_WIRE_BARCODES = 500;

  public static final int MAX_BARCODE_LENGTH = 128;

  private final String nodeId;
  private final Assets assets;
  private final Catalog catalog;

  public AssetDirectory(String nodeId, Assets assets, Catalog catalog) {
    this.nodeId = nodeId;
    this.assets = assets;
    this.catalog = catalog;
  }

  /** The assets among {@code barcodes}, by barcode; {@code sharedOnly} hides unshared products. */
  public Map<String, AssetInfo> lookup(List<String> barcodes, boolean sharedOnly) {
    Map<String, Asset> found = assets.byBarcodes(barcodes);
    if (found.isEmpty()) {
      return Map.of();
    }
    List<UUID> productIds = found.values().stream().map(Asset::productId).distinct().toList();
    Map<UUID, Product> products =
        sharedOnly ? catalog.findShared(productIds) : catalog.findAll(productIds);
    Map<String, AssetInfo> out = new HashMap<>();
    for (Asset a : found.values()) {
      Product p = products.get(a.productId());
      if (p != null) {
        out.put(
            a.barcode(),
            new AssetInfo(nodeId, a.ref(nodeId), a.id().toString(), shared(p), a.status()));
      }
    }
    return out;
  }

  /** The wire request rules (INVALID_ARGUMENT listing every problem; nothing is answered). */
  public static void validateWire(List<String> barcodes) {
    Validation v = new Validation();
    v.check(!barcodes.isEmpty(), "barcodes", "must not be empty")
        .check(
            barcodes.size() <= MAX_WIRE_BARCODES,
            "barcodes",
            "must have at most " + MAX_WIRE_BARCODES + " entries");
    if (barcodes.size() <= MAX_WIRE_BARCODES) {
      barcodes(v, barcodes);
    }
    v.throwIfInvalid();
  }

  static Validation barcodes(Validation v, List<String> barcodes) {
    for (int i = 0; i < barcodes.size(); i++) {
      v.notBlank(barcodes.get(i), "barcodes[" + i + "]")
          .maxLength(barcodes.get(i), MAX_BARCODE_LENGTH, "barcodes[" + i + "]");
    }
    return v;
  }

  static SharedProduct shared(Product p) {
    Product.ProductFields f = p.fields();
    return new SharedProduct(
        p.id().toString(),
        f.manufacturer(),
        f.model(),
        f.category(),
        f.name(),
        f.gtin() == null ? "" : f.gtin());
  }
}
