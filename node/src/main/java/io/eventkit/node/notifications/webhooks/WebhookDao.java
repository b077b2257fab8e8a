package io.eventkit.node.notifications.webhooks;

import io.eventkit.node.platform.db.BindTenant;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Subscriptions, deliveries and attempts. Lookups and lists filter on the tenant; the delivery
 * worker's claim is node-wide (like the sub-hire relay's) and each claimed row carries its tenant.
 */
@RegisterRowMapper(WebhookDao.SubscriptionMapper.class)
@RegisterRowMapper(WebhookDao.DeliveryMapper.class)
@RegisterRowMapper(WebhookDao.AttemptMapper.class)
@RegisterRowMapper(WebhookDao.ClaimMapper.class)
interface WebhookDao {
  String SUB =
      "s.id, s.url, s.description, s.event_types, s.state, s.consecutive_failures,"
          + " s.disabled_reason, s.secret_enc, s.secret_hint, s.created_by, s.created_by_user_id,"
          + " s.created_at, s.updated_at, s.revision";
  String DEL =
      "d.id, d.webhook_id, d.event_id, d.event_type, d.payload, d.state, d.attempt_count,"
          + " d.next_attempt_at, d.delivered_at, d.last_response_code, d.last_latency_ms,"
          + " d.last_error, d.created_at";

  /** A subscription row. {@code secretEnc} never leaves the webhooks package. */
  record Subscription(
      UUID id,
      String url,
      String description,
      List<String> eventTypes,
      String state,
      int consecutiveFailures,
      String disabledReason,
      String secretEnc,
      String secretHint,
      String createdBy,
      UUID createdByUserId,
      Instant createdAt,
      Instant updatedAt,
      long revision) {}

  record Attempt(
      UUID deliveryId,
      int attempt,
      Instant at,
      int responseCode,
      long latencyMs,
      String error,
      boolean replay) {}

  /** A delivery claimed by a worker, with what it needs to send it. */
  record Claim(
      UUID id,
      String tenantId,
      UUID webhookId,
      UUID eventId,
      String eventType,
      String payload,
      int attemptCount,
      String url,
      String secretEnc) {}

  // ---- subscriptions ----

  @BindTenant
  @SqlUpdate(
      "INSERT INTO webhook_subscription (id, tenant_id, url, description, event_types, state,"
          + " secret_enc, secret_hint, created_by, created_by_user_id, created_at, updated_at)"
          + " VALUES (:id, :tenant, :url, :description, CAST(:types AS text[]), 'ENABLED',"
          + " :secretEnc, :secretHint, :createdBy, :userId, :now, :now)")
  void insert(
      @Bind("id") UUID id,
      @Bind("url") String url,
      @Bind("description") String description,
      @Bind("types") String[] types,
      @Bind("secretEnc") String secretEnc,
      @Bind("secretHint") String secretHint,
      @Bind("createdBy") String createdBy,
      @Bind("userId") UUID userId,
      @Bind("now") Instant now);

