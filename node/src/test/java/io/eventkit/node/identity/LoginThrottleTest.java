package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.testing.MigratedDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The login lock-out on a real PostgreSQL with the node's schema; each case uses its own keys. */
class LoginThrottleTest {
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

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-03-01T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void fiveFailuresForAnEmailLockItForTheBackOffWhetherOrNotItExists() {
    MutableClock clock = new MutableClock();
    LoginThrottle t = new LoginThrottle(jdbi, clock);
    for (int i = 0; i < 4; i++) {
      t.failed("Ghost@Example.com", "10.0.0." + i + ":4000");
      clock.now = clock.now.plusSeconds(60);
    }
    assertThat(t.locked("ghost@example.com", "10.0.0.9:1")).isFalse();
    t.failed("ghost@example.com", "10.0.0.5:4000");
    assertThat(t.locked("GHOST@example.com", "10.0.0.9:1")).isTrue();
    assertThat(t.locked("other@example.com", "10.0.0.9:1")).isFalse();
    clock.now = clock.now.plus(LoginThrottle.BACKOFF).minusSeconds(1);
    assertThat(t.locked("ghost@example.com", "10.0.0.9:1")).isTrue();
    clock.now = clock.now.plusSeconds(1);
    assertThat(t.locked("ghost@example.com", "10.0.0.9:1")).isFalse();
  }

  @Test
  void failuresOutsideTheWindowDoNotCountAndSuccessClearsTheAccount() {
    MutableClock clock = new MutableClock();
    LoginThrottle t = new LoginThrottle(jdbi, clock);
    for (int i = 0; i < 4; i++) {
      t.failed("a@example.com", "");
    }
    clock.now = clock.now.plus(LoginThrottle.WINDOW);
    t.failed("a@example.com", "");
    assertThat(t.locked("a@example.com", "")).isFalse();
    for (int i = 0; i < 3; i++) {
      t.failed("a@example.com", "");
    }
    t.succeeded("a@example.com");
    t.failed("a@example.com", "");
    assertThat(t.locked("a@example.com", "")).isFalse();
  }

  @Test
  void twentyFailuresFromOneHostLockThatHostForAnyEmail() {
    MutableClock clock = new MutableClock();
    LoginThrottle t = new LoginThrottle(jdbi, clock);
    for (int i = 0; i < LoginThrottle.MAX_PER_ADDRESS; i++) {
      assertThat(t.locked("new@example.com", "192.0.2.7:" + (5000 + i))).isFalse();
      t.failed("user" + i + "@example.com", "192.0.2.7:" + (5000 + i));
    }
    assertThat(t.locked("new@example.com", "192.0.2.7:6000")).isTrue();
    assertThat(t.locked("new@example.com", "192.0.2.8:6000")).isFalse();
    clock.now = clock.now.plus(LoginThrottle.BACKOFF.plus(Duration.ofSeconds(1)));
    assertThat(t.locked("new@example.com", "192.0.2.7:6000")).isFalse();
  }

  @Test
  void replicasCountTheSameFailuresAndReportALockOutOnce() {
    MutableClock clock = new MutableClock();
    LoginThrottle one = new LoginThrottle(jdbi, clock);
    LoginThrottle two = new LoginThrottle(jdbi, clock);
    int started = 0;
    for (int i = 0; i < LoginThrottle.MAX_PER_ACCOUNT; i++) {
      LoginThrottle replica = i % 2 == 0 ? one : two;
      assertThat(replica.locked("shared@example.com", "")).isFalse();
      if (replica.failed("shared@example.com", "").account()) {
        started++;
      }
    }
    assertThat(started).isEqualTo(1);
    assertThat(one.locked("shared@example.com", "")).isTrue();
    assertThat(two.locked("Shared@Example.com", "")).isTrue();
    // A restart forgets nothing: a new throttle on the same database still refuses.
    assertThat(new LoginThrottle(jdbi, clock).locked("shared@example.com", "")).isTrue();
    // What people typed is not kept in clear.
    long clear =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM login_throttle WHERE key LIKE '%@%'")
                    .mapTo(Long.class)
                    .one());
    assertThat(clear).isZero();
  }

  @Test
  void retentionForgetsKeysNobodyTriedForAWindowAndABackOff() {
    MutableClock clock = new MutableClock();
    clock.now = Instant.parse("2026-01-01T00:00:00Z");
    LoginThrottle t = new LoginThrottle(jdbi, clock);
    t.failed("old@example.com", "198.51.100.1:1");
    long before = count();
    int deleted =
        jdbi.inTransaction(
            h ->
                LoginThrottle.retention()
                    .purge()
                    .delete(h, Instant.parse("2026-01-01T00:31:00Z"), 1000));
    assertThat(deleted).isEqualTo(2); // the account's key and the host's
    assertThat(count()).isEqualTo(before - 2);
  }

  private static long count() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT count(*) FROM login_throttle").mapTo(Long.class).one());
  }
}
