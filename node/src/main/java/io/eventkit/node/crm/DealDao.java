package io.eventkit.node.crm;

import io.eventkit.node.kernel.Money;
import io.eventkit.node.platform.db.BindTenant;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
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

/** Deals, their linked events and the pipeline's stages. */
@RegisterRowMapper(DealDao.DealMapper.class)
@RegisterRowMapper(DealDao.StageMapper.class)
interface DealDao {
  // ---- stages ----

  /**
   * The stages in board order with their deal count and the sum of those deals' values in {@code
   * base} (open deals for open stages, deals closed since {@code since} for closed ones).
   */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<DealStage> stages(@Bind("base") String base, @Bind("since") Instant since);

  @BindTenant
  @SqlQuery(
      "SELECT s.id, s.name, s.kind, s.probability, s.position, 0 AS deal_count, '' AS currency,"
          + " 0 AS total_minor FROM crm_deal_stage s WHERE s.tenant_id = :tenant AND s.id = :id")
  Optional<DealStage> stage(@Bind("id") UUID id);

  /** The first open stage on the board (where new deals start). */
  @BindTenant
  @SqlQuery(
      "SELECT s.id, s.name, s.kind, s.probability, s.position, 0 AS deal_count, '' AS currency,"
          + " 0 AS total_minor FROM crm_deal_stage s WHERE s.tenant_id = :tenant"
          + " AND s.kind = 'OPEN' ORDER BY s.position LIMIT 1")
  Optional<DealStage> firstOpenStage();

  /** Takes the pipeline's lock: one SetDealStages at a time, and deals wait for it. */
  @BindTenant
  @SqlQuery(
      "SELECT s.id, s.name, s.kind, s.probability, s.position, 0 AS deal_count, '' AS currency,"
          + " 0 AS total_minor FROM crm_deal_stage s WHERE s.tenant_id = :tenant"
          + " ORDER BY s.position FOR UPDATE")
  List<DealStage> lockStages();

  /** How many deals (any age) each stage holds. */
  @BindTenant
  @SqlQuery("SELECT count(*) FROM crm_deal WHERE tenant_id = :tenant AND stage_id = :stageId")
  int dealsIn(@Bind("stageId") UUID stageId);

  @BindTenant
  @SqlUpdate(
      "INSERT INTO crm_deal_stage (tenant_id, id, name, kind, probability, position)"
          + " VALUES (:tenant, :id, :name, :kind, :probability, :position)")
  void insertStage(
      @Bind("id") UUID id,
      @Bind("name") String name,
      @Bind("kind") String kind,
      @Bind("probability") int probability,
      @Bind("position") int position);

  @BindTenant
  @SqlUpdate(
      "UPDATE crm_deal_stage SET name = :name, kind = :kind, probability = :probability,"
          + " position = :position WHERE tenant_id = :tenant AND id = :id")
  void updateStage(
      @Bind("id") UUID id,
      @Bind("name") String name,
      @Bind("kind") String kind,
      @Bind("probability") int probability,
      @Bind("position") int position);

  /** Moves every name aside so a reordering rename can't collide with the unique name. */
  @BindTenant
  @SqlUpdate("UPDATE crm_deal_stage SET name = id::text WHERE tenant_id = :tenant")
  void renameAside();

  @BindTenant
  @SqlUpdate("DELETE FROM crm_deal_stage WHERE tenant_id = :tenant AND id = :id")
  void deleteStage(@Bind("id") UUID id);

  // ---- deals ----

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void insert(@BindMethods("d") Row d);

  @BindTenant
  @SqlUpdate
  @UseClasspathSqlLocator
  void update(@BindMethods("d") Row d);

  @BindTenant
  @SqlUpdate("DELETE FROM crm_deal_event WHERE tenant_id = :tenant AND deal_id = :dealId")
  void clearEvents(@Bind("dealId") UUID dealId);

