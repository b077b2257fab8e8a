package io.eventkit.node.quotes;

import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.eventkit.node.platform.mail.MailConfig;
import io.eventkit.node.platform.mail.MailOutbox;
import io.eventkit.node.platform.pdf.PdfRenderer;
import io.eventkit.node.quotes.QuoteModel.LineKind;
import io.eventkit.node.quotes.QuoteModel.NewLine;
import io.eventkit.node.quotes.QuoteModel.NewQuote;
import io.eventkit.node.quotes.QuoteModel.Quote;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.text.Normalizer;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A quote's PDF (text extracted with PDFBox: lines, totals, the client's language, Arabic right to
 * left) and its email through a real SMTP server in this JVM (GreenMail).
 */
class QuoteDocumentsTest {
  private static GreenMail smtp;
  private static MailOutbox outbox;
  private static QuotesModule qm;

  @BeforeAll
  static void start() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    MailConfig c = new MailConfig();
    c.setEnabled(true);
    c.setHost("127.0.0.1");
    c.setPort(port);
    c.setFrom("quotes@acme-av.test");
    c.setFromName("Acme AV Rentals");
    c.setStartTls(false);
    c.setPollInterval(io.dropwizard.util.Duration.milliseconds(200));
    outbox = new MailOutbox(jdbi(), c, Clock.systemUTC());
    outbox.start();
    qm =
        QuotesModule.create(
            jdbi(),
            Clock.systemUTC(),
            new io.eventkit.node.platform.events.DomainEvents(Clock.systemUTC()),
            warn().planning,
            false,
            outbox,
            new PdfRenderer(null));
    qm.rates.updateSettings(
        new QuoteModel.SettingsChanges(
            null,
            null,
            null,
            null,
            null,
            null,
            "Acme AV Rentals",
            "1 Dock Road\nLondon",
            null,
            null,
            "Payment within 30 days.",
            null));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (outbox != null) {
      outbox.stop();
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  /** A quote in {@code language} with two service lines, 20 % VAT on the first. */
  private static Quote quote(String language) {
    UUID[] client = QuotesTest.company("EUR", language);
    jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE crm_company SET address_line1 = '12 Rue du Port', postal_code = '75001',"
                        + " city = 'Paris', tax_id = 'FR40123456789' WHERE id = ?",
                    client[0]));
    Quote q = qm.quotes.create(new NewQuote(client[0], client[1], null, "Summer gala", "", ""));
    qm.rates.setTaxRate(new QuoteModel.TaxRate("DOC-20", "VAT 20 %", "GB", 2000));
    q =
        qm.quotes.addLine(
            q.id(),
            q.revision(),
            new NewLine(
                LineKind.SERVICE, null, "Crew", "10.5", "hour", null, null, 4500L, 0, "DOC-20"));
    return qm.quotes.addLine(
        q.id(),
        q.revision(),
        new NewLine(
            LineKind.SERVICE, null, "Transport", "1", "trip", null, null, 15000L, 1000, "-"));
  }

  private static String text(byte[] pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDFTextStripper s = new PDFTextStripper();
      s.setSortByPosition(true);
      return s.getText(doc);
    }
  }

  @Test
  void thePdfHasTheLinesAndTotalsInTheClientsLanguage() throws IOException {
    Quote q = quote("en");
    // Crew 472.50 + tax 94.50; Transport 150.00 less 15.00 = 135.00, untaxed.
    assertThat(q.draft().totals().total()).isEqualTo(47250 + 9450 + 13500);
    QuoteDocuments.Pdf draft = qm.documents.render(q.id(), 0);
    assertThat(draft.fileName()).isEqualTo(q.draft().number() + "-draft.pdf");
    String text = text(draft.bytes());
    assertThat(text)
        .contains(q.draft().number())
        .contains("Crew")
        .contains("Transport")
        .contains("Draft (not sent)")
        .contains("Acme AV Rentals")
        .contains("Payment within 30 days.")
        .contains("12 Rue du Port")
        .contains("75001 Paris")
        .contains("FR40123456789")
        .contains(QuoteDocuments.money(70200, "EUR", Locale.ENGLISH))
        .contains(QuoteDocuments.money(9450, "EUR", Locale.ENGLISH));

    Quote de = quote("de");
    var sent = qm.quotes.send(de.id(), de.revision(), false, "", "");
    String german = text(qm.documents.render(de.id(), 1).bytes());
    assertThat(german)
        .contains("Angebot")
        .contains("Gesamt")
        .contains("v1")
        .contains(QuoteDocuments.money(70200, "EUR", Locale.GERMAN))
        .doesNotContain("Draft");
    assertThat(QuoteDocuments.money(70200, "EUR", Locale.GERMAN)).contains("702,00");
    assertThat(sent.version().doc().totals().total()).isEqualTo(70200);
  }

  private static void letterhead(String name, String terms) {
    qm.rates.updateSettings(
        new QuoteModel.SettingsChanges(
            null, null, null, null, null, null, name, null, null, null, terms, null));
  }

  @Test
  void aSentVersionKeepsTheLetterheadItWasSentWith() throws IOException {
    Quote q = quote("en");
    qm.quotes.send(q.id(), q.revision(), false, "", "");
    try {
      letterhead("Acme Rentals Group plc", "Payment within 14 days.");
      String v1 = text(qm.documents.render(q.id(), 1).bytes());
      assertThat(v1)
          .contains("Acme AV Rentals")
          .contains("Payment within 30 days.")
          .doesNotContain("Acme Rentals Group")
          .doesNotContain("14 days");
      // The draft (the next version) shows the settings as they are now.
      String draft = text(qm.documents.render(q.id(), 0).bytes());
      assertThat(draft).contains("Acme Rentals Group plc").contains("Payment within 14 days.");
    } finally {
      letterhead("Acme AV Rentals", "Payment within 30 days.");
    }
  }

  @Test
  void theEventPeriodIsShownInTheEventsTimeZone() {
    // 08:00 on 1 May in Sydney is 22:00 UTC the day before (and 18:00 on 4 May is 08:00 UTC);
    // a period that ends at midnight ends on the day before.
    var sydney =
        new QuoteModel.EventPeriod(
            java.time.Instant.parse("2035-04-30T22:00:00Z"),
            java.time.Instant.parse("2035-05-04T08:00:00Z"),
            "Australia/Sydney");
    assertThat(QuoteDocuments.eventPeriod(sydney, Locale.UK)).isEqualTo("1 May 2035 – 4 May 2035");
    var oneDay =
        new QuoteModel.EventPeriod(
            java.time.Instant.parse("2035-06-01T00:00:00Z"),
            java.time.Instant.parse("2035-06-02T00:00:00Z"),
            "UTC");
    assertThat(QuoteDocuments.eventPeriod(oneDay, Locale.UK)).isEqualTo("1 Jun 2035");
    assertThat(QuoteDocuments.eventPeriod(null, Locale.UK)).isEmpty();
  }

  @Test
  void anArabicClientGetsArabicLabels() throws IOException {
    Quote q = quote("ar");
    String text = text(qm.documents.render(q.id(), 0).bytes());
    String folded = Normalizer.normalize(text, Normalizer.Form.NFKC);
    for (String word : List.of("عرض", "سعر", "الإجمالي", "الوصف")) {
      assertThat(folded.contains(word) || folded.contains(new StringBuilder(word).reverse()))
          .as("'%s' in %s", word, folded)
          .isTrue();
    }
    assertThat(text).contains("Crew").contains(q.draft().number());
  }

  @Test
  void sendingWithEmailQueuesItInTheSameTransactionAndDeliversThePdf() throws Exception {
    Quote q = quote("en");
    var sent = qm.quotes.send(q.id(), q.revision(), true, "", "See you in June.");
    String subject = "Quote " + q.draft().number() + " v1 from Acme AV Rentals";
    MimeMessage mail = await(subject);
    assertThat(mail.getAllRecipients()[0].toString()).contains("jo@example.com");
    Multipart mixed = (Multipart) mail.getContent();
    Part pdf = mixed.getBodyPart(mixed.getCount() - 1);
    assertThat(pdf.getFileName()).isEqualTo(q.draft().number() + "-v1.pdf");
    assertThat(text(pdf.getInputStream().readAllBytes())).contains("Crew").contains("v1");
    // The version lists its email; SENT once delivered.
    long deadline = System.currentTimeMillis() + 5000;
    List<QuoteModel.Email> emails = List.of();
    while (System.currentTimeMillis() < deadline) {
      emails = qm.quotes.version(q.id(), 1).emails();
      if (!emails.isEmpty() && emails.get(0).state().equals("SENT")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(emails).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo("SENT"));
    assertThat(sent.version().emails()).hasSize(1);

    // Resent to another address: a second email on the version.
    QuoteModel.Email again = qm.documents.resend(q.id(), 1, "boss@example.com");
    assertThat(again.toAddress()).isEqualTo("boss@example.com");
    MimeMessage second = awaitTo(subject, "boss@example.com");
    assertThat(second).isNotNull();
    assertThat(qm.quotes.version(q.id(), 1).emails()).hasSize(2);
  }

  private static MimeMessage await(String subject) throws Exception {
    return awaitTo(subject, null);
  }

  private static MimeMessage awaitTo(String subject, String to) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      for (MimeMessage m : smtp.getReceivedMessages()) {
        if (subject.equals(m.getSubject())
            && (to == null || m.getAllRecipients()[0].toString().contains(to))) {
          return m;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no mail '" + subject + "' to " + to);
  }
}
