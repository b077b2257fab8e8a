package io.eventkit.node.kernel;

import java.util.List;

/**
 * A failure the caller can act on. The message is shown to the client as is, so it must say what
 * was wrong and, where possible, what to do; it must never contain secrets or key material.
 */
public class DomainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final List<FieldViolation> violations;

  public DomainException(ErrorCode code, String message) {
    this(code, message, List.of());
  }

  public DomainException(ErrorCode code, String message, List<FieldViolation> violations) {
    super(message);
    this.code = code;
    this.violations = List.copyOf(violations);
  }

  public ErrorCode code() {
    return code;
  }

  public List<FieldViolation> violations() {
    return violations;
  }

  public static DomainException notFound(String what) {
    return new DomainException(ErrorCode.NOT_FOUND, what);
  }

  public static DomainException invalid(String message) {
    return new DomainException(ErrorCode.INVALID_ARGUMENT, message);
  }

  /**
   * One invalid field of a request: {@code field} is the proto field path, e.g. {@code period.end}.
   */
  public record FieldViolation(String field, String description) {}
}
