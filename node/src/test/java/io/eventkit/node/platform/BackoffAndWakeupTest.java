package io.eventkit.node.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffAndWakeupTest {
  @Test
  void backoffDoublesWithinTwentyPercentAndStopsAtTheMax() {
    Duration base = Duration.ofSeconds(30);
    Duration max = Duration.ofHours(1);
    for (int i = 0; i < 200; i++) {
      assertThat(Backoff.exponential(1, base, max).toMillis()).isBetween(24_000L, 36_000L);
      // 30 s · 2^3 = 240 s, ±20 %
      assertThat(Backoff.exponential(4, base, max).toMillis()).isBetween(192_000L, 288_000L);
      assertThat(Backoff.exponential(30, base, max)).isLessThanOrEqualTo(max);
      assertThat(Backoff.exponential(1_000, base, max).toMillis())
          .isBetween(2_880_000L, 3_600_000L);
    }
    assertThat(Backoff.exponential(1, Duration.ZERO, Duration.ZERO))
        .isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void aKickBeforeTheWaitIsNotLostAndTheWaitOtherwiseTimesOut() throws Exception {
    Wakeup w = new Wakeup();
    w.kick();
    long t0 = System.nanoTime();
    assertThat(w.await(10_000)).isTrue();
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
    // The kick was consumed: the next wait runs to its timeout.
    t0 = System.nanoTime();
    assertThat(w.await(50)).isTrue();
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(45);
    // A kick from another thread ends a long wait.
    Thread kicker =
        new Thread(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                return;
              }
              w.kick();
            });
    kicker.start();
    t0 = System.nanoTime();
    assertThat(w.await(30_000)).isTrue();
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(20_000);
    kicker.join();
  }

  @Test
  void awaitDueWaitsForTheNextDueRowWithinItsBounds() {
    Wakeup w = new Wakeup();
    java.time.Clock clock =
        java.time.Clock.fixed(
            java.time.Instant.parse("2026-12-05T10:00:00Z"), java.time.ZoneOffset.UTC);
    java.time.Instant now = clock.instant();
    // Due in 80 ms: waits about that, not the 10 s poll interval.
    assertThat(
            waited(
                () ->
                    w.awaitDue(() -> java.util.Optional.of(now.plusMillis(80)), clock, 10_000, 20)))
        .isBetween(70L, 5_000L);
    // Due already (another replica holds it): at least the minimum, not a spin.
    assertThat(
            waited(
                () ->
                    w.awaitDue(
                        () -> java.util.Optional.of(now.minusSeconds(5)), clock, 10_000, 60)))
        .isBetween(55L, 5_000L);
    // Nothing due, or the due time cannot be read: the poll interval.
    assertThat(waited(() -> w.awaitDue(java.util.Optional::empty, clock, 90, 20)))
        .isGreaterThanOrEqualTo(85L);
    assertThat(
            waited(
                () ->
                    w.awaitDue(
                        () -> {
                          throw new IllegalStateException("database down");
                        },
                        clock,
                        90,
                        20)))
        .isGreaterThanOrEqualTo(85L);
  }

  private static long waited(java.util.function.BooleanSupplier wait) {
    long t0 = System.nanoTime();
    assertThat(wait.getAsBoolean()).isTrue();
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
