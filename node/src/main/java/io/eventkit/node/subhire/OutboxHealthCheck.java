package io.eventkit.node.subhire;

import com.codahale.metrics.health.HealthCheck;
import io.eventkit.node.platform.db.Daos;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Unhealthy (registered as {@code degraded:}) when sub-hire messages have waited longer than {@code
 * threshold}: a partner is down or refusing, and a negotiation is stuck until it answers.
 */
final class OutboxHealthCheck extends HealthCheck {
  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration threshold;

  OutboxHealthCheck(Jdbi jdbi, Clock clock, Duration threshold) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.threshold = threshold;
  }

  @Override
  protected Result check() {
    List<String> stuck =
        jdbi.withHandle(h -> Daos.of(h, OutboxDao.class).stuck(clock.instant().minus(threshold)));
    return stuck.isEmpty()
        ? Result.healthy("no sub-hire message older than " + threshold.toMinutes() + " min")
        : Result.unhealthy(
            "sub-hire messages undelivered for over "
                + threshold.toMinutes()
                + " min: "
                + String.join("; ", stuck));
  }
}
