package io.eventkit.node.scanning;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.scanning.Scan.Condition;
import io.eventkit.node.scanning.Scan.Progress;
import io.eventkit.node.scanning.Scan.Request;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The scanning tables' SQL, through JDBI's fluent API on the caller's handle (every scan is one
 * transaction; attaching SqlObjects per statement costs more than these index lookups). Asset
 * status and location are inventory's columns; scanning changes them only as a check-in or a loss
 * requires, in the same transaction as the scan.
 */
final class ScanStore {
  private ScanStore() {}

  record Ev(UUID id, String name, String status, Instant start, Instant end) {}

  record Unit(UUID id, UUID productId, String barcode, String status, String productName) {
    String label() {
      return productName + " " + barcode;
    }
  }

  record Open(UUID checkoutId, UUID eventId, String eventName) {}

  record BulkRow(int out, int returned, int damaged, int missing) {
    int open() {
      return out - returned - damaged - missing;
    }
  }

  record Code(String kind, UUID ownerId) {}

  record Gtin(UUID productId, String name, String tracking) {}

  record LastTrip(UUID id, UUID eventId, String eventName, Condition condition) {}

  record StoredOp(
      String operationId,
      UUID eventId,
      String kind,
      String request,
      boolean applied,
      String result,
      String undoneBy) {}

  /** One trip a scan made; {@code assetId} null and {@code assetRef} set for a partner's unit. */
  record TripRow(UUID checkoutId, UUID assetId, String barcode, String assetRef, boolean closed) {}

  record Listed(String operationId, Instant createdAt, String result, String undoneBy) {}

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  static Ev event(Handle h, UUID id) {
    return h.createQuery(
            "SELECT id, name, status, lower(period) AS s, upper(period) AS e FROM event WHERE id = :id")
        .bind("id", id)
        .map(
            (rs, ctx) ->
                new Ev(
                    rs.getObject("id", UUID.class),
                    rs.getString("name"),
                    rs.getString("status"),
                    instant(rs.getTimestamp("s")),
                    instant(rs.getTimestamp("e"))))
        .findOne()
        .orElseThrow(() -> DomainException.notFound("event " + id));
  }

  static Optional<Code> barcode(Handle h, String code) {
    return h.createQuery("SELECT kind, owner_id FROM barcode WHERE code = :c")
        .bind("c", code)
        .map((rs, ctx) -> new Code(rs.getString("kind"), rs.getObject("owner_id", UUID.class)))
        .findOne();
  }

  static Optional<Gtin> gtin(Handle h, String code) {
    return h.createQuery("SELECT id, name, tracking FROM product WHERE gtin = :c")
        .bind("c", code)
        .map(
            (rs, ctx) ->
                new Gtin(
                    rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("tracking")))
        .findOne();
  }

  static String tracking(Handle h, UUID productId) {
    return h.createQuery("SELECT tracking FROM product WHERE id = :id")
        .bind("id", productId)
        .mapTo(String.class)
        .findOne()
        .orElseThrow(() -> DomainException.notFound("product " + productId));
  }

  static String productName(Handle h, UUID productId) {
    return h.createQuery("SELECT name FROM product WHERE id = :id")
        .bind("id", productId)
        .mapTo(String.class)
        .findOne()
        .orElseThrow(() -> DomainException.notFound("product " + productId));
  }

  /** Locks the assets in ID order (the lock order of every scan) and returns them. */
  static List<Unit> lockUnits(Handle h, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<Unit> units =
        h.createQuery(
                "SELECT a.id, a.product_id, a.barcode, a.status, p.name FROM asset a"
                    + " JOIN product p ON p.id = a.product_id"
                    + " WHERE a.id = ANY(:ids) ORDER BY a.id FOR UPDATE OF a")
            .bind("ids", ids.toArray(UUID[]::new))
            .map(
                (rs, ctx) ->
                    new Unit(
                        rs.getObject("id", UUID.class),
                        rs.getObject("product_id", UUID.class),
                        rs.getString("barcode"),
                        rs.getString("status"),
                        rs.getString("name")))
            .list();
    if (units.size() != new HashSet<>(ids).size()) {
      throw DomainException.notFound("asset");
    }
    return units;
  }

