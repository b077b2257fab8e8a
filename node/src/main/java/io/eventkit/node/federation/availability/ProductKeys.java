package io.eventkit.node.federation.availability;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Normalisation for matching products across companies (docs/federation.md §8.4.3). Two products
 * match when their GTINs are equal, or when their normalised manufacturer and model both are.
 */
final class ProductKeys {
  private ProductKeys() {}

  /**
   * NFKC, lower case, then every character that is not a letter or digit removed: "Shure " /
   * "SM-58" and "shure" / "sm 58" both give "shure" / "sm58".
   */
  static String text(String s) {
    if (s == null) {
      return "";
    }
    String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(n.length());
    n.codePoints().filter(Character::isLetterOrDigit).forEach(b::appendCodePoint);
    return b.toString();
  }

  /** Manufacturer and model key; empty when either is empty after normalisation. */
  static String manufacturerModel(String manufacturer, String model) {
    String m = text(manufacturer);
    String n = text(model);
    return m.isEmpty() || n.isEmpty() ? "" : m + "\u0000" + n;
  }

  /**
   * A GTIN as 14 digits (GTIN-8/12/13 are left-padded with zeros, so a UPC-A and its EAN-13 form
   * match); empty when {@code s} is not 8, 12, 13 or 14 digits.
   */
  static String gtin(String s) {
    if (s == null) {
      return "";
    }
    String d = s.strip();
    if (!d.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return "";
    }
    return switch (d.length()) {
      case 8, 12, 13, 14 -> "0".repeat(14 - d.length()) + d;
      default -> "";
    };
  }
}
