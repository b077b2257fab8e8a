package io.eventkit.node.scanning;

import io.eventkit.node.kernel.Actor;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.kernel.PageSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Repair tickets and inspections. A unit's status follows its ticket: opening one makes it
 * IN_REPAIR, closing it REPAIRED makes it AVAILABLE, RETIRED retires it. Inspections are kept per
 * unit; overdue units count as out of service in availability (inventory's capacities.sql reads
 * {@code inspection_rule} and {@code inspection}).
 */
final class Maintenance {
  private final Jdbi jdbi;
  private final Clock clock;

  Maintenance(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  enum Status {
    OPEN,
    IN_PROGRESS,
    REPAIRED,
    RETIRED;

    /** Not closed yet: the unit is still out of service. */
    boolean isOpen() {
      return this == OPEN || this == IN_PROGRESS;
    }
  }

  record Ticket(
      UUID id,
      UUID assetId,
      String barcode,
      UUID productId,
      String productName,
      Status status,
      String source,
      UUID eventId,
      String description,
      String notes,
      Money cost,
      String openedBy,
      Instant openedAt,
      String closedBy,
      Instant closedAt) {}

  record Result(
      String operationId,
      UUID assetId,
      String barcode,
      String productName,
      boolean passed,
      Instant inspectedAt,
      Instant nextDueAt,
      UUID ticketId,
      String message,
      boolean replayed) {}

  record Due(
      UUID assetId,
      String barcode,
      UUID productId,
      String productName,
      Instant lastInspectedAt,
      Instant dueAt,
      boolean overdue) {}

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static final String TICKET =
      "SELECT t.id, t.asset_id, a.barcode, a.product_id, p.name, t.status, t.source, t.event_id,"
          + " t.description, t.notes, t.cost_currency, t.cost_minor, t.opened_by, t.opened_at,"
          + " t.closed_by, t.closed_at FROM repair_ticket t JOIN asset a ON a.id = t.asset_id"
          + " JOIN product p ON p.id = a.product_id";

  private static Ticket ticket(ResultSet rs) throws SQLException {
    String currency = rs.getString("cost_currency");
    return new Ticket(
        rs.getObject("id", UUID.class),
        rs.getObject("asset_id", UUID.class),
        rs.getString("barcode"),
        rs.getObject("product_id", UUID.class),
        rs.getString("name"),
        Status.valueOf(rs.getString("status")),
        rs.getString("source"),
        rs.getObject("event_id", UUID.class),
        rs.getString("description"),
        rs.getString("notes"),
        currency == null ? null : new Money(currency, rs.getLong("cost_minor")),
        rs.getString("opened_by"),
        instant(rs.getTimestamp("opened_at")),
        rs.getString("closed_by"),
        instant(rs.getTimestamp("closed_at")));
  }

  private static Ticket get(Handle h, UUID id) {
    return h.createQuery(TICKET + " WHERE t.id = :id")
        .bind("id", id)
        .map((rs, ctx) -> ticket(rs))
        .findOne()
        .orElseThrow(() -> DomainException.notFound("repair ticket " + id));
  }

  private static UUID assetByBarcode(Handle h, String barcode) {
    return ScanStore.barcode(h, barcode)
        .filter(c -> "ASSET".equals(c.kind()))
        .map(ScanStore.Code::ownerId)
        .orElseThrow(
            () ->
                new DomainException(
                    ErrorCode.NOT_FOUND,
                    "no asset has barcode " + barcode,
                    List.of(new DomainException.FieldViolation("barcode", "no such asset"))));
  }

  Ticket open(UUID assetId, String barcode, String description) {
    return jdbi.inTransaction(
        h -> {
          UUID id = assetId != null ? assetId : assetByBarcode(h, barcode);
          ScanStore.lockUnits(h, List.of(id));
          UUID t = openIn(h, id, "MANUAL", null, description, now());
          if (t == null) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "this unit already has an open repair ticket; add to that one");
          }
          return get(h, t);
        });
  }

  /**
   * Opens a ticket in the caller's transaction (the unit locked by the caller) and makes the unit
   * IN_REPAIR; null when one is open already (then the unit's status is left as the caller set it).
   */
  static UUID openIn(
      Handle h, UUID assetId, String source, UUID eventId, String description, Instant now) {
    UUID id = UUID.randomUUID();
    int n =
        h.createUpdate(
                "INSERT INTO repair_ticket (id, asset_id, status, source, event_id, description,"
                    + " opened_by, opened_at) VALUES (:id, :a, 'OPEN', :src, :e, :d, :by, :now)"
                    + " ON CONFLICT (asset_id) WHERE status IN ('OPEN', 'IN_PROGRESS') DO NOTHING")
            .bind("id", id)
            .bind("a", assetId)
            .bind("src", source)
            .bind("e", eventId)
            .bind("d", description == null || description.isBlank() ? source : description)
            .bind("by", Actor.name())
            .bind("now", now)
            .execute();
    if (n == 0) {
      return null;
    }
    if (!source.equals("INSPECTION")) {
      h.createUpdate(
              "UPDATE asset SET status = 'IN_REPAIR', updated_at = :now WHERE id = :a"
                  + " AND status NOT IN ('LOST', 'RETIRED')")
          .bind("a", assetId)
          .bind("now", now)
          .execute();
    }
    return id;
  }

  private static Ticket lockOpen(Handle h, UUID id) {
    if (h.createQuery("SELECT id FROM repair_ticket WHERE id = :id FOR UPDATE")
        .bind("id", id)
        .mapTo(UUID.class)
        .findOne()
        .isEmpty()) {
      throw DomainException.notFound("repair ticket " + id);
    }
    Ticket t = get(h, id);
    if (!t.status().isOpen()) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "repair ticket is " + t.status() + "; open a new one for a new fault");
    }
    return t;
  }

  /** {@code status}: OPEN or IN_PROGRESS, or null to keep it. */
  Ticket update(UUID id, String notes, Money cost, Status status) {
    if (status != null && !status.isOpen()) {
      throw new DomainException(
          ErrorCode.INVALID_ARGUMENT,
          "status must be OPEN or IN_PROGRESS; close a ticket with CloseRepair",
          List.of(new DomainException.FieldViolation("status", "OPEN or IN_PROGRESS")));
    }
    return jdbi.inTransaction(
        h -> {
          lockOpen(h, id);
          setNotesAndCost(h, id, notes, cost);
          if (status != null) {
            h.createUpdate("UPDATE repair_ticket SET status = :s WHERE id = :id")
                .bind("id", id)
                .bind("s", status.name())
                .execute();
          }
          return get(h, id);
        });
  }

  Ticket get(UUID id) {
    return jdbi.withHandle(h -> get(h, id));
  }

  /** The product's inspection interval in days, 0 when it has none. */
  int interval(UUID productId) {
    return jdbi.withHandle(
        h -> {
          ScanStore.tracking(h, productId); // NOT_FOUND for an unknown product
          return interval(h, productId).orElse(0);
        });
  }

  private static void setNotesAndCost(Handle h, UUID id, String notes, Money cost) {
    h.createUpdate(
            "UPDATE repair_ticket SET notes = coalesce(:notes, notes),"
                + " cost_currency = coalesce(:cur, cost_currency),"
                + " cost_minor = coalesce(:minor, cost_minor) WHERE id = :id")
        .bind("id", id)
        .bind("notes", notes)
        .bind("cur", cost == null ? null : cost.currencyCode())
        .bind("minor", cost == null ? null : cost.minorUnits())
        .execute();
  }

  Ticket close(UUID id, Status outcome, String notes, Money cost) {
    if (outcome == null || outcome.isOpen()) {
      throw new DomainException(
          ErrorCode.INVALID_ARGUMENT,
          "outcome must be REPAIRED or RETIRED",
          List.of(new DomainException.FieldViolation("outcome", "REPAIRED or RETIRED")));
    }
    return jdbi.inTransaction(
        h -> {
          Ticket t = lockOpen(h, id);
          ScanStore.lockUnits(h, List.of(t.assetId()));
          setNotesAndCost(h, id, notes, cost);
          Instant now = now();
          h.createUpdate(
                  "UPDATE repair_ticket SET status = :s, closed_by = :by, closed_at = :now"
                      + " WHERE id = :id")
              .bind("id", id)
              .bind("s", outcome.name())
              .bind("by", Actor.name())
              .bind("now", now)
              .execute();
          h.createUpdate(
                  "UPDATE asset SET status = :s, updated_at = :now WHERE id = :a"
                      + " AND status IN ('IN_REPAIR', 'QUARANTINE')")
              .bind("a", t.assetId())
              .bind("s", outcome == Status.REPAIRED ? "AVAILABLE" : "RETIRED")
              .bind("now", now)
              .execute();
          return get(h, id);
        });
  }

  PageSpec.Page<Ticket> list(Status status, UUID assetId, PageSpec page) {
    return jdbi.withHandle(
        h -> {
          String sql =
              TICKET
                  + " WHERE (CAST(:s AS text) IS NULL OR t.status = :s"
                  + "   OR (:s = 'OPEN' AND t.status = 'IN_PROGRESS'))"
                  + " AND (CAST(:a AS uuid) IS NULL OR t.asset_id = :a)"
                  + (page.isFirst()
                      ? ""
                      : " AND (t.opened_at, t.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))")
                  + " ORDER BY t.opened_at DESC, t.id DESC LIMIT :n";
          var q =
              h.createQuery(sql)
                  .bind("s", status == null ? null : status.name())
                  .bind("a", assetId)
                  .bind("n", page.fetch());
          ScanStore.after(q, page);
          List<Ticket> rows = q.map((rs, ctx) -> ticket(rs)).list();
          return page.page(rows, t -> List.of(t.openedAt().toString(), t.id().toString()));
        });
  }

  int setInterval(UUID productId, int days) {
    return jdbi.inTransaction(
        h -> {
          String tracking = ScanStore.tracking(h, productId);
          if (!"SERIALISED".equals(tracking)) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "inspections are per unit; this product is tracked by quantity");
          }
          if (days == 0) {
            h.createUpdate("DELETE FROM inspection_rule WHERE product_id = :p")
                .bind("p", productId)
                .execute();
          } else {
            h.createUpdate(
                    "INSERT INTO inspection_rule (product_id, interval_days) VALUES (:p, :d)"
                        + " ON CONFLICT (product_id) DO UPDATE SET interval_days = :d")
                .bind("p", productId)
                .bind("d", days)
                .execute();
          }
          return days;
        });
  }

  private static Optional<Integer> interval(Handle h, UUID productId) {
    return h.createQuery("SELECT interval_days FROM inspection_rule WHERE product_id = :p")
        .bind("p", productId)
        .mapTo(Integer.class)
        .findOne();
  }

  Result record(String operationId, String barcode, boolean passed, String note) {
    return jdbi.inTransaction(
        h -> {
          ScanStore.lockOperation(h, operationId);
          Optional<Result> prior =
              h.createQuery(
                      "SELECT i.asset_id, a.barcode, p.name, i.passed, i.inspected_at,"
                          + " i.repair_ticket_id, r.interval_days FROM inspection i"
                          + " JOIN asset a ON a.id = i.asset_id"
                          + " JOIN product p ON p.id = a.product_id"
                          + " LEFT JOIN inspection_rule r ON r.product_id = a.product_id"
                          + " WHERE i.operation_id = :op")
                  .bind("op", operationId)
                  .map(
                      (rs, ctx) -> {
                        Instant at = instant(rs.getTimestamp("inspected_at"));
                        int days = rs.getInt("interval_days");
                        boolean ok = rs.getBoolean("passed");
                        return new Result(
                            operationId,
                            rs.getObject("asset_id", UUID.class),
                            rs.getString("barcode"),
                            rs.getString("name"),
                            ok,
                            at,
                            ok && days > 0 ? at.plus(Duration.ofDays(days)) : null,
                            rs.getObject("repair_ticket_id", UUID.class),
                            rs.getString("barcode") + (ok ? " passed" : " failed"),
                            true);
                      })
                  .findOne();
          if (prior.isPresent()) {
            if (!prior.get().barcode().equals(barcode) || prior.get().passed() != passed) {
              throw new DomainException(
                  ErrorCode.ALREADY_EXISTS,
                  "operation_id " + operationId + " was used for a different inspection");
            }
            return prior.get();
          }
          UUID assetId = assetByBarcode(h, barcode);
          ScanStore.Unit u = ScanStore.lockUnits(h, List.of(assetId)).get(0);
          Instant now = now();
          UUID ticket = null;
          if (!passed) {
            ticket = openIn(h, assetId, "INSPECTION", null, "failed inspection: " + note, now);
            h.createUpdate(
                    "UPDATE asset SET status = 'QUARANTINE', updated_at = :now WHERE id = :a"
                        + " AND status NOT IN ('LOST', 'RETIRED')")
                .bind("a", assetId)
                .bind("now", now)
                .execute();
          }
          h.createUpdate(
                  "INSERT INTO inspection (id, asset_id, passed, note, inspected_at, inspected_by,"
                      + " operation_id, repair_ticket_id)"
                      + " VALUES (:id, :a, :ok, :note, :now, :by, :op, :t)")
              .bind("id", UUID.randomUUID())
              .bind("a", assetId)
              .bind("ok", passed)
              .bind("note", note == null ? "" : note)
              .bind("now", now)
              .bind("by", Actor.name())
              .bind("op", operationId)
              .bind("t", ticket)
              .execute();
          Optional<Integer> days = interval(h, u.productId());
          Instant next = passed ? days.map(d -> now.plus(Duration.ofDays(d))).orElse(null) : null;
          return new Result(
              operationId,
              assetId,
              u.barcode(),
              u.productName(),
              passed,
              now,
              next,
              ticket,
              passed
                  ? u.label() + " passed"
                  : u.label() + " failed: in QUARANTINE, repair ticket opened",
              false);
        });
  }

  /** {@code assetId}: only that unit, whatever {@code withinDays} says. */
  PageSpec.Page<Due> due(int withinDays, UUID assetId, PageSpec page) {
    return jdbi.withHandle(
        h -> {
          Instant now = clock.instant();
          String sql =
              "SELECT * FROM (SELECT a.id, a.barcode, a.product_id, p.name, li.at AS last_at,"
                  + " coalesce(li.at, a.created_at) + make_interval(days => r.interval_days)"
                  + "   AS due_at"
                  + " FROM inspection_rule r JOIN asset a ON a.product_id = r.product_id"
                  + "   AND a.status NOT IN ('LOST', 'RETIRED')"
                  + "   AND (CAST(:asset AS uuid) IS NULL OR a.id = :asset)"
                  + " JOIN product p ON p.id = a.product_id"
                  + " LEFT JOIN LATERAL (SELECT max(i.inspected_at) AS at FROM inspection i"
                  + "   WHERE i.asset_id = a.id AND i.passed) li ON true) d"
                  + " WHERE (CAST(:asset AS uuid) IS NOT NULL OR d.due_at < :horizon)"
                  + (page.isFirst()
                      ? ""
                      : " AND (d.due_at, d.id) > (CAST(:at AS timestamptz), CAST(:id AS uuid))")
                  + " ORDER BY d.due_at, d.id LIMIT :n";
          var q =
              h.createQuery(sql)
                  .bind("horizon", now.plus(Duration.ofDays(withinDays)))
                  .bind("asset", assetId)
                  .bind("n", page.fetch());
          ScanStore.after(q, page);
          List<Due> rows =
              q.map(
                      (rs, ctx) -> {
                        Instant due = instant(rs.getTimestamp("due_at"));
                        return new Due(
                            rs.getObject("id", UUID.class),
                            rs.getString("barcode"),
                            rs.getObject("product_id", UUID.class),
                            rs.getString("name"),
                            instant(rs.getTimestamp("last_at")),
                            due,
                            due.isBefore(now));
                      })
                  .list();
          return page.page(rows, d -> List.of(d.dueAt().toString(), d.assetId().toString()));
        });
  }
}
