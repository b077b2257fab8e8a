package io.eventkit.node.subhire;

/** Which side of a negotiation this node is on. */
public enum Role {
  BORROWER,
  SUPPLIER
}
