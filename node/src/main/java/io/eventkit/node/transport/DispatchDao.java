package io.eventkit.node.transport;

import io.eventkit.node.kernel.Interval;
import io.eventkit.node.platform.db.BindTenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
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

@RegisterRowMapper(DispatchDao.RunMapper.class)
interface DispatchDao {
  String SELECT =
      "SELECT r.id, r.reference, r.vehicle_id, v.name AS vehicle_name, r.driver_crew_member_id,"
          + " coalesce(m.name, '') AS driver_name, lower(r.period) AS starts_at,"
          + " upper(r.period) AS ends_at, r.stops::text AS stops, r.status, r.event_id,"
          + " coalesce(e.name, '') AS event_name, r.notes, r.created_at, r.updated_at"
          + " FROM dispatch_run r JOIN vehicle v ON v.id = r.vehicle_id"
          + " LEFT JOIN crew_member m ON m.id = r.driver_crew_member_id"
          + " LEFT JOIN event e ON e.id = r.event_id";

  @BindTenant
  @SqlQuery(SELECT + " WHERE r.tenant_id = :tenant AND r.id = :id")
  Optional<Model.Run> find(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery("SELECT status FROM dispatch_run WHERE tenant_id = :tenant AND id = :id FOR UPDATE")
  Optional<String> lockStatus(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Model.Run> list(
      @Bind("windowStart") Instant windowStart,
      @Bind("windowEnd") Instant windowEnd,
      @Bind("vehicleId") UUID vehicleId,
      @Bind("driverId") UUID driverId,
      @Bind("eventId") UUID eventId,
      @Bind("statuses") String[] statuses,
      @Bind("afterStart") Instant afterStart,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  @BindTenant
  @SqlUpdate(
      "INSERT INTO dispatch_run (tenant_id, id, reference, vehicle_id, driver_crew_member_id,"
          + " period, stops, status, event_id, notes, created_at, updated_at)"
          + " VALUES (:tenant, :id, :reference, :vehicleId, :driverId,"
          + " tstzrange(:start, :end, '[)'), CAST(:stops AS jsonb), 'PLANNED', :eventId, :notes,"
          + " :now, :now)")
  void insert(
      @Bind("id") UUID id,
      @Bind("reference") String reference,
      @Bind("vehicleId") UUID vehicleId,
      @Bind("driverId") UUID driverId,
      @Bind("start") Instant start,
      @Bind("end") Instant end,
      @Bind("stops") String stops,
      @Bind("eventId") UUID eventId,
      @Bind("notes") String notes,
      @Bind("now") Instant now);

  @BindTenant
  @SqlUpdate(
      "UPDATE dispatch_run SET vehicle_id = :vehicleId, driver_crew_member_id = :driverId,"
          + " period = tstzrange(:start, :end, '[)'), stops = CAST(:stops AS jsonb),"
          + " event_id = :eventId, notes = :notes, updated_at = :now"
          + " WHERE tenant_id = :tenant AND id = :id")
  int update(
      @Bind("id") UUID id,
      @Bind("vehicleId") UUID vehicleId,
      @Bind("driverId") UUID driverId,
      @Bind("start") Instant start,
      @Bind("end") Instant end,
      @Bind("stops") String stops,
      @Bind("eventId") UUID eventId,
      @Bind("notes") String notes,
      @Bind("now") Instant now);

  @BindTenant
  @SqlUpdate(
      "UPDATE dispatch_run SET status = :status, updated_at = :now"
          + " WHERE tenant_id = :tenant AND id = :id")
  int setStatus(@Bind("id") UUID id, @Bind("status") String status, @Bind("now") Instant now);

  /** The next number of the year's references (a row per tenant and year, locked by the upsert). */
  @BindTenant
  @SqlQuery(
      "INSERT INTO dispatch_reference_counter AS c (tenant_id, year, last)"
          + " VALUES (:tenant, :year, 1) ON CONFLICT (tenant_id, year)"
          + " DO UPDATE SET last = c.last + 1 RETURNING last")
  int nextNumber(@Bind("year") int year);

  // ---- what the conflict checks read ----

  record EventRow(UUID id, String name, String venue) {}

  @BindTenant
  @SqlQuery("SELECT id, name, venue FROM event WHERE tenant_id = :tenant AND id = :id")
  @RegisterConstructorMapper(EventRow.class)
  Optional<EventRow> event(@Bind("id") UUID id);

  record LocationRow(UUID id, String name, String address) {}

  @BindTenant
  @SqlQuery("SELECT id, name, address FROM location WHERE tenant_id = :tenant AND id = :id")
  @RegisterConstructorMapper(LocationRow.class)
  Optional<LocationRow> location(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery(
      "SELECT coalesce(nullif(display_name, ''), node_id) FROM partner"
          + " WHERE tenant_id = :tenant AND node_id = :nodeId")
  Optional<String> partnerName(@Bind("nodeId") String nodeId);

  @BindTenant
  @SqlQuery("SELECT partner_node_id FROM subhire WHERE tenant_id = :tenant AND id = :id")
  Optional<String> subhirePartner(@Bind("id") UUID id);

  record Member(UUID id, String name, boolean archived) {}

  @BindTenant
  @SqlQuery("SELECT id, name, archived FROM crew_member WHERE tenant_id = :tenant AND id = :id")
  @RegisterConstructorMapper(Member.class)
  Optional<Member> member(@Bind("id") UUID id);

  /** The member's qualification row for the skill: absent, or its expiry (null: never). */
  record Qualification(LocalDate expiresOn) {}

  @BindTenant
  @SqlQuery(
      "SELECT expires_on FROM crew_qualification WHERE tenant_id = :tenant"
          + " AND crew_member_id = :memberId AND skill = :skill")
  @RegisterConstructorMapper(Qualification.class)
  Optional<Qualification> qualification(
      @Bind("memberId") UUID memberId, @Bind("skill") String skill);

  record Busy(UUID id, String label, Instant startsAt, Instant endsAt) {}

  /** The driver's other live runs overlapping the period. */
  @BindTenant
  @SqlQuery(
      "SELECT r.id, r.reference || ' (' || v.name || ')' AS label, lower(r.period) AS starts_at,"
          + " upper(r.period) AS ends_at FROM dispatch_run r JOIN vehicle v ON v.id = r.vehicle_id"
          + " WHERE r.tenant_id = :tenant AND r.driver_crew_member_id = :driverId"
          + " AND r.status <> 'CANCELLED' AND r.period && tstzrange(:start, :end, '[)')"
          + " AND (CAST(:exceptRun AS uuid) IS NULL OR r.id <> :exceptRun)"
          + " ORDER BY lower(r.period)")
  @RegisterConstructorMapper(Busy.class)
  List<Busy> driverRuns(
      @Bind("driverId") UUID driverId,
      @Bind("start") Instant start,
      @Bind("end") Instant end,
      @Bind("exceptRun") UUID exceptRun);

  /** The member's offered or accepted crew assignments overlapping the period. */
  @BindTenant
  @SqlQuery(
      "SELECT a.id, a.function || ' at ' || e.name AS label, lower(a.call) AS starts_at,"
          + " upper(a.call) AS ends_at FROM crew_assignment a JOIN event e ON e.id = a.event_id"
          + " WHERE a.tenant_id = :tenant AND a.crew_member_id = :driverId"
          + " AND a.status IN ('OFFERED', 'ACCEPTED') AND a.call && tstzrange(:start, :end, '[)')"
          + " ORDER BY lower(a.call)")
  @RegisterConstructorMapper(Busy.class)
  List<Busy> driverAssignments(
      @Bind("driverId") UUID driverId, @Bind("start") Instant start, @Bind("end") Instant end);

  final class RunMapper implements RowMapper<Model.Run> {
    @Override
    public Model.Run map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Model.Run(
          rs.getObject("id", UUID.class),
          rs.getString("reference"),
          rs.getObject("vehicle_id", UUID.class),
          rs.getString("vehicle_name"),
          rs.getObject("driver_crew_member_id", UUID.class),
          rs.getString("driver_name"),
          new Interval(
              rs.getTimestamp("starts_at").toInstant(), rs.getTimestamp("ends_at").toInstant()),
          Stops.parse(rs.getString("stops")),
          Model.Status.valueOf(rs.getString("status")),
          rs.getObject("event_id", UUID.class),
          rs.getString("event_name"),
          rs.getString("notes"),
          rs.getTimestamp("created_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant());
    }
  }
}
