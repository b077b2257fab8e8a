package io.eventkit.node.quotes;

import static io.eventkit.node.quotes.QuotesTest.company;
import static io.eventkit.node.quotes.QuotesTest.rate;
import static io.eventkit.node.quotes.QuotesTest.setClient;
import static io.eventkit.node.testing.InventoryFixture.book;
import static io.eventkit.node.testing.InventoryFixture.bulk;
import static io.eventkit.node.testing.InventoryFixture.event;
import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.node;
import static io.eventkit.node.testing.InventoryFixture.refuse;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.inventory.Product;
import io.eventkit.node.planning.Event;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.testing.Domain;
import io.eventkit.node.testing.EventRows;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** quote.sent, quote.accepted and quote.declined, each in its change's transaction. */
class QuotesEventsTest {

  private static QuotesModule module(Domain d) {
    Clock clock = Clock.systemUTC();
    return QuotesModule.create(
        jdbi(),
        clock,
        new DomainEvents(clock),
        d.planning,
        false,
        node().runtime().mail(),
        node().runtime().documents());
  }

  /** A quote for an event booking both units of a product at 50.00 a day. */
  private record Made(QuotesModule qm, Event event, QuoteModel.Quote quote, Product product) {}

  private static Made quoteForEvent(Domain d) {
    Product p = bulk(d, 2);
    rate(p, 5000, 0);
    Event e = event(d, EventStatus.ENQUIRY, iv("2038-02-01T08:00:00Z", "2038-02-02T08:00:00Z"));
    setClient(e, company("EUR", "en"));
    book(d, e, p, 2, null);
    QuotesModule qm = module(d);
    QuoteModel.Quote q = qm.quotes.create(new QuoteModel.NewQuote(null, null, e.id(), "", "", ""));
    return new Made(qm, e, q, p);
  }

  @Test
  void sendingAndAcceptingRecordOneEventEachAndTheEventIsConfirmed() {
    Made m = quoteForEvent(warn());
    QuoteModel.Quote sent =
        m.qm().quotes.send(m.quote().id(), m.quote().revision(), false, "", "").quote();

    List<EventRows.Row> s = EventRows.of(jdbi(), "quote.sent", m.quote().id());
    assertThat(s).hasSize(1);
    assertThat(s.get(0).subjectKind()).isEqualTo("quote");
    assertThat(s.get(0).payload())
        .containsEntry("quoteId", m.quote().id().toString())
        .containsEntry("number", sent.draft().number())
        .containsEntry("eventId", m.event().id().toString())
        .containsEntry("eventName", m.event().name())
        .containsEntry("currency", sent.draft().currency())
        .containsEntry("version", 1)
        .containsEntry("emailed", false);
    // Figures: the version's total as the quote shows it, in minor units.
    assertThat(((Number) s.get(0).payload().get("totalMinor")).longValue())
        .isEqualTo(sent.draft().totals().total())
        .isPositive();

    m.qm().quotes.accept(m.quote().id(), 1, "by phone");
    List<EventRows.Row> a = EventRows.of(jdbi(), "quote.accepted", m.quote().id());
    assertThat(a).hasSize(1);
    assertThat(a.get(0).payload()).containsEntry("version", 1).doesNotContainValue("by phone");
    assertThat(EventRows.of(jdbi(), "event.status_changed", m.event().id()))
        .extracting(r -> r.payload().get("to"))
        .containsExactly("QUOTE", "CONFIRMED");
    assertThat(EventRows.of(jdbi(), "quote.declined", m.quote().id())).isEmpty();
  }

  @Test
  void aConfirmationRolledBackToItsSavepointLeavesNoStatusEvent() {
    Domain d = refuse();
    Made m = quoteForEvent(d);
    m.qm().quotes.send(m.quote().id(), m.quote().revision(), false, "", "");
    // Another event takes both units: under REFUSE the confirmation fails inside the accept.
    Event other =
        event(d, EventStatus.CONFIRMED, iv("2038-02-01T08:00:00Z", "2038-02-02T08:00:00Z"));
    book(d, other, m.product(), 2, null);
    QuoteModel.Accepted accepted = m.qm().quotes.accept(m.quote().id(), 1, "");
    assertThat(accepted.eventConfirmed()).isFalse();
    assertThat(EventRows.of(jdbi(), "quote.accepted", m.quote().id())).hasSize(1);
    assertThat(EventRows.of(jdbi(), "event.status_changed", m.event().id()))
        .extracting(r -> r.payload().get("to"))
        .containsExactly("QUOTE");
  }

  @Test
  void decliningRecordsOneEventWithoutTheReason() {
    Made m = quoteForEvent(warn());
    m.qm().quotes.send(m.quote().id(), m.quote().revision(), false, "", "");
    m.qm().quotes.decline(m.quote().id(), "too expensive for us");
    List<EventRows.Row> rows = EventRows.of(jdbi(), "quote.declined", m.quote().id());
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).payload())
        .containsEntry("previousState", "SENT")
        .doesNotContainValue("too expensive for us");
    assertThat(EventRows.of(jdbi(), "quote.accepted", m.quote().id())).isEmpty();
    assertThat(UUID.fromString((String) rows.get(0).payload().get("quoteId")))
        .isEqualTo(m.quote().id());
  }
}