  @BindTenant
  @SqlQuery(
      "SELECT " + SUB + " FROM webhook_subscription s WHERE s.tenant_id = :tenant AND s.id = :id")
  Optional<Subscription> find(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery(
      "SELECT "
          + SUB
          + " FROM webhook_subscription s WHERE s.tenant_id = :tenant AND s.id = :id FOR UPDATE")
  Optional<Subscription> lock(@Bind("id") UUID id);

  /** Oldest first, keyset after (createdAt, id). */
  @BindTenant
  @SqlQuery(
      "SELECT "
          + SUB
          + " FROM webhook_subscription s WHERE s.tenant_id = :tenant"
          + " AND (CAST(:afterAt AS timestamptz) IS NULL OR (s.created_at, s.id) >"
          + " (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid)))"
          + " ORDER BY s.created_at, s.id LIMIT :limit")
  List<Subscription> list(
      @Bind("afterAt") Instant afterAt, @Bind("afterId") UUID afterId, @Bind("limit") int limit);

  @BindTenant
  @SqlUpdate(
      "UPDATE webhook_subscription SET url = :url, description = :description,"
          + " event_types = CAST(:types AS text[]), state = :state,"
          + " consecutive_failures = :failures, disabled_reason = :reason, updated_at = :now,"
          + " revision = revision + 1 WHERE tenant_id = :tenant AND id = :id")
  void update(
      @Bind("id") UUID id,
      @Bind("url") String url,
      @Bind("description") String description,
      @Bind("types") String[] types,
      @Bind("state") String state,
      @Bind("failures") int failures,
      @Bind("reason") String reason,
      @Bind("now") Instant now);

  @BindTenant
  @SqlUpdate(
      "UPDATE webhook_subscription SET secret_enc = :secretEnc, secret_hint = :secretHint,"
          + " updated_at = :now, revision = revision + 1 WHERE tenant_id = :tenant AND id = :id")
  void setSecret(
      @Bind("id") UUID id,
      @Bind("secretEnc") String secretEnc,
      @Bind("secretHint") String secretHint,
      @Bind("now") Instant now);

  @BindTenant
  @SqlUpdate("DELETE FROM webhook_subscription WHERE tenant_id = :tenant AND id = :id")
  int delete(@Bind("id") UUID id);

  /** A success ends the subscription's failure run. */
  @BindTenant
  @SqlUpdate(
      "UPDATE webhook_subscription SET consecutive_failures = 0"
          + " WHERE tenant_id = :tenant AND id = :id AND consecutive_failures <> 0")
  void resetFailures(@Bind("id") UUID id);

  /** One more delivery failed for good; returns the run's new length. */
  @BindTenant
  @SqlQuery(
      "UPDATE webhook_subscription SET consecutive_failures = consecutive_failures + 1"
          + " WHERE tenant_id = :tenant AND id = :id RETURNING consecutive_failures")
  Optional<Integer> countFailure(@Bind("id") UUID id);

  /** ENABLED → FAILING; true when this call turned it off. */
  @BindTenant
  @SqlUpdate(
      "UPDATE webhook_subscription SET state = 'FAILING', disabled_reason = :reason,"
          + " updated_at = :now, revision = revision + 1"
          + " WHERE tenant_id = :tenant AND id = :id AND state = 'ENABLED'")
  int markFailing(@Bind("id") UUID id, @Bind("reason") String reason, @Bind("now") Instant now);

  // ---- the fan-out ----

  /**
   * One PENDING delivery per enabled subscription of the tenant whose types overlap {@code
   * patterns} (the type itself, its {@code prefix.*} forms and {@code *}); a second fan-out of the
   * same event adds nothing.
   */
  @BindTenant
  @SqlUpdate(
      "INSERT INTO webhook_delivery (id, tenant_id, webhook_id, event_id, event_type, payload,"
          + " state, next_attempt_at, created_at)"
          + " SELECT gen_random_uuid(), s.tenant_id, s.id, :eventId, :type, :payload, 'PENDING',"
          + " :now, :now FROM webhook_subscription s"
          + " WHERE s.tenant_id = :tenant AND s.state = 'ENABLED'"
          + " AND s.event_types && CAST(:patterns AS text[])"
          + " ON CONFLICT (webhook_id, event_id) DO NOTHING")
  int fanOut(
      @Bind("eventId") UUID eventId,
      @Bind("type") String type,
      @Bind("payload") String payload,
      @Bind("patterns") String[] patterns,
      @Bind("now") Instant now);

  @BindTenant
  @SqlUpdate(
      "INSERT INTO webhook_delivery (id, tenant_id, webhook_id, event_id, event_type, payload,"
          + " state, next_attempt_at, created_at)"
          + " VALUES (:id, :tenant, :webhookId, :eventId, :type, :payload, 'PENDING', :now, :now)")
  void insertDelivery(
      @Bind("id") UUID id,
      @Bind("webhookId") UUID webhookId,
      @Bind("eventId") UUID eventId,
      @Bind("type") String type,
      @Bind("payload") String payload,
      @Bind("now") Instant now);

  // ---- deliveries ----

  @BindTenant
  @SqlQuery("SELECT " + DEL + " FROM webhook_delivery d WHERE d.tenant_id = :tenant AND d.id = :id")
  Optional<Delivery> findDelivery(@Bind("id") UUID id);

  @BindTenant
  @SqlQuery(
      "SELECT "
          + DEL
          + " FROM webhook_delivery d WHERE d.tenant_id = :tenant AND d.id = :id FOR UPDATE")
  Optional<Delivery> lockDelivery(@Bind("id") UUID id);

  /** Newest first, keyset before (createdAt, id) — the index webhook_delivery_log. */
  @BindTenant
  @SqlQuery(
      "SELECT "
          + DEL
          + " FROM webhook_delivery d WHERE d.tenant_id = :tenant AND d.webhook_id = :webhookId"
          + " AND (CAST(:state AS text) IS NULL OR d.state = :state)"
          + " AND (CAST(:beforeAt AS timestamptz) IS NULL OR (d.created_at, d.id) <"
          + " (CAST(:beforeAt AS timestamptz), CAST(:beforeId AS uuid)))"
          + " ORDER BY d.created_at DESC, d.id DESC LIMIT :limit")
  List<Delivery> deliveries(
      @Bind("webhookId") UUID webhookId,
      @Bind("state") String state,
      @Bind("beforeAt") Instant beforeAt,
      @Bind("beforeId") UUID beforeId,
      @Bind("limit") int limit);

  @BindTenant
  @SqlQuery(
      "SELECT a.delivery_id, a.attempt, a.at, a.response_code, a.latency_ms, a.error, a.replay"
          + " FROM webhook_attempt a WHERE a.tenant_id = :tenant"
          + " AND a.delivery_id = ANY(CAST(:ids AS uuid[])) ORDER BY a.delivery_id, a.attempt")
  List<Attempt> attempts(@Bind("ids") UUID[] ids);

  /** A subscription turned off: its waiting deliveries will not be sent. */
  @BindTenant
  @SqlUpdate(
      "UPDATE webhook_delivery SET state = 'FAILED', next_attempt_at = NULL, last_error = :why"
          + " WHERE tenant_id = :tenant AND webhook_id = :webhookId AND state = 'PENDING'")
  int failPending(@Bind("webhookId") UUID webhookId, @Bind("why") String why);

  /** Reserves a delivery for a replay (PENDING, leased to the caller). */
  @BindTenant
  @SqlUpdate(
      "UPDATE webhook_delivery SET state = 'PENDING', next_attempt_at = :until"
          + " WHERE tenant_id = :tenant AND id = :id")
  void lease(@Bind("id") UUID id, @Bind("until") Instant until);

  // ---- the delivery worker (node-wide) ----

  /**
   * Claims the most overdue PENDING delivery of an enabled subscription by moving its next attempt
   * to {@code until} (the lease): other workers skip it until then, and if this one dies it is
   * taken again after the lease.
   */
  @SqlQuery(
      "UPDATE webhook_delivery d SET next_attempt_at = :until FROM webhook_subscription s"
          + " WHERE d.id = (SELECT d2.id FROM webhook_delivery d2"
          + " JOIN webhook_subscription s2 ON s2.id = d2.webhook_id"
          + " WHERE d2.state = 'PENDING' AND d2.next_attempt_at <= :now AND s2.state = 'ENABLED'"
          + " ORDER BY d2.next_attempt_at LIMIT 1 FOR UPDATE OF d2 SKIP LOCKED)"
          + " AND s.id = d.webhook_id"
          + " RETURNING d.id, d.tenant_id, d.webhook_id, d.event_id, d.event_type, d.payload,"
          + " d.attempt_count, s.url, s.secret_enc")
  Optional<Claim> claim(@Bind("now") Instant now, @Bind("until") Instant until);

  @SqlQuery(
      "SELECT min(d.next_attempt_at) FROM webhook_delivery d JOIN webhook_subscription s"
          + " ON s.id = d.webhook_id WHERE d.state = 'PENDING' AND s.state = 'ENABLED'")
  Optional<Instant> nextDue();

  @BindTenant
  @SqlUpdate(
      "INSERT INTO webhook_attempt (delivery_id, tenant_id, attempt, at, response_code,"
          + " latency_ms, error, replay) VALUES (:id, :tenant, :attempt, :at, :code, :latency,"
          + " :error, :replay) ON CONFLICT DO NOTHING")
  void insertAttempt(
      @Bind("id") UUID id,
      @Bind("attempt") int attempt,
      @Bind("at") Instant at,
      @Bind("code") int code,
      @Bind("latency") long latency,
      @Bind("error") String error,
      @Bind("replay") boolean replay);

  /**
   * Records the outcome of attempt {@code expected + 1}; 0 rows when another worker recorded it
   * first (a lease that ran out) or the delivery is gone.
   */
  @BindTenant
  @SqlUpdate(
      "UPDATE webhook_delivery SET state = :state, attempt_count = :expected + 1,"
          + " next_attempt_at = :next, delivered_at = :deliveredAt, last_response_code = :code,"
          + " last_latency_ms = :latency, last_error = :error"
          + " WHERE tenant_id = :tenant AND id = :id AND attempt_count = :expected"
          + " AND state = 'PENDING'")
  int recordOutcome(
      @Bind("id") UUID id,
      @Bind("expected") int expected,
      @Bind("state") String state,
      @Bind("next") Instant next,
      @Bind("deliveredAt") Instant deliveredAt,
      @Bind("code") int code,
      @Bind("latency") long latency,
      @Bind("error") String error);

  // ---- housekeeping (node-wide) ----

  @SqlUpdate(
      "DELETE FROM webhook_delivery WHERE id IN (SELECT id FROM webhook_delivery"
          + " WHERE state <> 'PENDING' AND created_at < :cutoff LIMIT :limit)")
  int purgeDeliveries(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

  // ---- mappers ----

  private static Instant instant(ResultSet rs, String col) throws SQLException {
    Timestamp t = rs.getTimestamp(col);
    return t == null ? null : t.toInstant();
  }

  private static List<String> strings(ResultSet rs, String col) throws SQLException {
    Array a = rs.getArray(col);
    return a == null ? List.of() : List.of((String[]) a.getArray());
  }

  final class SubscriptionMapper implements RowMapper<Subscription> {
    @Override
    public Subscription map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Subscription(
          rs.getObject("id", UUID.class),
          rs.getString("url"),
          rs.getString("description"),
          strings(rs, "event_types"),
          rs.getString("state"),
          rs.getInt("consecutive_failures"),
          rs.getString("disabled_reason"),
          rs.getString("secret_enc"),
          rs.getString("secret_hint"),
          rs.getString("created_by"),
          rs.getObject("created_by_user_id", UUID.class),
          instant(rs, "created_at"),
          instant(rs, "updated_at"),
          rs.getLong("revision"));
    }
  }

  final class DeliveryMapper implements RowMapper<Delivery> {
    @Override
    public Delivery map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Delivery(
          rs.getObject("id", UUID.class),
          rs.getObject("webhook_id", UUID.class),
          rs.getObject("event_id", UUID.class),
          rs.getString("event_type"),
          rs.getString("payload"),
          Delivery.State.valueOf(rs.getString("state")),
          rs.getInt("attempt_count"),
          instant(rs, "next_attempt_at"),
          instant(rs, "delivered_at"),
          rs.getInt("last_response_code"),
          rs.getLong("last_latency_ms"),
          rs.getString("last_error"),
          instant(rs, "created_at"),
          List.of());
    }
  }

  final class AttemptMapper implements RowMapper<Attempt> {
    @Override
    public Attempt map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Attempt(
          rs.getObject("delivery_id", UUID.class),
          rs.getInt("attempt"),
          instant(rs, "at"),
          rs.getInt("response_code"),
          rs.getLong("latency_ms"),
          rs.getString("error"),
          rs.getBoolean("replay"));
    }
  }

  final class ClaimMapper implements RowMapper<Claim> {
    @Override
    public Claim map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Claim(
          rs.getObject("id", UUID.class),
          rs.getString("tenant_id"),
          rs.getObject("webhook_id", UUID.class),
          rs.getObject("event_id", UUID.class),
          rs.getString("event_type"),
          rs.getString("payload"),
          rs.getInt("attempt_count"),
          rs.getString("url"),
          rs.getString("secret_enc"));
    }
  }
}
