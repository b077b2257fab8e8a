package io.eventkit.node.federation.trust;

/**
 * {@code INVITED → PENDING → ACTIVE ⇄ SUSPENDED → REVOKED}; REVOKED is reachable from any state.
 */
public enum PartnerState {
  INVITED,
  PENDING,
  ACTIVE,
  SUSPENDED,
  REVOKED
}
