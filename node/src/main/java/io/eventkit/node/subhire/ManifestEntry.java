package io.eventkit.node.subhire;

/** An asset sent on a dispatched sub-hire; {@code assetRef} is <supplier>/<asset-id>. */
record ManifestEntry(
    String barcode, String assetRef, String supplierProductId, String productName) {}
