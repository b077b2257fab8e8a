package io.eventkit.node.reports;

import io.eventkit.node.platform.db.BindTenant;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Saved reports: a caller sees their own and the shared ones. */
@RegisterConstructorMapper(SavedReportDao.Row.class)
interface SavedReportDao {
  String COLUMNS =
      "id, owner_id, owner_name, name, description, report, CAST(spec AS text) AS spec, display,"
          + " shared, pinned, revision, created_at, updated_at";

  @BindTenant
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM saved_report WHERE tenant_id = :tenant AND id = :id"
          + " AND (owner_id = :owner OR shared)")
  Optional<Row> find(@Bind("id") UUID id, @Bind("owner") String owner);

  @BindTenant
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM saved_report WHERE tenant_id = :tenant AND id = :id"
          + " AND (owner_id = :owner OR shared) FOR UPDATE")
  Optional<Row> lock(@Bind("id") UUID id, @Bind("owner") String owner);

  @BindTenant
  @SqlQuery(
      "SELECT EXISTS (SELECT 1 FROM saved_report WHERE tenant_id = :tenant AND owner_id = :owner"
          + " AND lower(name) = lower(:name) AND id <> :id)")
  boolean nameTaken(@Bind("owner") String owner, @Bind("name") String name, @Bind("id") UUID id);

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void insert(@BindMethods("r") Row r);

  @BindTenant
  @SqlUpdate(
      "UPDATE saved_report SET name = :r.name, description = :r.description, report = :r.report,"
          + " spec = CAST(:r.spec AS jsonb), display = :r.display, shared = :r.shared,"
          + " pinned = :r.pinned, revision = revision + 1, updated_at = :r.updatedAt"
          + " WHERE tenant_id = :tenant AND id = :r.id")
  void update(@BindMethods("r") Row r);

  @BindTenant
  @SqlUpdate("DELETE FROM saved_report WHERE tenant_id = :tenant AND id = :id")
  void delete(@Bind("id") UUID id);

  /** The caller's own and the shared ones, by name (case-insensitive) then ID; keyset-paged. */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Row> list(
      @Bind("owner") String owner,
      @Bind("afterName") String afterName,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  /** The caller's pinned ones, by name. */
  @BindTenant
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM saved_report WHERE tenant_id = :tenant AND owner_id = :owner AND pinned"
          + " ORDER BY lower(name), id")
  List<Row> pinned(@Bind("owner") String owner);

  record Row(
      UUID id,
      String ownerId,
      String ownerName,
      String name,
      String description,
      String report,
      String spec,
      String display,
      boolean shared,
      boolean pinned,
      long revision,
      Instant createdAt,
      Instant updatedAt) {}
}
