package io.eventkit.node.notifications;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.platform.DaemonThreads;
import io.eventkit.node.platform.Wakeup;
import io.eventkit.node.platform.events.EventType;
import io.eventkit.node.platform.tenancy.Tenants;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans every recorded domain event out to the sinks, exactly once. A pass claims a batch of pending
 * events ({@code fanned_out_at IS NULL}, by seq, {@code FOR UPDATE SKIP LOCKED} so replicas share
 * the work) and, in one transaction, calls every sink for each with the event's tenant bound, then
 * sets {@code fanned_out_at}. A sink that throws rolls back that event only (a savepoint): it stays
 * pending and is tried again on the next pass, while the rest of the batch goes through.
 *
 * <p>Woken after each commit that recorded events on this node ({@code DomainEvents.onRecorded}),
 * then lingering {@code notifications.linger} so that a burst of commits makes one batch, and
 * polling every {@code notifications.pollInterval} for other replicas' commits. Housekeeping
 * deletes fanned-out events (and runs the sinks' clean-ups) older than {@code
 * notifications.retention}, in small batches.
 */
public final class FanOut implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);
  static final int PURGE_BATCH = 1000;
  static final Duration HOUSEKEEPING_EVERY = Duration.ofMinutes(10);

  private final Jdbi jdbi;
  private final Clock clock;
  private final List<EventSink> sinks;
  private final NotificationsConfig config;
  private final Wakeup wakeup = new Wakeup();
  private volatile boolean running;
  private ExecutorService worker; // guarded by this
  private Instant nextHousekeeping = Instant.MIN;
  private final List<java.util.function.Consumer<Instant>> housekeepers =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private final Tenants tenants;

  /** A fan-out of each of {@code tenants}' events in turn. */
  public FanOut(
      Jdbi jdbi, Clock clock, List<EventSink> sinks, NotificationsConfig config, Tenants tenants) {
    this.tenants = tenants;
    this.jdbi = jdbi;
    this.clock = clock;
    this.sinks = List.copyOf(sinks);
    this.config = config;
  }

  @Override
  public synchronized void start() {
    if (worker != null) {
      return;
    }
    running = true;
    worker = Executors.newSingleThreadExecutor(DaemonThreads.named("event-fanout"));
    worker.execute(this::run);
  }

  @Override
  public synchronized void stop() throws InterruptedException {
    if (worker == null) {
      return;
    }
    running = false;
    kick();
    worker.shutdown();
    if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
      worker.shutdownNow();
    }
    worker = null;
  }

  /** Wakes the fan-out (DomainEvents calls it after a commit that recorded events). */
  public void kick() {
    wakeup.kick();
  }

  private void run() {
    while (running) {
      try {
        tenants.drainInTurns(Tenants.Work.FAN_OUT, clock, () -> running && pass() > 0);
        if (running && !clock.instant().isBefore(nextHousekeeping)) {
          tenants.forEach(this::housekeeping);
          nextHousekeeping = clock.instant().plus(HOUSEKEEPING_EVERY);
        }
      } catch (RuntimeException e) {
        LOG.error("fan-out: pass failed; trying again shortly", e);
      }
      waitForWork();
    }
  }

  /** Fans out one batch now; returns how many events it fanned out (tools and tests). */
  public int pass() {
    return jdbi.inTransaction(
        h -> {
          List<StoredEvent> batch = claim(h, config.getBatchSize());
          List<UUID> done = new ArrayList<>();
          for (StoredEvent e : batch) {
            if (fanOut(h, e)) {
              done.add(e.id());
            }
          }
          if (!done.isEmpty()) {
            h.createUpdate("UPDATE domain_event SET fanned_out_at = :now WHERE id = ANY(:ids)")
                .bind("now", clock.instant())
                .bind("ids", done.toArray(UUID[]::new))
                .execute();
          }
          return batch.size() == 0 ? 0 : done.size();
        });
  }

  private boolean fanOut(Handle h, StoredEvent e) {
    String savepoint = "fanout_event";
    h.savepoint(savepoint);
    try {
      TenantContext.callAs(
          e.tenantId(),
          () -> {
            for (EventSink s : sinks) {
              s.fanOut(h, e);
            }
            return null;
          });
      h.release(savepoint);
      return true;
    } catch (RuntimeException ex) {
      h.rollbackToSavepoint(savepoint);
      LOG.error(
          "fan-out: event {} ({}) failed in a sink; it stays pending and is tried again",
          e.id(),
          e.type().wireName(),
          ex);
      return false;
    }
  }

  /** Node-wide: replicas share pending events; each claimed row carries its tenant. */
  private List<StoredEvent> claim(Handle h, int limit) {
    List<StoredEvent> out = new ArrayList<>();
    List<UUID> unknown = new ArrayList<>();
    h.createQuery(
            "SELECT id, tenant_id, seq, type, occurred_at, subject_kind, subject_id,"
                + " recipient_user_id, actor, payload::text AS payload FROM domain_event"
                + " WHERE fanned_out_at IS NULL ORDER BY seq LIMIT :limit FOR UPDATE SKIP LOCKED")
        .bind("limit", limit)
        .map(
            (rs, ctx) -> {
              UUID id = rs.getObject("id", UUID.class);
              Optional<EventType> type = EventType.byName(rs.getString("type"));
              if (type.isEmpty()) {
                unknown.add(id);
                return null;
              }
              Timestamp at = rs.getTimestamp("occurred_at");
              return new StoredEvent(
                  id,
                  rs.getString("tenant_id"),
                  rs.getLong("seq"),
                  type.get(),
                  at.toInstant(),
                  rs.getString("subject_kind"),
                  rs.getString("subject_id"),
                  Optional.ofNullable(rs.getObject("recipient_user_id", UUID.class)),
                  rs.getString("actor"),
                  rs.getString("payload"));
            })
        .forEach(
            e -> {
              if (e != null) {
                out.add(e);
              }
            });
    if (!unknown.isEmpty()) {
      // A type this version does not know (written by a newer replica): nothing here can deliver
      // it; it is marked done so it does not block the stream.
      LOG.warn("fan-out: {} event(s) of unknown types skipped: {}", unknown.size(), unknown);
      h.createUpdate("UPDATE domain_event SET fanned_out_at = :now WHERE id = ANY(:ids)")
          .bind("now", clock.instant())
          .bind("ids", unknown.toArray(UUID[]::new))
          .execute();
    }
    return out;
  }

  /**
   * Deletes fanned-out events older than the retention, 1,000 rows per statement, then runs the
   * sinks' clean-ups (the fan-out runs it every 10 minutes; public for tools and tests).
   */
  public void housekeeping() {
    Instant cutoff = clock.instant().minusMillis(config.getRetention().toMilliseconds());
    int total = 0;
    int n;
    do {
      n =
          jdbi.withHandle(
              h ->
                  h.createUpdate(
                          "DELETE FROM domain_event WHERE id IN (SELECT id FROM domain_event"
                              + " WHERE fanned_out_at < :cutoff LIMIT :limit)")
                      .bind("cutoff", cutoff)
                      .bind("limit", PURGE_BATCH)
                      .execute());
      total += n;
    } while (n == PURGE_BATCH);
    for (java.util.function.Consumer<Instant> h : housekeepers) {
      h.accept(cutoff);
    }
    if (total > 0) {
      LOG.info("fan-out housekeeping: deleted {} event(s) fanned out before {}", total, cutoff);
    }
  }

  /** Runs {@code task} with the retention cutoff at each housekeeping (a sink's own clean-up). */
  public void addHousekeeping(java.util.function.Consumer<Instant> task) {
    housekeepers.add(task);
  }

  private void waitForWork() {
    long wait = config.getPollInterval().toMilliseconds();
    if (!wakeup.await(wait)) {
      running = false;
      return;
    }
    long linger = config.getLinger().toMilliseconds();
    if (linger > 0 && running) {
      try {
        Thread.sleep(linger);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
  }
}
