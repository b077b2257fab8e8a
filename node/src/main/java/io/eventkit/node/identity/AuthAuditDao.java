package io.eventkit.node.identity;

import io.eventkit.node.platform.db.BindTenant;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The append-only {@code auth_audit} table. */
@UseClasspathSqlLocator
@RegisterConstructorMapper(AuthAudit.Entry.class)
interface AuthAuditDao {
  @BindTenant
  @SqlUpdate
  void insert(
      @Bind("at") Instant at,
      @Bind("actor") String actor,
      @Bind("address") String actorAddress,
      @Bind("action") String action,
      @Bind("subject") String subject,
      @Bind("detail") String detail);

  /** Newest first: entries with an id below {@code before}, at most {@code limit}. */
  @BindTenant
  @SqlQuery
  List<AuthAudit.Entry> list(@Bind("before") long before, @Bind("limit") int limit);
}
