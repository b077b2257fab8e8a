package io.eventkit.node.subhire;

import io.eventkit.node.inventory.Availability;
import io.eventkit.node.inventory.Catalog;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.planning.Planning;
import io.eventkit.node.platform.db.Daos;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * What a state change does to stock (§17.6). Runs inside the negotiation's transaction: the
 * planning and availability calls join it (Jdbi reuses the thread's open handle), so a state change
 * and its stock effect commit or roll back together.
 *
 * <p>Supplier: CONFIRMED books the lines on a CONFIRMED local event over the delivery period
 * (refused if the stock is not free); CANCELLED/DECLINED/EXPIRED cancel that event, CLOSED (checked
 * in) completes it. Borrower: CONFIRMED, DISPATCHED and ON_HIRE count the borrowed units as
 * temporary stock of the borrower's own products over the usage period; leaving them releases it.
 */
final class StockEffects {
  private final Planning planning;
  private final Availability availability;
  private final Clock clock;

  StockEffects(Planning planning, Availability availability, Clock clock) {
    this.planning = planning;
    this.availability = availability;
    this.clock = clock;
  }

  /**
   * Applies the supplier's effect of entering {@code to}; returns the booking event if created.
   * {@code stockChecked}: {@link #shortfall} found the lines free in this transaction, so a booking
   * does not check again.
   */
  UUID supplier(
      Handle h, Negotiation n, NegotiationState to, List<Line> lines, boolean stockChecked) {
    if (to == NegotiationState.CONFIRMED && n.supplierEventId() == null) {
      return book(h, n, lines, stockChecked);
    }
    if (n.supplierEventId() != null) {
      EventStatus target =
          to == NegotiationState.CLOSED
              ? EventStatus.COMPLETED
              : NegotiationState.TERMINAL.contains(to) ? EventStatus.CANCELLED : null;
      // A person may have closed the booking event by hand; a final event is left as it is.
      if (target != null && planning.requireEvent(n.supplierEventId()).status().isOpen()) {
        planning.setStatus(n.supplierEventId(), target);
      }
    }
    return null;
  }

  void borrower(Negotiation n, NegotiationState to, List<Line> lines) {
    String ref = sourceRef(n.id());
    if (NegotiationState.BORROWER_HOLDS.contains(to)) {
      if (!availability.hasTemporaryStock(ref)) {
        for (Line l : lines) {
          availability.addTemporaryStock(
              l.localProductId(), l.quantity(), n.details().usage(), ref, clock.instant());
        }
      }
    } else if (to != NegotiationState.CANCEL_REQUESTED && to != NegotiationState.CANCEL_REFUSED) {
      availability.removeTemporaryStock(ref);
    }
  }

  /** "Sub-hire: <event> (<borrower>)", cut to the 200 characters an event name may have. */
  static String eventName(String event, String borrower) {
    String suffix = " (" + borrower + ")";
    String head = "Sub-hire: " + event;
    int room = 200 - suffix.length();
    return (head.length() > room ? head.substring(0, Math.max(10, room - 1)) + "…" : head) + suffix;
  }

  static String sourceRef(UUID negotiationId) {
    return "subhire:" + negotiationId;
  }

  /**
   * Why the lines cannot be booked over the delivery period (with each product's buffers), or empty
   * if they fit. Locks the product rows ({@link NegotiationDao#lockProducts}), so a following
   * {@link #supplier} booking sees the same.
   */
  java.util.Optional<String> shortfall(Handle h, Negotiation.RequestDetails d, List<Line> lines) {
    return shortfall(h, d, lines, lockProducts(h, lines, "lines.supplier_product_id"));
  }

  /**
   * As {@link #shortfall(Handle, Negotiation.RequestDetails, List)}, with the lines' products as
   * {@link #lockProducts} returned them earlier in this transaction.
   */
  java.util.Optional<String> shortfall(
      Handle h, Negotiation.RequestDetails d, List<Line> lines, Map<UUID, Product> locked) {
    Map<UUID, Integer> perProduct = perProduct(lines);
    for (Map.Entry<UUID, Integer> e : perProduct.entrySet()) {
      Product p = locked.get(e.getKey());
      Interval hold = d.delivery().widen(p.fields().bufferBefore(), p.fields().bufferAfter());
      int deficit = availability.deficit(h, p.id(), List.of(hold), List.of(e.getValue()));
      if (deficit > 0) {
        return java.util.Optional.of(
            p.label()
                + ": "
                + deficit
                + " of "
                + e.getValue()
                + " are not free for "
                + d.delivery());
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * Locks the lines' products ({@link NegotiationDao#lockProducts}, in ID order) for the rest of
   * the transaction and reads them; NOT_FOUND naming {@code field} if one is gone.
   */
  static Map<UUID, Product> lockProducts(Handle h, List<Line> lines, String field) {
    Map<UUID, Integer> perProduct = perProduct(lines);
    Daos.of(h, NegotiationDao.class).lockProducts(perProduct.keySet());
    Map<UUID, Product> out = new java.util.HashMap<>();
    for (UUID id : perProduct.keySet()) {
      out.put(id, Catalog.require(h, id, field));
    }
    return out;
  }

  private static Map<UUID, Integer> perProduct(List<Line> lines) {
    Map<UUID, Integer> out = new LinkedHashMap<>();
    for (Line l : lines) {
      out.merge(l.localProductId(), l.quantity(), Integer::sum);
    }
    return out;
  }

  private UUID book(Handle h, Negotiation n, List<Line> lines, boolean stockChecked) {
    if (!stockChecked) {
      shortfall(h, n.details(), lines)
          .ifPresent(
              why -> {
                throw new DomainException(
                    ErrorCode.FAILED_PRECONDITION, why + "; free stock first or decline");
              });
    }
    Map<UUID, Integer> perProduct = perProduct(lines);
    Interval period = n.details().delivery();
    Negotiation.RequestDetails d = n.details();
    UUID eventId =
        planning
            .createEvent(
                new Planning.NewEvent(
                    eventName(d.eventName(), n.partner()),
                    d.requestingCompany(),
                    d.location(),
                    "UTC",
                    period,
                    EventStatus.CONFIRMED,
                    0,
                    "Sub-hire negotiation " + n.id()))
            .id();
    for (Map.Entry<UUID, Integer> e : perProduct.entrySet()) {
      planning.addLine(
          new Planning.NewLine(eventId, e.getKey(), e.getValue(), null, null, period, null));
    }
    return eventId;
  }
}
