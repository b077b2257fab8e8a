package io.eventkit.node.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeriodicTest {
  @Test
  void aRunThatThrowsDoesNotStopTheNextOnes() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch three = new CountDownLatch(3);
    Periodic p =
        new Periodic(
            "test-periodic",
            Duration.ZERO,
            Duration.ofMillis(10),
            () -> {
              runs.incrementAndGet();
              three.countDown();
              throw new IllegalStateException("every run fails");
            });
    p.start();
    try {
      assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.stop();
    }
    int atStop = runs.get();
    Thread.sleep(100);
    assertThat(runs.get()).as("no run after stop").isEqualTo(atStop);
  }

  @Test
  void stopInterruptsARunInProgressAndWaitsForIt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch ended = new CountDownLatch(1);
    Periodic p =
        new Periodic(
            "test-periodic",
            Duration.ZERO,
            Duration.ofHours(1),
            () -> {
              started.countDown();
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                ended.countDown();
              }
            });
    p.start();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    p.stop();
    assertThat(ended.getCount()).as("the run ended before stop returned").isZero();
  }

  @Test
  void refusesANonPositiveInterval() {
    assertThatThrownBy(() -> new Periodic("x", Duration.ZERO, Duration.ZERO, () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("every > 0");
  }
}
