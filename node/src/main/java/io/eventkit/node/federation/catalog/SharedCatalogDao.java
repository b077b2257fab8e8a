package io.eventkit.node.federation.catalog;

/**
 * Where the shared catalogue's SQL lives (SharedCatalogDao/stamp.sql, read by {@link
 * SharedCatalog#version} with the fluent API: it runs on every partner query).
 */
interface SharedCatalogDao {
  /** The number of shared products and the latest change of any product (epoch micros, or 0). */
  record Stamp(long shared, long changedAt) {}
}
