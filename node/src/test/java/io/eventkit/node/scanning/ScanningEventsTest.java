package io.eventkit.node.scanning;

import static io.eventkit.node.scanning.Scans.op;
import static io.eventkit.node.scanning.Scans.out;
import static io.eventkit.node.testing.InventoryFixture.assetsOf;
import static io.eventkit.node.testing.InventoryFixture.book;
import static io.eventkit.node.testing.InventoryFixture.event;
import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.scanningApi;
import static io.eventkit.node.testing.InventoryFixture.serialised;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.inventory.Asset;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.planning.Event;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.testing.Domain;
import io.eventkit.node.testing.EventRows;
import io.eventkit.proto.v1.CheckInRequest;
import io.eventkit.proto.v1.ItemCondition;
import io.eventkit.proto.v1.MarkMissingRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** scan.discrepancy from returns, and the daily return.overdue sweep. */
class ScanningEventsTest {
  private final Domain m = warn();

  @Test
  void damagedAndMissingReturnsRecordOneDiscrepancyEachAndAReplayNone() {
    Product mic = serialised(m, 3, Duration.ZERO, Duration.ZERO);
    List<Asset> mics = assetsOf(m, mic);
    Event e = event(m, EventStatus.CONFIRMED, iv("2034-02-01T08:00:00Z", "2034-02-02T08:00:00Z"));
    book(m, e, mic, 3, null);
    for (Asset a : mics) {
      assertThat(out(e, a.barcode()).getApplied()).isTrue();
    }
    // A fine return is no discrepancy.
    assertThat(Scans.in(e, mics.get(0).barcode()).getApplied()).isTrue();
    assertThat(EventRows.of(jdbi(), "scan.discrepancy", e.id())).isEmpty();

    CheckInRequest damaged =
        CheckInRequest.newBuilder()
            .setOperationId(op())
            .setEventId(e.id().toString())
            .setBarcode(mics.get(1).barcode())
            .setCondition(ItemCondition.ITEM_CONDITION_DAMAGED)
            .setNote("cracked capsule")
            .build();
    assertThat(scanningApi().checkIn(damaged).getApplied()).isTrue();
    // The scanner retries the same operation: answered from the stored result.
    assertThat(scanningApi().checkIn(damaged).getApplied()).isTrue();
    assertThat(
            scanningApi()
                .markMissing(
                    MarkMissingRequest.newBuilder()
                        .setOperationId(op())
                        .setEventId(e.id().toString())
                        .setAssetId(mics.get(2).id().toString())
                        .setNote("not in the truck")
                        .build())
                .getApplied())
        .isTrue();

    List<EventRows.Row> rows = EventRows.of(jdbi(), "scan.discrepancy", e.id());
    assertThat(rows).hasSize(2);
    assertThat(rows).allSatisfy(r -> assertThat(r.subjectKind()).isEqualTo("event"));
    assertThat(rows.get(0).payload())
        .containsEntry("eventId", e.id().toString())
        .containsEntry("eventName", e.name())
        .containsEntry("discrepancy", "DAMAGED")
        .containsEntry("productId", mic.id().toString())
        .containsEntry("barcode", mics.get(1).barcode())
        .containsEntry("quantity", 1)
        .doesNotContainKey("note");
    assertThat(rows.get(1).payload())
        .containsEntry("discrepancy", "MISSING")
        .containsEntry("barcode", mics.get(2).barcode());
  }

  @Test
  void overdueIsRaisedOncePerEventAndDayHoweverOftenTheSweepRuns() {
    Product mic = serialised(m, 2, Duration.ZERO, Duration.ZERO);
    List<Asset> mics = assetsOf(m, mic);
    // Ended 2036-03-02T08:00Z; the sweep looks on the 4th and the 5th.
    Event late =
        event(m, EventStatus.CONFIRMED, iv("2036-03-01T08:00:00Z", "2036-03-02T08:00:00Z"));
    Event back =
        event(m, EventStatus.CONFIRMED, iv("2036-03-01T08:00:00Z", "2036-03-02T08:00:00Z"));
    book(m, late, mic, 1, null);
    book(m, back, mic, 1, null);
    // Scanned out before the events end; the clock of the check-outs is the system's (today).
    assertThat(out(late, mics.get(0).barcode()).getApplied()).isTrue();
    assertThat(out(back, mics.get(1).barcode()).getApplied()).isTrue();
    assertThat(Scans.in(back, mics.get(1).barcode()).getApplied()).isTrue();

    Clock clock = Clock.fixed(Instant.parse("2036-03-04T09:30:00Z"), ZoneOffset.UTC);
    OverdueSweep sweep = new OverdueSweep(jdbi(), clock, new DomainEvents(clock));
    LocalDate day1 = LocalDate.parse("2036-03-04");
    int first = sweep.run(day1);
    assertThat(first).isGreaterThanOrEqualTo(1);
    assertThat(sweep.run(day1)).isZero();
    // Another replica with its own DomainEvents: the dedupe key holds across instances.
    assertThat(new OverdueSweep(jdbi(), clock, new DomainEvents(clock)).run(day1)).isZero();

    List<EventRows.Row> rows = EventRows.of(jdbi(), "return.overdue", late.id());
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).dedupeKey()).isEqualTo(late.id() + ":2036-03-04");
    assertThat(rows.get(0).payload())
        .containsEntry("eventName", late.name())
        .containsEntry("dueAt", "2036-03-02T08:00:00Z")
        .containsEntry("daysOverdue", 2)
        .containsEntry("quantity", 1)
        .containsEntry("date", "2036-03-04");
    assertThat(EventRows.of(jdbi(), "return.overdue", back.id())).isEmpty();

    Clock next = Clock.fixed(Instant.parse("2036-03-05T09:30:00Z"), ZoneOffset.UTC);
    OverdueSweep tomorrow = new OverdueSweep(jdbi(), next, new DomainEvents(next));
    tomorrow.run(LocalDate.parse("2036-03-05"));
    tomorrow.run(LocalDate.parse("2036-03-05"));
    assertThat(EventRows.of(jdbi(), "return.overdue", late.id()))
        .extracting(EventRows.Row::dedupeKey)
        .containsExactly(late.id() + ":2036-03-04", late.id() + ":2036-03-05");
  }
}
