package io.eventkit.node.quotes;

import io.eventkit.node.kernel.DomainException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pricing engine: pure functions from rates, quantities, days, discounts, tax rates and an
 * exchange rate to a quote's line figures and totals (quotes.proto, docs/quotes.md). Money is
 * {@code long} minor units; {@link BigDecimal} is used only to multiply by rates and factors, and
 * every such product is rounded half away from zero ({@link RoundingMode#HALF_UP}) to the minor
 * unit of the currency, once per step.
 */
public final class Pricing {
  private Pricing() {}

  /** "{@code days} days are charged as {@code chargedMilli} / 1000 days". */
  public record DayFactor(int days, int chargedMilli) {}

  /** Default factors: 1→1, 2→1.5, 3→2, 4→2.5, 5→3, 6→3.5, 7→4, then +1 per day. */
  public static final List<DayFactor> DEFAULT_FACTORS =
      List.of(
          new DayFactor(1, 1000),
          new DayFactor(2, 1500),
          new DayFactor(3, 2000),
          new DayFactor(4, 2500),
          new DayFactor(5, 3000),
          new DayFactor(6, 3500),
          new DayFactor(7, 4000));

  public enum Kind {
    RENTAL,
    SERVICE,
    SALE
  }

  /**
   * A product's rate in the base currency: a day rate, a week rate (0: none) and the day factors
   * (empty: {@code defaults}).
   */
  public record Rate(long dayMinor, long weekMinor, List<DayFactor> factors) {}

  /**
   * One line to price. RENTAL: {@code rate} (base currency, price list applied; null: no rate) or
   * {@code typedUnitPrice} (quote currency; wins), and {@code days}. SERVICE/SALE: {@code
   * typedUnitPrice}. {@code taxRateBp} is the line's tax rate (0 without tax).
   */
  public record LineInput(
      Kind kind,
      BigDecimal quantity,
      int days,
      Rate rate,
      Long typedUnitPrice,
      int discountBp,
      String taxCode,
      int taxRateBp) {}

  /** A line's figures, in the quote's currency. */
  public record LineResult(
      long unitPrice,
      long weekPrice,
      String chargedDays,
      String rateDetail,
      long gross,
      long lineDiscount,
      long quoteDiscount,
      long net,
      long tax,
      long total) {
    public long discount() {
      return lineDiscount + quoteDiscount;
    }
  }

  public record TaxSum(String taxCode, int rateBp, long base, long amount) {}

  public record Totals(
      long subtotal,
      long lineDiscounts,
      long quoteDiscount,
      long net,
      long tax,
      long total,
      List<TaxSum> taxes) {}

  public record Result(List<LineResult> lines, Totals totals) {}

  /**
   * Prices every line and sums them.
   *
   * @param baseCurrency the rate cards' currency
   * @param currency the quote's currency
   * @param exchangeRate units of {@code currency} per unit of {@code baseCurrency} (1 when equal)
   * @param defaults the day factors of rates without their own
   */
  public static Result price(
      String baseCurrency,
      String currency,
      BigDecimal exchangeRate,
      int quoteDiscountBp,
      List<DayFactor> defaults,
      List<LineInput> lines) {
    int fromDigits = digits(baseCurrency);
    int toDigits = digits(currency);
    List<LineResult> out = new ArrayList<>(lines.size());
    long subtotal = 0;
    long lineDiscounts = 0;
    long quoteDiscount = 0;
    long net = 0;
    long tax = 0;
    Map<String, long[]> taxes = new LinkedHashMap<>();
    Map<String, Integer> taxRates = new LinkedHashMap<>();
    for (LineInput l : lines) {
      LineResult r = line(l, fromDigits, toDigits, exchangeRate, quoteDiscountBp, defaults);
      out.add(r);
      subtotal = add(subtotal, r.gross());
      lineDiscounts = add(lineDiscounts, r.lineDiscount());
      quoteDiscount = add(quoteDiscount, r.quoteDiscount());
      net = add(net, r.net());
      tax = add(tax, r.tax());
      if (l.taxCode() != null && !l.taxCode().isEmpty()) {
        String key = l.taxCode() + "\u0000" + l.taxRateBp();
        long[] sum = taxes.computeIfAbsent(key, k -> new long[2]);
        sum[0] = add(sum[0], r.net());
        sum[1] = add(sum[1], r.tax());
        taxRates.put(key, l.taxRateBp());
      }
    }
    List<TaxSum> taxSums = new ArrayList<>();
    for (Map.Entry<String, long[]> e : taxes.entrySet()) {
      String code = e.getKey().substring(0, e.getKey().indexOf('\u0000'));
      taxSums.add(new TaxSum(code, taxRates.get(e.getKey()), e.getValue()[0], e.getValue()[1]));
    }
    return new Result(
        out, new Totals(subtotal, lineDiscounts, quoteDiscount, net, tax, add(net, tax), taxSums));
  }

  static LineResult line(
      LineInput l,
      int fromDigits,
      int toDigits,
      BigDecimal exchangeRate,
      int quoteDiscountBp,
      List<DayFactor> defaults) {
    long unit;
    long week = 0;
    String charged = "";
    String detail = "";
    long gross;
    if (l.kind() == Kind.RENTAL) {
      List<DayFactor> factors =
          l.rate() == null || l.rate().factors().isEmpty() ? defaults : l.rate().factors();
      BigDecimal byFactors = chargedDays(factors, l.days());
      if (l.typedUnitPrice() != null) {
        unit = l.typedUnitPrice();
      } else if (l.rate() != null) {
        unit = convert(l.rate().dayMinor(), fromDigits, toDigits, exchangeRate);
        week =
            l.rate().weekMinor() > 0
                ? convert(l.rate().weekMinor(), fromDigits, toDigits, exchangeRate)
                : 0;
      } else {
        unit = 0;
      }
      BigDecimal perUnit = BigDecimal.valueOf(unit).multiply(byFactors);
      charged = plain(byFactors);
      detail =
          l.days() == 1
              ? "1 day"
              : byFactors.compareTo(BigDecimal.valueOf(l.days())) == 0
                  ? l.days() + " days"
                  : l.days() + " days charged as " + charged;
      int weeks = l.days() / 7;
      if (week > 0 && weeks > 0) {
        int rest = l.days() % 7;
        BigDecimal restCharged = rest == 0 ? BigDecimal.ZERO : chargedDays(factors, rest);
        BigDecimal byWeeks =
            BigDecimal.valueOf(week)
                .multiply(BigDecimal.valueOf(weeks))
                .add(BigDecimal.valueOf(unit).multiply(restCharged));
        if (byWeeks.compareTo(perUnit) < 0) {
          perUnit = byWeeks;
          charged =
              unit == 0
                  ? plain(restCharged)
                  : plain(byWeeks.divide(BigDecimal.valueOf(unit), 3, RoundingMode.HALF_UP));
          detail =
              (weeks == 1 ? "1 week" : weeks + " weeks")
                  + (rest == 0
                      ? ""
                      : " + "
                          + (rest == 1 ? "1 day" : rest + " days")
                          + (restCharged.compareTo(BigDecimal.valueOf(rest)) == 0
                              ? ""
                              : " charged as " + plain(restCharged)));
        }
      }
      gross = round(perUnit.multiply(l.quantity()));
    } else {
      unit = l.typedUnitPrice() == null ? 0 : l.typedUnitPrice();
      gross = round(BigDecimal.valueOf(unit).multiply(l.quantity()));
    }
    long lineDiscount = bp(gross, l.discountBp());
    long left = gross - lineDiscount;
    long quoteDiscount = bp(left, quoteDiscountBp);
    long net = left - quoteDiscount;
    long tax = bp(net, l.taxRateBp());
    return new LineResult(
        unit, week, charged, detail, gross, lineDiscount, quoteDiscount, net, tax, add(net, tax));
  }

  /**
   * Days charged for {@code days} through a factor table: the entry for the greatest number of days
   * not above {@code days}, plus one per day beyond it (no entry: the days themselves).
   */
  public static BigDecimal chargedDays(List<DayFactor> factors, int days) {
    DayFactor best = null;
    for (DayFactor f : factors) {
      if (f.days() <= days && (best == null || f.days() > best.days())) {
        best = f;
      }
    }
    if (best == null) {
      return BigDecimal.valueOf(days);
    }
    return BigDecimal.valueOf(best.chargedMilli(), 3)
        .add(BigDecimal.valueOf(days - best.days()))
        .stripTrailingZeros();
  }

  /**
   * A rate card's rate under a price list's discount (each rate less the discount, rounded); an
   * override of the list replaces the card's rates without further discount.
   */
  public static Rate listed(Rate card, int listDiscountBp) {
    return new Rate(
        card.dayMinor() - bp(card.dayMinor(), listDiscountBp),
        card.weekMinor() - bp(card.weekMinor(), listDiscountBp),
        card.factors());
  }

  /** {@code amount} × {@code basisPoints} / 10000, rounded half away from zero. */
  public static long bp(long amount, int basisPoints) {
    if (basisPoints == 0 || amount == 0) {
      return 0;
    }
    return round(BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(basisPoints, 4)));
  }

  /**
   * An amount in minor units of one currency (with {@code fromDigits} decimals) in minor units of
   * another, at {@code rate} units of the other per unit of the first.
   */
  public static long convert(long minor, int fromDigits, int toDigits, BigDecimal rate) {
    if (fromDigits == toDigits && rate.compareTo(BigDecimal.ONE) == 0) {
      return minor;
    }
    return round(BigDecimal.valueOf(minor).multiply(rate).movePointRight(toDigits - fromDigits));
  }

  /**
   * {@code v} rounded to a whole minor unit.
   *
   * @throws DomainException INVALID_ARGUMENT "amount too large" when it does not fit in a long
   */
  public static long round(BigDecimal v) {
    try {
      return v.setScale(0, RoundingMode.HALF_UP).longValueExact();
    } catch (ArithmeticException e) {
      throw tooLarge();
    }
  }

  /** {@code a + b}, refused rather than overflowed. */
  static long add(long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw tooLarge();
    }
  }

  private static DomainException tooLarge() {
    return DomainException.invalid(
        "amount too large: a line or total does not fit (lower the quantity, price or days)");
  }

  /** Decimals of a currency's minor unit (EUR 2, JPY 0, BHD 3); 2 for pseudo-currencies. */
  public static int digits(String currency) {
    int d = Currency.getInstance(currency).getDefaultFractionDigits();
    return d < 0 ? 2 : d;
  }

  static String plain(BigDecimal v) {
    return v.stripTrailingZeros().toPlainString();
  }
}
