package io.eventkit.node.kernel;

import java.util.Set;

/**
 * The one text-input policy of the local API (issue 14; the table is in node/README.md, "Input
 * rules"). Every string field of every request falls in one of four kinds, decided by the field's
 * name, so a new field is covered without registering anything:
 *
 * <ul>
 *   <li>{@link Kind#IDENTIFIER}: {@code id}, {@code *_id}, {@code *_ids}, barcodes, serials, codes,
 *       GTINs, time zones — at most {@value #IDENTIFIER_MAX} characters (the longest DNS name: node
 *       IDs are DNS names);
 *   <li>{@link Kind#FREE_TEXT}: {@code note(s)}, {@code description}, {@code address}, and {@code
 *       SubHireActionRequest.reason} (also the return note) — at most {@value #FREE_TEXT_MAX}
 *       characters, and the only kind that may hold line breaks and tabs;
 *   <li>{@link Kind#OPAQUE}: page tokens, invitations — at most {@value #OPAQUE_MAX} characters,
 *       trimmed like the rest;
 *   <li>{@link Kind#SECRET}: {@code password} — at most {@value #SECRET_MAX} characters and not
 *       trimmed (spaces at either end are part of a passphrase);
 *   <li>{@link Kind#DATA_URI}: {@code UpdateQuoteSettingsRequest.logo_data_uri} — at most {@value
 *       #DATA_URI_MAX} characters (a 256 KiB image in base64), no control characters;
 *   <li>{@link Kind#NAME}: everything else (names, queries, contact details) — at most {@value
 *       #NAME_MAX} characters.
 * </ul>
 *
 * <p>Values of every kind are trimmed (leading and trailing white space, {@link String#strip()})
 * before they are checked, so a value of only spaces is empty. No kind accepts control characters
 * (Unicode category Cc: U+0000–U+001F, U+007F–U+009F), except line feed, carriage return and tab in
 * free text, nor a lone UTF-16 surrogate (which has no UTF-8 form). Lengths count Unicode code
 * points.
 */
public final class TextPolicy {
  public static final int IDENTIFIER_MAX = 253;
  public static final int NAME_MAX = 200;
  public static final int FREE_TEXT_MAX = 10_000;
  public static final int OPAQUE_MAX = 16_384;
  public static final int SECRET_MAX = 256;
  public static final int DATA_URI_MAX = 360_000;

  private static final Set<String> IDENTIFIER_NAMES =
      Set.of("id", "barcode", "barcodes", "serial", "code", "gtin", "currency_code", "time_zone");
  private static final Set<String> FREE_TEXT_NAMES =
      Set.of("note", "notes", "description", "address");

  /**
   * Free text by full field name. Other reasons stay names: a trust revocation's reason goes to the
   * partner, which refuses control characters in it.
   */
  private static final Set<String> FREE_TEXT_FIELDS =
      Set.of(
          "eventkit.v1.SubHireActionRequest.reason",
          "eventkit.v1.AddActivityRequest.body",
          "eventkit.v1.UpdateDealRequest.lost_reason",
          "eventkit.v1.UpdateQuoteSettingsRequest.company_address",
          "eventkit.v1.UpdateQuoteSettingsRequest.terms",
          "eventkit.v1.SendQuoteRequest.message");

  /** Data URIs by full field name: long, but single-line (the feature checks the content). */
  private static final Set<String> DATA_URI_FIELDS =
      Set.of("eventkit.v1.UpdateQuoteSettingsRequest.logo_data_uri");

  private static final Set<String> OPAQUE_NAMES = Set.of("page_token", "invitation");
  private static final Set<String> SECRET_NAMES = Set.of("password");

  private TextPolicy() {}

  public enum Kind {
    IDENTIFIER(IDENTIFIER_MAX),
    NAME(NAME_MAX),
    FREE_TEXT(FREE_TEXT_MAX),
    OPAQUE(OPAQUE_MAX),
    SECRET(SECRET_MAX),
    DATA_URI(DATA_URI_MAX);

    private final int max;

    Kind(int max) {
      this.max = max;
    }

    public int max() {
      return max;
    }
  }

  /** The kind of a field, by its full name ({@code eventkit.v1.Message.field}) and its name. */
  public static Kind kindOf(String fullName, String fieldName) {
    if (DATA_URI_FIELDS.contains(fullName)) {
      return Kind.DATA_URI;
    }
    return FREE_TEXT_FIELDS.contains(fullName) ? Kind.FREE_TEXT : kindOf(fieldName);
  }

  /** The kind of a (proto, snake_case) field name. */
  public static Kind kindOf(String fieldName) {
    if (SECRET_NAMES.contains(fieldName)) {
      return Kind.SECRET;
    }
    if (OPAQUE_NAMES.contains(fieldName)) {
      return Kind.OPAQUE;
    }
    if (FREE_TEXT_NAMES.contains(fieldName)) {
      return Kind.FREE_TEXT;
    }
    if (IDENTIFIER_NAMES.contains(fieldName)
        || fieldName.endsWith("_id")
        || fieldName.endsWith("_ids")) {
      return Kind.IDENTIFIER;
    }
    return Kind.NAME;
  }

  /** The value as it is used: trimmed (a pasted invitation often ends with a line break). */
  public static String normalize(String value, Kind kind) {
    return kind == Kind.SECRET ? value : value.strip();
  }

  /**
   * What is wrong with a (normalized) value, as a phrase that follows the field name ("contains a
   * control character (U+0001) at position 3"), or null when it is acceptable.
   */
  public static String problem(String value, Kind kind) {
    int length = 0;
    for (int i = 0; i < value.length(); ) {
      char c = value.charAt(i);
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c)
            || i + 1 >= value.length()
            || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return "contains an unpaired UTF-16 surrogate at position " + (length + 1);
        }
        i += 2;
      } else {
        if (Character.getType(c) == Character.CONTROL && !allowedControl(c, kind)) {
          return "contains a control character ("
              + String.format("U+%04X", (int) c)
              + ") at position "
              + (length + 1)
              + (kind == Kind.FREE_TEXT
                  ? "; only line breaks and tabs are allowed"
                  : "; control characters (including line breaks and tabs) are not allowed here");
        }
        i++;
      }
      length++;
    }
    if (length > kind.max) {
      return "must be at most " + kind.max + " characters (was " + length + ")";
    }
    return null;
  }

  private static boolean allowedControl(char c, Kind kind) {
    return kind == Kind.FREE_TEXT && (c == '\n' || c == '\r' || c == '\t');
  }
}
