package io.eventkit.node.scanning;

/**
 * What a scan found. A warning is applied only with an override reason (and the permission to
 * override); an error is never applied; info changed nothing because nothing needed to change.
 */
enum Verdict {
  OK(Severity.OK),
  NOT_ON_LIST(Severity.WARNING),
  WRONG_PRODUCT(Severity.WARNING),
  ALREADY_OUT(Severity.ERROR),
  IN_MAINTENANCE(Severity.WARNING),
  OVER_SCAN(Severity.WARNING),
  DUPLICATE_SCAN(Severity.INFO),
  UNKNOWN_BARCODE(Severity.ERROR),
  NOT_OUT(Severity.ERROR),
  UNDONE(Severity.OK),
  CANNOT_UNDO(Severity.ERROR);

  enum Severity {
    OK,
    INFO,
    WARNING,
    ERROR
  }

  final Severity severity;

  Verdict(Severity severity) {
    this.severity = severity;
  }

  boolean isWarning() {
    return severity == Severity.WARNING;
  }
}
