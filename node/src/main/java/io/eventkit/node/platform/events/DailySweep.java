package io.eventkit.node.platform.events;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.platform.Periodic;
import io.eventkit.node.platform.cluster.ClusterJobs;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sweep that raises a fact once a day (an overdue return, a certificate about to expire). It runs
 * shortly after start and then every {@code every} (an hour by default), and hands the work the
 * current UTC date from the injected clock: the work records its events with a dedupe key ending in
 * that date ({@link DomainEvent#once}), so running it often, on a restart or on every replica,
 * still records each fact once per subject per day; with replicas, one runs each hourly sweep.
 */
public final class DailySweep implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(DailySweep.class);

  private final String name;
  private final Clock clock;
  private final ToIntFunction<LocalDate> work;
  private final Periodic periodic;

  /**
   * @param work records the day's events for the given date; returns how many it recorded
   */
  public DailySweep(
      String name,
      Clock clock,
      Duration every,
      ClusterJobs.Scope scope,
      ToIntFunction<LocalDate> work,
      ClusterJobs jobs) {
    this.name = name;
    this.clock = clock;
    this.work = work;
    this.periodic = jobs.every(name, Duration.ofSeconds(30), every, scope, this::runAndLog);
  }

  /** Every hour, on one replica at a time, for each tenant. */
  public DailySweep(String name, Clock clock, ToIntFunction<LocalDate> work, ClusterJobs jobs) {
    this(name, clock, Duration.ofHours(1), ClusterJobs.Scope.EACH_TENANT, work, jobs);
  }

  /** Every hour, on one replica at a time, as {@code scope} says. */
  public DailySweep(
      String name,
      Clock clock,
      ClusterJobs.Scope scope,
      ToIntFunction<LocalDate> work,
      ClusterJobs jobs) {
    this(name, clock, Duration.ofHours(1), scope, work, jobs);
  }

  /** The UTC date the sweep works for now. */
  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** Runs the sweep once, now, on the caller's thread; returns how many events it recorded. */
  public int runOnce() {
    return work.applyAsInt(today());
  }

  private void runAndLog() {
    int n = runOnce();
    if (n > 0) {
      LOG.info("{}: recorded {} event(s)", name, n);
    }
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
