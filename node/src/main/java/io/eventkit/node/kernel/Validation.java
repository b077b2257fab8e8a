package io.eventkit.node.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects field violations of one request and throws them together, so a client sees every problem
 * at once. Usage: {@code Validation v = new Validation(); v.require(...); v.throwIfInvalid();}
 */
public final class Validation {
  private final List<DomainException.FieldViolation> violations = new ArrayList<>();

  public Validation check(boolean ok, String field, String description) {
    if (!ok) {
      violations.add(new DomainException.FieldViolation(field, description));
    }
    return this;
  }

  public Validation notBlank(String value, String field) {
    return check(value != null && !value.isBlank(), field, "is required");
  }

  public Validation maxLength(String value, int max, String field) {
    return check(
        value == null || value.length() <= max, field, "must be at most " + max + " characters");
  }

  public void throwIfInvalid() {
    if (violations.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder("invalid request: ");
    for (int i = 0; i < violations.size(); i++) {
      DomainException.FieldViolation v = violations.get(i);
      if (i > 0) {
        message.append("; ");
      }
      message.append(v.field()).append(' ').append(v.description());
    }
    throw new DomainException(ErrorCode.INVALID_ARGUMENT, message.toString(), violations);
  }
}
