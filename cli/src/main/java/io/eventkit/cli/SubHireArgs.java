package io.eventkit.cli;

import com.google.protobuf.Timestamp;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.NegotiationState;
import io.eventkit.proto.v1.RequestLine;
import io.eventkit.proto.v1.SubHireRole;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * The sub-hire commands' argument syntax: negotiation IDs, instants, request lines ({@code
 * SUPPLIER_PRODUCT=LOCAL_PRODUCT:QTY[@PRICE]}), quote prices ({@code SUPPLIER_PRODUCT=PRICE}),
 * barcodes, roles and states. Each converter throws a conversion error saying what it expected, so
 * picocli reports it as a usage error (exit 2) before anything is sent.
 */
final class SubHireArgs {
  /** As the node's barcode rule: 1–64 characters of A–Z a–z 0–9 - _ . / */
  private static final Pattern BARCODE = Pattern.compile("[A-Za-z0-9._/-]{1,64}");

  static final String EXAMPLE_SUPPLIER_PRODUCT = "7c1e0b2a-5f3d-4c1e-9a2b-3c4d5e6f7a8b";
  static final String EXAMPLE_LOCAL_PRODUCT = "0a9f33d1-6e4f-4d2a-8b3c-4d5e6f7a8b9c";

  static final String LINE_HELP =
      "SUPPLIER_PRODUCT=LOCAL_PRODUCT:QTY[@PRICE], i.e. the supplier's product ID (from its"
          + " shared catalogue), your product the borrowed units count as, the quantity and"
          + " optionally a suggested unit price with its currency (12.50EUR, 3000JPY)."
          + " Product IDs are UUIDs.";

  private SubHireArgs() {}

  // ---- negotiation IDs ------------------------------------------------------------------------

  /** A negotiation ID is a UUID (chosen by the borrower); returned in its canonical lowercase. */
  static String negotiationId(String value) {
    String v = value == null ? "" : value.trim();
    try {
      UUID uuid = UUID.fromString(v);
      if (uuid.toString().equalsIgnoreCase(v)) {
        return uuid.toString();
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw new CommandLine.TypeConversionException(
        "'"
            + value
            + "' is not a sub-hire ID: expected a UUID such as"
            + " 3f2b9c1e-8d4a-4e2f-9b1c-5a6d7e8f9a0b (see 'eventkit subhire list')");
  }

  static final class IdConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return negotiationId(value);
    }
  }

  // ---- instants -------------------------------------------------------------------------------

