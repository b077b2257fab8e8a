package io.eventkit.node.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.quotes.Pricing.DayFactor;
import io.eventkit.node.quotes.Pricing.Kind;
import io.eventkit.node.quotes.Pricing.LineInput;
import io.eventkit.node.quotes.Pricing.LineResult;
import io.eventkit.node.quotes.Pricing.Rate;
import io.eventkit.node.quotes.Pricing.Result;
import io.eventkit.node.quotes.Pricing.TaxSum;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The pricing engine against a table of hand-computed lines (docs/quotes.md shows the sums). */
class PricingTest {
  private static final List<DayFactor> D = Pricing.DEFAULT_FACTORS;

  /**
   * One line priced alone: base and quote currency, exchange rate, quote discount, the input, and
   * the expected unit price, charged days, gross, discount (line + quote share), net, tax.
   */
  record Case(
      String name,
      String base,
      String currency,
      String fx,
      int quoteBp,
      LineInput in,
      long unit,
      String charged,
      String detail,
      long gross,
      long discount,
      long net,
      long tax) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static LineInput rental(String qty, int days, Rate rate, int discBp, int taxBp) {
    return new LineInput(
        Kind.RENTAL, new BigDecimal(qty), days, rate, null, discBp, taxBp == 0 ? "" : "T", taxBp);
  }

  private static LineInput service(String qty, long unit, int discBp, int taxBp) {
    return new LineInput(
        Kind.SERVICE, new BigDecimal(qty), 0, null, unit, discBp, taxBp == 0 ? "" : "T", taxBp);
  }

