package io.eventkit.node.inventory;

import static io.eventkit.node.testing.InventoryFixture.assetsOf;
import static io.eventkit.node.testing.InventoryFixture.book;
import static io.eventkit.node.testing.InventoryFixture.bulk;
import static io.eventkit.node.testing.InventoryFixture.event;
import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.refuse;
import static io.eventkit.node.testing.InventoryFixture.serialised;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.planning.Event;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.planning.Planning;
import io.eventkit.node.testing.Domain;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The availability rules, against the real database through the domain classes. */
class InventoryAvailabilityTest {
  private final Domain m = warn();
  private static final Interval JUNE = iv("2031-06-10T08:00:00Z", "2031-06-12T20:00:00Z");

  private Availability.Summary avail(Product p, Interval period) {
    return m.availability.forProduct(p.id(), period);
  }

  @Test
  void statusLadderDecidesWhatHolds() {
    Product p = serialised(m, 5, Duration.ZERO, Duration.ZERO);
    Event e = event(m, EventStatus.ENQUIRY, JUNE);
    book(m, e, p, 3, null);
    assertThat(avail(p, JUNE).available()).isEqualTo(5);

    m.planning.setStatus(e.id(), EventStatus.QUOTE);
    assertThat(avail(p, JUNE).available()).isEqualTo(5);

    m.planning.setStatus(e.id(), EventStatus.PROVISIONAL);
    Availability.Summary tentative = avail(p, JUNE);
    assertThat(tentative.available()).isEqualTo(5);
    assertThat(tentative.tentative()).isEqualTo(3);

    m.planning.setStatus(e.id(), EventStatus.RESERVED);
    assertThat(avail(p, JUNE).available()).isEqualTo(2);
    assertThat(avail(p, JUNE).held()).isEqualTo(3);

    m.planning.setStatus(e.id(), EventStatus.CONFIRMED);
    assertThat(avail(p, JUNE).available()).isEqualTo(2);

    m.planning.setStatus(e.id(), EventStatus.CANCELLED);
    assertThat(avail(p, JUNE).available()).isEqualTo(5);
    assertThat(avail(p, JUNE).tentative()).isZero();

    assertThatThrownBy(() -> m.planning.setStatus(e.id(), EventStatus.CONFIRMED))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("cannot move from CANCELLED to CONFIRMED");
    m.planning.setStatus(e.id(), EventStatus.ENQUIRY);
    m.planning.setStatus(e.id(), EventStatus.CONFIRMED);
    m.planning.setStatus(e.id(), EventStatus.COMPLETED);
    assertThat(avail(p, JUNE).available()).isEqualTo(5);
    assertThatThrownBy(() -> m.planning.setStatus(e.id(), EventStatus.ENQUIRY))
        .hasMessageContaining("COMPLETED is final");
  }

  @Test
  void turnaroundBuffersWidenBookings() {
    Product p = serialised(m, 1, Duration.ofHours(4), Duration.ofHours(6));
    Event e = event(m, EventStatus.CONFIRMED, iv("2031-07-01T10:00:00Z", "2031-07-02T10:00:00Z"));
    Planning.Added a = book(m, e, p, 1, null);
    assertThat(a.line().holdPeriod()).isEqualTo(iv("2031-07-01T06:00:00Z", "2031-07-02T16:00:00Z"));
    // Inside the prep buffer before the job, and the de-prep buffer after it: not available.
    assertThat(avail(p, iv("2031-07-01T05:00:00Z", "2031-07-01T06:30:00Z")).available()).isZero();
    assertThat(avail(p, iv("2031-07-02T15:00:00Z", "2031-07-02T15:30:00Z")).available()).isZero();
    // Outside the buffers: free.
    assertThat(avail(p, iv("2031-07-01T00:00:00Z", "2031-07-01T06:00:00Z")).available()).isOne();
    assertThat(avail(p, iv("2031-07-02T16:00:00Z", "2031-07-03T00:00:00Z")).available()).isOne();
  }

