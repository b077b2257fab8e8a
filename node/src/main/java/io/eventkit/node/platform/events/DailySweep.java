package io.eventkit.node.platform.events;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.platform.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sweep that raises a fact once a day (an overdue return, a certificate about to expire). It runs
 * shortly after start and then every {@code every} (an hour by default), and hands the work the
 * current UTC date from the injected clock: the work records its events with a dedupe key ending in
 * that date ({@link DomainEvent#once}), so running it often, on a restart or on every replica,
 * still records each fact once per subject per day.
 */
public final class DailySweep implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(DailySweep.class);

  private final String name;
  private final Clock clock;
  private final Duration every;
  private final ToIntFunction<LocalDate> work;
  private ScheduledExecutorService scheduler;

  /**
   * @param work records the day's events for the given date; returns how many it recorded
   */
  public DailySweep(String name, Clock clock, Duration every, ToIntFunction<LocalDate> work) {
    this.name = name;
    this.clock = clock;
    this.every = every;
    this.work = work;
  }

  public DailySweep(String name, Clock clock, ToIntFunction<LocalDate> work) {
    this(name, clock, Duration.ofHours(1), work);
  }

  /** The UTC date the sweep works for now. */
  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  /** Runs the sweep once, now, on the caller's thread; returns how many events it recorded. */
  public int runOnce() {
    return work.applyAsInt(today());
  }

  @Override
  public synchronized void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(name));
    var unused =
        scheduler.scheduleWithFixedDelay(
            this::runQuietly, 30_000, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runQuietly() {
    try {
      int n = runOnce();
      if (n > 0) {
        LOG.info("{}: recorded {} event(s)", name, n);
      }
    } catch (RuntimeException e) {
      LOG.warn("{} failed; it runs again in {}: {}", name, every, e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