  @BindTenant
  @SqlBatch(
      "INSERT INTO crm_deal_event (tenant_id, deal_id, event_id) VALUES (:tenant, :dealId, :eventId)"
          + " ON CONFLICT DO NOTHING")
  void addEvents(@Bind("dealId") UUID dealId, @Bind("eventId") List<UUID> eventIds);

  /** Which of {@code ids} are events of this tenant. */
  @BindTenant
  @SqlQuery("SELECT id FROM event WHERE tenant_id = :tenant AND id = ANY(:ids)")
  List<UUID> knownEvents(@Bind("ids") UUID[] ids);

  /** Whether {@code id} is an app user. */
  @SqlQuery("SELECT count(*) > 0 FROM app_user WHERE id = :id")
  boolean userExists(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  Optional<Deal> find(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery("SELECT id FROM crm_deal WHERE tenant_id = :tenant AND id = :id FOR UPDATE")
  Optional<UUID> lock(@Bind("id") UUID id);

  /**
   * The board, ordered by (stage position, expected close with none last, id) after the given key.
   * {@code closedSince}: closed deals older than this are left out (null: all).
   */
  @BindTenant
  @SqlQuery
  @UseClasspathSqlLocator
  List<Deal> list(
      @Bind("stageId") UUID stageId,
      @Bind("companyId") UUID companyId,
      @Bind("ownerId") UUID ownerId,
      @Bind("openOnly") boolean openOnly,
      @Bind("closedSince") Instant closedSince,
      @Bind("like") String like,
      @Bind("afterPos") Integer afterPos,
      @Bind("afterClose") String afterClose,
      @Bind("afterId") UUID afterId,
      @Bind("limit") int limit);

  record Row(
      UUID id,
      String title,
      UUID companyId,
      UUID contactId,
      UUID stageId,
      String currency,
      long minor,
      int probability,
      Instant expectedClose,
      UUID ownerUserId,
      String lostReason,
      String notes,
      Instant closedAt,
      Instant createdAt,
      Instant updatedAt) {
    static Row of(Deal d) {
      return new Row(
          d.id(),
          d.title(),
          d.companyId(),
          d.contactId(),
          d.stageId(),
          d.value().currencyCode(),
          d.value().minorUnits(),
          d.probability(),
          d.expectedClose(),
          d.ownerUserId(),
          d.lostReason(),
          d.notes(),
          d.closedAt(),
          d.createdAt(),
          d.updatedAt());
    }
  }

  final class StageMapper implements RowMapper<DealStage> {
    @Override
    public DealStage map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new DealStage(
          rs.getObject("id", UUID.class),
          rs.getString("name"),
          DealStage.Kind.valueOf(rs.getString("kind")),
          rs.getInt("probability"),
          rs.getInt("position"),
          rs.getInt("deal_count"),
          rs.getString("currency"),
          rs.getLong("total_minor"));
    }
  }

  final class DealMapper implements RowMapper<Deal> {
    @Override
    public Deal map(ResultSet rs, StatementContext ctx) throws SQLException {
      UUID[] events = (UUID[]) rs.getArray("event_ids").getArray();
      return new Deal(
          rs.getObject("id", UUID.class),
          rs.getString("title"),
          rs.getObject("company_id", UUID.class),
          rs.getString("company_name"),
          rs.getObject("contact_id", UUID.class),
          rs.getString("contact_name"),
          rs.getObject("stage_id", UUID.class),
          rs.getString("stage_name"),
          DealStage.Kind.valueOf(rs.getString("stage_kind")),
          rs.getInt("stage_position"),
          new Money(rs.getString("value_currency"), rs.getLong("value_minor")),
          rs.getInt("probability"),
          instant(rs.getTimestamp("expected_close")),
          rs.getObject("owner_user_id", UUID.class),
          rs.getString("owner_name"),
          List.copyOf(Arrays.asList(events)),
          rs.getString("lost_reason"),
          rs.getString("notes"),
          instant(rs.getTimestamp("closed_at")),
          rs.getTimestamp("created_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant());
    }

    private static Instant instant(Timestamp t) {
      return t == null ? null : t.toInstant();
    }
  }
}
