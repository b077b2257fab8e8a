package io.eventkit.node.federation.resolve;

import io.eventkit.node.federation.catalog.SharedProduct;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The manifests of active sub-hires (issue 8 fills them): partner assets on hire here, which this
 * node resolves locally, even offline. Only manifests of sub-hires that are currently active
 * (dispatched, on hire) may answer.
 */
public interface ManifestLookup {
  /**
   * One manifest line: a partner's asset dispatched to this node. {@code localProductId} is the
   * borrower's own product the sub-hire line maps it to (null when unmapped): what a scan checks it
   * out as.
   */
  record Entry(
      String ownerNodeId,
      String assetRef,
      String assetId,
      String barcode,
      String serial,
      SharedProduct product,
      String subHireId,
      java.util.UUID localProductId) {
    public Entry(
        String ownerNodeId,
        String assetRef,
        String assetId,
        String barcode,
        String serial,
        SharedProduct product,
        String subHireId) {
      this(ownerNodeId, assetRef, assetId, barcode, serial, product, subHireId, null);
    }
  }

  /**
   * The entries for each of {@code barcodes} that appears in an active manifest (absent when none).
   * A barcode may appear in several manifests (two partners' gear on hire at once): all are
   * returned, and the resolver reports the barcode as ambiguous. Must not issue one query per
   * barcode.
   */
  Map<String, List<Entry>> findAll(Collection<String> barcodes);

  default List<Entry> find(String barcode) {
    return findAll(List.of(barcode)).getOrDefault(barcode, List.of());
  }

  /** No manifests (until sub-hire provides them). */
  ManifestLookup NONE = barcodes -> Map.of();
}
