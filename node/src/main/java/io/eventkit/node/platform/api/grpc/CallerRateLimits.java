package io.eventkit.node.platform.api.grpc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.platform.config.RateLimitConfig;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Per-caller rate limits of the local API: one Resilience4j limiter per user or API token, timed by
 * the node's clock, sized by the caller's most generous configured role (see {@link
 * RateLimitConfig}). Kept in memory per node: with several replicas each enforces its own budget.
 */
final class CallerRateLimits {
  private final RateLimitConfig config;
  private final Clock clock;
  private final Cache<String, Entry> limiters =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();

  private record Entry(RateLimitConfig.Limit limit, AtomicRateLimiter limiter) {}

  /** A refused call: how long until the caller has budget again, and the limit it exceeded. */
  record Refusal(Duration retryAfter, RateLimitConfig.Limit limit) {
    long retryAfterSeconds() {
      return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
  }

  CallerRateLimits(RateLimitConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** Rate limiting switched off (tests of the server itself). */
  static RateLimitConfig off() {
    RateLimitConfig off = new RateLimitConfig();
    off.setEnabled(false);
    return off;
  }

  /** Takes one call from the caller's budget; empty if it had one. */
  Optional<Refusal> acquire(Principal p) {
    if (!config.isEnabled()) {
      return Optional.empty();
    }
    RateLimitConfig.Limit limit = limitOf(p);
    String key = (p.kind() == Principal.Kind.USER ? "user:" : "token:") + p.id();
    Entry e =
        limiters
            .asMap()
            .compute(
                key, (k, old) -> old != null && old.limit().equals(limit) ? old : create(k, limit));
    if (e.limiter().acquirePermission()) {
      return Optional.empty();
    }
    long nanos = e.limiter().getDetailedMetrics().getNanosToWait();
    return Optional.of(new Refusal(Duration.ofNanos(Math.max(nanos, 0)), limit));
  }

  RateLimitConfig.Limit limitOf(Principal p) {
    return Stream.concat(p.roles().stream().map(Enum::name), p.customRoles().stream())
        .map(n -> config.getRoles().get(n.toUpperCase(Locale.ROOT)))
        .filter(l -> l != null)
        .max((a, b) -> Double.compare(a.rate(), b.rate()))
        .orElse(config.getDefault());
  }

  private Entry create(String key, RateLimitConfig.Limit limit) {
    RateLimiterConfig c =
        RateLimiterConfig.custom()
            .limitForPeriod(limit.getRequests())
            .limitRefreshPeriod(limit.getPer().toJavaDuration())
            .timeoutDuration(Duration.ZERO)
            .build();
    return new Entry(limit, new AtomicRateLimiter("caller-" + key, c, this::nanoTime));
  }

  private Long nanoTime() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
