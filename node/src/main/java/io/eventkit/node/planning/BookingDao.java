package io.eventkit.node.planning;

import io.eventkit.node.kernel.Interval;
import io.eventkit.node.platform.db.BindTenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(BookingDao.Mapper.class)
interface BookingDao {
  String COLUMNS =
      "id, event_id, parent_line_id, product_id, asset_id, case_id, quantity,"
          + " lower(period) AS starts_at, upper(period) AS ends_at,"
          + " lower(hold_period) AS hold_starts_at, upper(hold_period) AS hold_ends_at,"
          + " event_status, holds, priority, created_at";

  @BindTenant
  @SqlBatch
  @UseClasspathSqlLocator
  void insert(@BindMethods("l") List<Row> lines);

  /** Quantity, period, hold period and priority of existing lines, from the rows. */
  @BindTenant
  @SqlBatch
  @UseClasspathSqlLocator
  void reschedule(@BindMethods("l") List<Row> lines);

  @BindTenant
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM booking_line WHERE tenant_id = :tenant AND event_id = :eventId ORDER BY created_at, id")
  List<BookingLine> ofEvent(@Bind("eventId") UUID eventId);

  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + " FROM booking_line WHERE tenant_id = :tenant AND id = :id")
  Optional<BookingLine> find(@Bind("id") UUID id);

  @BindTenant
  @SqlUpdate("DELETE FROM booking_line WHERE tenant_id = :tenant AND id = :id")
  int delete(@Bind("id") UUID id);

  @SqlUpdate(
      "UPDATE booking_line SET event_status = :status, holds = :holds WHERE event_id = :eventId")
  int setStatus(
      @Bind("eventId") UUID eventId, @Bind("status") String status, @Bind("holds") boolean holds);

  /** An existing holding line of this asset overlapping the period, for a precise error. */
  @SqlQuery
  @UseClasspathSqlLocator
  Optional<String> assetClash(
      @Bind("assetId") UUID assetId, @Bind("start") Instant start, @Bind("end") Instant end);

  @SqlQuery
  @UseClasspathSqlLocator
  Optional<String> caseClash(
      @Bind("caseIds") UUID[] caseIds, @Bind("start") Instant start, @Bind("end") Instant end);

  @SqlQuery
  @UseClasspathSqlLocator
  List<String> eventClashes(@Bind("eventId") UUID eventId);

  @SqlUpdate
  @UseClasspathSqlLocator
  int resyncHolds(@Bind("holding") String[] holding);

  record Row(
      UUID id,
      UUID eventId,
      UUID parentLineId,
      UUID productId,
      UUID assetId,
      UUID caseId,
      int quantity,
      Instant start,
      Instant end,
      Instant holdStart,
      Instant holdEnd,
      String eventStatus,
      boolean holds,
      int priority,
      Instant createdAt) {
    static Row of(BookingLine l) {
      return new Row(
          l.id(),
          l.eventId(),
          l.parentLineId(),
          l.productId(),
          l.assetId(),
          l.caseId(),
          l.quantity(),
          l.period().start(),
          l.period().end(),
          l.holdPeriod().start(),
          l.holdPeriod().end(),
          l.eventStatus(),
          l.holds(),
          l.priority(),
          l.createdAt());
    }
  }

  final class Mapper implements RowMapper<BookingLine> {
    @Override
    public BookingLine map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new BookingLine(
          rs.getObject("id", UUID.class),
          rs.getObject("event_id", UUID.class),
          rs.getObject("parent_line_id", UUID.class),
          rs.getObject("product_id", UUID.class),
          rs.getObject("asset_id", UUID.class),
          rs.getObject("case_id", UUID.class),
          rs.getInt("quantity"),
          new Interval(
              rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant()),
          new Interval(
              rs.getTimestamp("hold_starts_at").toInstant(),
              rs.getTimestamp("hold_ends_at").toInstant()),
          rs.getString("event_status"),
          rs.getBoolean("holds"),
          rs.getInt("priority"),
          rs.getTimestamp("created_at").toInstant());
    }
  }
}
