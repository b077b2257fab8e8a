package io.eventkit.node.planning;

/**
 * Where an event's gear is, as its scans left it. Scanning records it with every applied scan
 * ({@link Planning#recordFulfilment}); planning only stores and shows it.
 */
public enum Fulfilment {
  /** Nothing out yet. */
  NOT_STARTED,
  /** Some but not all of the booked units are out. */
  PREPPING,
  /** Everything booked is out (or more), nothing back. */
  OUT,
  /** Some back, some still out. */
  RETURNING,
  /** Everything that went out is back or accounted for (damaged, missing). */
  RETURNED
}
