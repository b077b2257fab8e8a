package io.eventkit.node.crm;

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
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(ActivityDao.Mapper.class)
interface ActivityDao {
  /**
   * Records an activity; {@code recorded_by} is the user's display name when {@code userId} is an
   * app user, else {@code actor} (an API token's name).
   */
  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void insert(
      @Bind("id") UUID id,
      @Bind("kind") String kind,
      @Bind("companyId") UUID companyId,
      @Bind("contactId") UUID contactId,
      @Bind("dealId") UUID dealId,
      @Bind("subject") String subject,
      @Bind("body") String body,
      @Bind("occurredAt") Instant occurredAt,
      @Bind("userId") UUID userId,
      @Bind("actor") String actor,
      @Bind("now") Instant now);

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  Optional<Activity> find(@Bind("id") UUID id);

  /** Newest first, by (occurred_at, id) descending, before the given key. */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Activity> list(
      @Bind("companyId") UUID companyId,
      @Bind("contactId") UUID contactId,
      @Bind("dealId") UUID dealId,
      @Bind("beforeAt") Instant beforeAt,
      @Bind("beforeId") UUID beforeId,
      @Bind("limit") int limit);

  final class Mapper implements RowMapper<Activity> {
    @Override
    public Activity map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Activity(
          rs.getObject("id", UUID.class),
          Activity.Kind.valueOf(rs.getString("kind")),
          rs.getObject("company_id", UUID.class),
          rs.getObject("contact_id", UUID.class),
          rs.getString("contact_name"),
          rs.getObject("deal_id", UUID.class),
          rs.getString("subject"),
          rs.getString("body"),
          rs.getTimestamp("occurred_at").toInstant(),
          rs.getString("recorded_by"),
          rs.getTimestamp("created_at").toInstant());
    }
  }
}
