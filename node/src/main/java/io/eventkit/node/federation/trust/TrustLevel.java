package io.eventkit.node.federation.trust;

/** Ordered capability presets: each level includes every level below it. */
public enum TrustLevel {
  NONE,
  DISCOVER,
  AVAILABILITY,
  RESOLVE_ASSETS,
  SUBHIRE_REQUEST,
  SUBHIRE_AUTO_CONFIRM;

  public boolean allows(TrustLevel required) {
    return compareTo(required) >= 0;
  }
}
