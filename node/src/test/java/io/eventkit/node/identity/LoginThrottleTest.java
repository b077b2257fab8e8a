package io.eventkit.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
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
    LoginThrottle t = new LoginThrottle(clock);
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
    LoginThrottle t = new LoginThrottle(clock);
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
    LoginThrottle t = new LoginThrottle(clock);
    for (int i = 0; i < LoginThrottle.MAX_PER_ADDRESS; i++) {
      assertThat(t.locked("new@example.com", "192.0.2.7:" + (5000 + i))).isFalse();
      t.failed("user" + i + "@example.com", "192.0.2.7:" + (5000 + i));
    }
    assertThat(t.locked("new@example.com", "192.0.2.7:6000")).isTrue();
    assertThat(t.locked("new@example.com", "192.0.2.8:6000")).isFalse();
    clock.now = clock.now.plus(LoginThrottle.BACKOFF.plus(Duration.ofSeconds(1)));
    assertThat(t.locked("new@example.com", "192.0.2.7:6000")).isFalse();
  }
}
