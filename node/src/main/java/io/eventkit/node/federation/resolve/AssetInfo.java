package io.eventkit.node.federation.resolve;

import io.eventkit.node.federation.catalog.SharedProduct;
import io.eventkit.node.inventory.Asset;

/**
 * What a node may tell about one of its assets: its owner, global reference {@code
 * <owner-node-id>/<asset-id>}, product (shared fields only) and status (null when unknown, e.g. a
 * manifest line).
 */
record AssetInfo(
    String ownerNodeId,
    String assetRef,
    String assetId,
    SharedProduct product,
    Asset.Status status) {}
