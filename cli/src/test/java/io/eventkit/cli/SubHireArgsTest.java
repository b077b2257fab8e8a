package io.eventkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.NegotiationState;
import io.eventkit.proto.v1.RequestLine;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The sub-hire argument syntax: amounts, lines, prices, instants, IDs, states. */
class SubHireArgsTest {
  static final String S = "7c1e0b2a-1111-4e2f-9b1c-000000000001";
  static final String L = "0a9f33d1-2222-4e2f-9b1c-000000000002";

  static Money money(long minor, String currency) {
    return Money.newBuilder().setMinorUnits(minor).setCurrencyCode(currency).build();
  }

  @Test
  void amountsUseTheCurrencysDecimals() {
    assertThat(Amounts.parse("12.50EUR")).isEqualTo(money(1250, "EUR"));
    assertThat(Amounts.parse("12.5 eur")).isEqualTo(money(1250, "EUR"));
    assertThat(Amounts.parse("12EUR")).isEqualTo(money(1200, "EUR"));
    assertThat(Amounts.parse("0EUR")).isEqualTo(money(0, "EUR"));
    assertThat(Amounts.parse("3000JPY")).isEqualTo(money(3000, "JPY"));
    assertThat(Amounts.parse("3000.00JPY")).isEqualTo(money(3000, "JPY"));
    assertThat(Amounts.parse("1.234KWD")).isEqualTo(money(1234, "KWD"));

    assertThat(Amounts.format(money(1250, "EUR"))).isEqualTo("12.50 EUR");
    assertThat(Amounts.format(money(3000, "JPY"))).isEqualTo("3000 JPY");
    assertThat(Amounts.format(money(5, "USD"))).isEqualTo("0.05 USD");
    assertThat(Amounts.format(Money.getDefaultInstance())).isEqualTo("-");
  }

