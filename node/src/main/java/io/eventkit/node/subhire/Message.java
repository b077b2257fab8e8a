package io.eventkit.node.subhire;

import java.util.List;

/**
 * A message to the partner (§17.3) before it is numbered and encoded ({@link Wire#envelope}). The
 * borrower sends orders; the supplier sends snapshots of its copy. {@code expected}: the partner's
 * state the sender last saw, or null when it has not seen one.
 */
sealed interface Message {
  record Request(Negotiation.RequestDetails details, List<Line> lines) implements Message {}

  record ChangeOrder(NegotiationState expected, Change change) implements Message {}

  record Accept(NegotiationState expected, long quoteVersion) implements Message {}

  record Cancel(NegotiationState expected, String reason) implements Message {}

  record ReturnGoods(NegotiationState expected, String note) implements Message {}

  /** The supplier's snapshot, sent with Respond. */
  record Update(Snapshot snapshot) implements Message {}

  default Outbox.Method method() {
    return this instanceof Update ? Outbox.Method.RESPOND : Outbox.Method.ORDER;
  }
}
