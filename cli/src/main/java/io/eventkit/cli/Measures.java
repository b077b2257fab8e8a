package io.eventkit.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weights, volumes and lengths as people type them ({@code 3.5t}, {@code 3500kg}, {@code 20m3},
 * {@code 6.2m}) and as the proto carries them (grams, cubic centimetres, millimetres).
 */
final class Measures {
  private static final Pattern NUMBER_UNIT =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([a-zA-Z³][a-zA-Z³0-9]*)");

  private Measures() {}

  private static long scaled(
      String text, String what, String units, String smallest, String... pairs) {
    Matcher m = NUMBER_UNIT.matcher(text == null ? "" : text.trim());
    if (m.matches()) {
      String unit = m.group(2).toLowerCase(Locale.ROOT).replace("³", "3");
      for (int i = 0; i < pairs.length; i += 2) {
        if (pairs[i].equals(unit)) {
          BigDecimal v = new BigDecimal(m.group(1)).multiply(new BigDecimal(pairs[i + 1]));
          try {
            return v.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
          } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                "'" + text + "' is more precise than whole " + smallest);
          }
        }
      }
      throw new IllegalArgumentException(
          "'" + text + "': unknown unit '" + m.group(2) + "' for a " + what + "; use " + units);
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a " + what + " with a unit; use " + units);
  }

  /** Grams from {@code 3.5t}, {@code 3500kg} or {@code 500g}. */
  static long grams(String text) {
    return scaled(
        text,
        "weight",
        "t, kg or g (e.g. 3500kg)",
        "grams",
        "t",
        "1000000",
        "kg",
        "1000",
        "g",
        "1");
  }

  /** Cubic centimetres from {@code 20m3}, {@code 800l} or {@code 5000cm3}. */
  static long cm3(String text) {
    return scaled(
        text,
        "volume",
        "m3, l or cm3 (e.g. 20m3)",
        "cm3",
        "m3",
        "1000000",
        "l",
        "1000",
        "cm3",
        "1");
  }

  /** Millimetres from {@code 6.2m}, {@code 620cm} or {@code 6200mm}. */
  static int mm(String text) {
    long v =
        scaled(
            text,
            "length",
            "m, cm or mm (e.g. 6.2m)",
            "millimetres",
            "m",
            "1000",
            "cm",
            "10",
            "mm",
            "1");
    if (v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("'" + text + "' is too long");
    }
    return (int) v;
  }

  /** {@code 1234.5 kg}, {@code 800 g}. */
  static String weight(long grams) {
    return grams >= 1000 ? decimal(grams, 3) + " kg" : grams + " g";
  }

  /** {@code 12.3 m³}, {@code 800 cm³}. */
  static String volume(long cm3) {
    return cm3 >= 10_000 ? decimal(cm3, 6) + " m³" : cm3 + " cm³";
  }

  /** {@code 6.2 m}. */
  static String length(long mm) {
    return mm == 0 ? Text.NONE : decimal(mm, 3) + " m";
  }

  private static String decimal(long v, int scale) {
    BigDecimal d = BigDecimal.valueOf(v, scale).setScale(Math.min(scale, 2), RoundingMode.HALF_UP);
    return d.stripTrailingZeros().toPlainString();
  }

  /** How full: {@code 87%}; "-" when there is no capacity. */
  static String percent(long used, long capacity) {
    if (capacity <= 0) {
      return Text.NONE;
    }
    return BigDecimal.valueOf(used * 100)
            .divide(BigDecimal.valueOf(capacity), 0, RoundingMode.HALF_UP)
            .toPlainString()
        + "%";
  }
}
