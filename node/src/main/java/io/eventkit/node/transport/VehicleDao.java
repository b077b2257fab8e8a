package io.eventkit.node.transport;

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
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(VehicleDao.Mapper.class)
@RegisterRowMapper(VehicleDao.MaintenanceMapper.class)
@RegisterRowMapper(VehicleDao.BusyMapper.class)
interface VehicleDao {
  String COLUMNS =
      "v.id, v.name, v.registration, v.payload_grams, v.volume_cm3, v.loading_length_mm,"
          + " v.required_qualification, v.home_location_id, v.notes, v.retired, v.created_at,"
          + " v.updated_at";

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void insert(@BindMethods("v") Row v);

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  int update(@BindMethods("v") Row v);

  @BindTenant
  @SqlQuery("SELECT " + COLUMNS + " FROM vehicle v WHERE v.tenant_id = :tenant AND v.id = :id")
  Optional<Model.Vehicle> find(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery(
      "SELECT " + COLUMNS + " FROM vehicle v WHERE v.tenant_id = :tenant AND v.id = :id FOR UPDATE")
  Optional<Model.Vehicle> lock(@Bind("id") UUID id);

  /** Another vehicle with this name (case-insensitive) or registration key. */
  @BindTenant
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM vehicle v WHERE v.tenant_id = :tenant"
          + " AND (lower(v.name) = lower(:name) OR (:regKey <> '' AND v.registration_key = :regKey))"
          + " AND (CAST(:exceptId AS uuid) IS NULL OR v.id <> :exceptId) LIMIT 1")
  Optional<Model.Vehicle> clash(
      @Bind("name") String name, @Bind("regKey") String regKey, @Bind("exceptId") UUID exceptId);

  @BindTenant
  @SqlQuery("SELECT EXISTS (SELECT 1 FROM location WHERE tenant_id = :tenant AND id = :id)")
  boolean locationExists(@Bind("id") UUID id);

  /** Vehicles by (lower(name), id) after the key; {@code like} a LIKE pattern or null. */
  @BindTenant
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + " FROM vehicle v WHERE v.tenant_id = :tenant"
          + " AND (:includeRetired OR NOT v.retired)"
          + " AND (CAST(:like AS text) IS NULL OR lower(v.name) LIKE :like"
          + "      OR lower(v.registration) LIKE :like)"
          + " AND (CAST(:afterName AS text) IS NULL OR (lower(v.name), v.id) > (:afterName, :afterId))"
          + " ORDER BY lower(v.name), v.id LIMIT :limit")
  List<Model.Vehicle> list(
      @Bind("like") String like,
      @Bind("includeRetired") boolean includeRetired,
      @Bind("afterName") String afterName,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  @BindTenant
  @SqlUpdate(
      "INSERT INTO vehicle_maintenance (tenant_id, id, vehicle_id, period, reason, created_at)"
          + " VALUES (:tenant, :id, :vehicleId, tstzrange(:start, :end, '[)'), :reason, :now)")
  void insertMaintenance(
      @Bind("id") UUID id,
      @Bind("vehicleId") UUID vehicleId,
      @Bind("start") Instant start,
      @Bind("end") Instant end,
      @Bind("reason") String reason,
      @Bind("now") Instant now);

  @BindTenant
  @SqlQuery(
      "SELECT id, vehicle_id, lower(period) AS starts_at, upper(period) AS ends_at, reason"
          + " FROM vehicle_maintenance WHERE tenant_id = :tenant AND id = :id")
  Optional<Model.Maintenance> findMaintenance(@Bind("id") UUID id);

  @BindTenant
  @SqlUpdate("DELETE FROM vehicle_maintenance WHERE tenant_id = :tenant AND id = :id")
  int deleteMaintenance(@Bind("id") UUID id);

  /**
   * What keeps the vehicles busy in the window: live runs and maintenance, by vehicle and start
   * ({@code exceptRun}: a run to leave out, or null).
   */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Model.BusyBlock> busy(
      @Bind("ids") UUID[] vehicleIds,
      @Bind("start") Instant start,
      @Bind("end") Instant end,
      @Bind("exceptRun") UUID exceptRun);

  record Row(
      UUID id,
      String name,
      String registration,
      String registrationKey,
      long payloadGrams,
      long volumeCm3,
      int loadingLengthMm,
      String requiredQualification,
      UUID homeLocationId,
      String notes,
      boolean retired,
      Instant createdAt,
      Instant updatedAt) {
    static Row of(Model.Vehicle v) {
      Model.VehicleFields f = v.fields();
      return new Row(
          v.id(),
          f.name(),
          f.registration(),
          Vehicles.registrationKey(f.registration()),
          f.payloadGrams(),
          f.volumeCm3(),
          f.loadingLengthMm(),
          f.requiredQualification(),
          f.homeLocationId(),
          f.notes(),
          f.retired(),
          v.createdAt(),
          v.updatedAt());
    }
  }

  final class Mapper implements RowMapper<Model.Vehicle> {
    @Override
    public Model.Vehicle map(ResultSet rs, StatementContext ctx) throws SQLException {
      return vehicle(rs, "");
    }
  }

  /** A vehicle from columns named {@code prefix + column}. */
  static Model.Vehicle vehicle(ResultSet rs, String prefix) throws SQLException {
    return new Model.Vehicle(
        rs.getObject(prefix + "id", UUID.class),
        new Model.VehicleFields(
            rs.getString(prefix + "name"),
            rs.getString(prefix + "registration"),
            rs.getLong(prefix + "payload_grams"),
            rs.getLong(prefix + "volume_cm3"),
            rs.getInt(prefix + "loading_length_mm"),
            rs.getString(prefix + "required_qualification"),
            rs.getObject(prefix + "home_location_id", UUID.class),
            rs.getString(prefix + "notes"),
            rs.getBoolean(prefix + "retired")),
        rs.getTimestamp(prefix + "created_at").toInstant(),
        rs.getTimestamp(prefix + "updated_at").toInstant());
  }

  final class MaintenanceMapper implements RowMapper<Model.Maintenance> {
    @Override
    public Model.Maintenance map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Model.Maintenance(
          rs.getObject("id", UUID.class),
          rs.getObject("vehicle_id", UUID.class),
          new Interval(
              rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant()),
          rs.getString("reason"));
    }
  }

  final class BusyMapper implements RowMapper<Model.BusyBlock> {
    @Override
    public Model.BusyBlock map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Model.BusyBlock(
          rs.getObject("vehicle_id", UUID.class),
          Model.BusyKind.valueOf(rs.getString("kind")),
          new Interval(
              rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant()),
          rs.getObject("id", UUID.class),
          rs.getString("label"));
    }
  }
}