  static Map<UUID, Open> openOut(Handle h, Collection<UUID> assetIds) {
    Map<UUID, Open> out = new HashMap<>();
    if (assetIds.isEmpty()) {
      return out;
    }
    h.createQuery(
            "SELECT c.asset_id, c.id, c.event_id, e.name FROM checkout_asset c"
                + " JOIN event e ON e.id = c.event_id"
                + " WHERE c.asset_id = ANY(:ids) AND c.closed_at IS NULL")
        .bind("ids", assetIds.toArray(UUID[]::new))
        .map(
            (rs, ctx) -> {
              out.put(
                  rs.getObject("asset_id", UUID.class),
                  new Open(
                      rs.getObject("id", UUID.class),
                      rs.getObject("event_id", UUID.class),
                      rs.getString("name")));
              return null;
            })
        .list();
    return out;
  }

  static Optional<UUID> lineProduct(Handle h, UUID eventId, UUID lineId) {
    return h.createQuery(
            "SELECT product_id FROM booking_line"
                + " WHERE id = :id AND event_id = :e AND product_id IS NOT NULL")
        .bind("id", lineId)
        .bind("e", eventId)
        .mapTo(UUID.class)
        .findOne();
  }

  static boolean caseOnList(Handle h, UUID eventId, UUID caseId) {
    return h.createQuery(
            "SELECT EXISTS (SELECT 1 FROM booking_line WHERE case_id = :c AND event_id = :e)")
        .bind("c", caseId)
        .bind("e", eventId)
        .mapTo(Boolean.class)
        .one();
  }

  /**
   * The event's booking lines of these products, locked, with how many units are open (out, not
   * back) against each: what a check-out allocates from.
   */
  static LineBook lockLines(Handle h, UUID eventId, Set<UUID> productIds) {
    LineBook book = new LineBook();
    if (productIds.isEmpty()) {
      return book;
    }
    UUID[] ids = productIds.toArray(UUID[]::new);
    h.createQuery(
            "SELECT id, product_id, asset_id, quantity FROM booking_line"
                + " WHERE event_id = :e AND product_id = ANY(:ids) ORDER BY id FOR UPDATE")
        .bind("e", eventId)
        .bind("ids", ids)
        .map(
            (rs, ctx) -> {
              book.add(
                  rs.getObject("id", UUID.class),
                  rs.getObject("product_id", UUID.class),
                  rs.getObject("asset_id", UUID.class),
                  rs.getInt("quantity"));
              return null;
            })
        .list();
    h.createQuery(
            "SELECT line_id, count(*) AS n FROM checkout_asset"
                + " WHERE event_id = :e AND product_id = ANY(:ids) AND closed_at IS NULL"
                + " AND line_id IS NOT NULL GROUP BY line_id")
        .bind("e", eventId)
        .bind("ids", ids)
        .map(
            (rs, ctx) -> {
              book.opened(rs.getObject("line_id", UUID.class), rs.getInt("n"));
              return null;
            })
        .list();
    return book;
  }

  /** An event's lines of some products, and what a check-out has taken of each so far. */
  static final class LineBook {
    private static final class Line {
      final UUID id;
      final UUID productId;
      final UUID assetId;
      final int quantity;
      int open;

      Line(UUID id, UUID productId, UUID assetId, int quantity) {
        this.id = id;
        this.productId = productId;
        this.assetId = assetId;
        this.quantity = quantity;
      }
    }

    private final Map<UUID, Line> lines = new LinkedHashMap<>();

    void add(UUID id, UUID productId, UUID assetId, int quantity) {
      lines.put(id, new Line(id, productId, assetId, quantity));
    }

