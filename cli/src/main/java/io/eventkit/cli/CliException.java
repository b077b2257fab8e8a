package io.eventkit.cli;

import java.net.URI;
import java.time.Duration;

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
  private final boolean codeInText;

  CliException(int exitCode, String message) {
    this(exitCode, null, message);
  }

  CliException(int exitCode, String code, String message) {
    this(exitCode, code, message, false);
  }

  private CliException(int exitCode, String code, String message, boolean codeInText) {
    super(message);
    this.exitCode = exitCode;
    this.code = code;
    this.codeInText = codeInText;
  }

  /** The same failure, its status code put before the message on stderr ({@code NOT_FOUND: …}). */
  CliException withCodeInText() {
    return code == null ? this : new CliException(exitCode, code, getMessage(), true);
  }

  /** The stderr line's text: the message, after the status code where asked for. */
  String text() {
    return codeInText ? code + ": " + getMessage() : getMessage();
  }

  int exitCode() {
    return exitCode;
  }

  /** The RPC status code name (NOT_FOUND…), or null for local failures. */
  String code() {
    return code;
  }

  /** The node could not be reached (refused, unknown host, broken connection, proxy error). */
  static CliException unreachable(URI node, String why) {
    return new CliException(
        UNAVAILABLE, "UNAVAILABLE", "cannot reach the node at " + node + ": " + why);
  }

  /** The node did not answer within this CLI's --timeout. */
  static CliException noAnswer(URI node, Duration timeout) {
    return new CliException(
        UNAVAILABLE,
        "DEADLINE_EXCEEDED",
        "no answer from the node at "
            + node
            + " within "
            + Text.duration(timeout)
            + " (raise --timeout if it is busy)");
  }

  /**
   * The node answered with an error status. UNAVAILABLE or DEADLINE_EXCEEDED sent by the node
   * itself (e.g. a partner it had to call did not answer) is a failure of the request, exit 1.
   */
  static CliException fromStatus(String code, String description) {
    return fromStatus(code, description, TOKEN_HINT);
  }

  /** How to present a credential, appended to UNAUTHENTICATED errors. */
  static final String TOKEN_HINT =
      "log in with 'eventkit login', or pass --token or --token-file, or set EVENTKIT_TOKEN";

  /** As {@link #fromStatus(String, String)}, with {@code authHint} for UNAUTHENTICATED. */
  static CliException fromStatus(String code, String description, String authHint) {
    String message = description == null || description.isBlank() ? code : description;
    return switch (code) {
      case "UNAUTHENTICATED" -> new CliException(AUTH, code, message + " (" + authHint + ")");
      case "UNIMPLEMENTED" ->
          new CliException(
              FAILURE, code, message + " (the node may run an older EventKit than this CLI)");
      case "PERMISSION_DENIED" -> new CliException(AUTH, code, message);
      case "INVALID_ARGUMENT" -> new CliException(USAGE, code, message);
      default -> new CliException(FAILURE, code, message);
    };
  }
}
