package io.eventkit.node.crew;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventkit.node.crew.CrewModel.Assignment;
import io.eventkit.node.crew.CrewModel.AssignmentStatus;
import io.eventkit.node.crew.CrewModel.BusyBlock;
import io.eventkit.node.crew.CrewModel.BusyKind;
import io.eventkit.node.crew.CrewModel.Conflict;
import io.eventkit.node.crew.CrewModel.ConflictKind;
import io.eventkit.node.crew.CrewModel.RateUnit;
import io.eventkit.node.crew.CrewModel.Severity;
import io.eventkit.node.crew.CrewModel.TimesheetStatus;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.platform.db.BindTenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/** Assignments, the conflict check's neighbours and the availability grid's busy blocks. */
@RegisterRowMapper(AssignmentDao.AssignmentMapper.class)
@RegisterRowMapper(AssignmentDao.BusyMapper.class)
@RegisterRowMapper(AssignmentDao.EventMapper.class)
interface AssignmentDao {
  ObjectMapper JSON = new ObjectMapper();

  String SELECT =
      "SELECT a.id, a.event_id, e.name AS event_name, a.crew_member_id, m.name AS member_name,"
          + " a.function, lower(a.call) AS call_start, upper(a.call) AS call_end, a.currency,"
          + " a.rate_minor, a.rate_unit, a.required_skills, a.status,"
          + " CAST(a.overridden_conflicts AS text) AS overridden, a.override_reason,"
          + " a.decline_reason, a.notes, e.venue, e.time_zone, a.responded_at, a.created_at,"
          + " a.updated_at, t.status AS timesheet_status"
          + " FROM crew_assignment a JOIN event e ON e.id = a.event_id"
          + " JOIN crew_member m ON m.id = a.crew_member_id"
          + " LEFT JOIN crew_timesheet t ON t.assignment_id = a.id";

  @BindTenant
  @SqlQuery(SELECT + " WHERE a.tenant_id = :tenant AND a.id = :id AND (:all OR m.user_id = :me)")
  Optional<Assignment> find(@Bind("id") UUID id, @Bind("all") boolean all, @Bind("me") UUID me);

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Assignment> list(
      @Bind("eventId") UUID eventId,
      @Bind("memberId") UUID memberId,
      @Bind("windowStart") Instant windowStart,
      @Bind("windowEnd") Instant windowEnd,
      @Bind("statuses") String[] statuses,
      @Bind("mine") UUID mine,
      @Bind("afterStart") Instant afterStart,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit,
      @Bind("all") boolean all,
      @Bind("me") UUID me);

  /** A member's live assignments (offered or accepted) ending after {@code from}, for the feed. */
  @BindTenant
  @SqlQuery(
      SELECT
          + " WHERE a.tenant_id = :tenant AND a.crew_member_id = :member"
          + " AND a.status IN ('OFFERED', 'ACCEPTED')"
          + " AND a.call && tstzrange(:from, NULL, '[)') ORDER BY lower(a.call), a.id LIMIT 2000")
  List<Assignment> live(@Bind("member") UUID member, @Bind("from") Instant from);

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void insert(@BindMethods("a") Row a);

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void update(@BindMethods("a") Row a);

  /**
   * What may conflict with a call on {@code [start, end)} for one member: their live assignments
   * within {@code rest} of it (gist index crew_assignment_member_call) and their unavailable
   * periods overlapping it (crew_unavailability_member). See neighbours.sql.
   */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<BusyBlock> neighbours(
      @Bind("member") UUID member,
      @Bind("start") Instant start,
      @Bind("end") Instant end,
      @Bind("restMinutes") int restMinutes,
      @Bind("except") UUID except);

  /** The grid's busy blocks of the given members overlapping the window, in one query. */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<BusyBlock> busy(
      @Bind("ids") UUID[] ids, @Bind("start") Instant start, @Bind("end") Instant end);

  @BindTenant
  @SqlQuery("SELECT id, name, venue, time_zone FROM event WHERE tenant_id = :tenant AND id = :id")
  Optional<EventInfo> event(@Bind("id") UUID id);

  record EventInfo(UUID id, String name, String venue, String timeZone) {}

  /** For the demo dataset: the first events (by start) that are not cancelled or lost. */
  @BindTenant
  @SqlQuery(
      "SELECT id, lower(period) AS period_start FROM event WHERE tenant_id = :tenant"
          + " AND status NOT IN ('CANCELLED', 'LOST') AND lower(period) > :after"
          + " ORDER BY lower(period), id LIMIT :limit")
  @RegisterRowMapper(EventStartMapper.class)
  List<EventStart> upcoming(@Bind("after") Instant after, @Bind("limit") int limit);