    void opened(UUID lineId, int n) {
      Line l = lines.get(lineId);
      if (l != null) {
        l.open += n;
      }
    }

    /** The line that books this very unit, whether or not it is taken. */
    UUID assetLine(UUID assetId) {
      for (Line l : lines.values()) {
        if (assetId.equals(l.assetId)) {
          return l.id;
        }
      }
      return null;
    }

    void take(UUID lineId) {
      lines.get(lineId).open++;
    }

    /** A quantity line of the product with room left ({@code preferred} first), taken; or null. */
    UUID takeQuantityLine(UUID productId, UUID preferred) {
      Line pick = null;
      for (Line l : lines.values()) {
        if (l.assetId == null && l.productId.equals(productId) && l.open < l.quantity) {
          if (pick == null || l.id.equals(preferred)) {
            pick = l;
          }
        }
      }
      if (pick == null) {
        return null;
      }
      pick.open++;
      return pick.id;
    }

    boolean hasQuantityLines(UUID productId) {
      return lines.values().stream()
          .anyMatch(l -> l.assetId == null && l.productId.equals(productId));
    }

    boolean hasProduct(UUID productId) {
      return lines.values().stream().anyMatch(l -> l.productId.equals(productId));
    }

    int booked(UUID productId) {
      return lines.values().stream()
          .filter(l -> l.productId.equals(productId))
          .mapToInt(l -> l.quantity)
          .sum();
    }
  }

  static Optional<BulkRow> lockBulk(Handle h, UUID eventId, UUID productId) {
    return h.createQuery(
            "SELECT out_qty, returned_qty, damaged_qty, missing_qty FROM checkout_bulk"
                + " WHERE event_id = :e AND product_id = :p FOR UPDATE")
        .bind("e", eventId)
        .bind("p", productId)
        .map(
            (rs, ctx) ->
                new BulkRow(
                    rs.getInt("out_qty"),
                    rs.getInt("returned_qty"),
                    rs.getInt("damaged_qty"),
                    rs.getInt("missing_qty")))
        .findOne();
  }

  static void addBulkOut(Handle h, UUID eventId, UUID productId, int q, Instant now) {
    h.createUpdate(
            "INSERT INTO checkout_bulk (event_id, product_id, out_qty, first_out_at)"
                + " VALUES (:e, :p, :q, :now) ON CONFLICT (event_id, product_id)"
                + " DO UPDATE SET out_qty = checkout_bulk.out_qty + EXCLUDED.out_qty")
        .bind("e", eventId)
        .bind("p", productId)
        .bind("q", q)
        .bind("now", now)
        .execute();
  }

  static void addBulkBack(Handle h, UUID eventId, UUID productId, int q, Condition c) {
    String column =
        switch (c) {
          case OK -> "returned_qty";
          case DAMAGED -> "damaged_qty";
          case MISSING -> "missing_qty";
        };
    h.createUpdate(
            "UPDATE checkout_bulk SET "
                + column
                + " = "
                + column
                + " + :q WHERE event_id = :e AND product_id = :p")
        .bind("e", eventId)
        .bind("p", productId)
        .bind("q", q)
        .execute();
  }

  static boolean removeBulkOut(Handle h, UUID eventId, UUID productId, int q) {
    return h.createUpdate(
                "UPDATE checkout_bulk SET out_qty = out_qty - :q WHERE event_id = :e"
                    + " AND product_id = :p"
                    + " AND out_qty - :q >= returned_qty + damaged_qty + missing_qty")
            .bind("e", eventId)
            .bind("p", productId)
            .bind("q", q)
            .execute()
        == 1;
  }

  static boolean removeBulkBack(Handle h, UUID eventId, UUID productId, int q) {
    return h.createUpdate(
                "UPDATE checkout_bulk SET returned_qty = returned_qty - :q WHERE event_id = :e"
                    + " AND product_id = :p AND returned_qty >= :q")
            .bind("e", eventId)
            .bind("p", productId)
            .bind("q", q)
            .execute()
        == 1;
  }

