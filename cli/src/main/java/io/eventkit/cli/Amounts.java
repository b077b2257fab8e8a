package io.eventkit.cli;

import io.eventkit.proto.v1.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Money as people type it ({@code 12.50EUR}, {@code 12.50 EUR}, {@code 3000JPY}) and as the proto
 * carries it (minor units + ISO 4217 code). The number of decimals comes from {@link
 * Currency#getDefaultFractionDigits()}: 2 for EUR, 0 for JPY, 3 for KWD; more decimals than the
 * currency has are refused rather than rounded.
 */
final class Amounts {
  private static final Pattern AMOUNT_CURRENCY =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]{3})");

  private Amounts() {}

  /** The currency for an ISO 4217 code in any case, or a conversion error. */
  static Currency currency(String code) {
    String c = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
    try {
      return Currency.getInstance(c);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(
          "'" + code + "' is not an ISO 4217 currency code (e.g. EUR, USD, GBP, JPY)");
    }
  }

  /** Decimals of the currency's minor unit (0 for currencies without one, e.g. JPY). */
  static int digits(Currency currency) {
    return Math.max(0, currency.getDefaultFractionDigits());
  }

  /**
   * Parses {@code AMOUNT CUR} with or without the space, e.g. {@code 12.50EUR} or {@code 3000 JPY}:
   * a non-negative decimal with at most the currency's decimals.
   */
  static Money parse(String text) {
    Matcher m = AMOUNT_CURRENCY.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new CommandLine.TypeConversionException(
          "'"
              + text
              + "' is not an amount with a currency: use e.g. 12.50EUR, 12.50 EUR or 3000JPY");
    }
    return of(new BigDecimal(m.group(1)), currency(m.group(2)), text);
  }

  /** {@code amount} of {@code currency} in minor units; {@code input} names it in errors. */
  static Money of(BigDecimal amount, Currency currency, String input) {
    int digits = digits(currency);
    long minor;
    try {
      minor = amount.setScale(digits).unscaledValue().longValueExact();
    } catch (ArithmeticException e) {
      throw new CommandLine.TypeConversionException(
          "'"
              + input
              + "' has more decimals than "
              + currency.getCurrencyCode()
              + " allows ("
              + digits
              + ") or is too large");
    }
    return Money.newBuilder()
        .setCurrencyCode(currency.getCurrencyCode())
        .setMinorUnits(minor)
        .build();
  }

  /** {@code 12.50 EUR}, {@code 3000 JPY}; "-" for an unset amount. */
  static String format(Money money) {
    if (money == null || (money.getCurrencyCode().isBlank() && money.getMinorUnits() == 0)) {
      return Text.NONE;
    }
    return Text.money(money.getMinorUnits(), money.getCurrencyCode());
  }
}
