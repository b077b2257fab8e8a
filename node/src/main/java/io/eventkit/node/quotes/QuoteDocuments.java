package io.eventkit.node.quotes;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.platform.mail.Attachment;
import io.eventkit.node.platform.mail.MailOutbox;
import io.eventkit.node.platform.mail.MailStatus;
import io.eventkit.node.platform.mail.OutgoingMail;
import io.eventkit.node.platform.pdf.PdfRenderer;
import io.eventkit.node.quotes.QuoteModel.Doc;
import io.eventkit.node.quotes.QuoteModel.Email;
import io.eventkit.node.quotes.QuoteModel.Line;
import io.eventkit.node.quotes.QuoteModel.Settings;
import io.eventkit.node.quotes.QuoteModel.Tax;
import io.eventkit.node.quotes.QuoteModel.Version;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A quote's PDF (platform's {@link PdfRenderer}, template {@code quote}) and its emails (platform's
 * {@link MailOutbox}, queued in the sending transaction). The template's model: {@code company.*}
 * (the settings), {@code client.*}, {@code quote.*}, {@code lines[]}, {@code taxes[]}, {@code
 * totals.*} and {@code labels.*}; money is formatted in the quote's language with its currency.
 */
final class QuoteDocuments implements Quotes.Mailer {
  static final String RELATED = "quote_version";

  private final Jdbi jdbi;
  private final Clock clock;
  private final Quotes quotes;
  private final PdfRenderer renderer;
  private final MailOutbox mail;

