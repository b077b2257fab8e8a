package io.eventkit.node.federation.catalog;

/**
 * A product as partners see it: identification only, never prices, stock or bookings. {@code gtin}
 * is empty when unknown.
 */
public record SharedProduct(
    String id, String manufacturer, String model, String category, String name, String gtin) {}