  @Test
  void changingBuffersRewidensExistingBookings() {
    Product p = serialised(m, 1, Duration.ZERO, Duration.ZERO);
    Event e = event(m, EventStatus.CONFIRMED, iv("2031-07-05T10:00:00Z", "2031-07-06T10:00:00Z"));
    book(m, e, p, 1, null);
    Interval after = iv("2031-07-06T10:00:00Z", "2031-07-06T12:00:00Z");
    assertThat(avail(p, after).available()).isOne();
    Product.ProductFields f = p.fields();
    m.catalog.update(
        p.id(),
        new Product.ProductFields(
            f.manufacturer(),
            f.model(),
            f.name(),
            f.category(),
            f.description(),
            f.gtin(),
            f.rentalPrice(),
            f.replacementValue(),
            f.weightGrams(),
            Duration.ZERO,
            Duration.ofHours(3),
            f.tracking(),
            f.shared()));
    assertThat(avail(p, after).available()).isZero();
  }

  @Test
  void quarantineAndRepairReduceAvailabilityLostAndRetiredAreNotOwned() {
    Product p = serialised(m, 5, Duration.ZERO, Duration.ZERO);
    List<Asset> units = assetsOf(m, p);
    m.assets.update(units.get(0).id(), Asset.Status.QUARANTINE, "failed PAT test");
    m.assets.update(units.get(1).id(), Asset.Status.IN_REPAIR, null);
    m.assets.update(units.get(2).id(), Asset.Status.LOST, null);
    Availability.Summary s = avail(p, JUNE);
    assertThat(s.owned()).isEqualTo(4);
    assertThat(s.unavailable()).isEqualTo(2);
    assertThat(s.available()).isEqualTo(2);
  }

  @Test
  void halfOpenPeriodsBackToBackBookingsDoNotClash() {
    Product p = serialised(m, 1, Duration.ZERO, Duration.ZERO);
    Event first =
        event(m, EventStatus.CONFIRMED, iv("2031-08-01T00:00:00Z", "2031-08-02T00:00:00Z"));
    Event second =
        event(m, EventStatus.CONFIRMED, iv("2031-08-02T00:00:00Z", "2031-08-03T00:00:00Z"));
    Asset unit = assetsOf(m, p).get(0);
    m.planning.addLine(new Planning.NewLine(first.id(), null, 0, unit.id(), null, null, null));
    // Starts exactly when the first ends: allowed, even for the same asset.
    Planning.Added a =
        m.planning.addLine(new Planning.NewLine(second.id(), null, 0, unit.id(), null, null, null));
    assertThat(a.warnings()).isEmpty();
    assertThat(avail(p, iv("2031-08-01T00:00:00Z", "2031-08-03T00:00:00Z")).available()).isZero();
    assertThat(avail(p, iv("2031-08-03T00:00:00Z", "2031-08-04T00:00:00Z")).available()).isOne();
    // One second of overlap clashes.
    Event third =
        event(m, EventStatus.CONFIRMED, iv("2031-08-02T23:59:59Z", "2031-08-04T00:00:00Z"));
    assertThatThrownBy(
            () ->
                m.planning.addLine(
                    new Planning.NewLine(third.id(), null, 0, unit.id(), null, null, null)))
        .isInstanceOf(DomainException.class)
        .matches(x -> ((DomainException) x).code() == ErrorCode.FAILED_PRECONDITION)
        .hasMessageContaining("asset " + unit.barcode() + " is already booked by event");
  }

  @Test
  void busiestMomentNotTheSumOfAllOverlaps() {
    Product p = bulk(m, 10);
    Event a = event(m, EventStatus.CONFIRMED, iv("2031-09-01T00:00:00Z", "2031-09-02T00:00:00Z"));
    Event b = event(m, EventStatus.CONFIRMED, iv("2031-09-03T00:00:00Z", "2031-09-04T00:00:00Z"));
    book(m, a, p, 6, null);
    book(m, b, p, 7, null);
    Availability.Summary s = avail(p, iv("2031-09-01T00:00:00Z", "2031-09-05T00:00:00Z"));
    assertThat(s.held()).isEqualTo(7);
    assertThat(s.available()).isEqualTo(3);
    List<Availability.Step> steps =
        m.availability.timeline(p.id(), iv("2031-08-31T00:00:00Z", "2031-09-05T00:00:00Z"));
    assertThat(steps).extracting(Availability.Step::available).containsExactly(10, 4, 10, 3, 10);
    assertThat(steps.get(1).period()).isEqualTo(iv("2031-09-01T00:00:00Z", "2031-09-02T00:00:00Z"));
  }

