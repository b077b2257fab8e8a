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

@RegisterRowMapper(EventDao.Mapper.class)
interface EventDao {
  String COLUMNS =
      "id, name, client_name, venue, time_zone, lower(period) AS starts_at, upper(period) AS ends_at,"
          + " status, priority, notes, created_at, updated_at, fulfilment";

  @BindTenant
  @SqlBatch
  @UseClasspathSqlLocator
  void insert(@BindMethods("e") List<Row> events);

  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + " FROM event WHERE tenant_id = :tenant AND id = :id")
  Optional<Event> find(@Bind("id") UUID id);

  @SqlQuery("SELECT " + COLUMNS + " FROM event WHERE id = :id FOR UPDATE")
  Optional<Event> lock(@Bind("id") UUID id);

  /** Every field but status and created_at, from the row. */
  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void update(@BindMethods("e") Row event);

  /** Not updated_at: the scans move it, not a planner's edit. */
  @SqlUpdate("UPDATE event SET fulfilment = :f WHERE id = :id AND fulfilment <> :f")
  void setFulfilment(@Bind("id") UUID id, @Bind("f") String fulfilment);

  @SqlUpdate("UPDATE event SET status = :status, updated_at = :now WHERE id = :id")
  void setStatus(@Bind("id") UUID id, @Bind("status") String status, @Bind("now") Instant now);

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Event> list(
      @Bind("statuses") String[] statuses,
      @Bind("fulfilments") String[] fulfilments,
      @Bind("like") String like,
      @Bind("productId") UUID productId,
      @Bind("assetId") UUID assetId,
      @Bind("windowStart") Instant windowStart,
      @Bind("windowEnd") Instant windowEnd,
      @Bind("afterStart") Instant afterStart,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  /** Its booking lines go with it (ON DELETE CASCADE). */
  @BindTenant
  @SqlUpdate("DELETE FROM event WHERE tenant_id = :tenant AND id = :id")
  int delete(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery("SELECT count(*) FROM event WHERE tenant_id = :tenant")
  long count();

  record Row(
      UUID id,
      String name,
      String clientName,
      String venue,
      String timeZone,
      Instant start,
      Instant end,
      String status,
      int priority,
      String notes,
      Instant createdAt,
      Instant updatedAt) {
    static Row of(Event e) {
      return new Row(
          e.id(),
          e.name(),
          e.clientName(),
          e.venue(),
          e.timeZone(),
          e.period().start(),
          e.period().end(),
          e.status().name(),
          e.priority(),
          e.notes(),
          e.createdAt(),
          e.updatedAt());
    }
  }

  final class Mapper implements RowMapper<Event> {
    @Override
    public Event map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Event(
          rs.getObject("id", UUID.class),
          rs.getString("name"),
          rs.getString("client_name"),
          rs.getString("venue"),
          rs.getString("time_zone"),
          new Interval(
              rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant()),
          EventStatus.valueOf(rs.getString("status")),
          rs.getInt("priority"),
          rs.getString("notes"),
          rs.getTimestamp("created_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant(),
          Fulfilment.valueOf(rs.getString("fulfilment")));
    }
  }
}
