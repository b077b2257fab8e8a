package io.eventkit.node.federation.trust;

/**
 * {@code INVITED → PENDING → ACTIVE ⇄ SUSPENDED → REVOKED}; REVOKED is reachable from any state.
 * REVOKED_BY_PARTNER is the same end from the other side: the partner revoked this node (its notice
 * arrived, or it refused our certificate as revoked). Both are left only by a new invitation.
 */
public enum PartnerState {
  INVITED,
  PENDING,
  ACTIVE,
  SUSPENDED,
  REVOKED,
  REVOKED_BY_PARTNER;

  /** REVOKED or REVOKED_BY_PARTNER: the relationship is over. */
  public boolean ended() {
    return this == REVOKED || this == REVOKED_BY_PARTNER;
  }
}
