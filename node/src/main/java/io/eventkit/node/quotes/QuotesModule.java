package io.eventkit.node.quotes;

import io.eventkit.node.planning.Planning;
import io.eventkit.node.planning.PlanningModule;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.mail.MailOutbox;
import io.eventkit.node.platform.pdf.PdfRenderer;
import io.grpc.BindableService;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The quotes feature's one public face: the node's pricing (rate cards, price lists, taxes,
 * exchange rates) and quotes built from events, over planning (events, their lines and status), the
 * CRM tables (read by SQL), the platform's PDF renderer and mail outbox. Events a quote was made
 * for are kept from deletion.
 */
public final class QuotesModule {
  final Rates rates;
  final Quotes quotes;
  final QuoteDocuments documents;
  private final List<BindableService> services;

  private QuotesModule(Rates rates, Quotes quotes, QuoteDocuments documents) {
    this.rates = rates;
    this.quotes = quotes;
    this.documents = documents;
    this.services = List.of(new QuoteGrpcService(rates, quotes, documents));
  }

  public static QuotesModule create(
      Jdbi jdbi,
      Clock clock,
      DomainEvents events,
      PlanningModule planning,
      MailOutbox mail,
      PdfRenderer renderer) {
    return create(jdbi, clock, events, planning.planning, true, mail, renderer);
  }

  /** {@code keepEvents}: whether to register with planning (once per planning instance). */
  static QuotesModule create(
      Jdbi jdbi,
      Clock clock,
      DomainEvents events,
      Planning planning,
      boolean keepEvents,
      MailOutbox mail,
      PdfRenderer renderer) {
    Quotes quotes = new Quotes(jdbi, clock, planning, events);
    QuoteDocuments documents = new QuoteDocuments(jdbi, clock, quotes, renderer, mail);
    quotes.mailer(documents);
    QuotesModule m = new QuotesModule(new Rates(jdbi, clock), quotes, documents);
    if (keepEvents) {
      planning.keepReferencedEvents(quotes::whyKept);
    }
    return m;
  }

  /**
   * Starts the demo dataset's pricing: its inventory prices are in {@code baseCurrency}, so the
   * base currency follows them, with UK VAT as the default tax and a demo company on the documents.
   * Only on a node that has no quote yet (a fresh demo node); otherwise nothing changes.
   */
  public void startDemoPricing(String baseCurrency) {
    if (quotes.any()) {
      return;
    }
    rates.setTaxRate(new QuoteModel.TaxRate("GB-STD", "VAT 20 %", "GB", 2000));
    rates.setTaxRate(new QuoteModel.TaxRate("GB-ZERO", "VAT 0 %", "GB", 0));
    rates.updateSettings(
        new QuoteModel.SettingsChanges(
            baseCurrency,
            null,
            null,
            "GB-STD",
            null,
            null,
            "Demo Productions Ltd",
            "Unit 4, Park Royal Road\nLondon NW10 7LQ",
            null,
            null,
            "Prices exclude VAT unless stated. Equipment remains our property and is insured by the"
                + " hirer from dispatch until its return.",
            null));
  }

  public List<BindableService> services() {
    return services;
  }
}