  static void insertCheckout(
      Handle h,
      UUID eventId,
      Unit u,
      UUID lineId,
      UUID caseId,
      String operationId,
      Instant now,
      String actor,
      String overrideReason) {
    h.createUpdate(
            "INSERT INTO checkout_asset (id, event_id, asset_id, product_id, line_id, case_id,"
                + " out_operation, out_at, out_by, override_reason)"
                + " VALUES (:id, :e, :a, :p, :l, :c, :op, :now, :by, :why)")
        .bind("id", UUID.randomUUID())
        .bind("e", eventId)
        .bind("a", u.id())
        .bind("p", u.productId())
        .bind("l", lineId)
        .bind("c", caseId)
        .bind("op", operationId)
        .bind("now", now)
        .bind("by", actor)
        .bind("why", overrideReason)
        .execute();
  }

  /** Serialises scans of one partner unit (it has no asset row to lock). */
  static void lockPartner(Handle h, String assetRef) {
    h.createQuery("SELECT pg_advisory_xact_lock(hashtextextended(:ref, 23))")
        .bind("ref", assetRef)
        .mapTo(String.class)
        .one();
  }

  static Optional<Open> openPartner(Handle h, String assetRef) {
    return h.createQuery(
            "SELECT c.id, c.event_id, e.name FROM checkout_asset c"
                + " JOIN event e ON e.id = c.event_id"
                + " WHERE c.asset_ref = :ref AND c.closed_at IS NULL")
        .bind("ref", assetRef)
        .map(
            (rs, ctx) ->
                new Open(
                    rs.getObject("id", UUID.class),
                    rs.getObject("event_id", UUID.class),
                    rs.getString("name")))
        .findOne();
  }

  /** Whether the partner unit went out on the event (and, being not open, is back). */
  static boolean partnerWasOut(Handle h, UUID eventId, String assetRef) {
    return h.createQuery(
            "SELECT EXISTS (SELECT 1 FROM checkout_asset WHERE asset_ref = :ref AND event_id = :e)")
        .bind("ref", assetRef)
        .bind("e", eventId)
        .mapTo(Boolean.class)
        .one();
  }

  static void insertPartnerCheckout(
      Handle h,
      UUID eventId,
      io.eventkit.node.federation.resolve.ManifestLookup.Entry e,
      UUID lineId,
      String operationId,
      Instant now,
      String actor,
      String overrideReason) {
    h.createUpdate(
            "INSERT INTO checkout_asset (id, event_id, asset_id, asset_ref, partner_barcode,"
                + " subhire_id, product_id, line_id, out_operation, out_at, out_by,"
                + " override_reason)"
                + " VALUES (:id, :e, NULL, :ref, :code, :sh, :p, :l, :op, :now, :by, :why)")
        .bind("id", UUID.randomUUID())
        .bind("e", eventId)
        .bind("ref", e.assetRef())
        .bind("code", e.barcode())
        .bind("sh", UUID.fromString(e.subHireId()))
        .bind("p", e.localProductId())
        .bind("l", lineId)
        .bind("op", operationId)
        .bind("now", now)
        .bind("by", actor)
        .bind("why", overrideReason)
        .execute();
  }

  static void close(
      Handle h,
      UUID checkoutId,
      Condition c,
      String note,
      String operationId,
      Instant now,
      String actor) {
    h.createUpdate(
            "UPDATE checkout_asset SET closed_at = :now, closed_by = :by, closed_operation = :op,"
                + " condition = :c, note = :note WHERE id = :id AND closed_at IS NULL")
        .bind("id", checkoutId)
        .bind("now", now)
        .bind("by", actor)
        .bind("op", operationId)
        .bind("c", c.name())
        .bind("note", note == null ? "" : note)
        .execute();
  }

