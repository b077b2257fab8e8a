package io.eventkit.node.inventory;

import static io.eventkit.node.testing.InventoryFixture.assetsOf;
import static io.eventkit.node.testing.InventoryFixture.bulk;
import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.serialised;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.kernel.Interval;
import io.eventkit.node.planning.Event;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.planning.Planning;
import io.eventkit.node.testing.Domain;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The shortage sweep prunes products by peak demand before allocating; this checks it against the
 * plain definition (allocate every product's holding lines against capacities counted live) on a
 * random, heavily overbooked plan with priorities, statuses, out-of-service units and temporary
 * stock, for several windows, whole and clipped.
 */
class ShortageSweepTest {
  private static final Instant YEAR = Instant.parse("2047-01-01T00:00:00Z");
  private final Domain m = io.eventkit.node.testing.InventoryFixture.warn();

  @Test
  void theSweepFindsExactlyWhatAllocatingEveryProductFinds() {
    Random rnd = new Random(47);
    List<Product> products = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Product p =
          serialised(m, 2 + rnd.nextInt(4), Duration.ofHours(rnd.nextInt(12)), Duration.ZERO);
      if (i % 2 == 0) {
        m.assets.update(assetsOf(m, p).get(0).id(), Asset.Status.IN_REPAIR, "");
      }
      products.add(p);
    }
    for (int i = 0; i < 6; i++) {
      products.add(bulk(m, 3 + rnd.nextInt(8)));
    }
    // Temporary stock on two products, over part of the year.
    m.availability.addTemporaryStock(
        products.get(1).id(), 2, window(10, 40), "test:" + UUID.randomUUID(), Instant.now());
    m.availability.addTemporaryStock(
        products.get(7).id(), 5, window(0, 20), "test:" + UUID.randomUUID(), Instant.now());
    EventStatus[] statuses = {
      EventStatus.CONFIRMED, EventStatus.CONFIRMED, EventStatus.PROVISIONAL, EventStatus.ENQUIRY
    };
    for (int e = 0; e < 60; e++) {
      int day = rnd.nextInt(55);
      Interval when =
          new Interval(
              YEAR.plus(Duration.ofDays(day)).plus(Duration.ofHours(rnd.nextInt(24))),
              YEAR.plus(Duration.ofDays(day + 1 + rnd.nextInt(5))));
      Event ev =
          m.planning.createEvent(
              new Planning.NewEvent(
                  "Sweep " + e,
                  "",
                  "",
                  "UTC",
                  when,
                  statuses[rnd.nextInt(statuses.length)],
                  rnd.nextInt(3) * 5,
                  ""));
      for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
        Product p = products.get(rnd.nextInt(products.size()));
        m.planning.addLine(
            new Planning.NewLine(ev.id(), p.id(), 1 + rnd.nextInt(4), null, null, null, null));
      }
    }
    Set<UUID> mine = new HashSet<>();
    products.forEach(p -> mine.add(p.id()));

    for (Interval w : List.of(window(-5, 70), window(0, 30), window(12, 13), window(33, 47))) {
      List<Availability.Shortage> got =
          m.availability.shortages(w).stream().filter(s -> mine.contains(s.productId())).toList();
      List<Availability.Shortage> expected = reference(w, mine);
      assertThat(got).as("window %s", w).isEqualTo(expected);
      if (w.length().toDays() > 20) {
        assertThat(got).as("the plan is overbooked in %s", w).hasSizeGreaterThanOrEqualTo(3);
      }
    }
  }

  private static Interval window(int fromDay, int toDay) {
    return new Interval(YEAR.plus(Duration.ofDays(fromDay)), YEAR.plus(Duration.ofDays(toDay)));
  }

  /** Every product allocated, capacities counted from the asset and bulk rows. */
  private static List<Availability.Shortage> reference(Interval w, Set<UUID> products) {
    return jdbi()
        .withHandle(
            h -> {
              Map<List<UUID>, Availability.Shortage> out = new HashMap<>();
              for (UUID p : products) {
                int usable =
                    h.createQuery(
                            "SELECT CASE WHEN p.tracking = 'SERIALISED' THEN"
                                + " (SELECT count(*) FROM asset a WHERE a.product_id = p.id"
                                + "  AND a.status = 'AVAILABLE')"
                                + " ELSE (SELECT coalesce(sum(quantity), 0) FROM bulk_stock s"
                                + "  WHERE s.product_id = p.id) END FROM product p WHERE id = :p")
                        .bind("p", p)
                        .mapTo(Integer.class)
                        .one();
                List<BookedLine> lines =
                    h.createQuery(
                            "SELECT b.id, b.event_id, e.name AS event_name, b.product_id,"
                                + " b.quantity, lower(b.hold_period) AS starts_at,"
                                + " upper(b.hold_period) AS ends_at, b.holds, b.event_status,"
                                + " b.priority, b.created_at FROM booking_line b"
                                + " JOIN event e ON e.id = b.event_id WHERE b.holds"
                                + " AND b.product_id = :p"
                                + " AND b.hold_period && tstzrange(:s, :e, '[)')")
                        .bind("p", p)
                        .bind("s", w.start())
                        .bind("e", w.end())
                        .map(AvailabilityQueries.LINE)
                        .list();
                List<AvailabilityDao.TemporaryStock> temps =
                    AvailabilityQueries.temporary(h, new UUID[] {p}, w.start(), w.end());
                for (Sweep.Shortage sh : Sweep.allocate(w, usable, lines, temps)) {
                  BookedLine l = sh.line();
                  out.merge(
                      List.of(l.eventId(), p),
                      new Availability.Shortage(
                          l.eventId(), l.eventName(), p, l.quantity(), sh.shortfall(), sh.from()),
                      (a, b) ->
                          new Availability.Shortage(
                              a.eventId(),
                              a.eventName(),
                              p,
                              a.requested() + b.requested(),
                              a.shortfall() + b.shortfall(),
                              a.from().isBefore(b.from()) ? a.from() : b.from()));
                }
              }
              List<Availability.Shortage> list = new ArrayList<>(out.values());
              list.sort(
                  Comparator.comparing(Availability.Shortage::from)
                      .thenComparing(Availability.Shortage::eventId)
                      .thenComparing(Availability.Shortage::productId));
              return list;
            });
  }
}
