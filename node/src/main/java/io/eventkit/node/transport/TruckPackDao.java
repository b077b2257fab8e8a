package io.eventkit.node.transport;

import io.eventkit.node.platform.db.BindTenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRowMapper(TruckPackDao.UnitMapper.class)
@RegisterRowMapper(TruckPackDao.LoadMapper.class)
interface TruckPackDao {
  /** The event's name, venue and period (the pack's and load list's header). */
  record EventRow(
      UUID id, String name, String venue, String timeZone, Instant startsAt, Instant endsAt) {}

  @BindTenant
  @SqlQuery(
      "SELECT id, name, venue, time_zone, lower(period) AS starts_at, upper(period) AS ends_at"
          + " FROM event WHERE tenant_id = :tenant AND id = :id")
  @RegisterConstructorMapper(EventRow.class)
  Optional<EventRow> event(@Bind("id") UUID id);

  /** One top-level booking line with what it weighs and measures (see units.sql). */
  record UnitRow(
      UUID id,
      UUID productId,
      UUID assetId,
      UUID caseId,
      int quantity,
      String manufacturer,
      String model,
      long productWeight,
      int productLength,
      int productWidth,
      int productHeight,
      String assetBarcode,
      String caseBarcode,
      String caseName,
      long caseWeight,
      int caseLength,
      int caseWidth,
      int caseHeight,
      long contentsWeight,
      long contentsVolume,
      int contentsLength,
      boolean contentsWeightMissing,
      boolean contentsDimsMissing,
      long contentsItems,
      int placed) {}

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<UnitRow> units(@Bind("eventId") UUID eventId);

  /** A vehicle of the pack and one line on it (null: nothing loaded). */
  record LoadRow(Model.Vehicle vehicle, UUID bookingLineId, int quantity) {}

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<LoadRow> loads(@Bind("eventId") UUID eventId);

  /** Locks a top-level line of the event (the one lock a load or unload of it takes). */
  @BindTenant
  @SqlQuery(
      "SELECT quantity FROM booking_line WHERE tenant_id = :tenant AND id = :id"
          + " AND event_id = :eventId AND parent_line_id IS NULL FOR UPDATE")
  Optional<Integer> lockLine(@Bind("eventId") UUID eventId, @Bind("id") UUID lineId);

  @BindTenant
  @SqlQuery(
      "SELECT EXISTS (SELECT 1 FROM booking_line WHERE tenant_id = :tenant AND id = :id"
          + " AND event_id = :eventId)")
  boolean lineOfEvent(@Bind("eventId") UUID eventId, @Bind("id") UUID lineId);

  record Placement(UUID vehicleId, int quantity) {}

  @SqlQuery(
      "SELECT vehicle_id, quantity FROM truck_load WHERE booking_line_id = :id ORDER BY vehicle_id")
  @RegisterConstructorMapper(Placement.class)
  List<Placement> placements(@Bind("id") UUID lineId);

  /** Sets how much of the line is on the vehicle (0 deletes the row). */
  @BindTenant
  @SqlUpdate(
      "INSERT INTO truck_load AS t (tenant_id, event_id, vehicle_id, booking_line_id, quantity,"
          + " updated_at) VALUES (:tenant, :eventId, :vehicleId, :lineId, :q, :now)"
          + " ON CONFLICT (booking_line_id, vehicle_id) DO UPDATE SET quantity = :q,"
          + " updated_at = :now")
  void put(
      @Bind("eventId") UUID eventId,
      @Bind("vehicleId") UUID vehicleId,
      @Bind("lineId") UUID lineId,
      @Bind("q") int quantity,
      @Bind("now") Instant now);

  @SqlUpdate("DELETE FROM truck_load WHERE booking_line_id = :lineId AND vehicle_id = :vehicleId")
  int remove(@Bind("vehicleId") UUID vehicleId, @Bind("lineId") UUID lineId);

  /** The run that takes this vehicle for the event (the earliest live one), for the load list. */
  record RunRow(String reference, String driverName, Instant startsAt, Instant endsAt) {}

  @BindTenant
  @SqlQuery(
      "SELECT r.reference, coalesce(m.name, '') AS driver_name, lower(r.period) AS starts_at,"
          + " upper(r.period) AS ends_at FROM dispatch_run r"
          + " LEFT JOIN crew_member m ON m.id = r.driver_crew_member_id"
          + " WHERE r.tenant_id = :tenant AND r.event_id = :eventId AND r.vehicle_id = :vehicleId"
          + " AND r.status <> 'CANCELLED' ORDER BY lower(r.period), r.id LIMIT 1")
  @RegisterConstructorMapper(RunRow.class)
  Optional<RunRow> run(@Bind("eventId") UUID eventId, @Bind("vehicleId") UUID vehicleId);

  final class UnitMapper implements RowMapper<UnitRow> {
    @Override
    public UnitRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new UnitRow(
          rs.getObject("id", UUID.class),
          rs.getObject("product_id", UUID.class),
          rs.getObject("asset_id", UUID.class),
          rs.getObject("case_id", UUID.class),
          rs.getInt("quantity"),
          rs.getString("manufacturer"),
          rs.getString("model"),
          rs.getLong("p_weight"),
          rs.getInt("p_length"),
          rs.getInt("p_width"),
          rs.getInt("p_height"),
          rs.getString("asset_barcode"),
          rs.getString("case_barcode"),
          rs.getString("case_name"),
          rs.getLong("c_weight"),
          rs.getInt("c_length"),
          rs.getInt("c_width"),
          rs.getInt("c_height"),
          rs.getLong("ct_weight"),
          rs.getLong("ct_volume"),
          rs.getInt("ct_length"),
          rs.getBoolean("ct_weight_missing"),
          rs.getBoolean("ct_dims_missing"),
          rs.getLong("ct_items"),
          rs.getInt("placed"));
    }
  }

  final class LoadMapper implements RowMapper<LoadRow> {
    @Override
    public LoadRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new LoadRow(
          VehicleDao.vehicle(rs, "v_"),
          rs.getObject("booking_line_id", UUID.class),
          rs.getInt("quantity"));
    }
  }
}