  @Test
  void periodsAreInstantsAcrossADaylightSavingChange() {
    // Europe/London springs forward at 01:00 UTC on 30 March 2031: 00:30 local + 2 h = 03:30 BST.
    ZoneId london = ZoneId.of("Europe/London");
    Instant start = LocalDateTime.parse("2031-03-30T00:30").atZone(london).toInstant();
    Instant end = LocalDateTime.parse("2031-03-30T03:30").atZone(london).toInstant();
    assertThat(Duration.between(start, end)).isEqualTo(Duration.ofHours(2));
    Product p = serialised(m, 1, Duration.ZERO, Duration.ZERO);
    Event e = event(m, EventStatus.CONFIRMED, new Interval(start, end));
    book(m, e, p, 1, null);
    // 02:30 UTC is 03:30 BST: the booking's end; free from then, held just before.
    assertThat(avail(p, iv("2031-03-30T02:30:00Z", "2031-03-30T04:00:00Z")).available()).isOne();
    assertThat(avail(p, iv("2031-03-30T02:29:00Z", "2031-03-30T02:30:00Z")).available()).isZero();
    // Stored and read back as the same instants.
    Event read = m.planning.getEvent(e.id()).event();
    assertThat(read.period()).isEqualTo(new Interval(start, end));
    // An autumn booking, local 00:30 → 03:30 on 26 October 2031 (clocks go back): 4 hours.
    Instant s2 = LocalDateTime.parse("2031-10-26T00:30").atZone(london).toInstant();
    Instant e2 = LocalDateTime.parse("2031-10-26T03:30").atZone(london).toInstant();
    assertThat(Duration.between(s2, e2)).isEqualTo(Duration.ofHours(4));
    Event autumn = event(m, EventStatus.CONFIRMED, new Interval(s2, e2));
    book(m, autumn, p, 1, null);
    assertThat(avail(p, iv("2031-10-26T02:00:00Z", "2031-10-26T03:00:00Z")).available()).isZero();
  }

  @Test
  void temporaryStockAddsForItsPeriodOnly() {
    Product p = bulk(m, 2);
    m.availability.addTemporaryStock(
        p.id(),
        5,
        iv("2031-10-01T00:00:00Z", "2031-10-03T00:00:00Z"),
        "subhire:test",
        Instant.now());
    assertThat(avail(p, iv("2031-10-01T00:00:00Z", "2031-10-02T00:00:00Z")).available())
        .isEqualTo(7);
    Availability.Summary across = avail(p, iv("2031-10-02T00:00:00Z", "2031-10-04T00:00:00Z"));
    assertThat(across.available()).isEqualTo(2);
    assertThat(across.temporary()).isZero();
  }

  @Test
  void refusePolicyRefusesAndWarnPolicyWarns() {
    Domain refuse = refuse();
    Product p = bulk(refuse, 3);
    Event a =
        event(refuse, EventStatus.CONFIRMED, iv("2031-11-01T00:00:00Z", "2031-11-02T00:00:00Z"));
    book(refuse, a, p, 3, null);
    Event b =
        event(refuse, EventStatus.RESERVED, iv("2031-11-01T12:00:00Z", "2031-11-03T00:00:00Z"));
    assertThatThrownBy(() -> book(refuse, b, p, 1, null))
        .hasMessageContaining("only 0 of 1")
        .hasMessageContaining("short by 1");
    assertThat(refuse.planning.getEvent(b.id()).lines()).isEmpty();
    // An enquiry takes no stock, so it is not checked; moving it to a holding status is.
    Event c =
        event(refuse, EventStatus.ENQUIRY, iv("2031-11-01T12:00:00Z", "2031-11-03T00:00:00Z"));
    book(refuse, c, p, 2, null);
    assertThatThrownBy(() -> refuse.planning.setStatus(c.id(), EventStatus.CONFIRMED))
        .hasMessageContaining("short by 2");
    assertThat(refuse.planning.getEvent(c.id()).event().status()).isEqualTo(EventStatus.ENQUIRY);

    Planning.StatusChanged warned = m.planning.setStatus(c.id(), EventStatus.CONFIRMED);
    assertThat(warned.warnings()).singleElement().asString().contains("short by 2");
  }

