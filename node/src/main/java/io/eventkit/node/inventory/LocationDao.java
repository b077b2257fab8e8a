package io.eventkit.node.inventory;

import io.eventkit.node.platform.db.BindTenant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(Location.class)
interface LocationDao {
  String COLUMNS = "id, kind, code, name, parent_id, address, created_at";

  @BindTenant
  @SqlUpdate(
      "INSERT INTO location (tenant_id, "
          + COLUMNS
          + ")"
          + " VALUES (:tenant, :id, :kind, :code, :name, :parentId, :address, :createdAt)")
  void insert(@BindMethods Location l);

  @BindTenant
  @SqlBatch(
      "INSERT INTO location (tenant_id, "
          + COLUMNS
          + ")"
          + " VALUES (:tenant, :id, :kind, :code, :name, :parentId, :address, :createdAt)")
  void insertAll(@BindMethods List<Location> l);

  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + " FROM location WHERE tenant_id = :tenant AND id = :id")
  Optional<Location> find(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + " FROM location WHERE tenant_id = :tenant AND code = :code")
  Optional<Location> findByCode(@Bind("code") String code);

  /** {@code like} is a LIKE pattern on lower(code) and lower(name), or null for all. */
  @BindTenant
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM location WHERE tenant_id = :tenant AND (:code IS NULL OR (code, id) > (:code, :id))"
          + " AND (CAST(:like AS text) IS NULL OR lower(code) LIKE :like OR lower(name) LIKE :like)"
          + " ORDER BY code, id LIMIT :limit")
  List<Location> list(
      @Bind("like") String like,
      @Bind("code") String afterCode,
      @Bind("id") UUID afterId,
      @Bind("limit") int limit);

  @BindTenant
  @SqlQuery(
      "SELECT " + COLUMNS + " FROM location WHERE tenant_id = :tenant AND id = :id FOR UPDATE")
  Optional<Location> lock(@Bind("id") UUID id);

  @BindTenant
  @SqlUpdate(
      "UPDATE location SET code = :code, name = :name, address = :address"
          + " WHERE tenant_id = :tenant AND id = :id")
  int update(
      @Bind("id") UUID id,
      @Bind("code") String code,
      @Bind("name") String name,
      @Bind("address") String address);

  /** What still uses a location (any of these blocks its deletion). */
  record References(
      long bins,
      long assetsHomed,
      long assetsHere,
      long bulkUnits,
      long stockAdjustments,
      long transfers,
      long cases) {}

  @SqlQuery
  @UseClasspathSqlLocator
  @RegisterConstructorMapper(References.class)
  References references(@Bind("id") UUID id);

  @SqlUpdate("DELETE FROM bulk_stock WHERE location_id = :id AND quantity = 0")
  int deleteEmptyStock(@Bind("id") UUID id);

  @BindTenant
  @SqlUpdate("DELETE FROM location WHERE tenant_id = :tenant AND id = :id")
  int delete(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery("SELECT count(*) FROM location WHERE tenant_id = :tenant")
  long count();
}
