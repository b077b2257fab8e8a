package io.eventkit.node.inventory;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.platform.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes the stored shortages of noted products in the background (right after start, which
 * computes a fresh database's or a big import's, and then every {@code every}), so that a shortage
 * read rarely has any to do itself. Reads still refresh first, so correctness never depends on this
 * having run; several replicas may run it at once (a product is taken by one refresh).
 */
final class ShortageRefresher implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(ShortageRefresher.class);

  private final Availability availability;
  private final Duration every;
  private ScheduledExecutorService scheduler;

  ShortageRefresher(Availability availability, Duration every) {
    this.availability = availability;
    this.every = every;
  }

  @Override
  public synchronized void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("shortages"));
    var unused =
        scheduler.scheduleWithFixedDelay(
            this::refreshQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void refreshQuietly() {
    try {
      availability.refreshShortages();
    } catch (RuntimeException e) {
      LOG.warn(
          "refreshing the stored shortages failed; it runs again in {}: {}", every, e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
