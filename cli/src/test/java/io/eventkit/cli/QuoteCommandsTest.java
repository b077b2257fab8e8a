package io.eventkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.eventkit.proto.v1.AcceptQuoteRequest;
import io.eventkit.proto.v1.AcceptQuoteResponse;
import io.eventkit.proto.v1.AddQuoteLineRequest;
import io.eventkit.proto.v1.DayFactor;
import io.eventkit.proto.v1.ListQuotesRequest;
import io.eventkit.proto.v1.ListQuotesResponse;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.Quote;
import io.eventkit.proto.v1.QuoteDiff;
import io.eventkit.proto.v1.QuoteFieldChange;
import io.eventkit.proto.v1.QuoteLine;
import io.eventkit.proto.v1.QuoteLineChange;
import io.eventkit.proto.v1.QuoteLineKind;
import io.eventkit.proto.v1.QuoteShortage;
import io.eventkit.proto.v1.QuoteState;
import io.eventkit.proto.v1.QuoteTotals;
import io.eventkit.proto.v1.QuoteVersion;
import io.eventkit.proto.v1.RateCard;
import io.eventkit.proto.v1.RenderQuotePdfResponse;
import io.eventkit.proto.v1.SendQuoteRequest;
import io.eventkit.proto.v1.SendQuoteResponse;
import io.eventkit.proto.v1.SetRateCardRequest;
import io.eventkit.proto.v1.SetTaxRateRequest;
import io.eventkit.proto.v1.TaxRate;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code quotes} and {@code pricing} commands against a scripted QuoteService. */
class QuoteCommandsTest {
  static final String ID = "3f2b9c1e-8d4a-4e2f-9b1c-5a6d7e8f9a0b";

