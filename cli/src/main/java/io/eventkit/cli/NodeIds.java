package io.eventkit.cli;

import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Node IDs: lowercase DNS-style names (a-z, 0-9, '-', '.'; 1-253 chars; labels 1-63 chars, not
 * starting or ending with '-'). The same rule as the node's {@code NodeId}; checked here so a typo
 * is a usage error before anything is sent.
 */
final class NodeIds {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private NodeIds() {}

  static boolean isValid(String value) {
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

  /** Returns {@code value} if valid, else throws a conversion error that says what is wrong. */
  static String check(String value) {
    if (isValid(value)) {
      return value;
    }
    String lower = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    String hint =
        !lower.equals(value) && isValid(lower)
            ? " (did you mean '" + lower + "'?)"
            : value != null && value.contains("://")
                ? " (a node ID is a name like acme-av.example, not a URL)"
                : value != null && value.contains(":")
                    ? " (a node ID has no port: use e.g. acme-av.example)"
                    : "";
    throw new CommandLine.TypeConversionException(
        "'"
            + value
            + "' is not a valid node ID: use a lowercase DNS-style name such as acme-av.example"
            + " (a-z, 0-9, '-' and '.'; labels of 1-63 characters not starting or ending with '-')"
            + hint);
  }

  static final class Converter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return check(value);
    }
  }
}
