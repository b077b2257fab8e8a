package io.eventkit.node.inventory;

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

  @SqlUpdate(
      "INSERT INTO location ("
          + COLUMNS
          + ")"
          + " VALUES (:id, :kind, :code, :name, :parentId, :address, :createdAt)")
  void insert(@BindMethods Location l);

  @SqlBatch(
      "INSERT INTO location ("
          + COLUMNS
          + ")"
          + " VALUES (:id, :kind, :code, :name, :parentId, :address, :createdAt)")
  void insertAll(@BindMethods List<Location> l);

  @SqlQuery("SELECT " + COLUMNS + " FROM location WHERE id = :id")
  Optional<Location> find(@Bind("id") UUID id);

  @SqlQuery("SELECT " + COLUMNS + " FROM location WHERE code = :code")
  Optional<Location> findByCode(@Bind("code") String code);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM location WHERE (:code IS NULL OR (code, id) > (:code, :id))"
          + " ORDER BY code, id LIMIT :limit")
  List<Location> list(
      @Bind("code") String afterCode, @Bind("id") UUID afterId, @Bind("limit") int limit);

  @SqlQuery("SELECT count(*) FROM location")
  long count();
}
