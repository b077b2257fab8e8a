package io.eventkit.node.scanning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.eventkit.node.inventory.Cases;
import io.eventkit.node.inventory.Locations;
import io.eventkit.node.inventory.Stock;
import io.eventkit.node.kernel.Actor;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Permission;
import io.eventkit.node.kernel.Principal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Stocktakes: count a location (with its bins), compare with the books, approve or reject.
 *
 * <p>The books a count is compared with: serialised units located in scope, neither LOST nor
 * RETIRED and not out on an event; bulk quantities in scope, less what is out on events, which is
 * attributed to the product's largest stock location (bulk leaving for an event is not tracked per
 * location). A bulk line nobody counted is NOT_COUNTED and approval leaves it; counting 0 records
 * that none is there.
 */
final class Stocktakes {
  private final Jdbi jdbi;
  private final Clock clock;
  private final Stock stock;
  private final ObjectMapper json = Jackson.newObjectMapper();

  Stocktakes(Jdbi jdbi, Clock clock, Stock stock) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.stock = stock;
  }

  enum Status {
    OPEN,
    APPROVED,
    REJECTED
  }

  record Session(
      UUID id,
      UUID locationId,
      String locationCode,
      String name,
      boolean blind,
      Status status,
      String createdBy,
      Instant createdAt,
      String decidedBy,
      Instant decidedAt,
      String decisionNote,
      int countedUnits) {}

  enum Verdict {
    OK,
    UNEXPECTED,
    DUPLICATE,
    UNKNOWN_BARCODE
  }

  record Count(
      String operationId,
      Verdict verdict,
      String message,
      String barcode,
      UUID productId,
      String productName,
      int quantity,
      int units,
      boolean replayed) {}

  /** One line of a review; {@code expected} is null when the books are withheld. */
  record Line(
      UUID productId,
      String productName,
      UUID locationId,
      UUID assetId,
      String barcode,
      Integer expected,
      int counted,
      String kind,
      UUID bookLocationId) {}

  record Review(
      Session session, boolean booksShown, List<Line> lines, int expectedUnits, int countedUnits) {}

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static boolean approver() {
    Principal p = Principal.current();
    return p == null || p.holds(Permission.STOCKTAKE_APPROVE);
  }

  Session start(UUID locationId, String name, boolean blind) {
    return jdbi.inTransaction(
        h -> {
          Locations.require(h, locationId, "location_id");
          UUID id = UUID.randomUUID();
          int n =
              h.createUpdate(
                      "INSERT INTO stocktake (id, location_id, name, blind, status, created_by,"
                          + " created_at) VALUES (:id, :loc, :name, :blind, 'OPEN', :by, :now)"
                          + " ON CONFLICT (location_id) WHERE status = 'OPEN' DO NOTHING")
                  .bind("id", id)
                  .bind("loc", locationId)
                  .bind("name", name.strip())
                  .bind("blind", blind)
                  .bind("by", Actor.name())
                  .bind("now", now())
                  .execute();
          if (n == 0) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "this location already has an open stocktake; finish (approve or reject) it first");
          }
          return session(h, id, false);
        });
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static Session sessionRow(ResultSet rs) throws SQLException {
    return new Session(
        rs.getObject("id", UUID.class),
        rs.getObject("location_id", UUID.class),
        rs.getString("code"),
        rs.getString("name"),
        rs.getBoolean("blind"),
        Status.valueOf(rs.getString("status")),
        rs.getString("created_by"),
        instant(rs.getTimestamp("created_at")),
        rs.getString("decided_by"),
        instant(rs.getTimestamp("decided_at")),
        rs.getString("decision_note"),
        rs.getInt("units"));
  }

  private static final String SESSION =
      "SELECT s.id, s.location_id, l.code, s.name, s.blind, s.status, s.created_by, s.created_at,"
          + " s.decided_by, s.decided_at, s.decision_note,"
          + " (SELECT count(*) FROM stocktake_asset a WHERE a.stocktake_id = s.id)::int AS units"
          + " FROM stocktake s JOIN location l ON l.id = s.location_id";

  private static Session session(Handle h, UUID id, boolean lock) {
    if (lock) {
      h.createQuery("SELECT id FROM stocktake WHERE id = :id FOR UPDATE")
          .bind("id", id)
          .mapTo(UUID.class)
          .findOne();
    }
    return h.createQuery(SESSION + " WHERE s.id = :id")
        .bind("id", id)
        .map((rs, ctx) -> sessionRow(rs))
        .findOne()
        .orElseThrow(() -> DomainException.notFound("stocktake " + id));
  }

  private static void requireOpen(Session s) {
    if (s.status() != Status.OPEN) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "stocktake '" + s.name() + "' is " + s.status() + "; start a new one to count again");
    }
  }

  /** The location and, for a warehouse, its bins. */
  private static UUID[] scope(Handle h, UUID locationId) {
    return h.createQuery("SELECT id FROM location WHERE id = :id OR parent_id = :id")
        .bind("id", locationId)
        .mapTo(UUID.class)
        .list()
        .toArray(UUID[]::new);
  }

  Count count(
      String operationId, UUID stocktakeId, String barcode, UUID productId, int quantity, UUID at) {
    String canonical =
        String.join(
            "|",
            String.valueOf(stocktakeId),
            String.valueOf(barcode),
            String.valueOf(productId),
            String.valueOf(quantity),
            String.valueOf(at));
    return jdbi.inTransaction(
        h -> {
          ScanStore.lockOperation(h, operationId);
          Optional<String[]> prior =
              h.createQuery(
                      "SELECT request, result::text AS result FROM stocktake_operation"
                          + " WHERE operation_id = :op")
                  .bind("op", operationId)
                  .map((rs, ctx) -> new String[] {rs.getString("request"), rs.getString("result")})
                  .findOne();
          if (prior.isPresent()) {
            if (!prior.get()[0].equals(canonical)) {
              throw new DomainException(
                  ErrorCode.ALREADY_EXISTS,
                  "operation_id " + operationId + " was used for a different count");
            }
            Count c = read(prior.get()[1]);
            return new Count(
                c.operationId(),
                c.verdict(),
                c.message(),
                c.barcode(),
                c.productId(),
                c.productName(),
                c.quantity(),
                c.units(),
                true);
          }
          Session s = session(h, stocktakeId, true);
          requireOpen(s);
          UUID[] scope = scope(h, s.locationId());
          Count c = countOnce(h, s, scope, operationId, barcode, productId, quantity, at);
          h.createUpdate(
                  "INSERT INTO stocktake_operation (operation_id, stocktake_id, request, result,"
                      + " created_at) VALUES (:op, :st, :req, CAST(:res AS jsonb), :now)")
              .bind("op", operationId)
              .bind("st", stocktakeId)
              .bind("req", canonical)
              .bind("res", write(c))
              .bind("now", now())
              .execute();
          return c;
        });
  }

  private Count countOnce(
      Handle h,
      Session s,
      UUID[] scope,
      String op,
      String barcode,
      UUID productId,
      int quantity,
      UUID at) {
    boolean showBooks = !s.blind() || approver();
    if (productId == null) {
      Optional<ScanStore.Code> code = ScanStore.barcode(h, barcode);
      if (code.isEmpty()) {
        Optional<ScanStore.Gtin> gtin = ScanStore.gtin(h, barcode);
        if (gtin.isPresent() && "BULK".equals(gtin.get().tracking())) {
          productId = gtin.get().productId();
        } else {
          return new Count(
              op,
              Verdict.UNKNOWN_BARCODE,
              gtin.isPresent()
                  ? barcode + " is the GTIN of a product tracked per unit; scan each unit"
                  : "no asset, case or product has barcode " + barcode,
              barcode,
              null,
              null,
              0,
              0,
              false);
        }
      } else if ("CASE".equals(code.get().kind())) {
        List<UUID> units = Cases.contents(h, code.get().ownerId()).assetIds();
        int added = 0;
        for (UUID a : units) {
          added += insertUnit(h, s.id(), a);
        }
        return new Count(
            op,
            added == 0 ? Verdict.DUPLICATE : Verdict.OK,
            added == 0
                ? "everything in case " + barcode + " was already counted"
                : "case " + barcode + ": " + added + " units counted",
            barcode,
            null,
            null,
            0,
            added,
            false);
      } else {
        UUID assetId = code.get().ownerId();
        ScanStore.Unit u = ScanStore.lockUnits(h, List.of(assetId)).get(0);
        if (insertUnit(h, s.id(), assetId) == 0) {
          return new Count(
              op,
              Verdict.DUPLICATE,
              u.label() + " was already counted",
              barcode,
              u.productId(),
              u.productName(),
              1,
              0,
              false);
        }
        Optional<String> why = unexpected(h, assetId, scope);
        boolean flag = why.isPresent() && showBooks;
        return new Count(
            op,
            flag ? Verdict.UNEXPECTED : Verdict.OK,
            flag ? u.label() + " counted here, but " + why.get() : u.label() + " counted",
            barcode,
            u.productId(),
            u.productName(),
            1,
            1,
            false);
      }
    }
    if (!"BULK".equals(ScanStore.tracking(h, productId))) {
      throw new DomainException(
          ErrorCode.INVALID_ARGUMENT,
          "product_id is tracked per unit; count its units by barcode",
          List.of(new DomainException.FieldViolation("product_id", "not a BULK product")));
    }
    UUID where = at == null ? s.locationId() : at;
    if (!List.of(scope).contains(where)) {
      throw new DomainException(
          ErrorCode.INVALID_ARGUMENT,
          "location_id is outside this stocktake's location",
          List.of(
              new DomainException.FieldViolation(
                  "location_id", "must be the stocktake's location or one of its bins")));
    }
    h.createUpdate(
            "INSERT INTO stocktake_bulk (stocktake_id, product_id, location_id, counted,"
                + " counted_at, counted_by) VALUES (:st, :p, :loc, :q, :now, :by)"
                + " ON CONFLICT (stocktake_id, product_id, location_id)"
                + " DO UPDATE SET counted = EXCLUDED.counted, counted_at = EXCLUDED.counted_at,"
                + " counted_by = EXCLUDED.counted_by")
        .bind("st", s.id())
        .bind("p", productId)
        .bind("loc", where)
        .bind("q", quantity)
        .bind("now", now())
        .bind("by", Actor.name())
        .execute();
    String name = ScanStore.productName(h, productId);
    return new Count(
        op,
        Verdict.OK,
        quantity + " × " + name + " counted",
        barcode,
        productId,
        name,
        quantity,
        0,
        false);
  }

  private int insertUnit(Handle h, UUID stocktakeId, UUID assetId) {
    return h.createUpdate(
            "INSERT INTO stocktake_asset (stocktake_id, asset_id, counted_at, counted_by)"
                + " VALUES (:st, :a, :now, :by) ON CONFLICT DO NOTHING")
        .bind("st", stocktakeId)
        .bind("a", assetId)
        .bind("now", now())
        .bind("by", Actor.name())
        .execute();
  }

  /** Why the books do not expect this unit in scope, or empty if they do. */
  private static Optional<String> unexpected(Handle h, UUID assetId, UUID[] scope) {
    return h.createQuery(
            "SELECT CASE"
                + " WHEN EXISTS (SELECT 1 FROM checkout_asset c WHERE c.asset_id = a.id"
                + "   AND c.closed_at IS NULL) THEN 'the books have it out on an event'"
                + " WHEN a.status IN ('LOST', 'RETIRED') THEN 'the books have it ' || a.status"
                + " WHEN a.location_id <> ALL(:scope) THEN 'the books place it at ' || l.code"
                + " END FROM asset a JOIN location l ON l.id = a.location_id WHERE a.id = :a")
        .bind("a", assetId)
        .bind("scope", scope)
        .mapTo(String.class)
        .findOne();
  }

  Review review(UUID id) {
    return jdbi.withHandle(h -> review(h, session(h, id, false), !isBlindFor(h, id)));
  }

  private boolean isBlindFor(Handle h, UUID id) {
    return session(h, id, false).blind() && !approver();
  }

  private Review review(Handle h, Session s, boolean showBooks) {
    UUID[] scope = scope(h, s.locationId());
    List<Line> lines = new ArrayList<>();
    int expectedUnits =
        h.createQuery(
                "SELECT count(*) FROM asset a WHERE a.location_id = ANY(:scope)"
                    + " AND a.status NOT IN ('LOST', 'RETIRED') AND NOT EXISTS (SELECT 1 FROM"
                    + " checkout_asset c WHERE c.asset_id = a.id AND c.closed_at IS NULL)")
            .bind("scope", scope)
            .mapTo(Integer.class)
            .one();
    // Expected and not counted.
    h.createQuery(
            "SELECT a.id, a.barcode, a.product_id, p.name, a.location_id FROM asset a"
                + " JOIN product p ON p.id = a.product_id"
                + " WHERE a.location_id = ANY(:scope) AND a.status NOT IN ('LOST', 'RETIRED')"
                + " AND NOT EXISTS (SELECT 1 FROM checkout_asset c WHERE c.asset_id = a.id"
                + "   AND c.closed_at IS NULL)"
                + " AND NOT EXISTS (SELECT 1 FROM stocktake_asset s WHERE s.stocktake_id = :st"
                + "   AND s.asset_id = a.id)"
                + " ORDER BY p.name, a.barcode LIMIT 10000")
        .bind("scope", scope)
        .bind("st", s.id())
        .map(
            (rs, ctx) ->
                new Line(
                    rs.getObject("product_id", UUID.class),
                    rs.getString("name"),
                    rs.getObject("location_id", UUID.class),
                    rs.getObject("id", UUID.class),
                    rs.getString("barcode"),
                    1,
                    0,
                    "MISSING",
                    rs.getObject("location_id", UUID.class)))
        .forEach(lines::add);
    // Counted and not expected here.
    h.createQuery(
            "SELECT a.id, a.barcode, a.product_id, p.name, a.location_id FROM stocktake_asset s"
                + " JOIN asset a ON a.id = s.asset_id JOIN product p ON p.id = a.product_id"
                + " WHERE s.stocktake_id = :st AND (a.location_id <> ALL(:scope)"
                + "   OR a.status IN ('LOST', 'RETIRED') OR EXISTS (SELECT 1 FROM checkout_asset c"
                + "   WHERE c.asset_id = a.id AND c.closed_at IS NULL))"
                + " ORDER BY p.name, a.barcode")
        .bind("scope", scope)
        .bind("st", s.id())
        .map(
            (rs, ctx) ->
                new Line(
                    rs.getObject("product_id", UUID.class),
                    rs.getString("name"),
                    s.locationId(),
                    rs.getObject("id", UUID.class),
                    rs.getString("barcode"),
                    0,
                    1,
                    "UNEXPECTED",
                    rs.getObject("location_id", UUID.class)))
        .forEach(lines::add);
    lines.addAll(bulkLines(h, s, scope));
    int countedUnits = s.countedUnits();
    if (!showBooks) {
      // A blind count: what was counted, without the books (no MISSING lines: they are books).
      List<Line> blind = new ArrayList<>();
      for (Line l : lines) {
        if (!l.kind().equals("MISSING")) {
          blind.add(
              new Line(
                  l.productId(),
                  l.productName(),
                  l.locationId(),
                  l.assetId(),
                  l.barcode(),
                  null,
                  l.counted(),
                  "COUNTED",
                  null));
        }
      }
      return new Review(s, false, blind, 0, countedUnits);
    }
    lines.sort(
        Comparator.comparing(Line::productName)
            .thenComparing(l -> l.barcode() == null ? "" : l.barcode()));
    return new Review(s, true, lines, expectedUnits, countedUnits);
  }

  private record BookBulk(UUID productId, UUID locationId, int quantity) {}

  private List<Line> bulkLines(Handle h, Session s, UUID[] scope) {
    Map<String, int[]> rows = new HashMap<>();
    Map<String, UUID[]> keys = new HashMap<>();
    List<BookBulk> books =
        h.createQuery(
                "SELECT product_id, location_id, quantity FROM bulk_stock"
                    + " WHERE location_id = ANY(:scope) AND quantity > 0")
            .bind("scope", scope)
            .map(
                (rs, ctx) ->
                    new BookBulk(
                        rs.getObject("product_id", UUID.class),
                        rs.getObject("location_id", UUID.class),
                        rs.getInt("quantity")))
            .list();
    UUID[] bookProducts = books.stream().map(BookBulk::productId).distinct().toArray(UUID[]::new);
    // What is out on events, attributed to each product's largest stock location.
    Map<UUID, int[]> outAt = new HashMap<>();
    Map<UUID, UUID> mainLocation = new HashMap<>();
    if (bookProducts.length > 0) {
      h.createQuery(
              "SELECT DISTINCT ON (s.product_id) s.product_id, s.location_id,"
                  + " (SELECT coalesce(sum(b.out_qty - b.returned_qty - b.damaged_qty"
                  + "  - b.missing_qty), 0) FROM checkout_bulk b"
                  + "  WHERE b.product_id = s.product_id)::int AS out_qty"
                  + " FROM bulk_stock s WHERE s.product_id = ANY(:ids)"
                  + " ORDER BY s.product_id, s.quantity DESC, s.location_id")
          .bind("ids", bookProducts)
          .map(
              (rs, ctx) -> {
                UUID p = rs.getObject("product_id", UUID.class);
                mainLocation.put(p, rs.getObject("location_id", UUID.class));
                outAt.put(p, new int[] {rs.getInt("out_qty")});
                return null;
              })
          .list();
    }
    for (BookBulk b : books) {
      String k = b.productId() + "/" + b.locationId();
      int out =
          b.locationId().equals(mainLocation.get(b.productId()))
              ? Math.min(b.quantity(), outAt.get(b.productId())[0])
              : 0;
      rows.put(k, new int[] {b.quantity() - out, -1});
      keys.put(k, new UUID[] {b.productId(), b.locationId()});
    }
    h.createQuery(
            "SELECT product_id, location_id, counted FROM stocktake_bulk WHERE stocktake_id = :st")
        .bind("st", s.id())
        .map(
            (rs, ctx) -> {
              UUID p = rs.getObject("product_id", UUID.class);
              UUID l = rs.getObject("location_id", UUID.class);
              String k = p + "/" + l;
              rows.computeIfAbsent(k, x -> new int[] {0, -1})[1] = rs.getInt("counted");
              keys.put(k, new UUID[] {p, l});
              return null;
            })
        .list();
    List<Line> out = new ArrayList<>();
    Map<UUID, String> names = new HashMap<>();
    for (Map.Entry<String, int[]> e : rows.entrySet()) {
      UUID[] k = keys.get(e.getKey());
      int expected = e.getValue()[0];
      int counted = e.getValue()[1];
      String kind;
      if (counted < 0) {
        kind = "NOT_COUNTED";
      } else if (counted == expected) {
        kind = "OK";
      } else {
        kind = counted < expected ? "SHORT" : "OVER";
      }
      String name = names.computeIfAbsent(k[0], id -> ScanStore.productName(h, id));
      out.add(new Line(k[0], name, k[1], null, null, expected, Math.max(counted, 0), kind, null));
    }
    return out;
  }

  Review approve(UUID id, String note) {
    return jdbi.inTransaction(
        h -> {
          Session s = session(h, id, true);
          requireOpen(s);
          Review r = review(h, s, true);
          Instant now = now();
          for (Line l : r.lines()) {
            switch (l.kind()) {
              case "MISSING" ->
                  h.createUpdate(
                          "UPDATE asset SET status = 'LOST', updated_at = :now WHERE id = :a")
                      .bind("a", l.assetId())
                      .bind("now", now)
                      .execute();
              case "UNEXPECTED" -> {
                // It is here: whatever the books said, it is back on the shelf.
                h.createUpdate(
                        "UPDATE checkout_asset SET closed_at = :now, closed_by = :by,"
                            + " closed_operation = :op, condition = 'OK',"
                            + " note = 'found in stocktake' WHERE asset_id = :a"
                            + " AND closed_at IS NULL")
                    .bind("a", l.assetId())
                    .bind("now", now)
                    .bind("by", Actor.name())
                    .bind("op", "stocktake-" + id)
                    .execute();
                h.createUpdate(
                        "UPDATE asset SET location_id = :loc, status = CASE WHEN status IN"
                            + " ('LOST', 'RETIRED') THEN 'AVAILABLE' ELSE status END,"
                            + " updated_at = :now WHERE id = :a")
                    .bind("a", l.assetId())
                    .bind("loc", s.locationId())
                    .bind("now", now)
                    .execute();
              }
              case "SHORT", "OVER" ->
                  stock.adjust(
                      h,
                      new Stock.NewAdjustment(
                          l.productId(),
                          l.locationId(),
                          l.counted() - l.expected(),
                          "stocktake",
                          s.name()));
              default -> {}
            }
          }
          decide(h, id, Status.APPROVED, note, write(r));
          return review(h, session(h, id, false), true);
        });
  }

  Review reject(UUID id, String note) {
    new io.eventkit.node.kernel.Validation().notBlank(note, "note").throwIfInvalid();
    return jdbi.inTransaction(
        h -> {
          Session s = session(h, id, true);
          requireOpen(s);
          decide(h, id, Status.REJECTED, note, null);
          return review(h, session(h, id, false), true);
        });
  }

  private void decide(Handle h, UUID id, Status status, String note, String applied) {
    h.createUpdate(
            "UPDATE stocktake SET status = :s, decided_by = :by, decided_at = :now,"
                + " decision_note = :note, applied = CAST(:applied AS jsonb) WHERE id = :id")
        .bind("id", id)
        .bind("s", status.name())
        .bind("by", Actor.name())
        .bind("now", now())
        .bind("note", note == null ? "" : note)
        .bind("applied", applied)
        .execute();
  }

  PageSpec.Page<Session> list(UUID locationId, PageSpec page) {
    return jdbi.withHandle(
        h -> {
          String sql =
              SESSION
                  + " WHERE (CAST(:loc AS uuid) IS NULL OR s.location_id = :loc)"
                  + (page.isFirst()
                      ? ""
                      : " AND (s.created_at, s.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))")
                  + " ORDER BY s.created_at DESC, s.id DESC LIMIT :n";
          var q = h.createQuery(sql).bind("loc", locationId).bind("n", page.fetch());
          ScanStore.after(q, page);
          List<Session> rows = q.map((rs, ctx) -> sessionRow(rs)).list();
          return page.page(rows, x -> List.of(x.createdAt().toString(), x.id().toString()));
        });
  }

  private String write(Object o) {
    try {
      return json.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot store a stocktake record", e);
    }
  }

  private Count read(String s) {
    try {
      return json.readValue(s, Count.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored count is unreadable", e);
    }
  }
}
