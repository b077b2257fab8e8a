package io.eventkit.node.planning;

import static io.eventkit.node.testing.InventoryFixture.assetsOf;
import static io.eventkit.node.testing.InventoryFixture.book;
import static io.eventkit.node.testing.InventoryFixture.bulk;
import static io.eventkit.node.testing.InventoryFixture.event;
import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.refuse;
import static io.eventkit.node.testing.InventoryFixture.serialised;
import static io.eventkit.node.testing.InventoryFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.inventory.Asset;
import io.eventkit.node.inventory.Case;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.testing.Domain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Parallel writers racing for the last unit: exactly one wins, the others get FAILED_PRECONDITION,
 * and nothing is double-held.
 */
class InventoryConcurrencyTest {
  private static final int WRITERS = 8;
  private static final ExecutorService POOL = Executors.newFixedThreadPool(WRITERS);
  private final Domain m = refuse();

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  /** Runs {@code attempt(i)} on WRITERS threads released together; returns the outcomes. */
  private static List<Object> race(IntFunction<Object> attempt) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Object>> futures = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      int n = i;
      Callable<Object> c =
          () -> {
            go.await();
            try {
              return attempt.apply(n);
            } catch (DomainException e) {
              return e;
            }
          };
      futures.add(POOL.submit(c));
    }
    go.countDown();
    List<Object> out = new ArrayList<>();
    for (Future<Object> f : futures) {
      out.add(f.get(60, TimeUnit.SECONDS));
    }
    return out;
  }

  private static void exactlyOneWins(List<Object> outcomes) {
    List<Object> wins = outcomes.stream().filter(o -> !(o instanceof DomainException)).toList();
    assertThat(wins).hasSize(1);
    assertThat(outcomes.stream().filter(o -> o instanceof DomainException))
        .hasSize(WRITERS - 1)
        .allSatisfy(
            o -> assertThat(((DomainException) o).code()).isEqualTo(ErrorCode.FAILED_PRECONDITION));
  }

  private List<Event> events(Interval period, EventStatus status) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      events.add(event(m, status, period));
    }
    return events;
  }

  @Test
  void lastBulkUnitGoesToExactlyOneBooking() throws Exception {
    Product p = bulk(m, 5);
    Interval period = iv("2033-01-01T00:00:00Z", "2033-01-02T00:00:00Z");
    book(m, event(m, EventStatus.CONFIRMED, period), p, 4, null);
    List<Event> events = events(period, EventStatus.CONFIRMED);
    exactlyOneWins(race(i -> book(m, events.get(i), p, 1, null)));
    assertThat(m.availability.forProduct(p.id(), period).available()).isZero();
  }

  @Test
  void lastUnitByStatusChangeGoesToExactlyOneEvent() throws Exception {
    Product p = serialised(m, 1, Duration.ofHours(1), Duration.ofHours(1));
    Interval period = iv("2033-02-01T00:00:00Z", "2033-02-02T00:00:00Z");
    List<Event> events = events(period, EventStatus.ENQUIRY);
    for (Event e : events) {
      book(m, e, p, 1, null);
    }
    exactlyOneWins(race(i -> m.planning.setStatus(events.get(i).id(), EventStatus.CONFIRMED)));
    assertThat(m.availability.forProduct(p.id(), period).held()).isOne();
  }

  @Test
  void aSerialisedAssetIsHeldByExactlyOneOverlappingBooking() throws Exception {
    // Many units of the product, so only the asset itself is contested.
    Product p = serialised(m, 3, Duration.ZERO, Duration.ZERO);
    Asset unit = assetsOf(m, p).get(0);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      // Different but overlapping periods.
      events.add(
          event(
              m,
              EventStatus.RESERVED,
              new Interval(
                  iv("2033-03-01T00:00:00Z", "2033-03-02T00:00:00Z").start().plusSeconds(600L * i),
                  iv("2033-03-01T00:00:00Z", "2033-03-02T00:00:00Z").end().plusSeconds(600L * i))));
    }
    exactlyOneWins(
        race(
            i ->
                m.planning.addLine(
                    new Planning.NewLine(
                        events.get(i).id(), null, 0, unit.id(), null, null, null))));
    long held =
        jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT count(*) FROM booking_line WHERE asset_id = :a AND holds")
                        .bind("a", unit.id())
                        .mapTo(Long.class)
                        .one());
    assertThat(held).isOne();
  }

  @Test
  void aCaseIsInExactlyOneOverlappingBooking() throws Exception {
    Product p = serialised(m, 2, Duration.ZERO, Duration.ZERO);
    List<Asset> units = assetsOf(m, p);
    Case rack =
        m.cases.create(unique("CASE"), "Amp rack", Case.Kind.PERMANENT, units.get(0).locationId());
    m.cases.addAsset(rack.id(), units.get(0).id());
    m.cases.addAsset(rack.id(), units.get(1).id());
    Interval period = iv("2033-04-01T00:00:00Z", "2033-04-03T00:00:00Z");
    List<Event> events = events(period, EventStatus.CONFIRMED);
    exactlyOneWins(
        race(
            i ->
                m.planning.addLine(
                    new Planning.NewLine(
                        events.get(i).id(), null, 0, null, rack.id(), null, null))));
    long lines =
        jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT count(*) FROM booking_line WHERE (case_id = :c OR asset_id = ANY(:a))")
                        .bind("c", rack.id())
                        .bind("a", new java.util.UUID[] {units.get(0).id(), units.get(1).id()})
                        .mapTo(Long.class)
                        .one());
    assertThat(lines).isEqualTo(3); // the case line and its two asset lines, once
  }
}
