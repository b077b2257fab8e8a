package io.eventkit.node.notifications.webhooks;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.notifications.NotificationsConfig.WebhooksConfig;
import io.eventkit.node.platform.Backoff;
import io.eventkit.node.platform.DaemonThreads;
import io.eventkit.node.platform.Wakeup;
import io.eventkit.node.platform.crypto.KeyVault;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.events.DomainEvent;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.events.EventType;
import io.eventkit.node.platform.tenancy.Tenants;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends webhook deliveries. A worker claims one due delivery in a short transaction by moving its
 * next attempt to now + {@code lease} (so no transaction stays open during the HTTP call and other
 * workers, here or on other replicas, skip it), sends it, then records the attempt and the outcome
 * in a second transaction. If the process dies in between, the lease runs out and the delivery is
 * sent again with the same {@code webhook-id}: deliveries are at least once, and a receiver that
 * deduplicates by {@code webhook-id} sees each event once. The outcome is recorded only if nobody
 * recorded that attempt first (attempt_count unchanged), so the log never counts one twice.
 *
 * <p>2xx is delivered. Anything else is retried after {@code backoffBase}·2^(n−1) ±20 % (at most
 * {@code backoffMax}) until {@code maxAttempts}; then the delivery is FAILED and the subscription's
 * failure run grows; at {@code disableAfterFailures} the subscription is turned off (FAILING), its
 * waiting deliveries fail, and a {@code webhook.disabled} event is recorded. A delivered one ends
 * the run. Redirects are not followed; the target is checked against the SSRF guard on the
 * addresses it resolves to right before each send.
 */