  record EventStart(UUID id, Instant start) {}

  final class EventStartMapper implements RowMapper<EventStart> {
    @Override
    public EventStart map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new EventStart(rs.getObject("id", UUID.class), CrewDao.instant(rs, "period_start"));
    }
  }

  record Row(
      UUID id,
      UUID eventId,
      UUID crewMemberId,
      String function,
      Instant callStart,
      Instant callEnd,
      String currency,
      long rateMinor,
      String rateUnit,
      List<String> skills,
      String status,
      String overridden,
      String overrideReason,
      String declineReason,
      String notes,
      Instant respondedAt,
      Instant createdAt,
      Instant updatedAt) {
    public String[] requiredSkills() {
      return skills.toArray(String[]::new);
    }

    static Row of(Assignment a) {
      return new Row(
          a.id(),
          a.eventId(),
          a.crewMemberId(),
          a.function(),
          a.call().start(),
          a.call().end(),
          a.rate().currencyCode(),
          a.rate().minorUnits(),
          a.rateUnit().name(),
          a.requiredSkills(),
          a.status().name(),
          conflictsJson(a.overriddenConflicts()),
          a.overrideReason(),
          a.declineReason(),
          a.notes(),
          a.respondedAt(),
          a.createdAt(),
          a.updatedAt());
    }
  }

  static String conflictsJson(List<Conflict> conflicts) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Conflict c : conflicts) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("kind", c.kind().name());
      m.put("severity", c.severity().name());
      m.put("message", c.message());
      m.put("relatedId", c.relatedId() == null ? "" : c.relatedId().toString());
      m.put("skill", c.skill() == null ? "" : c.skill());
      out.add(m);
    }
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Conflict> conflicts(String json) {
    try {
      List<Map<String, String>> in = JSON.readValue(json, new TypeReference<>() {});
      List<Conflict> out = new ArrayList<>();
      for (Map<String, String> m : in) {
        String related = m.getOrDefault("relatedId", "");
        out.add(
            new Conflict(
                ConflictKind.valueOf(m.get("kind")),
                Severity.valueOf(m.getOrDefault("severity", "WARNING")),
                m.getOrDefault("message", ""),
                related.isEmpty() ? null : UUID.fromString(related),
                m.getOrDefault("skill", "")));
      }
      return List.copyOf(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  final class AssignmentMapper implements RowMapper<Assignment> {
    @Override
    public Assignment map(ResultSet rs, StatementContext ctx) throws SQLException {
      String currency = rs.getString("currency");
      String ts = rs.getString("timesheet_status");
      return new Assignment(
          rs.getObject("id", UUID.class),
          rs.getObject("event_id", UUID.class),
          rs.getString("event_name"),
          rs.getObject("crew_member_id", UUID.class),
          rs.getString("member_name"),
          rs.getString("function"),
          new Interval(CrewDao.instant(rs, "call_start"), CrewDao.instant(rs, "call_end")),
          new Money(currency, rs.getLong("rate_minor")),
          RateUnit.valueOf(rs.getString("rate_unit")),
          List.copyOf(Arrays.asList((String[]) rs.getArray("required_skills").getArray())),
          AssignmentStatus.valueOf(rs.getString("status")),
          conflicts(rs.getString("overridden")),
          rs.getString("override_reason"),
          rs.getString("decline_reason"),
          rs.getString("notes"),
          rs.getString("venue"),
          rs.getString("time_zone"),
          CrewDao.instant(rs, "responded_at"),
          CrewDao.instant(rs, "created_at"),
          CrewDao.instant(rs, "updated_at"),
          ts == null ? null : TimesheetStatus.valueOf(ts));
    }
  }

  final class BusyMapper implements RowMapper<BusyBlock> {
    @Override
    public BusyBlock map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new BusyBlock(
          rs.getObject("crew_member_id", UUID.class),
          BusyKind.valueOf(rs.getString("kind")),
          new Interval(CrewDao.instant(rs, "period_start"), CrewDao.instant(rs, "period_end")),
          rs.getObject("id", UUID.class),
          rs.getString("label"),
          rs.getObject("event_id", UUID.class));
    }
  }

  final class EventMapper implements RowMapper<EventInfo> {
    @Override
    public EventInfo map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new EventInfo(
          rs.getObject("id", UUID.class),
          rs.getString("name"),
          rs.getString("venue"),
          rs.getString("time_zone"));
    }
  }
}
