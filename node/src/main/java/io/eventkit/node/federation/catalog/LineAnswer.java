package io.eventkit.node.federation.catalog;

import io.eventkit.node.kernel.Money;

/**
 * The answer to one {@link AvailabilityLine}. {@code found} is false for an unknown or unshared
 * product (indistinguishable on purpose). {@code available} is capped at the requested quantity and
 * never negative, so a partner learns whether its request fits, not the size of the stock. {@code
 * dailyRate} is the list price per day, null when not shared or unknown.
 */
public record LineAnswer(String productId, boolean found, int available, Money dailyRate) {
  public LineAnswer(String productId, boolean found, int available) {
    this(productId, found, available, null);
  }
}
