package io.eventkit.node.platform.cluster;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.platform.Periodic;
import io.eventkit.node.platform.tenancy.Tenants;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background jobs that run once per schedule across all replicas on one database (a sweep, the
 * shortage refresh), instead of once per replica.
 *
 * <p>How: every replica polls each job on its own {@link Periodic}; a poll runs the job only if (1)
 * it gets the job's session advisory lock, on a connection of this class's own (so no two replicas
 * run it at once, and when a replica dies PostgreSQL ends its session and frees the lock at once:
 * another replica takes the next poll), and (2) the job's row in {@code cluster_job} says it is due
 * by the database's clock, which the poll then moves on by 0.9 × {@code every} (so a schedule is
 * kept across replicas however their polls interleave). If the lock connection breaks while a job
 * runs, that run finishes without the lock; the next poll reconnects.
 */
public final class ClusterJobs implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterJobs.class);

  /** Jobs for a node alone (tests, tools): every poll runs its job, as the default tenant. */
  public static ClusterJobs local() {
    return new ClusterJobs(null, null, Tenants.single());
  }

  private final String replica = UUID.randomUUID().toString().substring(0, 8);
  private final Jdbi jdbi;
  private final ChangeFeed.Connections connections;
  private final Tenants tenants;
  private Connection locks; // guarded by this

  /** Jobs whose every run does its work once as each of {@code tenants} (one schedule for all). */
  public ClusterJobs(Jdbi jdbi, ChangeFeed.Connections connections, Tenants tenants) {
    this.jdbi = jdbi;
    this.connections = connections;
    this.tenants = tenants;
  }

  /** Whose work a job does, on each run. */
  public enum Scope {
    /** Once as each tenant the node serves (its business sweeps). */
    EACH_TENANT,
    /**
     * Once as the default tenant, which alone has a federation identity so far (docs/saas.md): the
     * federation's jobs, which read the node's own certificates from memory, and must not raise
     * their facts in another tenant.
     */
    FEDERATION
  }

  /**
   * A job that runs first {@code first} after start, then about every {@code every}, once as each
   * tenant.
   */
  public Periodic every(String name, Duration first, Duration every, Runnable task) {
    return every(name, first, every, Scope.EACH_TENANT, task);
  }

  /** A job that runs first {@code first} after start, then about every {@code every}. */
  public Periodic every(String name, Duration first, Duration every, Scope scope, Runnable task) {
    return new Periodic(name, first, every, () -> runIfDue(name, every, scope, task));
  }

  /**
   * A job like {@link #every(String, Duration, Duration, Runnable)} that runs only as the tenants
   * with rows of {@code work} waiting: a shared deployment finds them in one query instead of a
   * transaction per tenant that finds nothing (a self-hosted node runs its one tenant).
   */
  public Periodic every(
      String name, Duration first, Duration every, Tenants.Work work, Runnable task) {
    return new Periodic(
        name,
        first,
        every,
        () -> runScopedIfDue(name, every, () -> tenants.forEachWith(work, task)));
  }

  /** {@link #runIfDue(String, Duration, Scope, Runnable)} once as each tenant. */
  public boolean runIfDue(String name, Duration every, Runnable task) {
    return runIfDue(name, every, Scope.EACH_TENANT, task);
  }

  /**
   * Runs {@code task} now, as {@code scope} says, if no other replica runs it and it is due;
   * returns whether it ran. A failing task is rethrown (its {@link Periodic} logs it), and the
   * schedule still moves on.
   */
  public boolean runIfDue(String name, Duration every, Scope scope, Runnable task) {
    return runScopedIfDue(name, every, () -> run(scope, task));
  }

  /**
   * Runs {@code scoped} (which picks its tenants itself) if no other replica runs it and it is due.
   */
  private boolean runScopedIfDue(String name, Duration every, Runnable scoped) {
    if (jdbi == null) {
      scoped.run();
      return true;
    }
    if (!lock(name)) {
      return false;
    }
    try {
      if (!claim(name, every)) {
        return false;
      }
      String error = null;
      try {
        scoped.run();
      } catch (RuntimeException e) {
        error = e.toString();
        throw e;
      } finally {
        finished(name, error);
      }
      return true;
    } finally {
      unlock(name);
    }
  }

  private void run(Scope scope, Runnable task) {
    if (scope == Scope.EACH_TENANT) {
      tenants.forEach(task);
    } else {
      TenantContext.runAs(TenantContext.DEFAULT_TENANT, task);
    }
  }

  private boolean claim(String name, Duration every) {
    long micros = every.toNanos() / 1_000 * 9 / 10;
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO cluster_job (name, next_run_at, last_run_by, last_started_at)"
                            + " VALUES (:name, clock_timestamp() + make_interval(secs => :secs),"
                            + " :replica, clock_timestamp())"
                            + " ON CONFLICT (name) DO UPDATE SET next_run_at ="
                            + " EXCLUDED.next_run_at, last_run_by = EXCLUDED.last_run_by,"
                            + " last_started_at = EXCLUDED.last_started_at"
                            + " WHERE cluster_job.next_run_at <= clock_timestamp()")
                    .bind("name", name)
                    .bind("secs", micros / 1e6)
                    .bind("replica", replica)
                    .execute())
        == 1;
  }

  private void finished(String name, String error) {
    try {
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "UPDATE cluster_job SET last_finished_at = clock_timestamp(),"
                          + " last_error = :error WHERE name = :name AND last_run_by = :replica")
                  .bind("name", name)
                  .bind("error", error)
                  .bind("replica", replica)
                  .execute());
    } catch (RuntimeException e) {
      LOG.debug("could not note the end of job {}", name, e);
    }
  }

  private static long key(String name) {
    // "JOB" above the name's hash: apart from the other advisory locks' keys.
    return (0x4a4f42L << 32) | (name.hashCode() & 0xffff_ffffL);
  }

  /** The job's advisory lock on this replica's lock connection; false if another replica has it. */
  private synchronized boolean lock(String name) {
    try {
      return query(locksConnection(), "SELECT pg_try_advisory_lock(?)", key(name));
    } catch (SQLException e) {
      dropLocksConnection();
      LOG.debug("job {}: no lock connection", name, e);
      throw new IllegalStateException("cannot take the lock of job " + name + ": " + e, e);
    }
  }

  private synchronized void unlock(String name) {
    if (locks == null) {
      return; // the connection (and with it the lock) is gone already
    }
    try {
      query(locks, "SELECT pg_advisory_unlock(?)", key(name));
    } catch (SQLException e) {
      dropLocksConnection(); // the session, and its locks, end with it
    }
  }

  private Connection locksConnection() throws SQLException {
    if (locks == null || locks.isClosed()) {
      locks = connections.open();
      locks.setAutoCommit(true);
    }
    return locks;
  }

  private void dropLocksConnection() {
    if (locks != null) {
      try {
        locks.close();
      } catch (SQLException ignored) {
        // broken already
      }
      locks = null;
    }
  }

  private static boolean query(Connection c, String sql, long key) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setLong(1, key);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  @Override
  public void start() {}

  /** Closes the lock connection (the jobs have stopped before: they were started after this). */
  @Override
  public synchronized void stop() {
    dropLocksConnection();
  }
}
