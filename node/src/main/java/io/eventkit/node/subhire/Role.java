package io.eventkit.node.subhire;

/** Which side of a negotiation this node is on. */
enum Role {
  BORROWER,
  SUPPLIER
}
