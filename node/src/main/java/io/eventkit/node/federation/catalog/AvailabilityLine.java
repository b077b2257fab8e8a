package io.eventkit.node.federation.catalog;

/** One line of a partner availability query: the callee's product ID and a quantity. */
public record AvailabilityLine(String productId, int quantity) {}
