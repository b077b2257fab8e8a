package io.eventkit.node.subhire;

import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.tracing.Tracing;
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

  @SuppressWarnings("ArrayRecordComponent") // bytes carried once, never compared or hashed
  record Pending(
      long id,
      UUID negotiationId,
      String partner,
      UUID messageId,
      long sequence,
      Method method,
      byte[] envelope,
      int attempts,
      String traceParent) {}

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
    // The current trace (the request that made the change), resumed when the relay sends it.
    dao(h)
        .enqueue(
            negotiationId,
            partner,
            messageId,
            sequence,
            method.name(),
            envelope,
            now,
            Tracing.currentParent());
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
    return dao(h)
        .claim(now.plus(lease), token, instance, instanceTimeout.toMillis() / 1000.0, now, limit);
  }

  /** False if another pass has re-claimed the row meanwhile (its lease ran out). */
  boolean delivered(Handle h, long id, UUID token, Instant now) {
    return dao(h).delivered(id, token, now) == 1;
  }

  /** Keeps the row pending; the partner's backoff decides when it goes again. */
  void retry(Handle h, long id, UUID token, String error) {
    dao(h).retry(id, token, error);
  }

  /** Keeps the row pending until {@code next}, without holding up the partner's other rows. */
  void retryAt(Handle h, long id, UUID token, String error, Instant next) {
    dao(h).retryAt(id, token, error, next);
  }

  /** Puts a claimed row back untouched (it was not sent: its partner is backing off). */
  void release(Handle h, long id, UUID token) {
    dao(h).release(id, token);
  }

  /**
   * A message the partner will never take: it and the negotiation's later unsent messages are
   * removed and the sequence rewinds to it, so the next message fills the gap (the receiver never
   * saw that number). Returns how many later messages were dropped.
   */
  int dropFrom(Handle h, UUID negotiationId, long sequence) {
    OutboxDao dao = dao(h);
    int dropped = dao.deleteFrom(negotiationId, sequence);
    dao.rewindSequence(negotiationId, sequence);
    return Math.max(0, dropped - 1);
  }

  /** Stops sending a negotiation's pending messages (partner revoked, negotiation over). */
  int abandon(Handle h, UUID negotiationId, String why) {
    return dao(h).abandon(negotiationId, why);
  }

  boolean hasPending(Handle h, UUID negotiationId) {
    return dao(h).hasPending(negotiationId);
  }

  /** Delivery state per negotiation, in one query. */
  Map<UUID, Delivery> delivery(Handle h, Collection<UUID> ids, Map<UUID, String> failed) {
    Map<UUID, Delivery> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    for (OutboxDao.Backlog b : dao(h).delivery(ids.toArray(UUID[]::new))) {
      out.put(
          b.negotiationId(),
          new Delivery(
              b.pending(),
              b.attempts(),
              b.nextAttemptAt(),
              b.lastError(),
              failed.getOrDefault(b.negotiationId(), "")));
    }
    for (UUID id : ids) {
      String f = failed.getOrDefault(id, "");
      out.putIfAbsent(id, f.isEmpty() ? Delivery.NONE : new Delivery(0, 0, null, "", f));
    }
    return out;
  }

  // ---- per-partner backoff ----

  /** A send to the partner failed: back off exponentially (with jitter) before the next one. */
  Instant partnerFailed(Handle h, String partner, String error, Instant now) {
    OutboxDao dao = dao(h);
    int failures = dao.countFailure(partner, error, now);
    Instant next = now.plus(delay(failures));
    dao.backOffUntil(partner, next);
    return next;
  }

  /** The partner answered (or called us): send to it again at once. */
  void partnerHeard(Handle h, String partner, Instant now) {
    dao(h).partnerHeard(partner, now);
  }

  Duration delay(int failures) {
    double factor = Math.pow(2, Math.min(30, failures - 1));
    double millis =
        Math.min((double) backoffMax.toMillis(), (double) backoffBase.toMillis() * factor);
    return Duration.ofMillis((long) (millis * ThreadLocalRandom.current().nextDouble(0.8, 1.0)));
  }

  private static OutboxDao dao(Handle h) {
    return Daos.of(h, OutboxDao.class);
  }
}