  /**
   * An ISO-8601 / RFC 3339 date-time with an explicit zone: {@code 2026-12-05T08:00:00Z} or {@code
   * 2026-12-05T09:00:00+01:00}, between 1970 and 9999 (what the node accepts). Parsed strictly:
   * impossible dates and times ({@code 2026-12-32}, {@code 2026-02-30}, {@code 24:00}, a leap
   * second {@code :60}) are refused instead of rolled over.
   */
  static Instant instant(String value) {
    String v = value == null ? "" : value.trim();
    Instant parsed;
    try {
      parsed = OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      String why = e.getCause() != null ? e.getCause().getMessage() : null;
      throw new CommandLine.TypeConversionException(
          "'"
              + value
              + "' is not an ISO-8601 instant"
              + (why != null ? " (" + why + ")" : "")
              + ": use e.g. 2026-12-05T08:00:00Z or 2026-12-05T09:00:00+01:00 (a date and a"
              + " time with Z or an offset)");
    }
    if (parsed.isBefore(MIN_INSTANT) || parsed.isAfter(MAX_INSTANT)) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is out of range: dates must lie between the years 1970 and 9999");
    }
    return parsed;
  }

  private static final Instant MIN_INSTANT = Instant.EPOCH;
  private static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

  static Timestamp timestamp(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      return instant(value);
    }
  }

  // ---- request lines --------------------------------------------------------------------------

  /**
   * A product ID: a UUID (every node's catalogue uses them, and a supplier refuses any other
   * supplier product ID for good, so a typo is caught here instead of as a failed delivery).
   * Returned in canonical lowercase; null when it is not one.
   */
  static String productId(String value) {
    String v = value == null ? "" : value.trim();
    try {
      UUID uuid = UUID.fromString(v);
      return uuid.toString().equalsIgnoreCase(v) ? uuid.toString() : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String notAProduct(String value) {
    return "'" + value + "' is not a product ID (a UUID, as the product's catalogue shows it)";
  }

  /**
   * {@code SUPPLIER_PRODUCT=LOCAL_PRODUCT:QTY[@PRICE]}, e.g. {@code 7c1e…=0a9f…:4@12.50EUR}:
   * product IDs are UUIDs; a quantity of at least 1; a price as {@link Amounts#parse}.
   */
  static RequestLine line(String value) {
    String v = value == null ? "" : value.trim();
    String price = null;
    int at = v.indexOf('@');
    if (at >= 0) {
      price = v.substring(at + 1);
      v = v.substring(0, at);
    }
    int eq = v.indexOf('=');
    int colon = v.lastIndexOf(':');
    if (eq <= 0 || colon < eq + 2 || colon == v.length() - 1) {
      throw badLine(value, "expected SUPPLIER_PRODUCT=LOCAL_PRODUCT:QTY[@PRICE]");
    }
    String supplierProduct = productId(v.substring(0, eq));
    String localProduct = productId(v.substring(eq + 1, colon));
    String qty = v.substring(colon + 1).trim();
    if (supplierProduct == null) {
      throw badLine(value, notAProduct(v.substring(0, eq).trim()));
    }
    if (localProduct == null) {
      throw badLine(value, notAProduct(v.substring(eq + 1, colon).trim()));
    }
    int quantity;
    try {
      quantity = Integer.parseInt(qty);
    } catch (NumberFormatException e) {
      throw badLine(value, "the quantity '" + qty + "' is not a whole number");
    }
    if (quantity < 1) {
      throw badLine(value, "the quantity must be at least 1 (got " + quantity + ")");
    }
    RequestLine.Builder line =
        RequestLine.newBuilder()
            .setSupplierProductId(supplierProduct)
            .setLocalProductId(localProduct)
            .setQuantity(quantity);
    if (price != null) {
      try {
        line.setSuggestedUnitPrice(Amounts.parse(price));
      } catch (CommandLine.TypeConversionException e) {
        throw badLine(value, "the price " + e.getMessage());
      }
    }
    return line.build();
  }

  private static CommandLine.TypeConversionException badLine(String value, String why) {
    return new CommandLine.TypeConversionException(
        "bad --line '"
            + value
            + "': "
            + why
            + "; e.g. --line "
            + EXAMPLE_SUPPLIER_PRODUCT
            + "="
            + EXAMPLE_LOCAL_PRODUCT
            + ":4@12.50EUR");
  }

  static final class LineConverter implements CommandLine.ITypeConverter<RequestLine> {
    @Override
    public RequestLine convert(String value) {
      return line(value);
    }
  }

  // ---- quote prices ---------------------------------------------------------------------------

  /** A quoted unit price for one supplier product: {@code SUPPLIER_PRODUCT=PRICE}. */
  record Price(String supplierProductId, Money unitPrice) {}

  static Price price(String value) {
    String v = value == null ? "" : value.trim();
    int eq = v.indexOf('=');
    if (eq <= 0 || eq == v.length() - 1) {
      throw badPrice(value, "expected SUPPLIER_PRODUCT=PRICE");
    }
    String product = productId(v.substring(0, eq));
    if (product == null) {
      throw badPrice(value, notAProduct(v.substring(0, eq).trim()));
    }
    try {
      return new Price(product, Amounts.parse(v.substring(eq + 1)));
    } catch (CommandLine.TypeConversionException e) {
      throw badPrice(value, e.getMessage());
    }
  }

  private static CommandLine.TypeConversionException badPrice(String value, String why) {
    return new CommandLine.TypeConversionException(
        "bad --price '"
            + value
            + "': "
            + why
            + "; e.g. --price "
            + EXAMPLE_SUPPLIER_PRODUCT
            + "=12.50EUR");
  }

  static final class PriceConverter implements CommandLine.ITypeConverter<Price> {
    @Override
    public Price convert(String value) {
      return price(value);
    }
  }

  // ---- barcodes -------------------------------------------------------------------------------

  static String barcode(String value) {
    if (value != null && BARCODE.matcher(value).matches()) {
      return value;
    }
    throw new CommandLine.TypeConversionException(
        "'"
            + value
            + "' is not a barcode: 1-64 characters of A-Z, a-z, 0-9, '-', '_', '.' and '/'");
  }

  static final class BarcodeConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return barcode(value);
    }
  }

  // ---- roles and states -----------------------------------------------------------------------

  /** {@code borrower} / {@code supplier}; "-" when unset. */
  static String role(SubHireRole role) {
    return switch (role) {
      case BORROWER -> "borrower";
      case SUPPLIER -> "supplier";
      case SUB_HIRE_ROLE_UNSPECIFIED -> Text.NONE;
      case UNRECOGNIZED -> "unknown";
    };
  }

  static final class RoleConverter implements CommandLine.ITypeConverter<SubHireRole> {
    @Override
    public SubHireRole convert(String value) {
      String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
      return switch (v) {
        case "borrower" -> SubHireRole.BORROWER;
        case "supplier" -> SubHireRole.SUPPLIER;
        default ->
            throw new CommandLine.TypeConversionException(
                "'" + value + "' is not a role: use borrower or supplier");
      };
    }
  }

  /** The states a user can name, in protocol order. */
  static final List<NegotiationState> STATES =
      Arrays.stream(NegotiationState.values())
          .filter(
              s ->
                  s != NegotiationState.NEGOTIATION_STATE_UNSPECIFIED
                      && s != NegotiationState.UNRECOGNIZED)
          .toList();

  /** {@code CANCEL_REQUESTED}; "-" when unset. */
  static String state(NegotiationState state) {
    return switch (state) {
      case NEGOTIATION_STATE_UNSPECIFIED -> Text.NONE;
      case UNRECOGNIZED -> "UNKNOWN";
      default -> state.name();
    };
  }

  /** A state in any case, with '-' or '_': {@code quoted}, {@code cancel-requested}. */
  static NegotiationState parseState(String value) {
    String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (NegotiationState s : STATES) {
      if (s.name().equals(v)) {
        return s;
      }
    }
    throw new CommandLine.TypeConversionException(
        "'"
            + value
            + "' is not a sub-hire state; valid states: "
            + STATES.stream().map(Enum::name).collect(Collectors.joining(", ")));
  }

  static final class StateConverter implements CommandLine.ITypeConverter<NegotiationState> {
    @Override
    public NegotiationState convert(String value) {
      return parseState(value);
    }
  }

  static final class StateCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return STATES.stream().map(Enum::name).iterator();
    }
  }
}
