package io.eventkit.node.platform;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The retry wait shared by the outboxes (mail, webhooks, web push). */
public final class Backoff {
  private Backoff() {}

  /**
   * The wait after the {@code attempts}-th failure: {@code base}·2^(attempts-1), ±20 % jitter (so
   * that failures that happened together are not retried together), never more than {@code max} and
   * never less than 1 ms.
   */
  public static Duration exponential(int attempts, Duration base, Duration max) {
    long b = base.toMillis();
    long m = max.toMillis();
    long exp = attempts >= 40 ? m : Math.min(m, b * (1L << Math.max(0, attempts - 1)));
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis(Math.max(1, Math.min(m, Math.round(exp * jitter))));
  }
}
