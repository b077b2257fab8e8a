package io.eventkit.node.kernel;

import java.util.UUID;

/** Parsing of the UUIDs clients send as strings. */
public final class Ids {
  private Ids() {}

  /**
   * The UUID in {@code value}; INVALID_ARGUMENT naming {@code field} if it is missing or not one.
   */
  public static UUID parse(String value, String field) {
    if (value == null || value.isBlank()) {
      throw DomainException.invalid(field + " is required");
    }
    try {
      UUID id = UUID.fromString(value.trim());
      if (!id.toString().equals(value.trim().toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException();
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid(field + " '" + value + "' is not a valid ID (a UUID)");
    }
  }

  /** Like {@link #parse} but null for an empty value. */
  public static UUID optional(String value, String field) {
    return value == null || value.isBlank() ? null : parse(value, field);
  }

  /** True if {@code value} is a well-formed ID (for validators). */
  public static boolean valid(String value) {
    try {
      parse(value, "id");
      return true;
    } catch (DomainException e) {
      return false;
    }
  }

  public static String str(UUID id) {
    return id == null ? "" : id.toString();
  }
}
