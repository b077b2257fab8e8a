package io.eventkit.node.federation.trust;

import io.eventkit.node.platform.db.BindTenant;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The trust audit log (V2): append-only. */
@UseClasspathSqlLocator
@RegisterConstructorMapper(TrustAudit.Entry.class)
interface TrustAuditDao {
  @BindTenant
  @SqlUpdate
  void append(
      @Bind("at") Instant at,
      @Bind("actor") String actor,
      @Bind("address") String address,
      @Bind("partner") String partner,
      @Bind("action") String action,
      @Bind("detail") String detail);

  /** Newest first, below {@code before}; {@code partner} '' means every partner. */
  @BindTenant
  @SqlQuery
  List<TrustAudit.Entry> page(
      @Bind("partner") String partner, @Bind("before") long beforeId, @Bind("limit") int limit);
}
