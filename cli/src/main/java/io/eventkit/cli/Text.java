package io.eventkit.cli;

import com.google.protobuf.Timestamp;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;

/** Human-friendly text output: timestamps, durations, tables and "key value" lines. */
final class Text {
  static final String NONE = "-";

  private Text() {}

  static boolean isSet(Timestamp t) {
    return t != null && (t.getSeconds() != 0 || t.getNanos() != 0);
  }

  static Instant toInstant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  /** ISO-8601 UTC to the second, e.g. {@code 2026-11-24T01:43:05Z}; "-" when unset. */
  static String instant(Timestamp t) {
    return isSet(t) ? toInstant(t).truncatedTo(ChronoUnit.SECONDS).toString() : NONE;
  }

  /** {@code 2026-11-24T01:43:05Z (in 23h 59m)} or {@code (5m ago)}; "-" when unset. */
  static String instantRelative(Timestamp t, Instant now) {
    if (!isSet(t)) {
      return NONE;
    }
    return instant(t) + " (" + relative(toInstant(t), now) + ")";
  }

  /** "in 23h 59m", "5m 3s ago" or "now". */
  static String relative(Instant at, Instant now) {
    Duration d = Duration.between(now, at);
    if (d.abs().compareTo(Duration.ofSeconds(1)) < 0) {
      return "now";
    }
    return d.isNegative() ? duration(d.negated()) + " ago" : "in " + duration(d);
  }

  /** "3d 4h", "23h 59m", "5m 3s", "42s", "250ms": the two largest units. */
  static String duration(Duration d) {
    if (d.isNegative()) {
      return "-" + duration(d.negated());
    }
    long s = d.toSeconds();
    if (s == 0) {
      return d.toMillis() + "ms";
    }
    long days = s / 86_400;
    long hours = s % 86_400 / 3_600;
    long minutes = s % 3_600 / 60;
    long seconds = s % 60;
    if (days > 0) {
      return hours == 0 ? days + "d" : days + "d " + hours + "h";
    }
    if (hours > 0) {
      return minutes == 0 ? hours + "h" : hours + "h " + minutes + "m";
    }
    if (minutes > 0) {
      return seconds == 0 ? minutes + "m" : minutes + "m " + seconds + "s";
    }
    return seconds + "s";
  }

  /** Milliseconds with one decimal, "-" for no data (0). */
  static String millis(double ms) {
    if (ms <= 0 || Double.isNaN(ms)) {
      return NONE;
    }
    return ms >= 100 ? String.format("%.0fms", ms) : String.format("%.1fms", ms);
  }

  /** An amount in minor units as a decimal with its currency: {@code 1500.00 EUR}. */
  static String money(long minorUnits, String currency) {
    if (currency == null || currency.isBlank()) {
      return minorUnits + " (minor units)";
    }
    int digits;
    try {
      digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    } catch (IllegalArgumentException e) {
      digits = 2;
    }
    return BigDecimal.valueOf(minorUnits, digits).toPlainString() + " " + currency;
  }

  static String orNone(String s) {
    return s == null || s.isBlank() ? NONE : s;
  }

  /** Aligned "key value" lines. */
  /**
   * {@code Name (ID)} for things identified by an opaque ID (products, events), as the catalogue
   * labels are printed; the bare ID when no name is known.
   */
  static String named(String id, String name) {
    if (id == null || id.isBlank()) {
      return name == null || name.isBlank() ? NONE : name;
    }
    return name == null || name.isBlank() || name.equals(id) ? id : name + " (" + id + ")";
  }

  static void keyValues(PrintWriter out, Map<String, String> lines) {
    keyValues(out, lines, "");
  }

  /** Aligned "key value" lines, each starting with {@code indent}. */
  static void keyValues(PrintWriter out, Map<String, String> lines, String indent) {
    int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
    lines.forEach(
        (k, v) -> out.println(stripTrailing(indent + String.format("%-" + width + "s  %s", k, v))));
  }

  private static String stripTrailing(String s) {
    return s.stripTrailing();
  }

  /** A table with a header row and columns aligned by two spaces. */
  static final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;
    private final boolean[] right;

    Table(String... headers) {
      this.columns = headers.length;
      this.right = new boolean[headers.length];
      rows.add(headers);
    }

    /** Right-aligns these columns (0-based), for figures. */
    Table right(int... cols) {
      for (int c : cols) {
        right[c] = true;
      }
      return this;
    }

    Table row(String... cells) {
      if (cells.length != columns) {
        throw new IllegalArgumentException("expected " + columns + " cells");
      }
      String[] copy = new String[columns];
      for (int i = 0; i < columns; i++) {
        copy[i] = cells[i] == null || cells[i].isEmpty() ? NONE : cells[i].replace('\n', ' ');
      }
      rows.add(copy);
      return this;
    }

    int size() {
      return rows.size() - 1;
    }

    void print(PrintWriter out) {
      int[] widths = new int[columns];
      for (String[] row : rows) {
        for (int i = 0; i < columns; i++) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      for (String[] row : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < columns; i++) {
          if (i > 0) {
            line.append("  ");
          }
          String pad = " ".repeat(widths[i] - row[i].length());
          if (right[i]) {
            line.append(pad).append(row[i]);
          } else {
            line.append(row[i]);
            if (i < columns - 1) {
              line.append(pad);
            }
          }
        }
        out.println(stripTrailing(line.toString()));
      }
    }
  }
}