  /** A unit marked missing turned up: its trip closes with the condition it came back in. */
  static void closeFound(Handle h, UUID checkoutId, Request r, Instant now, String actor) {
    h.createUpdate(
            "UPDATE checkout_asset SET closed_at = :now, closed_by = :by, closed_operation = :op,"
                + " condition = :c, note = trim(note || ' ' || :note || ' (found after being"
                + " marked missing)') WHERE id = :id")
        .bind("id", checkoutId)
        .bind("now", now)
        .bind("by", actor)
        .bind("op", r.operationId())
        .bind("c", r.condition().name())
        .bind("note", r.note() == null ? "" : r.note())
        .execute();
  }

  /**
   * A unit back (or lost): {@code status} null keeps it; it is put at {@code locationId}, or at its
   * home location when null, except a LOST unit, which stays where it was last known.
   */
  static void setAssetState(Handle h, UUID assetId, String status, UUID locationId, Instant now) {
    h.createUpdate(
            "UPDATE asset SET status = coalesce(:s, status),"
                + " location_id = CASE WHEN :s = 'LOST' THEN location_id"
                + " ELSE coalesce(:loc, home_location_id) END,"
                + " updated_at = :now WHERE id = :id")
        .bind("id", assetId)
        .bind("s", status)
        .bind("loc", locationId)
        .bind("now", now)
        .execute();
  }

  static Optional<LastTrip> lastTrip(Handle h, UUID assetId) {
    return h.createQuery(
            "SELECT c.id, c.event_id, e.name, c.condition FROM checkout_asset c"
                + " JOIN event e ON e.id = c.event_id"
                + " WHERE c.asset_id = :a ORDER BY c.out_at DESC LIMIT 1")
        .bind("a", assetId)
        .map(
            (rs, ctx) ->
                new LastTrip(
                    rs.getObject("id", UUID.class),
                    rs.getObject("event_id", UUID.class),
                    rs.getString("name"),
                    rs.getString("condition") == null
                        ? null
                        : Condition.valueOf(rs.getString("condition"))))
        .findOne();
  }

  /** The kind (OUT or IN) of the last applied, not undone scan of a case on an event. */
  static Optional<String> lastCaseScan(Handle h, UUID eventId, UUID caseId) {
    return h.createQuery(
            "SELECT kind FROM scan_operation WHERE event_id = :e AND applied"
                + " AND undone_by IS NULL AND kind IN ('OUT', 'IN')"
                + " AND result -> 'item' ->> 'caseId' = :c"
                + " ORDER BY created_at DESC LIMIT 1")
        .bind("e", eventId)
        .bind("c", caseId.toString())
        .mapTo(String.class)
        .findOne();
  }

  private static final String PROGRESS =
      "WITH booked AS ("
          + "  SELECT product_id, sum(quantity)::int AS n FROM booking_line"
          + "  WHERE event_id = :e AND product_id IS NOT NULL <filter> GROUP BY product_id),"
          + " units AS ("
          + "  SELECT product_id, count(*)::int AS out_n,"
          + "   (count(*) FILTER (WHERE condition = 'OK'))::int AS ret,"
          + "   (count(*) FILTER (WHERE condition = 'DAMAGED'))::int AS dmg,"
          + "   (count(*) FILTER (WHERE condition = 'MISSING'))::int AS mis"
          + "  FROM checkout_asset WHERE event_id = :e <filter> GROUP BY product_id),"
          + " bulk AS ("
          + "  SELECT product_id, out_qty, returned_qty, damaged_qty, missing_qty"
          + "  FROM checkout_bulk WHERE event_id = :e <filter>),"
          + " ids AS (SELECT product_id FROM booked UNION SELECT product_id FROM units"
          + "  UNION SELECT product_id FROM bulk)"
          + " SELECT ids.product_id, p.name, coalesce(booked.n, 0) AS booked,"
          + "  coalesce(units.out_n, 0) + coalesce(bulk.out_qty, 0) AS out_n,"
          + "  coalesce(units.ret, 0) + coalesce(bulk.returned_qty, 0) AS ret,"
          + "  coalesce(units.dmg, 0) + coalesce(bulk.damaged_qty, 0) AS dmg,"
          + "  coalesce(units.mis, 0) + coalesce(bulk.missing_qty, 0) AS mis"
          + " FROM ids JOIN product p ON p.id = ids.product_id"
          + " LEFT JOIN booked ON booked.product_id = ids.product_id"
          + " LEFT JOIN units ON units.product_id = ids.product_id"
          + " LEFT JOIN bulk ON bulk.product_id = ids.product_id"
          + " ORDER BY p.name, p.id";

