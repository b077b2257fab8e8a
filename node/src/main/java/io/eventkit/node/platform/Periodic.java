package io.eventkit.node.platform;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background task on its own daemon thread, started and stopped with the node: first {@code
 * first} after start, then {@code every} after each run ends (runs never overlap). A run that
 * throws is logged at WARN in one line (the task's name, when it runs again, the exception; its
 * stack at DEBUG), and the next run goes ahead as planned. Every replica runs its own: a task that
 * must run once per cluster takes a lock itself.
 */
public final class Periodic implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(Periodic.class);

  private final String name;
  private final Duration first;
  private final Duration every;
  private final Runnable task;
  private ScheduledExecutorService scheduler;

  /** {@code name} names the thread and the log lines ("shortages", "retention"...). */
  public Periodic(String name, Duration first, Duration every, Runnable task) {
    if (every.isNegative() || every.isZero() || first.isNegative()) {
      throw new IllegalArgumentException(
          name + ": needs every > 0 and first >= 0, got " + every + ", " + first);
    }
    this.name = name;
    this.first = first;
    this.every = every;
    this.task = task;
  }

  @Override
  public synchronized void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(name));
    var unused =
        scheduler.scheduleWithFixedDelay(
            this::runQuietly, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runQuietly() {
    try {
      task.run();
    } catch (RuntimeException e) {
      // One line per failure (a task every 2 s during a database outage would otherwise print a
      // stack trace every 2 s); the stack at DEBUG.
      LOG.warn("{} failed; it runs again in {}: {}", name, every, e.toString());
      LOG.debug("{} failed", name, e);
    }
  }

  /** Interrupts a run in progress and waits up to 10 s for it to end. */
  @Override
  public synchronized void stop() throws InterruptedException {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
      scheduler = null;
    }
  }
}