  private static Rate day(long d) {
    return new Rate(d, 0, List.of());
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "one day, two units, 20 % tax",
            "EUR",
            "EUR",
            "1",
            0,
            rental("2", 1, day(10000), 0, 2000),
            10000,
            "1",
            "1 day",
            20000,
            0,
            20000,
            4000),
        new Case(
            "3 days charged as 2",
            "EUR",
            "EUR",
            "1",
            0,
            rental("1", 3, day(10000), 0, 0),
            10000,
            "2",
            "3 days charged as 2",
            20000,
            0,
            20000,
            0),
        new Case(
            "beyond the table: 10 days = 4 + 3",
            "EUR",
            "EUR",
            "1",
            0,
            rental("1", 10, day(10000), 0, 0),
            10000,
            "7",
            "10 days charged as 7",
            70000,
            0,
            70000,
            0),
        new Case(
            "own table, 4 days = 1.8 + 2",
            "EUR",
            "EUR",
            "1",
            0,
            rental(
                "1",
                4,
                new Rate(10000, 0, List.of(new DayFactor(1, 1000), new DayFactor(2, 1800))),
                0,
                0),
            10000,
            "3.8",
            "4 days charged as 3.8",
            38000,
            0,
            38000,
            0),
        new Case(
            "week rate cheaper: 9 days = 1 week + 2 days",
            "EUR",
            "EUR",
            "1",
            0,
            rental("1", 9, new Rate(10000, 35000, List.of()), 0, 0),
            10000,
            "5",
            "1 week + 2 days charged as 1.5",
            50000,
            0,
            50000,
            0),
        new Case(
            "week rate dearer than factors: 7 days charged as 4",
            "EUR",
            "EUR",
            "1",
            0,
            rental("1", 7, new Rate(10000, 45000, List.of()), 0, 0),
            10000,
            "4",
            "7 days charged as 4",
            40000,
            0,
            40000,
            0),
        new Case(
            "two whole weeks at the week rate",
            "EUR",
            "EUR",
            "1",
            0,
            rental("2", 14, new Rate(10000, 30000, List.of()), 0, 0),
            10000,
            "6",
            "2 weeks",
            120000,
            0,
            120000,
            0),
        new Case(
            "price list 12.5 % off the card",
            "EUR",
            "EUR",
            "1",
            0,
            rental("1", 1, Pricing.listed(day(10000), 1250), 0, 0),
            8750,
            "1",
            "1 day",
            8750,
            0,
            8750,
            0),
        new Case(
            "x.5 rounds up: 1.5 × 3.33 = 4.995; 10 % of 5.00 = 0.50; tax 20 %",
            "EUR", "EUR", "1", 0, service("1.5", 333, 1000, 2000), 333, "", "", 500, 50, 450, 90),
        new Case(
            "x.5 in discount and tax: 10.05 less 10 % (1.005) → 1.01",
            "EUR",
            "EUR",
            "1",
            0,
            service("1", 1005, 1000, 2000),
            1005,
            "",
            "",
            1005,
            101,
            904,
            181),
        new Case(
            "services: 10.5 hours at 45.00",
            "EUR",
            "EUR",
            "1",
            0,
            service("10.5", 4500, 0, 0),
            4500,
            "",
            "",
            47250,
            0,
            47250,
            0),
        new Case(
            "line discount then quote discount of what is left",
            "EUR",
            "EUR",
            "1",
            500,
            service("1", 10000, 1000, 1900),
            10000,
            "",
            "",
            10000,
            1450,
            8550,
            1625),
        new Case(
            "100 % discount",
            "EUR", "EUR", "1", 0, service("3", 999, 10000, 2000), 999, "", "", 2997, 2997, 0, 0),
        new Case(
            "JPY has no minor unit: 99.99 EUR × 162.35 = 16233.38 → ¥16233",
            "EUR",
            "JPY",
            "162.35",
            0,
            rental("1", 1, day(9999), 0, 1000),
            16233,
            "1",
            "1 day",
            16233,
            0,
            16233,
            1623),
        new Case(
            "EUR→GBP: 120.00 × 0.8567 = 102.804 → £102.80, 3 days × 3",
            "EUR",
            "GBP",
            "0.8567",
            0,
            rental("3", 3, day(12000), 0, 2000),
            10280,
            "2",
            "3 days charged as 2",
            61680,
            0,
            61680,
            12336),
        new Case(
            "conversion x.5: 0.25 × 1.1 = 0.275 → 0.28",
            "EUR",
            "USD",
            "1.1",
            0,
            rental("1", 1, day(25), 0, 0),
            28,
            "1",
            "1 day",
            28,
            0,
            28,
            0),
        new Case(
            "a typed price wins over the card",
            "EUR",
            "EUR",
            "1",
            0,
            new LineInput(Kind.RENTAL, BigDecimal.ONE, 2, day(10000), 4000L, 0, "", 0),
            4000,
            "1.5",
            "2 days charged as 1.5",
            6000,
            0,
            6000,
            0),
        new Case(
            "no rate card: priced 0",
            "EUR",
            "EUR",
            "1",
            0,
            rental("1", 1, null, 0, 0),
            0,
            "1",
            "1 day",
            0,
            0,
            0,
            0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pricesALine(Case c) {
    Result r =
        Pricing.price(
            c.base(), c.currency(), new BigDecimal(c.fx()), c.quoteBp(), D, List.of(c.in()));
    LineResult l = r.lines().get(0);
    assertThat(l.unitPrice()).as("unit").isEqualTo(c.unit());
    assertThat(l.chargedDays()).as("charged days").isEqualTo(c.charged());
    assertThat(l.rateDetail()).as("detail").isEqualTo(c.detail());
    assertThat(l.gross()).as("gross").isEqualTo(c.gross());
    assertThat(l.discount()).as("discount").isEqualTo(c.discount());
    assertThat(l.net()).as("net").isEqualTo(c.net());
    assertThat(l.tax()).as("tax").isEqualTo(c.tax());
    assertThat(l.total()).isEqualTo(c.net() + c.tax());
    assertThat(r.totals().total()).isEqualTo(l.total());
  }

  @Test
  void totalsAreSumsOfLineFiguresWithTaxesByCode() {
    List<LineInput> lines =
        List.of(
            new LineInput(Kind.SALE, BigDecimal.ONE, 0, null, 10000L, 1000, "DE-19", 1900),
            new LineInput(Kind.SALE, BigDecimal.ONE, 0, null, 5000L, 0, "DE-19", 1900),
            new LineInput(Kind.SERVICE, new BigDecimal("2"), 0, null, 1234L, 0, "ZERO", 0),
            new LineInput(Kind.SERVICE, BigDecimal.ONE, 0, null, 700L, 0, "", 0));
    Result r = Pricing.price("EUR", "EUR", BigDecimal.ONE, 500, D, lines);
    // line 1: 10000 - 1000 = 9000, - 450 = 8550, tax 1624.5 → 1625
    // line 2: 5000 - 250 = 4750, tax 902.5 → 903
    // line 3: 2468 - 123.4 → 123 = 2345, zero-rated
    // line 4: 700 - 35 = 665, not taxed
    assertThat(r.totals().subtotal()).isEqualTo(10000 + 5000 + 2468 + 700);
    assertThat(r.totals().lineDiscounts()).isEqualTo(1000);
    assertThat(r.totals().quoteDiscount()).isEqualTo(450 + 250 + 123 + 35);
    assertThat(r.totals().net()).isEqualTo(8550 + 4750 + 2345 + 665);
    assertThat(r.totals().tax()).isEqualTo(1625 + 903);
    assertThat(r.totals().total()).isEqualTo(r.totals().net() + r.totals().tax());
    assertThat(r.totals().taxes())
        .containsExactly(
            new TaxSum("DE-19", 1900, 8550 + 4750, 1625 + 903), new TaxSum("ZERO", 0, 2345, 0));
    long sum = r.lines().stream().mapToLong(LineResult::total).sum();
    assertThat(sum).isEqualTo(r.totals().total());
  }

  @Test
  void chargedDaysFollowTheTableThenOnePerDay() {
    assertThat(Pricing.chargedDays(D, 1)).isEqualByComparingTo("1");
    assertThat(Pricing.chargedDays(D, 2)).isEqualByComparingTo("1.5");
    assertThat(Pricing.chargedDays(D, 7)).isEqualByComparingTo("4");
    assertThat(Pricing.chargedDays(D, 8)).isEqualByComparingTo("5");
    assertThat(Pricing.chargedDays(D, 366)).isEqualByComparingTo("363");
    assertThat(Pricing.chargedDays(List.of(), 5)).isEqualByComparingTo("5");
  }

  @Test
  void twoHundredLinesAddUpToTheirTotals() {
    // How long pricing takes is the benchmark's GetQuote row (200 lines), not this test's.
    List<LineInput> lines = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      lines.add(
          rental(
              String.valueOf(1 + i % 5),
              1 + i % 12,
              new Rate(1000 + i, 5000, D),
              i % 20 * 100,
              2000));
    }
    Result r = Pricing.price("EUR", "GBP", new BigDecimal("0.8567"), 250, D, lines);
    assertThat(r.lines()).hasSize(200);
    assertThat(r.totals().subtotal()).isEqualTo(r.lines().stream().mapToLong(l -> l.gross()).sum());
    assertThat(r.totals().net()).isEqualTo(r.lines().stream().mapToLong(l -> l.net()).sum());
    assertThat(r.totals().tax()).isEqualTo(r.lines().stream().mapToLong(l -> l.tax()).sum());
    assertThat(r.totals().total()).isEqualTo(r.totals().net() + r.totals().tax());
    for (var l : r.lines()) {
      assertThat(l.net()).isEqualTo(l.gross() - l.lineDiscount() - l.quoteDiscount());
    }
  }

  @Test
  void amountsTooLargeForALongAreRefusedNotOverflowed() {
    // One line: 999,999,999.999 × 10^11 minor units does not fit in a long.
    assertThatThrownBy(
            () ->
                Pricing.price(
                    "EUR",
                    "EUR",
                    BigDecimal.ONE,
                    0,
                    D,
                    List.of(service("999999999.999", 100_000_000_000L, 0, 0))))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("amount too large")
        .extracting(e -> ((DomainException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    // Two lines that each fit but whose sum does not.
    long big = Long.MAX_VALUE / 2 + 1;
    assertThatThrownBy(
            () ->
                Pricing.price(
                    "EUR",
                    "EUR",
                    BigDecimal.ONE,
                    0,
                    D,
                    List.of(service("1", big, 0, 0), service("1", big, 0, 0))))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("amount too large");
    // A rental whose week-rate arithmetic overflows.
    assertThatThrownBy(
            () ->
                Pricing.price(
                    "EUR",
                    "EUR",
                    BigDecimal.ONE,
                    0,
                    D,
                    List.of(rental("999999999", 1000, new Rate(Long.MAX_VALUE / 3, 0, D), 0, 0))))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("amount too large");
  }
}
