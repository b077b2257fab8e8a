package io.eventkit.node.inventory;

import io.eventkit.node.platform.db.BindTenant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
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

  @BindTenant
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM location WHERE tenant_id = :tenant AND (:code IS NULL OR (code, id) > (:code, :id))"
          + " ORDER BY code, id LIMIT :limit")
  List<Location> list(
      @Bind("code") String afterCode, @Bind("id") UUID afterId, @Bind("limit") int limit);

  @BindTenant
  @SqlQuery("SELECT count(*) FROM location WHERE tenant_id = :tenant")
  long count();
}
