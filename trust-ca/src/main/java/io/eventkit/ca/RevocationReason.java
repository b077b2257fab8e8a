package io.eventkit.ca;

/** RFC 5280 CRLReason codes EventKit uses. */
public enum RevocationReason {
  UNSPECIFIED(0),
  KEY_COMPROMISE(1),
  CA_COMPROMISE(2),
  AFFILIATION_CHANGED(3),
  SUPERSEDED(4),
  CESSATION_OF_OPERATION(5);

  final int code;

  RevocationReason(int code) {
    this.code = code;
  }
}
