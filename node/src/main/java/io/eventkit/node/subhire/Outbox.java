package io.eventkit.node.subhire;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Handle;

/**
 * The transactional outbox and the per-partner backoff (§17.5). Rows are written in the transaction
 * that changed the negotiation; the relay claims the lowest pending sequence of each negotiation
 * with a lease, so one message per negotiation is in flight and replicas sharing the database never
 * send the same row at once.
 */
final class Outbox {
  enum Method {
    ORDER,
    RESPOND
  }

  record Pending(
      long id,
      UUID negotiationId,
      String partner,
      UUID messageId,
      long sequence,
      Method method,
      byte[] envelope,
      int attempts) {}

  private final Duration backoffBase;
  private final Duration backoffMax;

  Outbox(Duration backoffBase, Duration backoffMax) {
    this.backoffBase = backoffBase;
    this.backoffMax = backoffMax;
  }

  void enqueue(
      Handle h,
      UUID negotiationId,
      String partner,
      UUID messageId,
      long sequence,
      Method method,
      byte[] envelope,
      Instant now) {
    h.createUpdate(
            "INSERT INTO subhire_outbox (subhire_id, partner_node_id, message_id, sequence,"
                + " method, envelope, created_at) VALUES (:n, :p, :m, :s, :method, :e, :now)")
        .bind("n", negotiationId)
        .bind("p", partner)
        .bind("m", messageId)
        .bind("s", sequence)
        .bind("method", method.name())
        .bind("e", envelope)
        .bind("now", now)
        .execute();
  }

  /**
   * Claims due rows for one pass (own transaction): the head of each negotiation, not waiting for
   * its own retry time, partner not backing off, and not claimed by another pass — unless that
   * claim's lease ran out or the instance that made it has not beaten for {@code instanceTimeout}
   * by the database's clock (it died). {@code token} identifies this pass; the updates below only
   * touch rows still claimed by it.
   */
  List<Pending> claim(
      Handle h,
      Instant now,
      Duration lease,
      int limit,
      UUID token,
      UUID instance,
      Duration instanceTimeout) {
    return h.createQuery(
            "UPDATE subhire_outbox SET lease_until = :leaseUntil, claim_token = :token,"
                + " claim_instance = :instance, attempts = attempts + 1"
                + " WHERE id IN (SELECT o.id FROM subhire_outbox o WHERE o.status = 'PENDING'"
                + " AND (o.lease_until IS NULL OR o.lease_until < :now OR NOT EXISTS (SELECT 1"
                + " FROM subhire_relay_instance i WHERE i.instance_id = o.claim_instance AND"
                + " i.heartbeat_at >= clock_timestamp() - make_interval(secs => :timeoutSecs)))"
                + " AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= :now)"
                + " AND NOT EXISTS (SELECT 1 FROM subhire_outbox p WHERE p.subhire_id ="
                + " o.subhire_id AND p.status = 'PENDING' AND p.sequence < o.sequence)"
                + " AND NOT EXISTS (SELECT 1 FROM subhire_partner_backoff b WHERE"
                + " b.partner_node_id = o.partner_node_id AND b.next_attempt_at > :now)"
                + " ORDER BY o.id LIMIT :limit FOR UPDATE SKIP LOCKED)"
                + " RETURNING id, subhire_id, partner_node_id, message_id, sequence, method,"
                + " envelope, attempts")
        .bind("leaseUntil", now.plus(lease))
        .bind("token", token)
        .bind("instance", instance)
        .bind("timeoutSecs", instanceTimeout.toMillis() / 1000.0)
        .bind("now", now)
        .bind("limit", limit)
        .map(
            (rs, ctx) ->
                new Pending(
                    rs.getLong(1),
                    rs.getObject(2, UUID.class),
                    rs.getString(3),
                    rs.getObject(4, UUID.class),
                    rs.getLong(5),
                    Method.valueOf(rs.getString(6)),
                    rs.getBytes(7),
                    rs.getInt(8)))
        .list();
  }

  /** False if another pass has re-claimed the row meanwhile (its lease ran out). */
  boolean delivered(Handle h, long id, UUID token, Instant now) {
    return h.createUpdate(
                "UPDATE subhire_outbox SET status = 'DELIVERED', delivered_at = :now, lease_until ="
                    + " NULL, last_error = '' WHERE id = :id AND claim_token = :token AND status ="
                    + " 'PENDING'")
            .bind("now", now)
            .bind("id", id)
            .bind("token", token)
            .execute()
        == 1;
  }

  /** Keeps the row pending; the partner's backoff decides when it goes again. */
  void retry(Handle h, long id, UUID token, String error) {
    h.createUpdate(
            "UPDATE subhire_outbox SET lease_until = NULL, last_error = :e WHERE id = :id"
                + " AND claim_token = :token AND status = 'PENDING'")
        .bind("e", error)
        .bind("id", id)
        .bind("token", token)
        .execute();
  }

  /** Keeps the row pending until {@code next}, without holding up the partner's other rows. */
  void retryAt(Handle h, long id, UUID token, String error, Instant next) {
    h.createUpdate(
            "UPDATE subhire_outbox SET lease_until = NULL, last_error = :e, next_attempt_at ="
                + " :next WHERE id = :id AND claim_token = :token AND status = 'PENDING'")
        .bind("e", error)
        .bind("next", next)
        .bind("id", id)
        .bind("token", token)
        .execute();
  }