  private FakeQuoteService fake;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeQuoteService();
    cli = new Cli(fake.url());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      assertThat(fake.unexpected).as("calls nobody scripted").isEmpty();
      assertThat(fake.pending()).as("scripted answers never asked for").isZero();
    } finally {
      fake.close();
    }
  }

  static Money eur(long minor) {
    return Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(minor).build();
  }

  static Quote quote() {
    return Quote.newBuilder()
        .setId(ID)
        .setNumber("Q-2026-0042")
        .setTitle("Summer gala")
        .setState(QuoteState.QUOTE_STATE_SENT)
        .setCompanyName("Acme Events")
        .setContactName("Jo Smith")
        .setCurrency("EUR")
        .setExchangeRate("1")
        .setRevision(7)
        .addLines(
            QuoteLine.newBuilder()
                .setId("line-1")
                .setKind(QuoteLineKind.QUOTE_LINE_KIND_SERVICE)
                .setDescription("Crew")
                .setQuantity("10.5")
                .setUnit("hour")
                .setUnitPrice(eur(4500))
                .setNet(eur(47250)))
        .setTotals(
            QuoteTotals.newBuilder()
                .setSubtotal(eur(47250))
                .setNet(eur(47250))
                .setTax(eur(9450))
                .setTotal(eur(56700)))
        .build();
  }

  @Test
  void listShowsATableAndJson() {
    fake.expect("ListQuotes", ListQuotesResponse.newBuilder().addQuotes(quote()).build());
    Cli.Result r = cli.run("quotes", "list", "--state", "sent");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Q-2026-0042").contains("SENT").contains("Acme Events");
    ListQuotesRequest req = fake.only("ListQuotes");
    assertThat(req.getStatesList()).containsExactly(QuoteState.QUOTE_STATE_SENT);

    fake.expect("ListQuotes", ListQuotesResponse.newBuilder().addQuotes(quote()).build());
    Cli.Result json = cli.run("--output", "json", "quotes", "list");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(json.out()).contains("\"number\": \"Q-2026-0042\"");
  }

  @Test
  void addLineReadsTheRevisionThenSendsTheLine() {
    fake.expect("GetQuote", quote()).expect("AddQuoteLine", quote());
    Cli.Result r =
        cli.run(
            "quotes",
            "add-line",
            ID,
            "--kind",
            "service",
            "--description",
            "Crew",
            "--quantity",
            "10.5",
            "--unit",
            "hour",
            "--price",
            "45.00EUR",
            "--discount",
            "12.5",
            "--tax",
            "GB-STD");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("total:").contains("567.00");
    AddQuoteLineRequest req = fake.<AddQuoteLineRequest>requests("AddQuoteLine").get(0);
    assertThat(req.getExpectedRevision()).isEqualTo(7);
    assertThat(req.getKind()).isEqualTo(QuoteLineKind.QUOTE_LINE_KIND_SERVICE);
    assertThat(req.getQuantity()).isEqualTo("10.5");
    assertThat(req.getUnitPrice()).isEqualTo(eur(4500));
    assertThat(req.getDiscountBp()).isEqualTo(1250);
    assertThat(req.getTaxCode()).isEqualTo("GB-STD");
  }

  @Test
  void badArgumentsAreUsageErrorsAndCallNothing() {
    Cli.Result kind =
        cli.run("quotes", "add-line", ID, "--kind", "bogus", "--quantity", "1", "--revision", "1");
    assertThat(kind.exitCode()).isEqualTo(2);
    assertThat(kind.err()).contains("--kind must be rental, service or sale");
    Cli.Result pct =
        cli.run(
            "quotes",
            "add-line",
            ID,
            "--kind",
            "sale",
            "--quantity",
            "1",
            "--discount",
            "120",
            "--revision",
            "1");
    assertThat(pct.exitCode()).isEqualTo(2);
    assertThat(pct.err()).contains("--discount must be a percentage");
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void sendEmailsAndAStaleRevisionIsReported() {
    fake.expect(
        "SendQuote",
        SendQuoteResponse.newBuilder()
            .setQuote(quote())
            .setVersion(
                QuoteVersion.newBuilder()
                    .setVersion(2)
                    .setTotals(QuoteTotals.newBuilder().setTotal(eur(56700))))
            .build());
    Cli.Result r = cli.run("quotes", "send", ID, "--revision", "7", "--to", "jo@example.com");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Q-2026-0042 v2 sent").contains("567.00");
    SendQuoteRequest req = fake.only("SendQuote");
    assertThat(req.getEmail()).isTrue();
    assertThat(req.getEmailTo()).isEqualTo("jo@example.com");

    fake.expect(
        "SendQuote", Status.ABORTED.withDescription("quote Q-2026-0042 is at revision 8, not 7"));
    Cli.Result stale = cli.run("quotes", "send", ID, "--revision", "7");
    assertThat(stale.exitCode()).isEqualTo(1);
    assertThat(stale.err()).contains("revision 8");
  }

  @Test
  void acceptReportsTheEventAndShortages() {
    fake.expect(
        "AcceptQuote",
        AcceptQuoteResponse.newBuilder()
            .setQuote(quote().toBuilder().setEventId(ID).setEventName("Gala"))
            .setEventConfirmed(false)
            .addShortages(
                QuoteShortage.newBuilder().setProductName("Mixer").setRequested(4).setAvailable(2))
            .addWarnings("only 2 of 4 Mixer can be supplied")
            .build());
    Cli.Result r = cli.run("quotes", "accept", ID, "--version", "2", "--note", "signed");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("ACCEPTED")
        .contains("event Gala: not confirmed")
        .contains("short: Mixer 2 of 4")
        .contains("warning: only 2 of 4");
    AcceptQuoteRequest req = fake.only("AcceptQuote");
    assertThat(req.getVersion()).isEqualTo(2);
    assertThat(req.getNote()).isEqualTo("signed");
  }

  @Test
  void diffAndPdf(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    fake.expect(
        "DiffQuoteVersions",
        QuoteDiff.newBuilder()
            .addHeader(QuoteFieldChange.newBuilder().setField("title").setBefore("A").setAfter("B"))
            .addLines(
                QuoteLineChange.newBuilder()
                    .setKind(QuoteLineChange.Kind.KIND_CHANGED)
                    .setDescription("Crew")
                    .addChanges(
                        QuoteFieldChange.newBuilder()
                            .setField("quantity")
                            .setBefore("10.5")
                            .setAfter("12")))
            .setTotalsBefore(QuoteTotals.newBuilder().setTotal(eur(100)))
            .setTotalsAfter(QuoteTotals.newBuilder().setTotal(eur(200)))
            .build());
    Cli.Result d = cli.run("quotes", "diff", ID, "--from", "1");
    assertThat(d.exitCode()).as(d.toString()).isZero();
    assertThat(d.out()).contains("~ title: A → B").contains("quantity: 10.5 → 12");

    byte[] pdf = "%PDF-1.7 test".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    fake.expect(
        "RenderQuotePdf",
        RenderQuotePdfResponse.newBuilder()
            .setFileName("Q-2026-0042-v2.pdf")
            .setPdf(ByteString.copyFrom(pdf))
            .build());
    Path out = dir.resolve("q.pdf");
    Cli.Result p = cli.run("quotes", "pdf", ID, "--version", "2", "--out", out.toString());
    assertThat(p.exitCode()).as(p.toString()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(pdf);
  }

  @Test
  void pricingSetRateAndTax() {
    fake.expect(
        "SetRateCard",
        RateCard.newBuilder().setProductName("Mixer").setDayRate(eur(12000)).build());
    Cli.Result r =
        cli.run(
            "pricing",
            "set-rate",
            ID,
            "--day",
            "120.00EUR",
            "--week",
            "480EUR",
            "--factor",
            "1=1",
            "--factor",
            "2=1.5");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    SetRateCardRequest req = fake.only("SetRateCard");
    assertThat(req.getDayRate()).isEqualTo(eur(12000));
    assertThat(req.getWeekRate()).isEqualTo(eur(48000));
    assertThat(req.getDayFactorsList())
        .containsExactly(
            DayFactor.newBuilder().setDays(1).setChargedDaysMilli(1000).build(),
            DayFactor.newBuilder().setDays(2).setChargedDaysMilli(1500).build());

    fake.calls.clear();
    fake.expect("SetTaxRate", TaxRate.newBuilder().setCode("GB-STD").setRateBp(2000).build());
    Cli.Result t =
        cli.run("pricing", "tax", "set", "GB-STD", "--rate", "20", "--label", "VAT 20 %");
    assertThat(t.exitCode()).as(t.toString()).isZero();
    SetTaxRateRequest tax = fake.only("SetTaxRate");
    assertThat(tax.getTaxRate().getRateBp()).isEqualTo(2000);
    assertThat(tax.getTaxRate().getLabel()).isEqualTo("VAT 20 %");
  }

  @Test
  void helpExamplesFitEightyColumns() {
    for (List<String> cmd :
        List.of(
            List.of("quotes", "add-line"),
            List.of("quotes", "create"),
            List.of("quotes", "send"),
            List.of("quotes", "accept"),
            List.of("pricing", "set-rate"),
            List.of("pricing", "tax", "set"),
            List.of("pricing", "settings"))) {
      java.util.List<String> args = new java.util.ArrayList<>(cmd);
      args.add("--help");
      Cli.Result r = cli.run(args.toArray(String[]::new));
      assertThat(r.exitCode()).as(r.toString()).isZero();
      String examples = r.out().substring(r.out().indexOf("Example"));
      assertThat(examples.lines())
          .as(cmd.toString())
          .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    }
  }
}