public final class DeliveryWorker implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
  static final String USER_AGENT = "EventKit-Webhooks/1";

  private final Jdbi jdbi;
  private final Clock clock;
  private final KeyVault vault;
  private final TargetGuard guard;
  private final WebhooksConfig config;
  private final DomainEvents events;
  private final Wakeup wakeup = new Wakeup();
  private volatile boolean running;
  private ExecutorService pool; // guarded by this
  private final HttpClient http;

  /** Test seam: runs after a send and before its outcome is recorded (a throw = a crash). */
  volatile Consumer<WebhookDao.Claim> afterSend = c -> {};

  private final Tenants tenants;

  /** Workers that deliver each of {@code tenants}' webhooks in turn. */
  public DeliveryWorker(
      Jdbi jdbi,
      Clock clock,
      KeyVault vault,
      TargetGuard guard,
      WebhooksConfig config,
      DomainEvents events,
      Tenants tenants) {
    this.tenants = tenants;
    this.jdbi = jdbi;
    this.clock = clock;
    this.vault = vault;
    this.guard = guard;
    this.config = config;
    this.events = events;
    this.http = newClient(config);
  }

  private static HttpClient newClient(WebhooksConfig config) {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofMillis(config.getConnectTimeout().toMilliseconds()))
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newCachedThreadPool(DaemonThreads.named("webhook-http")))
        .build();
  }

  @Override
  public synchronized void start() {
    if (pool != null) {
      return;
    }
    running = true;
    int n = config.getWorkers();
    pool = Executors.newFixedThreadPool(n, DaemonThreads.named("webhook-delivery"));
    for (int i = 0; i < n; i++) {
      pool.execute(this::run);
    }
  }

  /** Stops after the sends in progress have been recorded (so a stop causes no resend). */
  @Override
  public synchronized void stop() throws InterruptedException {
    if (pool == null) {
      return;
    }
    running = false;
    kick();
    pool.shutdown();
    long grace =
        config.getConnectTimeout().toMilliseconds()
            + config.getRequestTimeout().toMilliseconds()
            + 5_000;
    if (!pool.awaitTermination(grace, TimeUnit.MILLISECONDS)) {
      LOG.warn("webhooks: a delivery in progress did not finish; interrupting it");
      pool.shutdownNow();
    }
    pool = null;
  }

  /** Wakes the workers to look for due deliveries now. */
  public void kick() {
    wakeup.kick();
  }

  private void run() {
    while (running) {
      try {
        tenants.drainInTurns(Tenants.Work.WEBHOOKS, clock, () -> running && deliverOne());
      } catch (RuntimeException e) {
        LOG.error("webhooks: delivery pass failed; trying again shortly", e);
      }
      waitForWork();
    }
  }

  /** Claims one due delivery, sends it and records the outcome; false when none was due. */
  boolean deliverOne() {
    Instant now = clock.instant();
    Instant until = now.plusMillis(config.getLease().toMilliseconds());
    Optional<WebhookDao.Claim> claimed =
        jdbi.inTransaction(h -> Daos.of(h, WebhookDao.class).claim(now, until));
    if (claimed.isEmpty()) {
      return false;
    }
    WebhookDao.Claim c = claimed.get();
    Outcome o = send(c);
    afterSend.accept(c);
    TenantContext.callAs(c.tenantId(), () -> record(c, o, false));
    return true;
  }

  /** What one attempt gave. */
  record Outcome(Instant at, int code, long latencyMs, String error) {
    boolean ok() {
      return code >= 200 && code < 300;
    }
  }

  Outcome send(WebhookDao.Claim c) {
    Instant at = clock.instant();
    long start = System.nanoTime();
    URI uri;
    try {
      uri = TargetGuard.syntax(c.url());
      guard.checkBeforeSend(uri);
    } catch (DomainException e) {
      return new Outcome(at, 0, 0, "refused: " + e.getMessage());
    }
    String secret;
    try {
      secret = vault.decryptSecret(c.secretEnc());
    } catch (IllegalArgumentException e) {
      return new Outcome(at, 0, 0, "the signing secret does not decrypt with this node's key");
    }
    long ts = at.getEpochSecond();
    String id = c.eventId().toString();
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMillis(config.getRequestTimeout().toMilliseconds()))
            .header("content-type", "application/json")
            .header("user-agent", USER_AGENT)
            .header("webhook-id", id)
            .header("webhook-timestamp", Long.toString(ts))
            .header("webhook-signature", Signatures.sign(secret, id, ts, c.payload()))
            .POST(HttpRequest.BodyPublishers.ofString(c.payload()))
            .build();
    try {
      HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      int code = r.statusCode();
      return new Outcome(at, code, ms, code >= 200 && code < 300 ? "" : "HTTP " + code);
    } catch (HttpConnectTimeoutException e) {
      return failed(at, start, "connect timeout");
    } catch (HttpTimeoutException e) {
      return failed(at, start, "timeout");
    } catch (ConnectException e) {
      return failed(at, start, "connection refused");
    } catch (IOException e) {
      return failed(at, start, describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(at, start, "interrupted (node stopping)");
    }
  }

  private static Outcome failed(Instant at, long start, String error) {
    return new Outcome(at, 0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), error);
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    return s.length() > 300 ? s.substring(0, 300) : s;
  }

  /**
   * Records attempt {@code c.attemptCount() + 1} and the delivery's new state, in the tenant bound
   * by the caller. A replay is one attempt: delivered or FAILED, and it does not count towards the
   * subscription's failure run.
   */
  Optional<Delivery> record(WebhookDao.Claim c, Outcome o, boolean replay) {
    return jdbi.inTransaction(
        h -> {
          WebhookDao dao = Daos.of(h, WebhookDao.class);
          int expected = c.attemptCount();
          int attempt = expected + 1;
          Instant now = clock.instant();
          boolean finalFailure = !o.ok() && (replay || attempt >= config.getMaxAttempts());
          String state = o.ok() ? "DELIVERED" : finalFailure ? "FAILED" : "PENDING";
          Instant next = state.equals("PENDING") ? now.plus(backoff(attempt)) : null;
          int rows =
              dao.recordOutcome(
                  c.id(),
                  expected,
                  state,
                  next,
                  o.ok() ? now : null,
                  o.code(),
                  o.latencyMs(),
                  o.error());
          if (rows == 0) {
            LOG.info(
                "webhooks: delivery {} attempt {} was recorded elsewhere (lease ran out) or the"
                    + " delivery is gone; not recording it again",
                c.id(),
                attempt);
            return dao.findDelivery(c.id());
          }
          dao.insertAttempt(c.id(), attempt, o.at(), o.code(), o.latencyMs(), o.error(), replay);
          if (o.ok()) {
            dao.resetFailures(c.webhookId());
          } else if (finalFailure && !replay) {
            LOG.warn(
                "webhooks: delivery {} FAILED after {} attempt(s): {}", c.id(), attempt, o.error());
            int run = dao.countFailure(c.webhookId()).orElse(0);
            if (run >= config.getDisableAfterFailures()) {
              disable(h, dao, c, run, now);
            }
          } else if (!o.ok()) {
            LOG.info(
                "webhooks: delivery {} attempt {} failed ({}), next at {}",
                c.id(),
                attempt,
                o.error(),
                next);
          }
          return dao.findDelivery(c.id());
        });
  }

  private void disable(Handle h, WebhookDao dao, WebhookDao.Claim c, int run, Instant now) {
    String reason =
        run + " deliveries in a row failed every attempt (last: " + lastError(dao, c) + ")";
    if (dao.markFailing(c.webhookId(), reason, now) == 0) {
      return;
    }
    dao.failPending(c.webhookId(), "the subscription was turned off after failing deliveries");
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("webhookId", c.webhookId().toString());
    payload.put("target", origin(c.url()));
    payload.put("consecutiveFailures", run);
    payload.put("reason", reason);
    dao.find(c.webhookId())
        .map(WebhookDao.Subscription::createdByUserId)
        .ifPresent(u -> payload.put("createdByUserId", u.toString()));
    events.record(h, DomainEvent.of(EventType.WEBHOOK_DISABLED, "webhook", c.webhookId(), payload));
    LOG.warn("webhooks: subscription {} turned off: {}", c.webhookId(), reason);
  }

  private static String lastError(WebhookDao dao, WebhookDao.Claim c) {
    return dao.findDelivery(c.id()).map(Delivery::lastError).orElse("");
  }

  /** scheme://host[:port] only: a URL's path or query may hold a receiver's token. */
  static String origin(String url) {
    try {
      URI u = URI.create(url);
      return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** Deletes finished (delivered or failed) deliveries created before {@code cutoff}. */
  public void purge(Instant cutoff) {
    int total = 0;
    int n;
    do {
      n = Daos.with(jdbi, WebhookDao.class, d -> d.purgeDeliveries(cutoff, 1000));
      total += n;
    } while (n == 1000);
    if (total > 0) {
      LOG.info("webhooks: deleted {} finished deliveries created before {}", total, cutoff);
    }
  }

  /** The wait after the {@code attempts}-th failure: base·2^(n-1), ±20 %, at most backoffMax. */
  Duration backoff(int attempts) {
    return Backoff.exponential(
        attempts,
        config.getBackoffBase().toJavaDuration(),
        config.getBackoffMax().toJavaDuration());
  }

  private void waitForWork() {
    if (!wakeup.awaitDue(
        () ->
            tenants.earliest(
                Tenants.Work.WEBHOOKS,
                () -> Daos.with(jdbi, WebhookDao.class, WebhookDao::nextDue)),
        clock,
        config.getPollInterval().toMilliseconds(),
        20)) {
      running = false;
    }
  }
}
