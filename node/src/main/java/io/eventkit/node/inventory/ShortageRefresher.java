package io.eventkit.node.inventory;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.platform.Periodic;
import java.time.Duration;

/**
 * Recomputes the stored shortages of noted products in the background (right after start, which
 * computes a fresh database's or a big import's, and then every {@code every}), so that a shortage
 * read rarely has any to do itself. Reads still refresh first, so correctness never depends on this
 * having run; several replicas may run it at once (a product is taken by one refresh).
 */
final class ShortageRefresher implements Managed {
  private final Periodic periodic;

  ShortageRefresher(Availability availability, Duration every) {
    this.periodic = new Periodic("shortages", Duration.ZERO, every, availability::refreshShortages);
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