  private static Progress progressRow(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Progress(
        rs.getObject("product_id", UUID.class),
        rs.getString("name"),
        rs.getInt("booked"),
        rs.getInt("out_n"),
        rs.getInt("ret"),
        rs.getInt("dmg"),
        rs.getInt("mis"));
  }

  /** A product's counts on an event (zeros when the event neither books nor scanned it). */
  static Progress progress(Handle h, UUID eventId, UUID productId) {
    return h.createQuery(PROGRESS.replace("<filter>", "AND product_id = :p"))
        .bind("e", eventId)
        .bind("p", productId)
        .map((rs, ctx) -> progressRow(rs))
        .findOne()
        .orElseGet(() -> new Progress(productId, productName(h, productId), 0, 0, 0, 0, 0));
  }

  /**
   * The event's fulfilment from its totals, in one statement of index lookups (booking lines by
   * event, open and closed trips by event, bulk counters by event): cheap enough for every scan,
   * whatever the size of the pull list.
   */
  static io.eventkit.node.planning.Fulfilment fulfilment(Handle h, UUID eventId) {
    return h.createQuery(
            "SELECT (SELECT coalesce(sum(quantity), 0) FROM booking_line"
                + "   WHERE event_id = :e AND product_id IS NOT NULL)::int AS booked,"
                + " u.out_n + b.out_n AS out_n, u.back_n + b.back_n AS back_n"
                + " FROM (SELECT count(*)::int AS out_n,"
                + "   (count(*) FILTER (WHERE closed_at IS NOT NULL))::int AS back_n"
                + "   FROM checkout_asset WHERE event_id = :e) u,"
                + " (SELECT coalesce(sum(out_qty), 0)::int AS out_n,"
                + "   coalesce(sum(returned_qty + damaged_qty + missing_qty), 0)::int AS back_n"
                + "   FROM checkout_bulk WHERE event_id = :e) b")
        .bind("e", eventId)
        .map(
            (rs, ctx) ->
                Scanning.fulfilment(rs.getInt("booked"), rs.getInt("out_n"), rs.getInt("back_n")))
        .one();
  }

  static List<Progress> progressAll(Handle h, UUID eventId) {
    return h.createQuery(PROGRESS.replace("<filter>", ""))
        .bind("e", eventId)
        .map((rs, ctx) -> progressRow(rs))
        .list();
  }

  private static final String TRIPS =
      "SELECT c.id, c.asset_id, coalesce(a.barcode, c.partner_barcode) AS barcode, c.product_id,"
          + " p.name, c.out_at, c.out_by, c.closed_at,"
          + " c.closed_by, c.condition, c.note, c.override_reason, k.barcode AS case_barcode,"
          + " c.event_id, e.name AS event_name, c.asset_ref,"
          + " (c.condition IN ('OK', 'DAMAGED') AND c.closed_at > upper(e.period)) AS late"
          + " FROM checkout_asset c LEFT JOIN asset a ON a.id = c.asset_id"
          + " JOIN product p ON p.id = c.product_id JOIN event e ON e.id = c.event_id"
          + " LEFT JOIN case_container k ON k.id = c.case_id";

