package io.eventkit.node.inventory;

import java.util.Set;

/**
 * Which event statuses hold stock and which only show as tentative (node configuration). Statuses
 * are the names of the planning status ladder; anything in neither set holds nothing.
 */
public record HoldPolicy(Set<String> holding, Set<String> tentative) {
  public enum Kind {
    NONE,
    TENTATIVE,
    HOLD
  }

  public HoldPolicy {
    holding = Set.copyOf(holding);
    tentative = Set.copyOf(tentative);
    for (String s : holding) {
      if (tentative.contains(s)) {
        throw new IllegalArgumentException(
            "status " + s + " cannot be both holding and tentative in the inventory configuration");
      }
    }
  }

  public static HoldPolicy defaults() {
    return new HoldPolicy(Set.of("RESERVED", "CONFIRMED"), Set.of("PROVISIONAL"));
  }

  public Kind kind(String status) {
    if (holding.contains(status)) {
      return Kind.HOLD;
    }
    return tentative.contains(status) ? Kind.TENTATIVE : Kind.NONE;
  }

  public boolean holds(String status) {
    return holding.contains(status);
  }

  String[] tentativeArray() {
    return tentative.toArray(String[]::new);
  }
}
