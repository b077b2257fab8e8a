package io.eventkit.node.notifications.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zerodeplibs.webpush.PushSubscription;
import com.zerodeplibs.webpush.VAPIDKeyPair;
import com.zerodeplibs.webpush.VAPIDKeyPairs;
import com.zerodeplibs.webpush.httpclient.StandardHttpClientRequestPreparer;
import com.zerodeplibs.webpush.key.PrivateKeySources;
import com.zerodeplibs.webpush.key.PublicKeySources;
import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.platform.Backoff;
import io.eventkit.node.platform.DaemonThreads;
import io.eventkit.node.platform.tenancy.Tenants;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the web-push outbox ({@code webpush_delivery}): claims a due row with {@code FOR UPDATE
 * SKIP LOCKED} (replicas share the work; a row is never sent by two at once), encrypts the
 * notification for the browser (RFC 8291 aes128gcm) and signs a VAPID JWT (RFC 8292) with the
 * tenant's key. 2xx: delivered. 404/410: the browser dropped the subscription, which is deleted
 * (with its deliveries). Anything else is retried with exponential backoff and ±20 % jitter until
 * {@code pushMaxAttempts}, then FAILED. Push services get at most a title, a body and IDs.
 */
final class WebPushSender implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(WebPushSender.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;
  private final WebPushKeys keys;
  private final InboxConfig config;
  private final Clock clock;
  private final HttpClient http;
  private final AtomicBoolean draining = new AtomicBoolean();
  private ScheduledExecutorService worker; // guarded by this

  private final Tenants tenants;

  /** Sends each of {@code tenants}' due pushes in turn. */
  WebPushSender(Jdbi jdbi, WebPushKeys keys, InboxConfig config, Clock clock, Tenants tenants) {
    this.tenants = tenants;
    this.jdbi = jdbi;
    this.keys = keys;
    this.config = config;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.pushTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  private record Due(
      UUID id,
      String tenant,
      UUID subscription,
      int attempts,
      String endpoint,
      String p256dh,
      String auth,
      Map<String, Object> message) {}

  /** Claims one due push and sends it; false when none is due. */
  boolean deliverOne() {
    return jdbi.inTransaction(
        h -> {
          Instant now = clock.instant();
          Optional<Due> claimed =
              h.createQuery(
                      "SELECT d.id, d.tenant_id, d.subscription_id, d.attempt_count, s.endpoint,"
                          + " s.p256dh, s.auth, n.id AS nid, n.event_type, n.title, n.body,"
                          + " n.subject_kind, n.subject_id FROM webpush_delivery d"
                          + " JOIN webpush_subscription s ON s.id = d.subscription_id"
                          + " JOIN notification n ON n.id = d.notification_id"
                          + " WHERE d.state = 'PENDING' AND d.next_attempt_at <= :now"
                          + " ORDER BY d.next_attempt_at LIMIT 1 FOR UPDATE OF d SKIP LOCKED")
                  .bind("now", now)
                  .map(
                      (rs, ctx) -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("id", rs.getString("nid"));
                        m.put("type", rs.getString("event_type"));
                        m.put("title", rs.getString("title"));
                        m.put("body", rs.getString("body"));
                        m.put("subject_kind", rs.getString("subject_kind"));
                        m.put("subject_id", rs.getString("subject_id"));
                        return new Due(
                            rs.getObject("id", UUID.class),
                            rs.getString("tenant_id"),
                            rs.getObject("subscription_id", UUID.class),
                            rs.getInt("attempt_count"),
                            rs.getString("endpoint"),
                            rs.getString("p256dh"),
                            rs.getString("auth"),
                            m);
                      })
                  .findOne();
          if (claimed.isEmpty()) {
            return false;
          }
          Due d = claimed.get();
          int status;
          String error;
          try {
            HttpResponse<Void> r = http.send(request(d), HttpResponse.BodyHandlers.discarding());
            status = r.statusCode();
            error = status / 100 == 2 ? "" : "HTTP " + status;
          } catch (java.io.IOException | RuntimeException e) {
            status = 0;
            error =
                e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 0;
            error = "interrupted";
          }
          if (status / 100 == 2) {
            h.createUpdate(
                    "UPDATE webpush_delivery SET state = 'DELIVERED', attempt_count ="
                        + " attempt_count + 1, next_attempt_at = NULL, last_error = ''"
                        + " WHERE id = :id")
                .bind("id", d.id())
                .execute();
            h.createUpdate("UPDATE webpush_subscription SET last_success_at = :now WHERE id = :id")
                .bind("now", clock.instant())
                .bind("id", d.subscription())
                .execute();
          } else if (status == 404 || status == 410) {
            // The push service says the subscription is gone: forget it (deliveries cascade).
            h.createUpdate("DELETE FROM webpush_subscription WHERE id = :id")
                .bind("id", d.subscription())
                .execute();
            LOG.info("web push subscription {} is gone ({}); removed it", d.subscription(), status);
          } else {
            int attempts = d.attempts() + 1;
            boolean giveUp = attempts >= config.pushMaxAttempts();
            h.createUpdate(
                    "UPDATE webpush_delivery SET state = :state, attempt_count = :n,"
                        + " next_attempt_at = :next, last_error = :error WHERE id = :id")
                .bind("state", giveUp ? "FAILED" : "PENDING")
                .bind("n", attempts)
                .bind("next", giveUp ? null : now.plus(backoff(attempts)))
                .bind("error", error.length() > 500 ? error.substring(0, 500) : error)
                .bind("id", d.id())
                .execute();
          }
          return true;
        });
  }

  private HttpRequest request(Due d) throws JsonProcessingException {
    WebPushKeys.Pair pair = TenantContext.callAs(d.tenant(), keys::pair);
    VAPIDKeyPair vapid =
        VAPIDKeyPairs.of(
            PrivateKeySources.ofECPrivateKey(pair.privateKey()),
            PublicKeySources.ofUncompressedBytes(Base64.getUrlDecoder().decode(pair.publicKey())));
    PushSubscription sub = new PushSubscription();
    sub.setEndpoint(d.endpoint());
    PushSubscription.Keys k = new PushSubscription.Keys();
    k.setP256dh(d.p256dh());
    k.setAuth(d.auth());
    sub.setKeys(k);
    return StandardHttpClientRequestPreparer.getBuilder()
        .pushSubscription(sub)
        .vapidJWTExpiresAfter(12, TimeUnit.HOURS)
        .vapidJWTSubject(config.vapidSubject())
        .pushMessage(JSON.writeValueAsString(d.message()))
        .ttl(1, TimeUnit.DAYS)
        .urgencyNormal()
        .build(vapid)
        .toRequestBuilder()
        .timeout(config.pushTimeout())
        .build();
  }

  /** The wait after the {@code attempts}-th failure: base·2^(n-1), ±20 %, at most the max. */
  Duration backoff(int attempts) {
    return Backoff.exponential(attempts, config.pushBackoffBase(), config.pushBackoffMax());
  }

  /** Sends every due push now (the sink's transaction wakes this after commit). */
  void kick() {
    ScheduledExecutorService w;
    synchronized (this) {
      w = worker;
    }
    if (w != null) {
      w.execute(this::drain);
    }
  }

  private void drain() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    try {
      tenants.drainInTurns(Tenants.Work.WEB_PUSH, clock, this::deliverOne);
    } catch (RuntimeException e) {
      LOG.error("web push: delivery pass failed; trying again shortly", e);
    } finally {
      draining.set(false);
    }
  }

  @Override
  public synchronized void start() {
    if (!config.webPushEnabled() || worker != null) {
      return;
    }
    worker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("web-push"));
    long every = config.pollInterval().toMillis();
    var unused = worker.scheduleWithFixedDelay(this::drain, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() throws InterruptedException {
    if (worker == null) {
      return;
    }
    worker.shutdown();
    if (!worker.awaitTermination(config.pushTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
      worker.shutdownNow();
    }
    worker = null;
  }
}
