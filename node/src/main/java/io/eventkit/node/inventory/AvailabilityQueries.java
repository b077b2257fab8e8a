package io.eventkit.node.inventory;

import io.eventkit.node.inventory.AvailabilityDao.Capacity;
import io.eventkit.node.inventory.AvailabilityDao.TemporaryStock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The hot-path reads of {@link AvailabilityDao} (same SQL files) through JDBI's fluent API with
 * plain row mappers. Attaching a SqlObject costs 1–6 ms per call on this stack (measured in
 * InventoryScaleTest), ten times the queries themselves, which would miss the ≤ 3× bare-SQL target;
 * so availability reads skip the attach. Writes and cold paths use the DAO.
 */
final class AvailabilityQueries {
  private static final ClasspathSqlLocator LOCATOR = ClasspathSqlLocator.removingComments();
  private static final String CAPACITIES = LOCATOR.locate(AvailabilityDao.class, "capacities");
  private static final String LINES = LOCATOR.locate(AvailabilityDao.class, "lines");
  private static final String TEMPORARY = LOCATOR.locate(AvailabilityDao.class, "temporary");
  static final String SHORTAGE_ROWS = LOCATOR.locate(AvailabilityDao.class, "shortageRows");
  static final String SHORTAGE_STOCK = LOCATOR.locate(AvailabilityDao.class, "shortageStock");
  static final String TAKE_NOTED = LOCATOR.locate(AvailabilityDao.class, "takeNoted");

  /**
   * The shared catalogue's stamp (docs/federation.md §8.4.6), one row: the number of shared
   * products (index-only over product_shared) and the latest change of any product in epoch
   * microseconds (one backward probe of product_updated; both indexes V84).
   */
  static final String SHARED_STAMP =
      "SELECT (SELECT count(*) FROM product WHERE tenant_id = :tenant AND shared) AS stamp_shared,"
          + " coalesce((SELECT floor(extract(epoch FROM max(updated_at)) * 1000000)"
          + " FROM product WHERE tenant_id = :tenant), 0)::bigint AS stamp_changed_at";

  /**
   * Availability.shared's first statement: the stamp row (always one) left-joined to the shared
   * products among :ids with their capacity, so a partner's query costs the three statements of a
   * local one.
   */
  static final String SHARED_CAPACITIES =
      "SELECT s.stamp_shared, s.stamp_changed_at, "
          + ProductDao.COLUMNS
          + ", c.owned, c.unavailable FROM ("
          + SHARED_STAMP
          + ") s LEFT JOIN (product p JOIN product_capacity c ON c.product_id = p.id)"
          + " ON p.tenant_id = :tenant AND p.shared AND p.id = ANY(:ids)";

  static final ProductDao.Mapper PRODUCT = new ProductDao.Mapper();

  private AvailabilityQueries() {}

  static final RowMapper<Capacity> CAPACITY =
      (rs, ctx) ->
          new Capacity(
              rs.getObject("product_id", UUID.class), rs.getInt("owned"), rs.getInt("unavailable"));

  static final RowMapper<BookedLine> LINE = (rs, ctx) -> line(rs);

  static final RowMapper<TemporaryStock> TEMP =
      (rs, ctx) ->
          new TemporaryStock(
              rs.getObject("product_id", UUID.class),
              rs.getInt("quantity"),
              rs.getTimestamp("starts_at").toInstant(),
              rs.getTimestamp("ends_at").toInstant());

  static BookedLine line(ResultSet rs) throws SQLException {
    return new BookedLine(
        rs.getObject("id", UUID.class),
        rs.getObject("event_id", UUID.class),
        rs.getString("event_name"),
        rs.getObject("product_id", UUID.class),
        rs.getInt("quantity"),
        rs.getTimestamp("starts_at").toInstant(),
        rs.getTimestamp("ends_at").toInstant(),
        rs.getBoolean("holds"),
        rs.getString("event_status"),
        rs.getInt("priority"),
        rs.getTimestamp("created_at").toInstant());
  }

  static List<Capacity> capacities(Handle h, UUID[] ids) {
    return h.createQuery(CAPACITIES).bind("ids", ids).map(CAPACITY).list();
  }

  static List<BookedLine> lines(
      Handle h, UUID[] ids, Instant start, Instant end, String[] tentative) {
    return h.createQuery(LINES)
        .bind("ids", ids)
        .bind("start", start)
        .bind("end", end)
        .bind("tentative", tentative)
        .map(LINE)
        .list();
  }

  static List<TemporaryStock> temporary(Handle h, UUID[] ids, Instant start, Instant end) {
    return h.createQuery(TEMPORARY)
        .bind("ids", ids)
        .bind("start", start)
        .bind("end", end)
        .map(TEMP)
        .list();
  }

  static java.util.Map<UUID, String> eventNames(Handle h, UUID[] ids) {
    java.util.Map<UUID, String> out = new java.util.HashMap<>();
    if (ids.length > 0) {
      h.createQuery("SELECT id, name FROM event WHERE id = ANY(:ids)")
          .bind("ids", ids)
          .map(
              (rs, ctx) ->
                  java.util.Map.entry(rs.getObject("id", UUID.class), rs.getString("name")))
          .forEach(e -> out.put(e.getKey(), e.getValue()));
    }
    return out;
  }
}