  private static Scan.Trip trip(java.sql.ResultSet rs) throws java.sql.SQLException {
    String cond = rs.getString("condition");
    return new Scan.Trip(
        rs.getObject("asset_id", UUID.class),
        rs.getString("barcode"),
        rs.getObject("product_id", UUID.class),
        rs.getString("name"),
        instant(rs.getTimestamp("out_at")),
        rs.getString("out_by"),
        instant(rs.getTimestamp("closed_at")),
        rs.getString("closed_by"),
        cond == null ? null : Condition.valueOf(cond),
        rs.getString("note"),
        rs.getBoolean("late"),
        rs.getString("override_reason"),
        rs.getString("case_barcode"),
        rs.getObject("event_id", UUID.class),
        rs.getString("event_name"),
        rs.getObject("id", UUID.class),
        rs.getString("asset_ref"));
  }

  /** Every unit's trip out on the event: still out first, then by barcode. */
  static List<Scan.Trip> trips(Handle h, UUID eventId) {
    return h.createQuery(
            TRIPS
                + " WHERE c.event_id = :e"
                + " ORDER BY c.closed_at IS NOT NULL, coalesce(a.barcode, c.partner_barcode),"
                + " c.out_at LIMIT 10000")
        .bind("e", eventId)
        .map((rs, ctx) -> trip(rs))
        .list();
  }

  /**
   * Binds a keyset page's cursor (a time and an ID) as {@code :at} and {@code :id}; nothing on the
   * first page. A token that is not such a cursor is INVALID_ARGUMENT.
   */
  static void after(org.jdbi.v3.core.statement.Query q, PageSpec page) {
    if (page.isFirst()) {
      return;
    }
    try {
      q.bind("at", Instant.parse(page.after(0))).bind("id", UUID.fromString(page.after(1)));
    } catch (RuntimeException e) {
      throw DomainException.invalid(
          "page.page_token is not valid for this list; start again with an empty token");
    }
  }

  /** One asset's trips, newest first (index checkout_asset_history). */
  static List<Scan.Trip> assetTrips(Handle h, UUID assetId, PageSpec page) {
    String sql =
        TRIPS
            + " WHERE c.asset_id = :a"
            + (page.isFirst()
                ? ""
                : " AND (c.out_at, c.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))")
            + " ORDER BY c.out_at DESC, c.id DESC LIMIT :n";
    var q = h.createQuery(sql).bind("a", assetId).bind("n", page.fetch());
    after(q, page);
    return q.map((rs, ctx) -> trip(rs)).list();
  }

  static void lockOperation(Handle h, String operationId) {
    h.createQuery("SELECT pg_advisory_xact_lock(hashtextextended(:op, 19))")
        .bind("op", operationId)
        .mapTo(String.class)
        .one();
  }

  private static StoredOp storedOp(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new StoredOp(
        rs.getString("operation_id"),
        rs.getObject("event_id", UUID.class),
        rs.getString("kind"),
        rs.getString("request"),
        rs.getBoolean("applied"),
        rs.getString("result"),
        rs.getString("undone_by"));
  }

  private static final String OP =
      "SELECT operation_id, event_id, kind, request, applied, result::text AS result, undone_by"
          + " FROM scan_operation WHERE operation_id = :op";

  static Optional<StoredOp> op(Handle h, String operationId) {
    return h.createQuery(OP).bind("op", operationId).map((rs, ctx) -> storedOp(rs)).findOne();
  }

  static Optional<StoredOp> lockOp(Handle h, String operationId) {
    return h.createQuery(OP + " FOR UPDATE")
        .bind("op", operationId)
        .map((rs, ctx) -> storedOp(rs))
        .findOne();
  }

