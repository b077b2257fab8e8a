package io.eventkit.node.crew;

import io.eventkit.node.crew.CrewModel.Employment;
import io.eventkit.node.crew.CrewModel.Member;
import io.eventkit.node.crew.CrewModel.Qualification;
import io.eventkit.node.crew.CrewModel.Unavailability;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.platform.db.BindTenant;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.locator.UseClasspathSqlLocator;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Crew members, their qualifications and unavailability, the policy and calendar feeds. Every
 * lookup filters on the record scope: {@code :all}, or the member linked to user {@code :me}.
 */
@RegisterRowMapper(CrewDao.MemberMapper.class)
@RegisterRowMapper(CrewDao.QualificationRowMapper.class)
@RegisterRowMapper(CrewDao.UnavailabilityMapper.class)
interface CrewDao {
  String MEMBER =
      "m.id, m.name, m.email, m.phone, m.employment, m.currency, m.day_rate_minor,"
          + " m.hour_rate_minor, m.user_id, m.notes, m.archived, m.created_at, m.updated_at";
  String SCOPE = " AND (:all OR m.user_id = :me)";

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void insert(@BindMethods("m") MemberRow m);

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void update(@BindMethods("m") MemberRow m);

  @BindTenant
  @SqlQuery(
      "SELECT " + MEMBER + " FROM crew_member m WHERE m.tenant_id = :tenant AND m.id = :id" + SCOPE)
  Optional<Member> find(@Bind("id") UUID id, @Bind("all") boolean all, @Bind("me") UUID me);

  /** The member row locked for the transaction: offers to one member run one at a time. */
  @BindTenant
  @SqlQuery(
      "SELECT "
          + MEMBER
          + " FROM crew_member m WHERE m.tenant_id = :tenant AND m.id = :id"
          + SCOPE
          + " FOR UPDATE")
  Optional<Member> lock(@Bind("id") UUID id, @Bind("all") boolean all, @Bind("me") UUID me);

  @BindTenant
  @SqlQuery(
      "SELECT " + MEMBER + " FROM crew_member m WHERE m.tenant_id = :tenant AND m.user_id = :user")
  Optional<Member> byUser(@Bind("user") UUID user);

  /** Members by (lower(name), id) after the given key; see list.sql. */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Member> list(
      @Bind("like") String like,
      @Bind("skill") String skill,
      @Bind("validOn") LocalDate validOn,
      @Bind("includeArchived") boolean includeArchived,
      @Bind("afterName") String afterName,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit,
      @Bind("all") boolean all,
      @Bind("me") UUID me);

  @SqlQuery(
      "SELECT crew_member_id, skill, expires_on, reference FROM crew_qualification"
          + " WHERE crew_member_id = ANY(:ids) ORDER BY crew_member_id, skill")
  List<QualificationRow> qualifications(@Bind("ids") UUID[] ids);

  @SqlUpdate("DELETE FROM crew_qualification WHERE crew_member_id = :id")
  void clearQualifications(@Bind("id") UUID id);

  @BindTenant
  @SqlBatch(
      "INSERT INTO crew_qualification (crew_member_id, tenant_id, skill, expires_on, reference)"
          + " VALUES (:id, :tenant, :q.skill, :q.expiresOn, :q.reference)")
  void addQualifications(@Bind("id") UUID id, @BindMethods("q") List<QualificationFields> q);

  /** A qualification as the batch insert binds it (a public type, for JDBI's reflection). */
  record QualificationFields(String skill, LocalDate expiresOn, String reference) {
    static List<QualificationFields> of(List<Qualification> q) {
      return q.stream()
          .map(x -> new QualificationFields(x.skill(), x.expiresOn(), x.reference()))
          .toList();
    }
  }