  QuoteDocuments(Jdbi jdbi, Clock clock, Quotes quotes, PdfRenderer renderer, MailOutbox mail) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.quotes = quotes;
    this.renderer = renderer;
    this.mail = mail;
  }

  /** A rendered PDF (the array is the caller's to keep). */
  static final class Pdf {
    private final String fileName;
    private final byte[] bytes;

    Pdf(String fileName, byte[] bytes) {
      this.fileName = fileName;
      this.bytes = bytes;
    }

    String fileName() {
      return fileName;
    }

    byte[] bytes() {
      return bytes;
    }
  }

  Pdf render(UUID quoteId, int version) {
    return jdbi.inTransaction(
        h -> {
          Settings s = Rates.settings(h);
          if (version == 0) {
            Doc d = quotes.view(h, quoteId).draft();
            return pdf(s, d, 0, clock.instant());
          }
          Version v = quotes.version(h, quoteId, version);
          return pdf(s, v.doc(), version, v.sentAt());
        });
  }

  private Pdf pdf(Settings s, Doc d, int version, Instant issued) {
    Locale locale = Locale.forLanguageTag(d.language());
    byte[] bytes = renderer.render("quote", model(s, d, version, issued, locale), locale);
    return new Pdf(fileName(d, version), bytes);
  }

  static String fileName(Doc d, int version) {
    return d.number() + (version == 0 ? "-draft" : "-v" + version) + ".pdf";
  }

  /**
   * The event's dates in its own time zone (a 08:00 start in Sydney is not the day before), e.g. "1
   * May 2035 – 4 May 2035"; empty without an event (null).
   */
  static String eventPeriod(QuoteModel.EventPeriod p, Locale locale) {
    if (p == null) {
      return "";
    }
    java.time.ZoneId zone;
    try {
      zone = java.time.ZoneId.of(p.timeZone());
    } catch (java.time.DateTimeException e) {
      zone = ZoneOffset.UTC;
    }
    DateTimeFormatter f =
        DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).withZone(zone);
    // The period is half-open: an event ending at midnight ends on the day before.
    String from = f.format(p.start());
    String to = f.format(p.end().minusNanos(1));
    return from.equals(to) ? from : from + " – " + to;
  }

  /** A sent version's own letterhead; the draft's (and older versions' without one) is today's. */
  static QuoteModel.Letterhead letterhead(Settings s, Doc d) {
    return d.letterhead() != null ? d.letterhead() : QuoteModel.Letterhead.of(s);
  }

  /** The template model of a document (version 0: the draft, marked as a preview). */
  static Map<String, Object> model(Settings s, Doc d, int version, Instant issued, Locale locale) {
    Map<String, String> labels = QuoteLabels.of(locale);
    DateTimeFormatter date =
        DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
            .withLocale(locale)
            .withZone(ZoneOffset.UTC);
    String cur = d.currency();
    QuoteModel.Letterhead head = letterhead(s, d);
    Map<String, Object> company = new LinkedHashMap<>();
    company.put("name", head.companyName());
    company.put("address", head.companyAddress());
    company.put("logoDataUri", head.logoDataUri());
    company.put("primaryColor", head.primaryColor());
    company.put("terms", head.terms());
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("companyName", d.companyName());
    client.put("contactName", d.contactName());
    client.put("address", d.companyAddress() == null ? "" : d.companyAddress());
    client.put("taxId", d.companyTaxId() == null ? "" : d.companyTaxId());
    Map<String, Object> quote = new LinkedHashMap<>();
    quote.put("number", d.number());
    quote.put("title", d.title());
    quote.put("version", version == 0 ? labels.get("draft") : "v" + version);
    quote.put("issuedAt", date.format(issued));
    quote.put("validUntil", date.format(d.validUntil()));
    quote.put("currency", cur);
    quote.put("eventName", d.eventName());
    quote.put("eventPeriod", eventPeriod(d.eventPeriod(), locale));
    quote.put("notes", d.notes());
    quote.put("draft", version == 0);
    List<Map<String, Object>> lines = new ArrayList<>();
    for (Line l : d.lines()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("description", l.description());
      m.put("detail", l.rateDetail());
      m.put("quantity", l.quantity() + (l.unit().isEmpty() ? "" : " " + l.unit()));
      m.put("unitPrice", money(l.unitPrice(), cur, locale));
      m.put("discount", l.discount() == 0 ? "" : money(l.discount(), cur, locale));
      m.put("taxRate", l.taxCode().isEmpty() ? "" : percent(l.taxRateBp(), locale));
      m.put("net", money(l.net(), cur, locale));
      m.put("total", money(l.total(), cur, locale));
      lines.add(m);
    }
    List<Map<String, Object>> taxes = new ArrayList<>();
    for (Tax t : d.totals().taxes()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", t.label().isEmpty() ? t.code() : t.label());
      m.put("rate", percent(t.rateBp(), locale));
      m.put("base", money(t.base(), cur, locale));
      m.put("amount", money(t.amount(), cur, locale));
      taxes.add(m);
    }
    Map<String, Object> totals = new LinkedHashMap<>();
    long discount = d.totals().lineDiscounts() + d.totals().quoteDiscount();
    totals.put("subtotal", money(d.totals().subtotal(), cur, locale));
    totals.put("discount", discount == 0 ? "" : money(discount, cur, locale));
    totals.put("net", money(d.totals().net(), cur, locale));
    totals.put("tax", money(d.totals().tax(), cur, locale));
    totals.put("gross", money(d.totals().total(), cur, locale));
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("company", company);
    model.put("client", client);
    model.put("quote", quote);
    model.put("lines", lines);
    model.put("taxes", taxes);
    model.put("totals", totals);
    model.put("labels", labels);
    return model;
  }

  /** Minor units as the quote's language writes money in its currency. */
  static String money(long minor, String currency, Locale locale) {
    Currency c = Currency.getInstance(currency);
    int digits = Pricing.digits(currency);
    NumberFormat f = NumberFormat.getCurrencyInstance(locale);
    f.setCurrency(c);
    f.setMinimumFractionDigits(digits);
    f.setMaximumFractionDigits(digits);
    return f.format(BigDecimal.valueOf(minor, digits));
  }

  static String percent(int bp, Locale locale) {
    NumberFormat f = NumberFormat.getPercentInstance(locale);
    f.setMaximumFractionDigits(2);
    return f.format(BigDecimal.valueOf(bp, 4));
  }

  // ---- email ----

  static String relatedId(UUID quoteId, int version) {
    return quoteId + "/v" + version;
  }

  @Override
  public UUID enqueue(Handle h, Version v, String to, String toName, String message) {
    Settings s = Rates.settings(h);
    Doc d = v.doc();
    Locale locale = Locale.forLanguageTag(d.language());
    byte[] pdf = renderer.render("quote", model(s, d, v.version(), v.sentAt(), locale), locale);
    String sender = letterhead(s, d).companyName();
    String from = sender.isBlank() ? "us" : sender.trim();
    String subject = "Quote " + d.number() + " v" + v.version() + " from " + from;
    StringBuilder body = new StringBuilder();
    if (message != null && !message.isBlank()) {
      body.append(message.strip()).append("\n\n");
    }
    body.append(QuoteLabels.of(locale).get("emailBody"))
        .append("\n\n")
        .append(d.number())
        .append(" v")
        .append(v.version())
        .append(" — ")
        .append(money(d.totals().total(), d.currency(), locale))
        .append("\n");
    if (!sender.isBlank()) {
      body.append("\n").append(sender.trim()).append("\n");
    }
    return mail.enqueue(
        h,
        new OutgoingMail(
            to,
            toName == null ? "" : toName,
            subject,
            body.toString(),
            null,
            List.of(new Attachment(fileName(d, v.version()), "application/pdf", pdf)),
            RELATED,
            relatedId(v.quoteId(), v.version())));
  }

  @Override
  public List<Email> emails(UUID quoteId, int version) {
    return mail.forRelated(RELATED, relatedId(quoteId, version)).stream()
        .map(QuoteDocuments::email)
        .toList();
  }

  static Email email(MailStatus m) {
    return new Email(
        m.id(),
        m.toAddress(),
        m.state(),
        m.attempts(),
        m.lastError() == null ? "" : m.lastError(),
        m.sentAt(),
        m.nextAttemptAt());
  }

  @Override
  public void kick() {
    mail.kick();
  }

  /** Queues the version's email again, to {@code emailTo} or where its last email went. */
  Email resend(UUID quoteId, int version, String emailTo) {
    if (emailTo != null
        && !emailTo.isEmpty()
        && (emailTo.length() > 254 || !emailTo.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))) {
      throw DomainException.invalid("email_to must be an email address");
    }
    UUID id =
        jdbi.inTransaction(
            h -> {
              Version v = quotes.version(h, quoteId, version);
              String to = emailTo;
              if (to == null || to.isEmpty()) {
                List<Email> sent = v.emails();
                to =
                    sent.isEmpty() ? v.doc().contactEmail() : sent.get(sent.size() - 1).toAddress();
              }
              if (to == null || to.isEmpty()) {
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION,
                    "quote "
                        + v.doc().number()
                        + " v"
                        + version
                        + " has no address to send to; give email_to");
              }
              return enqueue(h, v, to, v.doc().contactName(), "");
            });
    mail.kick();
    return email(mail.status(id).orElseThrow());
  }
}
