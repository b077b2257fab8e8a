package io.eventkit.node.inventory;

import java.util.UUID;

/**
 * What a product has, independent of time: units owned (assets not LOST/RETIRED, or the bulk
 * quantity) and those of them out of service (IN_REPAIR, QUARANTINE).
 */
record Capacity(UUID productId, int owned, int unavailable) {
  public int usable() {
    return owned - unavailable;
  }
}
