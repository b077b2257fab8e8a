package io.eventkit.node.platform.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.Duration;
import io.eventkit.node.kernel.Permission;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.platform.config.RateLimitConfig;
import io.eventkit.node.testing.MigratedDatabase;
import java.time.Clock;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-caller rate limits kept in PostgreSQL ({@code shared: true}): two replicas' limiters on one
 * database share a caller's budget exactly, and retention deletes the buckets that are full again.
 */
class SharedRateLimitsTest {
  static MigratedDatabase db;
  static Jdbi jdbi;

  @BeforeAll
  static void start() {
    db = MigratedDatabase.start();
    jdbi = db.jdbi();
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /** {@code requests} per hour: nothing refills while a case runs. */
  private static RateLimitConfig limitOf(int requests) {
    RateLimitConfig c = new RateLimitConfig();
    c.setDefault(new RateLimitConfig.Limit(requests, Duration.hours(1)));
    c.setRoles(java.util.Map.of());
    c.setShared(true);
    return c;
  }

  private static Principal token(String id) {
    return new Principal(
        id,
        "scanner",
        Set.of(),
        Set.of(),
        Set.of(Permission.values()[0]),
        Principal.Kind.API_TOKEN,
        "default");
  }

  @Test
  void twoReplicasShareACallersBudget() {
    RateLimitConfig config = limitOf(40);
    CallerRateLimits one = new CallerRateLimits(config, Clock.systemUTC(), db.dataSource());
    CallerRateLimits two = new CallerRateLimits(config, Clock.systemUTC(), db.dataSource());
    Principal caller = token("t-shared");
    int allowed = 0;
    for (int i = 0; i < 120; i++) {
      if ((i % 2 == 0 ? one : two).acquire(caller).isEmpty()) {
        allowed++;
      }
    }
    // Alone, each replica would have let 40 through (80 in all).
    assertThat(allowed).isEqualTo(40);
    // A refusal says when to come back.
    assertThat(one.acquire(caller))
        .hasValueSatisfying(r -> assertThat(r.retryAfterSeconds()).isBetween(1L, 90L));
    // Another caller has its own budget.
    assertThat(two.acquire(token("t-other"))).isEmpty();
  }

  @Test
  void withoutSharedEachProcessKeepsItsOwnBudget() {
    RateLimitConfig config = limitOf(10);
    config.setShared(false);
    CallerRateLimits one = new CallerRateLimits(config, Clock.systemUTC(), db.dataSource());
    CallerRateLimits two = new CallerRateLimits(config, Clock.systemUTC(), db.dataSource());
    int allowed = 0;
    for (int i = 0; i < 40; i++) {
      if ((i % 2 == 0 ? one : two).acquire(token("t-local")).isEmpty()) {
        allowed++;
      }
    }
    assertThat(allowed).isEqualTo(20);
    assertThat(count("t-local")).isZero();
  }

  @Test
  void retentionDeletesBucketsThatAreFullAgain() {
    CallerRateLimits one = new CallerRateLimits(limitOf(5), Clock.systemUTC(), db.dataSource());
    for (int i = 0; i < 6; i++) {
      one.acquire(token("t-expiring"));
    }
    long stored = count("t-expiring");
    assertThat(stored).isEqualTo(1);
    // Not yet full again: kept.
    jdbi.useTransaction(
        h -> CallerRateLimits.expiredBuckets().purge().delete(h, java.time.Instant.now(), 100));
    assertThat(count("t-expiring")).isEqualTo(1);
    jdbi.useTransaction(
        h ->
            CallerRateLimits.expiredBuckets()
                .purge()
                .delete(h, java.time.Instant.now().plusSeconds(3 * 3600), 100));
    assertThat(count("t-expiring")).isZero();
  }

  private static long count(String caller) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT count(*) FROM api_rate_bucket WHERE id LIKE :p")
                .bind("p", "token:" + caller + ":%")
                .mapTo(Long.class)
                .one());
  }
}
