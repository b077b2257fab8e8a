package io.eventkit.node.subhire;

import java.util.EnumSet;
import java.util.Set;

/** The states of a sub-hire negotiation (docs/federation.md §17.2). */
enum NegotiationState {
  REQUESTED,
  ACKNOWLEDGED,
  QUOTED,
  ACCEPTED,
  CONFIRMED,
  DISPATCHED,
  ON_HIRE,
  RETURNED,
  CLOSED,
  DECLINED,
  EXPIRED,
  CANCEL_REQUESTED,
  CANCELLED,
  CANCEL_REFUSED;

  /** No message moves a negotiation out of these. */
  static final Set<NegotiationState> TERMINAL = EnumSet.of(CLOSED, DECLINED, EXPIRED, CANCELLED);

  /** Before the supplier has committed stock: a cancel is always granted, a decline possible. */
  static final Set<NegotiationState> BEFORE_COMMITMENT =
      EnumSet.of(REQUESTED, ACKNOWLEDGED, QUOTED, ACCEPTED);

  /** The supplier holds stock for the borrower (booked from CONFIRMED until checked in). */
  static final Set<NegotiationState> SUPPLIER_HOLDS =
      EnumSet.of(CONFIRMED, DISPATCHED, ON_HIRE, RETURNED);

  /** The borrower counts the borrowed units as temporary stock (until it returns them). */
  static final Set<NegotiationState> BORROWER_HOLDS = EnumSet.of(CONFIRMED, DISPATCHED, ON_HIRE);

  boolean isTerminal() {
    return TERMINAL.contains(this);
  }
}
