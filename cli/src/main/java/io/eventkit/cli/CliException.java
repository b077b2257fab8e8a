package io.eventkit.cli;

import java.net.URI;

/** A failure to report to the user with a message and an exit code. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Exit codes: 0 ok, 1 the node refused or failed, 2 usage, 3 unreachable or no answer in time, 4
   * auth.
   */
  static final int FAILURE = 1;

  static final int USAGE = 2;
  static final int UNAVAILABLE = 3;
  static final int AUTH = 4;

  private final int exitCode;
  private final String code;

  CliException(int exitCode, String message) {
    this(exitCode, null, message);
  }

  CliException(int exitCode, String code, String message) {
    super(message);
    this.exitCode = exitCode;
    this.code = code;
  }

  int exitCode() {
    return exitCode;
  }

  /** The RPC status code name (NOT_FOUND…), or null for local failures. */
  String code() {
    return code;
  }

  static CliException fromStatus(
      String code, String description, URI node, java.time.Duration timeout) {
    String message = description == null || description.isBlank() ? code : description;
    return switch (code) {
      case "DEADLINE_EXCEEDED" ->
          new CliException(
              UNAVAILABLE,
              code,
              "no answer from the node at "
                  + node
                  + " within "
                  + Text.duration(timeout)
                  + " (raise --timeout if it is busy)"
                  + (description == null || description.isBlank() ? "" : ": " + description));
      case "UNAUTHENTICATED" ->
          new CliException(AUTH, code, message + " (pass --token or set EVENTKIT_TOKEN)");
      case "PERMISSION_DENIED" -> new CliException(AUTH, code, message);
      case "UNAVAILABLE" ->
          new CliException(UNAVAILABLE, code, "cannot reach the node at " + node + ": " + message);
      case "INVALID_ARGUMENT" -> new CliException(USAGE, code, message);
      default -> new CliException(FAILURE, code, message);
    };
  }
}
