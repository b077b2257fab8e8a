package io.eventkit.node.scanning;

import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.platform.events.DomainEvent;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.events.EventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * return.overdue: once a day per event whose gear is still out after its end. "Overdue" is what the
 * overdue-returns report shows (reports' overdue.sql): open check-outs of units (ours and
 * partners') and bulk not yet back, damaged or missing, of events whose period has ended. The
 * dedupe key {@code <eventId>:<date>} makes a second run that day, or another replica's, record
 * nothing.
 */
final class OverdueSweep {
  static final String SQL =
      """
      WITH o AS (
        SELECT c.event_id, count(*) AS qty
        FROM checkout_asset c
        JOIN event e ON e.id = c.event_id AND e.tenant_id = :tenant
        WHERE c.tenant_id = :tenant AND c.closed_at IS NULL AND upper(e.period) < :now
        GROUP BY c.event_id
        UNION ALL
        SELECT b.event_id, sum(b.out_qty - b.returned_qty - b.damaged_qty - b.missing_qty)
        FROM checkout_bulk b
        JOIN event e ON e.id = b.event_id AND e.tenant_id = :tenant
        WHERE b.tenant_id = :tenant AND b.returned_qty + b.damaged_qty + b.missing_qty < b.out_qty
          AND upper(e.period) < :now
        GROUP BY b.event_id
      )
      SELECT e.id, e.name, upper(e.period) AS due_at, CAST(sum(o.qty) AS integer) AS qty
      FROM o JOIN event e ON e.id = o.event_id AND e.tenant_id = :tenant
      GROUP BY e.id, e.name, e.period
      ORDER BY due_at, e.id
      """;

  record Overdue(UUID id, String name, Instant dueAt, int qty) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final DomainEvents events;

  OverdueSweep(Jdbi jdbi, Clock clock, DomainEvents events) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.events = events;
  }

  /** Records the day's return.overdue events; returns how many were new. */
  int run(LocalDate today) {
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          List<Overdue> rows =
              h.createQuery(SQL)
                  .bind("tenant", TenantContext.current())
                  .bind("now", now)
                  .map(
                      (rs, ctx) ->
                          new Overdue(
                              rs.getObject("id", UUID.class),
                              rs.getString("name"),
                              rs.getTimestamp("due_at").toInstant(),
                              rs.getInt("qty")))
                  .list();
          int recorded = 0;
          for (Overdue o : rows) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("eventId", o.id().toString());
            p.put("eventName", o.name());
            p.put("dueAt", o.dueAt().toString());
            p.put("daysOverdue", Duration.between(o.dueAt(), now).toDays());
            p.put("quantity", o.qty());
            p.put("date", today.toString());
            if (events
                .record(
                    h,
                    DomainEvent.of(EventType.RETURN_OVERDUE, "event", o.id(), p)
                        .once(o.id() + ":" + today))
                .isPresent()) {
              recorded++;
            }
          }
          return recorded;
        });
  }
}
