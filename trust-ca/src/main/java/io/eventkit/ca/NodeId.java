package io.eventkit.ca;

import java.util.regex.Pattern;

/**
 * A node ID: a lowercase DNS-style name (letters, digits, hyphens, dots; 1-253 chars; labels 1-63
 * chars, not starting or ending with a hyphen). It is the node's SPIFFE trust domain.
 */
public record NodeId(String value) {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  /**
   * @throws CaException INVALID_ARGUMENT if {@code value} is not a valid node ID
   */
  public NodeId {
    if (!isValid(value)) {
      throw new CaException(
          CaException.Reason.INVALID_ARGUMENT,
          "invalid node ID '"
              + value
              + "': expected a lowercase DNS name (a-z, 0-9, '-', '.'; 1-253 chars; labels <= 63)");
    }
  }

  public static NodeId of(String value) {
    return new NodeId(value);
  }

  public static boolean isValid(String value) {
    if (value == null || value.isEmpty() || value.length() > 253) {
      return false;
    }
    for (String label : value.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return value;
  }
}