  @Test
  void pullListAndShortagesRespectPriority() {
    Product p = bulk(m, 4);
    Interval when = iv("2031-12-01T00:00:00Z", "2031-12-02T00:00:00Z");
    Event low = event(m, EventStatus.CONFIRMED, when);
    book(m, low, p, 3, null);
    Event high =
        m.planning.createEvent(
            new Planning.NewEvent("VIP gala", "", "", "UTC", when, EventStatus.CONFIRMED, 10, ""));
    book(m, high, p, 3, null);
    // The higher-priority event gets its 3; the earlier, lower-priority one is short by 2.
    assertThat(m.planning.checkPullList(high.id()))
        .singleElement()
        .satisfies(i -> assertThat(i.shortfall()).isZero());
    assertThat(m.planning.checkPullList(low.id()))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.requested()).isEqualTo(3);
              assertThat(i.shortfall()).isEqualTo(2);
              assertThat(i.available()).isEqualTo(1);
            });
    List<Availability.Shortage> shortages =
        m
            .planning
            .shortages(
                iv("2031-11-30T00:00:00Z", "2031-12-03T00:00:00Z"),
                io.eventkit.node.kernel.PageSpec.first(500))
            .items()
            .stream()
            .filter(s -> s.productId().equals(p.id()))
            .toList();
    assertThat(shortages)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.eventId()).isEqualTo(low.id());
              assertThat(s.shortfall()).isEqualTo(2);
              assertThat(s.from()).isEqualTo(when.start());
            });
  }

  @Test
  void overbookingWarningNamesTheEventThatEndsUpShort() {
    Product p = bulk(m, 4);
    Interval when = iv("2031-12-05T00:00:00Z", "2031-12-06T00:00:00Z");
    Event low = event(m, EventStatus.CONFIRMED, when);
    assertThat(book(m, low, p, 3, null).warnings()).isEmpty();
    Event high =
        m.planning.createEvent(
            new Planning.NewEvent("Gala 10", "", "", "UTC", when, EventStatus.CONFIRMED, 10, ""));
    // The gala outranks the earlier booking: it gets its 3 and the earlier event is short by 2.
    assertThat(book(m, high, p, 3, null).warnings())
        .singleElement()
        .asString()
        .contains("only 1 of 3")
        .contains("for event '" + low.name() + "' once event 'Gala 10' holds its 3")
        .contains("short by 2");
    // A later, equal-priority booking is the one left short, and it is named.
    Event late = event(m, EventStatus.CONFIRMED, when);
    assertThat(book(m, late, p, 2, null).warnings())
        .singleElement()
        .asString()
        .startsWith("only 0 of 2")
        .contains("for event '" + late.name() + "' (short by 2");

    // Confirming an enquiry whose lines were booked first (so they rank first) shorts the other.
    Domain refuse = refuse();
    Product q = bulk(refuse, 2);
    Event first = event(refuse, EventStatus.ENQUIRY, when);
    book(refuse, first, q, 2, null);
    Event second = event(refuse, EventStatus.CONFIRMED, when);
    book(refuse, second, q, 2, null);
    assertThatThrownBy(() -> refuse.planning.setStatus(first.id(), EventStatus.CONFIRMED))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("only 0 of 2")
        .hasMessageContaining(
            "for event '" + second.name() + "' once event '" + first.name() + "' holds its 2");
    assertThat(refuse.planning.getEvent(first.id()).event().status())
        .isEqualTo(EventStatus.ENQUIRY);
  }

  @Test
  void pullListOfAnEnquiryShowsWhatWouldBeShort() {
    Product a = bulk(m, 10);
    Product b = serialised(m, 2, Duration.ZERO, Duration.ZERO);
    Interval when = iv("2032-01-10T00:00:00Z", "2032-01-11T00:00:00Z");
    Event other = event(m, EventStatus.CONFIRMED, when);
    book(m, other, b, 2, null);
    Event enquiry = event(m, EventStatus.ENQUIRY, when);
    book(m, enquiry, a, 4, null);
    book(m, enquiry, b, 1, null);
    assertThat(m.planning.checkPullList(enquiry.id()))
        .extracting(Availability.PullItem::productId, Availability.PullItem::shortfall)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(a.id(), 0),
            org.assertj.core.groups.Tuple.tuple(b.id(), 1));
  }
}
