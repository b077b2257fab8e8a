package io.eventkit.node.platform.retention;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.platform.Periodic;
import io.eventkit.node.platform.tenancy.Tenants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what has outlived its retention from the tables that only grow (features register a
 * {@link Task} per table). Each run holds a session advisory lock, so with several replicas on one
 * database one of them purges and the others skip that round. Rows go in batches of {@link #BATCH},
 * each its own short transaction, so a purge never holds locks long or bloats one transaction.
 */
public final class Retention implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  static final int BATCH = 1_000;

  /** pg_try_advisory_lock key of the purge (any constant no other lock uses). */
  static final long LOCK = 0x45_4b_52_45_54_4eL; // "EKRETN"

  /** Deletes at most {@code limit} rows older than {@code before}; returns how many it deleted. */
  @FunctionalInterface
  public interface Purge {
    int delete(Handle h, Instant before, int limit);
  }

  /**
   * Records, in the purged table's own trail, that {@code count} rows before a time were purged.
   */
  @FunctionalInterface
  public interface Note {
    void purged(Handle h, Instant before, long count, Instant now);
  }

  /** One table: its name (logs), how long rows are kept, how they go, and an optional note. */
  public record Task(String name, Duration keep, Purge purge, Note note) {
    public Task(String name, Duration keep, Purge purge) {
      this(name, keep, purge, null);
    }
  }

  /**
   * The purge of a trail with a {@code timestamptz at} column and a key {@code id}: its oldest rows
   * first (an index on {@code at} keeps each batch a range scan). {@code table} is a constant of
   * the caller, never input.
   */
  public static Purge byAge(String table) {
    String sql =
        "DELETE FROM "
            + table
            + " WHERE id IN (SELECT id FROM "
            + table
            + " WHERE at < :before ORDER BY at LIMIT :limit)";
    return (h, before, limit) ->
        h.createUpdate(sql).bind("before", before).bind("limit", limit).execute();
  }

  /**
   * The detail an audit trail's own purge note carries: "N entries before T deleted (retention)".
   */
  public static String purgeDetail(long count, Instant before) {
    return count + " entries before " + before + " deleted (retention)";
  }

  private final Jdbi jdbi;
  private final Clock clock;
  private final List<Task> tasks = new CopyOnWriteArrayList<>();
  private final Periodic periodic;
  private final Tenants tenants;

  /** Purges every {@code interval}, once as each of {@code tenants}. */
  public Retention(Jdbi jdbi, Clock clock, Duration interval, Tenants tenants) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.tenants = tenants;
    // The first run waits up to a minute: start-up has enough to do.
    Duration first =
        interval.compareTo(Duration.ofMinutes(1)) < 0 ? interval : Duration.ofMinutes(1);
    this.periodic = new Periodic("retention", first, interval, this::runOnce);
  }

  public void add(List<Task> more) {
    tasks.addAll(more);
  }

  /**
   * One purge of every table, once as each tenant, if no other replica is purging now. Returns rows
   * deleted per task, summed over the tenants (empty when another replica holds the lock).
   */
  public Map<String, Long> runOnce() {
    Map<String, Long> out = new LinkedHashMap<>();
    tenants.forEach(() -> purge().forEach((task, n) -> out.merge(task, n, Long::sum)));
    return out;
  }

  /** One purge of every table as the current tenant. */
  private Map<String, Long> purge() {
    return jdbi.withHandle(
        h -> {
          boolean mine =
              h.createQuery("SELECT pg_try_advisory_lock(:k)")
                  .bind("k", LOCK)
                  .mapTo(Boolean.class)
                  .one();
          if (!mine) {
            return Map.<String, Long>of();
          }
          try {
            Map<String, Long> out = new LinkedHashMap<>();
            for (Task t : tasks) {
              Instant now = clock.instant();
              Instant before = now.minus(t.keep());
              long total = 0;
              int n;
              do {
                n = h.inTransaction(x -> t.purge().delete(x, before, BATCH));
                total += n;
              } while (n == BATCH);
              if (total > 0 && t.note() != null) {
                long count = total;
                h.useTransaction(x -> t.note().purged(x, before, count, now));
              }
              if (total > 0) {
                LOG.info(
                    "retention: deleted {} row(s) of {} older than {}", total, t.name(), before);
              }
              out.put(t.name(), total);
            }
            return out;
          } finally {
            h.createQuery("SELECT pg_advisory_unlock(:k)")
                .bind("k", LOCK)
                .mapTo(Boolean.class)
                .one();
          }
        });
  }

  @Override
  public void start() {
    periodic.start();
  }

  @Override
  public void stop() throws InterruptedException {
    periodic.stop();
  }
}
