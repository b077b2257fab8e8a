package io.eventkit.node.planning;

import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.serialised;
import static io.eventkit.node.testing.InventoryFixture.unique;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.testing.Domain;
import io.eventkit.node.testing.EventRows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** planning's domain events: one row per change, in the change's transaction. */
class PlanningEventsTest {
  private final Domain m = warn();
  private static final Interval MAY = iv("2035-05-10T08:00:00Z", "2035-05-12T20:00:00Z");

  private Event create(String name) {
    return m.planning.createEvent(
        new Planning.NewEvent(
            name, "Acme Ltd", "Hall", "Europe/London", MAY, EventStatus.ENQUIRY, 0, ""));
  }

  @Test
  void createStatusAndBookingChangesRecordOneEventEach() {
    String name = unique("Gala ");
    Event e = create(name);

    List<EventRows.Row> created = EventRows.of(jdbi(), "event.created", e.id());
    assertThat(created).hasSize(1);
    EventRows.Row c = created.get(0);
    assertThat(c.subjectKind()).isEqualTo("event");
    assertThat(c.tenant()).isEqualTo("default");
    assertThat(c.recipient()).isNull();
    assertThat(c.actor()).isEqualTo("node");
    assertThat(c.payload())
        .containsEntry("eventId", e.id().toString())
        .containsEntry("eventName", name)
        .containsEntry("status", "ENQUIRY")
        .containsEntry("start", "2035-05-10T08:00:00Z")
        .containsEntry("end", "2035-05-12T20:00:00Z")
        .containsEntry("client", "Acme Ltd")
        .doesNotContainKey("copiedFrom");

    m.planning.setStatus(e.id(), EventStatus.CONFIRMED);
    // Setting the same status again changes nothing and records nothing.
    m.planning.setStatus(e.id(), EventStatus.CONFIRMED);
    List<EventRows.Row> status = EventRows.of(jdbi(), "event.status_changed", e.id());
    assertThat(status).hasSize(1);
    assertThat(status.get(0).payload())
        .containsEntry("from", "ENQUIRY")
        .containsEntry("to", "CONFIRMED")
        .containsEntry("eventName", name);

    Product mic = serialised(m, 3, Duration.ZERO, Duration.ZERO);
    Planning.Added added =
        m.planning.addLine(new Planning.NewLine(e.id(), mic.id(), 2, null, null, null, null));
    m.planning.updateLine(added.line().id(), new Planning.LineChanges(3, null, null));
    m.planning.removeLine(added.line().id());

    List<EventRows.Row> booking = EventRows.of(jdbi(), "booking.changed", e.id());
    assertThat(booking).hasSize(3);
    assertThat(booking)
        .extracting(
            r ->
                List.of(
                    r.payload().get("added"),
                    r.payload().get("changed"),
                    r.payload().get("removed")))
        .containsExactly(List.of(1, 0, 0), List.of(0, 1, 0), List.of(0, 0, 1));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> lines =
        (List<Map<String, Object>>) booking.get(1).payload().get("lines");
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .containsEntry("lineId", added.line().id().toString())
        .containsEntry("change", "changed")
        .containsEntry("productId", mic.id().toString())
        .containsEntry("quantity", 3);
  }

  @Test
  void copyIsCreatedWithItsSource() {
    Event src = create(unique("Tour "));
    Planning.Changed copy =
        m.planning.copyEvent(
            src.id(), new Planning.CopySpec(MAY.start().plus(Duration.ofDays(7)), null, null));
    List<EventRows.Row> rows = EventRows.of(jdbi(), "event.created", copy.event().id());
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).payload()).containsEntry("copiedFrom", src.id().toString());
  }

  @Test
  void aRolledBackChangeRecordsNothing() {
    String name = unique("Rolled back ");
    // The outer transaction is the one createEvent joins (Jdbi reuses the thread's handle).
    assertThatThrownBy(
            () ->
                jdbi()
                    .useTransaction(
                        h -> {
                          create(name);
                          throw new IllegalStateException("the caller fails after the change");
                        }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(EventRows.withPayload(jdbi(), "event.created", "eventName", name)).isEmpty();

    // A refused change (a move the ladder forbids) records nothing either.
    Event e = create(unique("Refused "));
    m.planning.setStatus(e.id(), EventStatus.CANCELLED);
    assertThatThrownBy(() -> m.planning.setStatus(e.id(), EventStatus.COMPLETED))
        .isInstanceOf(io.eventkit.node.kernel.DomainException.class);
    assertThat(EventRows.of(jdbi(), "event.status_changed", e.id()))
        .extracting(r -> r.payload().get("to"))
        .containsExactly("CANCELLED");
  }
}
