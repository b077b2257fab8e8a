package io.eventkit.node.crew;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.eventkit.node.crew.CrewModel.Entry;
import io.eventkit.node.crew.CrewModel.Timesheet;
import io.eventkit.node.crew.CrewModel.TimesheetStatus;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.platform.db.BindTenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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

/** Timesheets and the payroll sums. */
@RegisterRowMapper(TimesheetDao.TimesheetMapper.class)
@RegisterRowMapper(TimesheetDao.PayrollRowMapper.class)
interface TimesheetDao {
  String SELECT =
      "SELECT t.id, t.assignment_id, t.crew_member_id, m.name AS member_name, a.event_id,"
          + " e.name AS event_name, a.function, CAST(t.entries AS text) AS entries_json, t.notes,"
          + " t.status, t.total_minutes, t.currency, t.amount_minor, t.submitted_at,"
          + " t.reviewed_by, t.reviewed_at, t.reject_reason, t.updated_at, t.work_start"
          + " FROM crew_timesheet t JOIN crew_assignment a ON a.id = t.assignment_id"
          + " JOIN event e ON e.id = a.event_id JOIN crew_member m ON m.id = t.crew_member_id";

  @BindTenant
  @SqlQuery(SELECT + " WHERE t.tenant_id = :tenant AND t.id = :id AND (:all OR m.user_id = :me)")
  Optional<Timesheet> find(@Bind("id") UUID id, @Bind("all") boolean all, @Bind("me") UUID me);

  @BindTenant
  @SqlQuery(
      SELECT
          + " WHERE t.tenant_id = :tenant AND t.id = :id AND (:all OR m.user_id = :me)"
          + " FOR UPDATE OF t")
  Optional<Timesheet> lock(@Bind("id") UUID id, @Bind("all") boolean all, @Bind("me") UUID me);

  @BindTenant
  @SqlQuery(SELECT + " WHERE t.tenant_id = :tenant AND t.assignment_id = :id FOR UPDATE OF t")
  Optional<Timesheet> lockByAssignment(@Bind("id") UUID assignmentId);

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Timesheet> list(
      @Bind("memberId") UUID memberId,
      @Bind("eventId") UUID eventId,
      @Bind("statuses") String[] statuses,
      @Bind("windowStart") Instant windowStart,
      @Bind("windowEnd") Instant windowEnd,
      @Bind("mine") UUID mine,
      @Bind("afterStart") Instant afterStart,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit,
      @Bind("all") boolean all,
      @Bind("me") UUID me);

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void upsert(@BindMethods("t") Row t);

  @BindTenant
  @SqlUpdate(
      "UPDATE crew_timesheet SET status = :status, submitted_at = :submittedAt,"
          + " reviewed_by = :reviewedBy, reviewed_at = :reviewedAt, reject_reason = :reason,"
          + " updated_at = :at WHERE tenant_id = :tenant AND id = :id")
  void setStatus(
      @Bind("id") UUID id,
      @Bind("status") String status,
      @Bind("submittedAt") Instant submittedAt,
      @Bind("reviewedBy") String reviewedBy,
      @Bind("reviewedAt") Instant reviewedAt,
      @Bind("reason") String reason,
      @Bind("at") Instant at);

  /** Approved timesheets with work starting in [start, end), by member name then work start. */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<PayrollRow> payroll(@Bind("start") Instant start, @Bind("end") Instant end);

  /** The same timesheets summed per member and currency, in SQL. */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  @RegisterRowMapper(TotalMapper.class)
  List<CrewModel.PayrollTotal> payrollTotals(
      @Bind("start") Instant start, @Bind("end") Instant end);

  final class TotalMapper implements RowMapper<CrewModel.PayrollTotal> {
    @Override
    public CrewModel.PayrollTotal map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new CrewModel.PayrollTotal(
          rs.getObject("crew_member_id", UUID.class),
          rs.getString("member_name"),
          CrewModel.Employment.valueOf(rs.getString("employment")),
          rs.getInt("timesheets"),
          rs.getInt("total_minutes"),
          new Money(rs.getString("currency"), rs.getLong("amount_minor")));
    }
  }

  record PayrollRow(
      UUID timesheetId,
      UUID crewMemberId,
      String crewMemberName,
      String employment,
      String eventName,
      String function,
      Instant workStart,
      int totalMinutes,
      String currency,
      long amountMinor) {}

  record Row(
      UUID id,
      UUID assignmentId,
      UUID crewMemberId,
      String entries,
      Instant workStart,
      int totalMinutes,
      String currency,
      long amountMinor,
      String notes,
      String status,
      Instant submittedAt,
      Instant createdAt,
      Instant updatedAt) {}

  static String entriesJson(List<Entry> entries) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Entry e : entries) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("start", e.worked().start().toString());
      m.put("end", e.worked().end().toString());
      m.put("breakMinutes", e.breakMinutes());
      out.add(m);
    }
    try {
      return AssignmentDao.JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Entry> entries(String json) {
    try {
      List<Map<String, Object>> in = AssignmentDao.JSON.readValue(json, new TypeReference<>() {});
      List<Entry> out = new ArrayList<>();
      for (Map<String, Object> m : in) {
        out.add(
            new Entry(
                new Interval(
                    Instant.parse((String) m.get("start")), Instant.parse((String) m.get("end"))),
                ((Number) m.get("breakMinutes")).intValue()));
      }
      return List.copyOf(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  final class TimesheetMapper implements RowMapper<Timesheet> {
    @Override
    public Timesheet map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Timesheet(
          rs.getObject("id", UUID.class),
          rs.getObject("assignment_id", UUID.class),
          rs.getObject("crew_member_id", UUID.class),
          rs.getString("member_name"),
          rs.getObject("event_id", UUID.class),
          rs.getString("event_name"),
          rs.getString("function"),
          entries(rs.getString("entries_json")),
          rs.getString("notes"),
          TimesheetStatus.valueOf(rs.getString("status")),
          rs.getInt("total_minutes"),
          new Money(rs.getString("currency"), rs.getLong("amount_minor")),
          CrewDao.instant(rs, "submitted_at"),
          rs.getString("reviewed_by"),
          CrewDao.instant(rs, "reviewed_at"),
          rs.getString("reject_reason"),
          CrewDao.instant(rs, "updated_at"));
    }
  }

  final class PayrollRowMapper implements RowMapper<PayrollRow> {
    @Override
    public PayrollRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new PayrollRow(
          rs.getObject("id", UUID.class),
          rs.getObject("crew_member_id", UUID.class),
          rs.getString("member_name"),
          rs.getString("employment"),
          rs.getString("event_name"),
          rs.getString("function"),
          CrewDao.instant(rs, "work_start"),
          rs.getInt("total_minutes"),
          rs.getString("currency"),
          rs.getLong("amount_minor"));
    }
  }
}
