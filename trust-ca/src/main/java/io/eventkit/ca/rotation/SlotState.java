package io.eventkit.ca.rotation;

/**
 * Life of an issuing CA: {@code PREPARED → PUBLISHED → ACTIVE → PREVIOUS → RETIRED}.
 *
 * <p>PREVIOUS is the old ACTIVE after its successor was activated: no longer signing, still in the
 * bundle so what it issued keeps validating until those leaves expire.
 */
public enum SlotState {
  /** Created, not in the bundle, not signing. */
  PREPARED,
  /** In the bundle (partners learn it), not signing yet. */
  PUBLISHED,
  /** In the bundle and the signer. Exactly one slot is ACTIVE. */
  ACTIVE,
  /** In the bundle, no longer signing. */
  PREVIOUS,
  /** Removed from the bundle. Terminal. */
  RETIRED
}
