package io.eventkit.node.data;

import io.eventkit.node.platform.db.BindTenant;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The export/import log and the saved column mappings. */
@UseClasspathSqlLocator
@RegisterConstructorMapper(DataDao.AuditEntry.class)
@RegisterConstructorMapper(DataDao.SavedMapping.class)
interface DataDao {
  @SqlUpdate
  @BindTenant
  void audit(
      @Bind("id") UUID id,
      @Bind("at") Instant at,
      @Bind("actor") String actor,
      @Bind("action") String action,
      @Bind("detail") String detail);

  @SqlQuery
  @BindTenant
  List<AuditEntry> auditLog(@Bind("limit") int limit);

  @SqlQuery
  @BindTenant
  List<SavedMapping> mappings();

  @SqlQuery
  @BindTenant
  Optional<SavedMapping> mapping(@Bind("name") String name);

  @SqlUpdate
  @BindTenant
  void saveMapping(
      @Bind("name") String name,
      @Bind("entity") String entity,
      @Bind("columns") String columnsJson,
      @Bind("updatedAt") Instant updatedAt);

  @SqlUpdate
  @BindTenant
  int deleteMapping(@Bind("name") String name);

  record AuditEntry(Instant at, String actor, String action, String detail) {}

  record SavedMapping(String name, String entity, String columns, Instant updatedAt) {}
}
