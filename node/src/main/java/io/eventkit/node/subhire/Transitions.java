package io.eventkit.node.subhire;

import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.events.DomainEvent;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.events.EventType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The one place a negotiation changes state: records the history entry, bumps the supplier's
 * version, applies the stock effect, and queues outgoing messages. Callers hold the row lock.
 */
final class Transitions {
  private final Outbox outbox;
  private final StockEffects effects;
  private final Clock clock;
  private final String displayName;
  private final DomainEvents events;

  Transitions(
      Outbox outbox, StockEffects effects, Clock clock, String displayName, DomainEvents events) {
    this.outbox = outbox;
    this.effects = effects;
    this.clock = clock;
    this.displayName = displayName;
    this.events = events;
  }

  /**
   * Records subhire.requested for a request a partner just made of us (the supplier side), in the
   * transaction that stores it: a replayed message is answered from the inbox and records nothing.
   */
  void requested(Handle h, Negotiation n, List<Line> lines) {
    Map<String, Object> payload = payload(h, n);
    payload.put("requestingCompany", n.details().requestingCompany());
    payload.put("usageStart", n.details().usage().start().toString());
    payload.put("usageEnd", n.details().usage().end().toString());
    List<Map<String, Object>> items = new ArrayList<>();
    for (Line l : lines.subList(0, Math.min(20, lines.size()))) {
      items.add(
          Map.of(
              "product",
              l.productName() == null || l.productName().isEmpty()
                  ? l.supplierProductId()
                  : l.productName(),
              "quantity",
              l.quantity()));
    }
    payload.put("lines", lines.size());
    payload.put("items", items);
    events.record(h, DomainEvent.of(EventType.SUBHIRE_REQUESTED, "subhire", n.id(), payload));
  }

  private static Map<String, Object> payload(Handle h, Negotiation n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("subhireId", n.id().toString());
    m.put("role", n.role().name());
    m.put("partner", n.partner());
    m.put("partnerName", Daos.of(h, NegotiationDao.class).partnerLabel(n.id()).orElse(n.partner()));
    m.put("eventName", n.details().eventName());
    return m;
  }

  /** One state change of a chain ({@link #moveThrough}). */
  record Step(NegotiationState to, String actor, String detail) {}

  /** Moves {@code n} to {@code to}; returns the re-read row. */
  Negotiation move(Handle h, Negotiation n, NegotiationState to, String actor, String detail) {
    return moveThrough(h, n, null, false, List.of(new Step(to, actor, detail)));
  }

  /**
   * Moves {@code n} through {@code steps} in order, with each step's history entry, version bump,
   * stock effect and event as {@link #move} records them, but reading the lines and the partner's
   * name once and writing the row once; returns the re-read row. The state, version and supplier
   * event of {@code n} must be the stored ones, and {@code lines} the stored lines (null: read
   * them). {@code stockChecked}: the caller found the lines free over the delivery period in this
   * transaction and still holds the product locks, so a booking on CONFIRMED does not check again.
   */
  Negotiation moveThrough(
      Handle h, Negotiation n, List<Line> lines, boolean stockChecked, List<Step> steps) {
    NegotiationDao store = Daos.of(h, NegotiationDao.class);
    Instant now = clock.instant();
    List<Line> current = lines != null ? lines : store.lines(n.id());
    Map<String, Object> common = null;
    List<NegotiationDao.HistoryRow> history = new ArrayList<>();
    Negotiation at = n;
    for (Step step : steps) {
      NegotiationState from = at.state();
      UUID booked = null;
      if (at.role() == Role.SUPPLIER) {
        booked = effects.supplier(h, at, step.to(), current, stockChecked);
      } else {
        effects.borrower(at, step.to(), current);
      }
      long version = at.role() == Role.SUPPLIER ? at.version() + 1 : at.version();
      at = at.moved(step.to(), version, now, booked != null ? booked : at.supplierEventId());
      history.add(
          new NegotiationDao.HistoryRow(
              now, step.actor(), NegotiationDao.name(from), step.to().name(), step.detail()));
      if (from != step.to()) {
        if (common == null) {
          common = payload(h, n);
        }
        Map<String, Object> payload = new LinkedHashMap<>(common);
        payload.put("from", from.name());
        payload.put("to", step.to().name());
        events.record(
            h, DomainEvent.of(EventType.SUBHIRE_STATE_CHANGED, "subhire", n.id(), payload));
      }
    }
    if (!java.util.Objects.equals(at.supplierEventId(), n.supplierEventId())) {
      store.setSupplierEvent(n.id(), at.supplierEventId());
    }
    store.setState(n.id(), at.state(), at.version(), now);
    store.addHistory(n.id(), history);
    return store.find(n.id()).orElseThrow();
  }