  /** Puts a claimed row back untouched (it was not sent: its partner is backing off). */
  void release(Handle h, long id, UUID token) {
    h.createUpdate(
            "UPDATE subhire_outbox SET lease_until = NULL, attempts = greatest(0, attempts - 1)"
                + " WHERE id = :id AND claim_token = :token AND status = 'PENDING'")
        .bind("id", id)
        .bind("token", token)
        .execute();
  }

  /**
   * A message the partner will never take: it and the negotiation's later unsent messages are
   * removed and the sequence rewinds to it, so the next message fills the gap (the receiver never
   * saw that number). Returns how many later messages were dropped.
   */
  int dropFrom(Handle h, UUID negotiationId, long sequence) {
    int dropped =
        h.createUpdate(
                "DELETE FROM subhire_outbox WHERE subhire_id = :n AND sequence >= :s AND status IN"
                    + " ('PENDING', 'ABANDONED')")
            .bind("n", negotiationId)
            .bind("s", sequence)
            .execute();
    h.createUpdate("UPDATE subhire SET next_out_seq = :s WHERE id = :n")
        .bind("s", sequence)
        .bind("n", negotiationId)
        .execute();
    return Math.max(0, dropped - 1);
  }

  /** Stops sending a negotiation's pending messages (partner revoked, negotiation over). */
  int abandon(Handle h, UUID negotiationId, String why) {
    return h.createUpdate(
            "UPDATE subhire_outbox SET status = 'ABANDONED', lease_until = NULL, last_error = :e"
                + " WHERE subhire_id = :n AND status = 'PENDING'")
        .bind("e", why)
        .bind("n", negotiationId)
        .execute();
  }

  boolean hasPending(Handle h, UUID negotiationId) {
    return h.createQuery(
            "SELECT EXISTS (SELECT 1 FROM subhire_outbox WHERE subhire_id = :n AND status ="
                + " 'PENDING')")
        .bind("n", negotiationId)
        .mapTo(Boolean.class)
        .one();
  }

  /** Delivery state per negotiation, in one query. */
  Map<UUID, Delivery> delivery(Handle h, Collection<UUID> ids, Map<UUID, String> failed) {
    Map<UUID, Delivery> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    h.createQuery(
            "SELECT o.subhire_id, count(*), max(o.attempts), (array_agg(o.last_error ORDER BY"
                + " o.sequence))[1], greatest(max(b.next_attempt_at), max(o.next_attempt_at))"
                + " FROM subhire_outbox o LEFT JOIN"
                + " subhire_partner_backoff b ON b.partner_node_id = o.partner_node_id AND"
                + " b.failures > 0 WHERE o.subhire_id = ANY(:ids) AND o.status = 'PENDING'"
                + " GROUP BY o.subhire_id")
        .bind("ids", ids.toArray(UUID[]::new))
        .map(
            (rs, ctx) -> {
              Timestamp next = rs.getTimestamp(5);
              UUID id = rs.getObject(1, UUID.class);
              out.put(
                  id,
                  new Delivery(
                      rs.getInt(2),
                      rs.getInt(3),
                      next == null ? null : next.toInstant(),
                      rs.getString(4),
                      failed.getOrDefault(id, "")));
              return null;
            })
        .list();
    for (UUID id : ids) {
      String f = failed.getOrDefault(id, "");
      out.putIfAbsent(id, f.isEmpty() ? Delivery.NONE : new Delivery(0, 0, null, "", f));
    }
    return out;
  }

  // ---- per-partner backoff ----

  /** A send to the partner failed: back off exponentially (with jitter) before the next one. */
  Instant partnerFailed(Handle h, String partner, String error, Instant now) {
    int failures =
        h.createQuery(
                "INSERT INTO subhire_partner_backoff (partner_node_id, failures, next_attempt_at,"
                    + " last_error, updated_at) VALUES (:p, 1, :now, :e, :now) ON CONFLICT"
                    + " (partner_node_id) DO UPDATE SET failures ="
                    + " subhire_partner_backoff.failures + 1, last_error = :e, updated_at = :now"
                    + " RETURNING failures")
            .bind("p", partner)
            .bind("now", now)
            .bind("e", error)
            .mapTo(Integer.class)
            .one();
    Instant next = now.plus(delay(failures));
    h.createUpdate(
            "UPDATE subhire_partner_backoff SET next_attempt_at = :next WHERE partner_node_id = :p")
        .bind("next", next)
        .bind("p", partner)
        .execute();
    return next;
  }

  /** The partner answered (or called us): send to it again at once. */
  void partnerHeard(Handle h, String partner, Instant now) {
    h.createUpdate(
            "UPDATE subhire_partner_backoff SET failures = 0, next_attempt_at = :now, last_error"
                + " = '', updated_at = :now WHERE partner_node_id = :p AND failures > 0")
        .bind("p", partner)
        .bind("now", now)
        .execute();
  }

  Duration delay(int failures) {
    double factor = Math.pow(2, Math.min(30, failures - 1));
    double millis = Math.min(backoffMax.toMillis(), backoffBase.toMillis() * factor);
    return Duration.ofMillis((long) (millis * ThreadLocalRandom.current().nextDouble(0.8, 1.0)));
  }
}
