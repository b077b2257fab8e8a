package io.eventkit.node.platform.api.grpc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.platform.config.RateLimitConfig;
import io.eventkit.node.platform.db.AutoCommitRestoring;
import io.eventkit.node.platform.retention.Retention;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-caller rate limits of the local API: one token bucket per user or API token (Bucket4j), timed
 * by the node's clock, sized by the caller's most generous configured role (see {@link
 * RateLimitConfig}): {@code requests} at once, refilled at {@code requests} per {@code per}.
 *
 * <p>With {@code shared} the buckets live in PostgreSQL ({@code api_rate_bucket}, Bucket4j's
 * store), so the replicas on it share each caller's budget exactly; each call then reads and writes
 * its bucket under an advisory lock (concurrent calls of one caller are batched into one round
 * trip). If the database cannot be reached, calls are let through (they fail on their own) and the
 * failure is logged once a minute.
 */
final class CallerRateLimits {
  private static final Logger LOG = LoggerFactory.getLogger(CallerRateLimits.class);

  private final RateLimitConfig config;
  private final Clock clock;
  private final ProxyManager<String> shared;
  private final TimeMeter time;
  private final Cache<String, Entry> buckets =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();
  private volatile Instant lastFailureLogged = Instant.MIN;

  private record Entry(RateLimitConfig.Limit limit, Bucket bucket) {}

  /** A refused call: how long until the caller has budget again, and the limit it exceeded. */
  record Refusal(Duration retryAfter, RateLimitConfig.Limit limit) {
    long retryAfterSeconds() {
      return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
  }

  /** Buckets in this process only (one node, tests). */
  CallerRateLimits(RateLimitConfig config, Clock clock) {
    this(config, clock, null);
  }

  /**
   * {@code dataSource}: where the buckets live ({@code api_rate_bucket}) when the configuration
   * says {@code shared}; null, or not shared, keeps them in this process.
   */
  CallerRateLimits(RateLimitConfig config, Clock clock, DataSource dataSource) {
    this.config = config;
    this.clock = clock;
    this.time =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
          }

          @Override
          public boolean isWallClockBased() {
            return true;
          }
        };
    this.shared =
        dataSource == null || !config.isShared()
            ? null
            : Bucket4jPostgreSQL.advisoryLockBasedBuilder(new AutoCommitRestoring(dataSource))
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                // "RATE" above the key's hash: apart from the other advisory locks' keys.
                .lockIdSupplier(k -> (0x52415445L << 32) | (k.hashCode() & 0xffff_ffffL))
                .table("api_rate_bucket")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(
                    ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofMinutes(1)))
                .clientClock(time)
                .build();
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
    return take((p.kind() == Principal.Kind.USER ? "user:" : "token:") + p.id(), limitOf(p));
  }

  /**
   * Takes one call from a company account's budget ({@code rateLimits.tenant}), which all its
   * callers share; empty if it had one. For shared (SaaS) deployments.
   */
  Optional<Refusal> acquireTenant(String tenant) {
    if (!config.isEnabled()) {
      return Optional.empty();
    }
    return take("tenant:" + tenant, config.getTenant());
  }

  private Optional<Refusal> take(String owner, RateLimitConfig.Limit limit) {
    // The limit is part of the key: a caller whose limit changed starts a bucket of the new size.
    String key =
        owner + ":" + limit.getRequests() + "/" + limit.getPer().toJavaDuration().toMillis();
    Entry e =
        buckets
            .asMap()
            .compute(
                key, (k, old) -> old != null && old.limit().equals(limit) ? old : create(k, limit));
    ConsumptionProbe probe;
    try {
      probe = e.bucket().tryConsumeAndReturnRemaining(1);
    } catch (RuntimeException failure) {
      Instant now = clock.instant();
      if (lastFailureLogged.plus(Duration.ofMinutes(1)).isBefore(now)) {
        lastFailureLogged = now;
        LOG.warn(
            "rate limits: the shared buckets are unavailable; letting calls through: {}",
            failure.toString());
      }
      return Optional.empty();
    }
    if (probe.isConsumed()) {
      return Optional.empty();
    }
    return Optional.of(
        new Refusal(Duration.ofNanos(Math.max(probe.getNanosToWaitForRefill(), 0)), limit));
  }

  RateLimitConfig.Limit limitOf(Principal p) {
    return Stream.concat(p.roles().stream().map(Enum::name), p.customRoles().stream())
        .map(n -> config.getRoles().get(n.toUpperCase(Locale.ROOT)))
        .filter(l -> l != null)
        .max((a, b) -> Double.compare(a.rate(), b.rate()))
        .orElse(config.getDefault());
  }

  private Entry create(String key, RateLimitConfig.Limit limit) {
    long n = limit.getRequests();
    BucketConfiguration c =
        BucketConfiguration.builder()
            .addLimit(b -> b.capacity(n).refillGreedy(n, limit.getPer().toJavaDuration()))
            .build();
    if (shared == null) {
      return new Entry(
          limit,
          Bucket.builder().addLimit(c.getBandwidths()[0]).withCustomTimePrecision(time).build());
    }
    return new Entry(
        limit, shared.builder().withOptimization(Optimizations.batching()).build(key, () -> c));
  }

  /** What retention deletes: buckets that are full again (nobody called since they refilled). */
  static Retention.Task expiredBuckets() {
    return new Retention.Task(
        "api rate buckets",
        Duration.ZERO,
        (h, before, limit) ->
            h.createUpdate(
                    "DELETE FROM api_rate_bucket WHERE id IN (SELECT id FROM api_rate_bucket"
                        + " WHERE expires_at < :before LIMIT :limit)")
                .bind("before", before.toEpochMilli())
                .bind("limit", limit)
                .execute());
  }
}