  /**
   * Applies a change to the lines and terms (validated against this negotiation; INVALID_ARGUMENT
   * otherwise) and returns the lines after it.
   */
  List<Line> applyChange(Handle h, Negotiation n, Change c) {
    NegotiationDao store = Daos.of(h, NegotiationDao.class);
    List<Line> lines = store.lines(n.id());
    java.util.Set<String> unknown = new java.util.HashSet<>(c.quantities().keySet());
    List<Line> changed = new java.util.ArrayList<>();
    for (Line l : lines) {
      Integer q = c.quantities().get(l.supplierProductId());
      unknown.remove(l.supplierProductId());
      changed.add(
          q == null
              ? l
              : new Line(
                  l.lineNo(),
                  l.supplierProductId(),
                  l.localProductId(),
                  l.productName(),
                  q,
                  l.suggestedUnitPrice(),
                  null));
    }
    if (!unknown.isEmpty()) {
      throw io.eventkit.node.kernel.DomainException.invalid(
          "change.quantities: not in this negotiation: " + unknown);
    }
    Negotiation.RequestDetails d = n.details();
    Negotiation.RequestDetails after =
        new Negotiation.RequestDetails(
            d.requestingCompany(),
            d.contactName(),
            d.contactEmail(),
            d.contactPhone(),
            d.eventName(),
            d.eventReference(),
            c.usage() != null ? c.usage() : d.usage(),
            c.delivery() != null ? c.delivery() : deliveryFor(d.delivery(), c.usage()),
            d.location(),
            c.note() != null ? c.note() : d.note());
    Wire.validate(after, "change.");
    store.setQuantities(n.id(), changed);
    store.setTerms(n.id(), after.usage(), after.delivery(), after.note());
    return changed;
  }

  /** The old delivery window if it still contains the new usage period, else that period. */
  private static io.eventkit.node.kernel.Interval deliveryFor(
      io.eventkit.node.kernel.Interval delivery, io.eventkit.node.kernel.Interval usage) {
    if (usage == null
        || (!delivery.start().isAfter(usage.start()) && !delivery.end().isBefore(usage.end()))) {
      return delivery;
    }
    return usage;
  }

  /** A history entry without a state change (refusals, delivery failures, notes). */
  void note(Handle h, Negotiation n, NegotiationState shown, String actor, String detail) {
    Daos.of(h, NegotiationDao.class)
        .addHistory(n.id(), clock.instant(), actor, n.state(), shown, detail);
  }

  /** Queues a message to the partner with the negotiation's next sequence number. */
  void send(Handle h, Negotiation n, Message message) {
    long seq = Daos.of(h, NegotiationDao.class).nextOutSeq(n.id());
    UUID messageId = UUID.randomUUID();
    Instant now = clock.instant();
    byte[] bytes = Wire.envelope(message, n.id(), messageId, seq, now);
    outbox.enqueue(h, n.id(), n.partner(), messageId, seq, message.method(), bytes, now);
  }

  /** The supplier's snapshot of {@code n} (its authoritative copy). */
  Snapshot snapshot(Handle h, Negotiation n) {
    NegotiationDao store = Daos.of(h, NegotiationDao.class);
    List<Line> lines = store.lines(n.id());
    return new Snapshot(
        n.id(),
        n.state(),
        n.version(),
        lines,
        n.quoteValidUntil(),
        Line.quotedTotal(lines),
        store.manifest(n.id()),
        n.reason(),
        n.updatedAt(),
        n.details().usage(),
        n.details().delivery(),
        n.details().note(),
        Wire.clip(displayName, Wire.MAX_NAME));
  }
}