  static void recordOp(
      Handle h,
      String operationId,
      UUID eventId,
      String kind,
      String request,
      String verdict,
      boolean applied,
      String actor,
      String resultJson,
      Instant at) {
    h.createUpdate(
            "INSERT INTO scan_operation (operation_id, event_id, kind, request, verdict, applied,"
                + " actor, result, created_at)"
                + " VALUES (:op, :e, :kind, :req, :v, :applied, :actor, CAST(:result AS jsonb), :at)")
        .bind("op", operationId)
        .bind("e", eventId)
        .bind("kind", kind)
        .bind("req", request)
        .bind("v", verdict)
        .bind("applied", applied)
        .bind("actor", actor)
        .bind("result", resultJson)
        .bind("at", at)
        .execute();
  }

  static List<TripRow> tripsOf(Handle h, String operationId, String kind) {
    String column = kind.equals("OUT") ? "out_operation" : "closed_operation";
    return h.createQuery(
            "SELECT c.id, c.asset_id, coalesce(a.barcode, c.partner_barcode) AS barcode,"
                + " c.asset_ref, c.closed_at IS NOT NULL AS closed"
                + " FROM checkout_asset c LEFT JOIN asset a ON a.id = c.asset_id WHERE c."
                + column
                + " = :op")
        .bind("op", operationId)
        .map(
            (rs, ctx) ->
                new TripRow(
                    rs.getObject("id", UUID.class),
                    rs.getObject("asset_id", UUID.class),
                    rs.getString("barcode"),
                    rs.getString("asset_ref"),
                    rs.getBoolean("closed")))
        .list();
  }

  static void deleteTrips(Handle h, String operationId) {
    h.createUpdate("DELETE FROM checkout_asset WHERE out_operation = :op")
        .bind("op", operationId)
        .execute();
  }

  /** Reopens the trips a check-in closed; a unit it had sent to repair is AVAILABLE again. */
  static void reopenTrips(Handle h, String operationId, Instant now) {
    h.createUpdate(
            "UPDATE asset SET status = 'AVAILABLE', updated_at = :now WHERE status = 'IN_REPAIR'"
                + " AND id IN (SELECT asset_id FROM checkout_asset"
                + " WHERE closed_operation = :op AND condition = 'DAMAGED')")
        .bind("op", operationId)
        .bind("now", now)
        .execute();
    h.createUpdate(
            "UPDATE checkout_asset SET closed_at = NULL, closed_by = NULL, closed_operation = NULL,"
                + " condition = NULL, note = '' WHERE closed_operation = :op")
        .bind("op", operationId)
        .execute();
  }

  static void markUndone(Handle h, String target, String by) {
    h.createUpdate("UPDATE scan_operation SET undone_by = :by WHERE operation_id = :op")
        .bind("op", target)
        .bind("by", by)
        .execute();
  }

  static List<Listed> listOps(Handle h, UUID eventId, PageSpec page) {
    String sql =
        "SELECT operation_id, created_at, result::text AS result, undone_by FROM scan_operation"
            + " WHERE event_id = :e"
            + (page.isFirst()
                ? ""
                : " AND (created_at, operation_id) < (CAST(:at AS timestamptz), :op)")
            + " ORDER BY created_at DESC, operation_id DESC LIMIT :n";
    var q = h.createQuery(sql).bind("e", eventId).bind("n", page.fetch());
    if (!page.isFirst()) {
      Instant at;
      try {
        at = Instant.parse(page.after(0));
      } catch (java.time.format.DateTimeParseException e) {
        throw DomainException.invalid(
            "page.page_token is not valid for this list; start again with an empty token");
      }
      q.bind("at", at).bind("op", page.after(1));
    }
    return q.map(
            (rs, ctx) ->
                new Listed(
                    rs.getString("operation_id"),
                    instant(rs.getTimestamp("created_at")),
                    rs.getString("result"),
                    rs.getString("undone_by")))
        .list();
  }

  static int countOps(Handle h, UUID eventId) {
    return h.createQuery("SELECT count(*) FROM scan_operation WHERE event_id = :e AND applied")
        .bind("e", eventId)
        .mapTo(Integer.class)
        .one();
  }
}
