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
   * {@code n} calls held in flight together for {@code holdMs}; the outcomes of those that got in
   * and of those refused.
   */
  private static List<Outcome> together(GuardedPartnerCalls g, int n, long holdMs)
      throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Outcome>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        fs.add(
            pool.submit(
                () ->
                    g.call(
                            "p.test",
                            l -> {
                              entered.countDown();
                              try {
                                release.await(5, TimeUnit.SECONDS);
                              } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                              }
                              return "ok";
                            })
                        .outcome()));
      }
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      // Every call has either entered (and waits) or been refused by the time this returns.
      Thread.sleep(holdMs);
      release.countDown();
      List<Outcome> out = new ArrayList<>();
      for (Future<Outcome> f : fs) {
        out.add(f.get(5, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void answers(GuardedPartnerCalls.Limit limit, int calls, long ms) {
    for (int i = 0; i < calls; i++) {
      limit.tryAcquire();
      limit.release(TimeUnit.MILLISECONDS.toNanos(ms));
    }
  }

  @Test
  void theLimitFollowsHowFastThePartnerAnswers() {
    GuardedPartnerCalls.Limit limit = new GuardedPartnerCalls.Limit(8, 64, 500);
    assertThat(limit.current()).as("before any answer").isEqualTo(8);
    answers(limit, 20, 4);
    assertThat(limit.current()).as("20 answers in 4 ms").isEqualTo(28);
    answers(limit, 100, 4);
    assertThat(limit.current()).as("capped").isEqualTo(64);
    answers(limit, 50, 200);
    assertThat(limit.current())
        .as("200 ms answers: slower, well within the deadline")
        .isEqualTo(64);
    answers(limit, 1, 300);
    assertThat(limit.current()).as("one answer at 60 % of the deadline").isEqualTo(44);
    answers(limit, 6, 500);
    assertThat(limit.current()).as("timeouts").isEqualTo(8);
  }

  @Test
  void aFastPartnerTakesManyCallsAndTheExcessIsBusyAtOnce() throws Exception {
    GuardedPartnerCalls g = calls(8, 64);
    for (int i = 0; i < 60; i++) {
      assertThat(g.call("p.test", l -> "ok").outcome()).isEqualTo(Outcome.OK);
    }
    // 50 together, held 150 ms: all within the raised limit.
    assertThat(together(g, 50, 150)).containsOnly(Outcome.OK);
    // Calls that take the whole deadline (the next 50 are held 600 ms) bring the limit down to
    // the floor, and the calls beyond it are refused at once, not queued.
    assertThat(together(g, 50, 600)).containsOnly(Outcome.OK);
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
