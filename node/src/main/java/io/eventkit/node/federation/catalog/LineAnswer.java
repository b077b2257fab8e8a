package io.eventkit.node.federation.catalog;

/**
 * The answer to one {@link AvailabilityLine}. {@code found} is false for an unknown or unshared
 * product (indistinguishable on purpose). {@code available} is capped at the requested quantity and
 * never negative, so a partner learns whether its request fits, not the size of the stock.
 */
public record LineAnswer(String productId, boolean found, int available) {}
