package io.eventkit.node.federation.availability;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.federation.availability.FederatedAvailability.Outcome;
import io.eventkit.node.federation.channels.PartnerStats;
import io.eventkit.node.federation.trust.Partner;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The adaptive bulkhead: a partner answering well within the deadline gets up to the upper limit of
 * calls in flight, one that slows towards the deadline falls back to the floor, and calls beyond
 * the limit answer BUSY at once.
 */
class GuardedPartnerCallsTest {
  private static final Duration DEADLINE = Duration.ofMillis(500);

  private static GuardedPartnerCalls calls(int min, int max) {
    PartnerLinks.Link link =
        new PartnerLinks.Link(null, CircuitBreaker.ofDefaults("p"), new PartnerStats());
    PartnerLinks links =
        new PartnerLinks() {
          @Override
          public List<Partner> active() {
            return List.of();
          }

          @Override
          public Link link(String nodeId) {
            return link;
          }
        };
    return new GuardedPartnerCalls(links, "queries", min, max, DEADLINE, Clock.systemUTC());
  }

  /**
   * {@code n} calls started together; those let in are held until every call is decided (in, or
   * refused) and then {@code holdMs} more. Returns each call's outcome.
   */
  private static List<Outcome> together(GuardedPartnerCalls g, int n, long holdMs)
      throws Exception {
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch decided = new CountDownLatch(n);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Outcome>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        fs.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  Outcome o =
                      g.call(
                              "p.test",
                              l -> {
                                decided.countDown();
                                try {
                                  release.await(10, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                  Thread.currentThread().interrupt();
                                }
                                return "ok";
                              })
                          .outcome();
                  if (o != Outcome.OK) {
                    decided.countDown();
                  }
                  return o;
                }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      assertThat(decided.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(holdMs);
      release.countDown();
      List<Outcome> out = new ArrayList<>();
      for (Future<Outcome> f : fs) {
        out.add(f.get(10, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code rounds} rounds of as many calls as the limit allows, all answered in {@code ms}. */
  private static void rounds(GuardedPartnerCalls.Limit limit, int rounds, long ms) {
    for (int r = 0; r < rounds; r++) {
      int n = 0;
      while (limit.tryAcquire()) {
        n++;
      }
      for (int i = 0; i < n; i++) {
        limit.release(TimeUnit.MILLISECONDS.toNanos(ms));
      }
    }
  }

  @Test
  void theLimitGrowsAsFarAsThePartnerShowsItCanTakeAndFallsWhenItSlows() {
    GuardedPartnerCalls.Limit limit = new GuardedPartnerCalls.Limit(8, 64, 500);
    assertThat(limit.current()).as("before any answer").isEqualTo(8);
    for (int i = 0; i < 100; i++) {
      limit.tryAcquire();
      limit.release(TimeUnit.MILLISECONDS.toNanos(4));
    }
    assertThat(limit.current()).as("one call at a time earns nothing").isEqualTo(8);
    rounds(limit, 1, 4);
    assertThat(limit.current()).as("8 quick answers with 8 in flight").isBetween(10, 12);
    rounds(limit, 15, 4);
    assertThat(limit.current()).as("capped").isEqualTo(64);
    rounds(limit, 3, 200);
    assertThat(limit.current())
        .as("200 ms answers: slower, well within the deadline")
        .isEqualTo(64);
    limit.tryAcquire();
    limit.release(TimeUnit.MILLISECONDS.toNanos(300));
    assertThat(limit.current()).as("one answer at 60 % of the deadline").isEqualTo(44);
    for (int i = 0; i < 6; i++) {
      limit.tryAcquire();
      limit.release(TimeUnit.MILLISECONDS.toNanos(500));
    }
    assertThat(limit.current()).as("timeouts").isEqualTo(8);
  }

  @Test
  void aFastPartnerEarnsManyCallsAndTheExcessIsBusyAtOnce() throws Exception {
    GuardedPartnerCalls g = calls(8, 64);
    List<Outcome> first = together(g, 64, 20);
    assertThat(first.stream().filter(o -> o == Outcome.OK).count())
        .as("at first, 8 in flight")
        .isEqualTo(8);
    List<Outcome> last = first;
    for (int i = 0; i < 15; i++) {
      last = together(g, 64, 20);
    }
    assertThat(last).as("earned: 64 in flight").containsOnly(Outcome.OK);
    // Calls that take the whole deadline (the next 64 are held 600 ms) bring the limit down to
    // the floor, and the calls beyond it are refused at once, not queued.
    assertThat(together(g, 64, 600)).containsOnly(Outcome.OK);
    List<Outcome> next = together(g, 20, 100);
    assertThat(next.stream().filter(o -> o == Outcome.OK).count()).isEqualTo(8);
    assertThat(next.stream().filter(o -> o == Outcome.BUSY).count()).isEqualTo(12);
  }

  @Test
  void aFixedBulkheadStaysFixed() throws Exception {
    GuardedPartnerCalls g = calls(4, 4);
    for (int i = 0; i < 20; i++) {
      g.call("p.test", l -> "ok");
    }
    List<Outcome> out = together(g, 10, 200);
    assertThat(out.stream().filter(o -> o == Outcome.OK).count()).isEqualTo(4);
    assertThat(out.stream().filter(o -> o == Outcome.BUSY).count()).isEqualTo(6);
  }
}
