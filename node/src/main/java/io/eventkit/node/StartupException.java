package io.eventkit.node;

/**
 * A start-up refusal whose message tells the operator what to do (a missing setting, a wrong
 * passphrase, a data directory in use). The commands print the message alone, without a stack
 * trace, and exit with status 1.
 */
final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The first StartupException in the cause chain of {@code t}, or null. */
  static StartupException find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StartupException s) {
        return s;
      }
    }
    return null;
  }
}