  @BindTenant
  @SqlQuery("SELECT EXISTS (SELECT 1 FROM app_user WHERE id = :id AND tenant_id = :tenant)")
  boolean userExists(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery("SELECT EXISTS (SELECT 1 FROM crew_member WHERE tenant_id = :tenant)")
  boolean any();

  // ---- unavailability ----

  @BindTenant
  @SqlUpdate(
      "INSERT INTO crew_unavailability (id, tenant_id, crew_member_id, period, reason, created_at)"
          + " VALUES (:id, :tenant, :member, tstzrange(:start, :end, '[)'), :reason, :at)")
  void addUnavailability(
      @Bind("id") UUID id,
      @Bind("member") UUID member,
      @Bind("start") Instant start,
      @Bind("end") Instant end,
      @Bind("reason") String reason,
      @Bind("at") Instant at);

  @BindTenant
  @SqlQuery(
      "SELECT u.id, u.crew_member_id, lower(u.period) AS period_start, upper(u.period) AS"
          + " period_end, u.reason, u.created_at FROM crew_unavailability u"
          + " JOIN crew_member m ON m.id = u.crew_member_id"
          + " WHERE u.tenant_id = :tenant AND u.id = :id"
          + SCOPE)
  Optional<Unavailability> findUnavailability(
      @Bind("id") UUID id, @Bind("all") boolean all, @Bind("me") UUID me);

  @SqlUpdate("DELETE FROM crew_unavailability WHERE id = :id")
  void removeUnavailability(@Bind("id") UUID id);

  // ---- policy ----

  @BindTenant
  @SqlQuery(
      "SELECT min_rest_minutes, double_booked, missing_skill, qualification_expired,"
          + " insufficient_rest, unavailable FROM crew_policy WHERE tenant_id = :tenant")
  @RegisterRowMapper(PolicyMapper.class)
  Optional<CrewModel.Policy> policy();

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void setPolicy(@BindMethods("p") PolicyRow p, @Bind("at") Instant at);

  /** The policy as the upsert binds it. */
  record PolicyRow(
      int minRestMinutes,
      String doubleBooked,
      String missingSkill,
      String qualificationExpired,
      String insufficientRest,
      String unavailable) {
    static PolicyRow of(CrewModel.Policy p) {
      return new PolicyRow(
          p.minRestMinutes(),
          p.doubleBooked().name(),
          p.missingSkill().name(),
          p.qualificationExpired().name(),
          p.insufficientRest().name(),
          p.unavailable().name());
    }
  }

  // ---- calendar feed ----

  @BindTenant
  @SqlQuery(
      "SELECT created_at FROM crew_calendar_feed WHERE tenant_id = :tenant"
          + " AND crew_member_id = :member")
  Optional<Instant> feedCreatedAt(@Bind("member") UUID member);

  @BindTenant
  @SqlUpdate(
      "INSERT INTO crew_calendar_feed (crew_member_id, tenant_id, token_hash, created_at)"
          + " VALUES (:member, :tenant, :hash, :at) ON CONFLICT (crew_member_id) DO UPDATE"
          + " SET token_hash = excluded.token_hash, created_at = excluded.created_at")
  void resetFeed(@Bind("member") UUID member, @Bind("hash") byte[] hash, @Bind("at") Instant at);

  @BindTenant
  @SqlUpdate(
      "DELETE FROM crew_calendar_feed WHERE tenant_id = :tenant AND crew_member_id = :member")
  void revokeFeed(@Bind("member") UUID member);

  /** The member and tenant a feed secret's hash belongs to (any tenant: the secret says which). */
  @SqlQuery("SELECT crew_member_id, tenant_id FROM crew_calendar_feed WHERE token_hash = :hash")
  @RegisterRowMapper(FeedOwnerMapper.class)
  Optional<FeedOwner> feedOwner(@Bind("hash") byte[] hash);

  record FeedOwner(UUID crewMemberId, String tenant) {}

  record QualificationRow(UUID crewMemberId, Qualification qualification) {}

  record MemberRow(
      UUID id,
      String name,
      String email,
      String phone,
      String employment,
      String currency,
      long dayRateMinor,
      long hourRateMinor,
      UUID userId,
      String notes,
      boolean archived,
      Instant createdAt,
      Instant updatedAt) {
    static MemberRow of(Member m) {
      return new MemberRow(
          m.id(),
          m.name(),
          m.email(),
          m.phone(),
          m.employment().name(),
          m.dayRate().currencyCode(),
          m.dayRate().minorUnits(),
          m.hourRate().minorUnits(),
          m.userId(),
          m.notes(),
          m.archived(),
          m.createdAt(),
          m.updatedAt());
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  final class MemberMapper implements RowMapper<Member> {
    @Override
    public Member map(ResultSet rs, StatementContext ctx) throws SQLException {
      String currency = rs.getString("currency");
      return new Member(
          rs.getObject("id", UUID.class),
          rs.getString("name"),
          rs.getString("email"),
          rs.getString("phone"),
          Employment.valueOf(rs.getString("employment")),
          new Money(currency, rs.getLong("day_rate_minor")),
          new Money(currency, rs.getLong("hour_rate_minor")),
          List.of(),
          rs.getObject("user_id", UUID.class),
          rs.getString("notes"),
          rs.getBoolean("archived"),
          instant(rs, "created_at"),
          instant(rs, "updated_at"));
    }
  }

  final class QualificationRowMapper implements RowMapper<QualificationRow> {
    @Override
    public QualificationRow map(ResultSet rs, StatementContext ctx) throws SQLException {
      Date d = rs.getDate("expires_on");
      return new QualificationRow(
          rs.getObject("crew_member_id", UUID.class),
          new Qualification(
              rs.getString("skill"),
              d == null ? null : d.toLocalDate(),
              rs.getString("reference")));
    }
  }

  final class UnavailabilityMapper implements RowMapper<Unavailability> {
    @Override
    public Unavailability map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Unavailability(
          rs.getObject("id", UUID.class),
          rs.getObject("crew_member_id", UUID.class),
          new Interval(instant(rs, "period_start"), instant(rs, "period_end")),
          rs.getString("reason"),
          instant(rs, "created_at"));
    }
  }

  final class PolicyMapper implements RowMapper<CrewModel.Policy> {
    @Override
    public CrewModel.Policy map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new CrewModel.Policy(
          rs.getInt("min_rest_minutes"),
          CrewModel.Severity.valueOf(rs.getString("double_booked")),
          CrewModel.Severity.valueOf(rs.getString("missing_skill")),
          CrewModel.Severity.valueOf(rs.getString("qualification_expired")),
          CrewModel.Severity.valueOf(rs.getString("insufficient_rest")),
          CrewModel.Severity.valueOf(rs.getString("unavailable")));
    }
  }

  final class FeedOwnerMapper implements RowMapper<FeedOwner> {
    @Override
    public FeedOwner map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new FeedOwner(rs.getObject("crew_member_id", UUID.class), rs.getString("tenant_id"));
    }
  }
}
