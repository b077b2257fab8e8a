package io.eventkit.node.federation.availability;

import io.eventkit.node.federation.catalog.SharedProduct;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A planner's mapping decisions as the fan-out applies them (docs/federation.md §8.4.4): for a
 * local product and a partner, the partner products to use (CONFIRMED, OVERRIDDEN) and those never
 * to use (REJECTED). SUGGESTED rows are not rules: the fan-out recomputes automatic matches itself.
 */
interface MappingRules {
  /** One decided pair; {@code product} is the partner product as last seen. */
  record Rule(SharedProduct product, boolean use) {}

  /** partner node ID → local product → its rules, for the given local products, in one query. */
  Map<String, Map<UUID, List<Rule>>> forProducts(Collection<UUID> productIds);

  static MappingRules none() {
    return ids -> Map.of();
  }
}