  @Test
  void amountsRefuseWhatTheyCannotRepresent() {
    assertThatThrownBy(() -> Amounts.parse("12.5JPY"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("more decimals than JPY allows (0)");
    assertThatThrownBy(() -> Amounts.parse("1.005EUR"))
        .hasMessageContaining("more decimals than EUR allows (2)");
    assertThatThrownBy(() -> Amounts.parse("12.50")).hasMessageContaining("e.g. 12.50EUR");
    assertThatThrownBy(() -> Amounts.parse("-5EUR")).hasMessageContaining("e.g. 12.50EUR");
    assertThatThrownBy(() -> Amounts.parse("1,000.00EUR")).hasMessageContaining("e.g. 12.50EUR");
    assertThatThrownBy(() -> Amounts.parse("12ABC"))
        .hasMessageContaining("'ABC' is not an ISO 4217 currency code");
    assertThatThrownBy(() -> Amounts.parse("99999999999999999999EUR"))
        .hasMessageContaining("too large");
  }

  @Test
  void linesReadSupplierEqualsLocalColonQuantityAtPrice() {
    RequestLine plain = SubHireArgs.line(S + "=" + L + ":4");
    assertThat(plain.getSupplierProductId()).isEqualTo(S);
    assertThat(plain.getLocalProductId()).isEqualTo(L);
    assertThat(plain.getQuantity()).isEqualTo(4);
    assertThat(plain.hasSuggestedUnitPrice()).isFalse();

    RequestLine priced = SubHireArgs.line(S + "=" + L + ":4@12.50EUR");
    assertThat(priced.getSuggestedUnitPrice()).isEqualTo(money(1250, "EUR"));
    assertThat(SubHireArgs.line(S + "=" + L + ":1@3000 JPY").getSuggestedUnitPrice())
        .isEqualTo(money(3000, "JPY"));
    assertThat(SubHireArgs.line(S.toUpperCase(java.util.Locale.ROOT) + "=" + L + ":1"))
        .as("product IDs are sent in canonical lowercase")
        .isEqualTo(plain.toBuilder().setQuantity(1).build());
  }

  @Test
  void badLinesSayWhatIsWrongAndShowTheSyntax() {
    String[][] cases = {
      {S + ":4", "expected SUPPLIER_PRODUCT=LOCAL_PRODUCT:QTY[@PRICE]"},
      {S + "=" + L, "expected SUPPLIER_PRODUCT=LOCAL_PRODUCT:QTY[@PRICE]"},
      {"=" + L + ":4", "expected SUPPLIER_PRODUCT=LOCAL_PRODUCT:QTY[@PRICE]"},
      {S + "=:4", "expected SUPPLIER_PRODUCT=LOCAL_PRODUCT:QTY[@PRICE]"},
      {S + "=" + L + ":", "expected SUPPLIER_PRODUCT=LOCAL_PRODUCT:QTY[@PRICE]"},
      {S + "=" + L + ":four", "the quantity 'four' is not a whole number"},
      {S + "=" + L + ":0", "the quantity must be at least 1 (got 0)"},
      {S + "=" + L + ":-2", "the quantity must be at least 1 (got -2)"},
      {"sup 1=" + L + ":2", "'sup 1' is not a product ID"},
      {S + "=loc:x:2", "'loc:x' is not a product ID"},
      {
        "mic=" + L + ":2", "'mic' is not a product ID (a UUID, as the product's catalogue shows it)"
      },
      {S + "=" + L.substring(1) + ":2", "is not a product ID (a UUID"},
      {S + "=" + L + ":2@12.5JPY", "more decimals than JPY allows"},
      {S + "=" + L + ":2@EUR", "e.g. 12.50EUR"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> SubHireArgs.line(c[0]))
          .as(c[0])
          .isInstanceOf(CommandLine.TypeConversionException.class)
          .hasMessageContaining("bad --line '" + c[0] + "'")
          .hasMessageContaining(c[1])
          .hasMessageContaining("e.g. --line " + SubHireArgs.EXAMPLE_SUPPLIER_PRODUCT + "=");
    }
  }

  @Test
  void pricesReadProductEqualsAmount() {
    SubHireArgs.Price p = SubHireArgs.price(S + "=11.00EUR");
    assertThat(p.supplierProductId()).isEqualTo(S);
    assertThat(p.unitPrice()).isEqualTo(money(1100, "EUR"));
    assertThatThrownBy(() -> SubHireArgs.price("11.00EUR"))
        .hasMessageContaining("bad --price '11.00EUR': expected SUPPLIER_PRODUCT=PRICE");
    assertThatThrownBy(() -> SubHireArgs.price("mic=11.00EUR"))
        .hasMessageContaining("bad --price 'mic=11.00EUR': 'mic' is not a product ID");
    assertThatThrownBy(() -> SubHireArgs.price(S + "=11.5JPY"))
        .hasMessageContaining("more decimals than JPY allows");
  }

  @Test
  void instantsAreIsoWithZoneOrOffset() {
    assertThat(SubHireArgs.instant("2026-12-05T08:00:00Z"))
        .isEqualTo(Instant.parse("2026-12-05T08:00:00Z"));
    assertThat(SubHireArgs.instant("2026-12-05T09:00:00+01:00"))
        .isEqualTo(Instant.parse("2026-12-05T08:00:00Z"));
    for (String bad : new String[] {"2026-12-05", "2026-12-05T08:00:00", "tomorrow", ""}) {
      assertThatThrownBy(() -> SubHireArgs.instant(bad))
          .as(bad)
          .hasMessageContaining("is not an ISO-8601 instant")
          .hasMessageContaining("2026-12-05T08:00:00Z");
    }
  }

  @Test
  void impossibleDatesAndTimesAreRefusedNotRolledOver() {
    for (String bad :
        new String[] {
          "2026-12-32T00:00:00Z",
          "2026-02-30T10:00:00Z",
          "2026-13-01T10:00:00Z",
          "2026-12-01T24:00:00Z",
          "2026-12-01T23:59:60Z",
          "2026-12-01T10:61:00+01:00"
        }) {
      assertThatThrownBy(() -> SubHireArgs.instant(bad))
          .as(bad)
          .hasMessageContaining("'" + bad + "' is not an ISO-8601 instant");
    }
    assertThatThrownBy(() -> SubHireArgs.instant("2026-12-32T00:00:00Z"))
        .hasMessageContaining("DayOfMonth");
    for (String outOfRange : new String[] {"+10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z"}) {
      assertThatThrownBy(() -> SubHireArgs.instant(outOfRange))
          .as(outOfRange)
          .hasMessageContaining("between the years 1970 and 9999");
    }
    assertThat(SubHireArgs.instant("2028-02-29T23:59:59.5Z"))
        .isEqualTo(Instant.parse("2028-02-29T23:59:59.5Z"));
  }

  @Test
  void negotiationIdsAreUuids() {
    assertThat(SubHireArgs.negotiationId("3F2B9C1E-8D4A-4E2F-9B1C-5A6D7E8F9A0B"))
        .isEqualTo("3f2b9c1e-8d4a-4e2f-9b1c-5a6d7e8f9a0b");
    assertThatThrownBy(() -> SubHireArgs.negotiationId("3f2b9c1e"))
        .hasMessageContaining("'3f2b9c1e' is not a sub-hire ID: expected a UUID");
    assertThatThrownBy(() -> SubHireArgs.negotiationId("1-2-3-4-5"))
        .hasMessageContaining("is not a sub-hire ID");
  }

  @Test
  void statesParseInAnyCaseWithHyphensOrUnderscores() {
    assertThat(SubHireArgs.parseState("quoted")).isEqualTo(NegotiationState.QUOTED);
    assertThat(SubHireArgs.parseState("Cancel-Requested"))
        .isEqualTo(NegotiationState.CANCEL_REQUESTED);
    assertThat(SubHireArgs.parseState("ON_HIRE")).isEqualTo(NegotiationState.ON_HIRE);
    assertThatThrownBy(() -> SubHireArgs.parseState("NEGOTIATION_STATE_UNSPECIFIED"))
        .hasMessageContaining("valid states: REQUESTED, ACKNOWLEDGED, QUOTED");
    assertThatThrownBy(() -> SubHireArgs.parseState("pending"))
        .hasMessageContaining("'pending' is not a sub-hire state");
  }

  @Test
  void barcodesFollowTheNodesRule() {
    assertThat(SubHireArgs.barcode("MIC-0001/a_b.c")).isEqualTo("MIC-0001/a_b.c");
    assertThatThrownBy(() -> SubHireArgs.barcode("MIC 0001")).hasMessageContaining("1-64");
    assertThatThrownBy(() -> SubHireArgs.barcode("x".repeat(65))).hasMessageContaining("1-64");
  }
}
