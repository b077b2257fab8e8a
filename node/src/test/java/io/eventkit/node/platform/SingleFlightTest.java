package io.eventkit.node.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SingleFlightTest {
  private final SingleFlight<String, String> flight = new SingleFlight<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<Thread> waiting = new ArrayList<>();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Starts a caller on its own thread; its thread is noted so the test can see it wait. */
  private Future<String> ask(String key, Supplier<String> compute) {
    return pool.submit(
        () -> {
          synchronized (waiting) {
            waiting.add(Thread.currentThread());
          }
          return flight.get(key, compute);
        });
  }

  /** Until {@code n} callers have started and every one but the computing one is parked. */
  private void awaitWaiting(int n) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < until) {
      synchronized (waiting) {
        if (waiting.size() == n
            && waiting.stream().filter(t -> t.getState() == Thread.State.WAITING).count()
                >= n - 1) {
          return;
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the callers did not all wait");
  }

  @Test
  void callersThatAskWhileAComputationRunsShareItsResult() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger computations = new AtomicInteger();
    Supplier<String> slow =
        () -> {
          int n = computations.incrementAndGet();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "result " + n;
        };
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(ask("utilisation", slow));
    }
    awaitWaiting(5);
    assertThat(flight.running()).isEqualTo(1);
    release.countDown();
    for (Future<String> a : answers) {
      assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("result 1");
    }
    assertThat(computations).hasValue(1);
    // Nothing is kept: the next caller computes again.
    assertThat(flight.running()).isZero();
    assertThat(flight.get("utilisation", slow)).isEqualTo("result 2");
  }

  @Test
  void differentKeysDoNotShare() {
    assertThat(flight.get("tenant-a", () -> "a")).isEqualTo("a");
    assertThat(flight.get("tenant-b", () -> "b")).isEqualTo("b");
  }

  @Test
  void aFailureIsNotSharedTheWaitingCallersAskAgain() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger computations = new AtomicInteger();
    Future<String> failing =
        ask(
            "k",
            () -> {
              computations.incrementAndGet();
              started.countDown();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new IllegalStateException("the first caller's own failure");
            });
    // The failing caller computes before the others ask.
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<String>> others = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int me = i;
      others.add(
          ask(
              "k",
              () -> {
                computations.incrementAndGet();
                return "own " + me;
              }));
    }
    awaitWaiting(4);
    release.countDown();
    assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the first caller's own failure");
    // Each of the others got a value, from its own computation or from one it waited for.
    for (Future<String> other : others) {
      assertThat(other.get(10, TimeUnit.SECONDS)).startsWith("own ");
    }
    assertThat(computations.get()).isBetween(2, 4);
    assertThat(flight.running()).isZero();
  }
}
