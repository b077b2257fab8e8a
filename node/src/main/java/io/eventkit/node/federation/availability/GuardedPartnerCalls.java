package io.eventkit.node.federation.availability;

import io.eventkit.node.federation.availability.FederatedAvailability.Outcome;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One call to a partner behind a per-partner bulkhead and the partner's circuit breaker, with its
 * health recorded; never throws.
 *
 * <p>The bulkhead holds {@code min} calls in flight per partner; with {@code max} above it (no
 * default does this, see FederatedAvailability.Settings#defaults) the limit adapts to the partner
 * between the two (see {@link Limit}). Beyond the limit a call answers BUSY at once; nothing
 * queues. Shared by the availability fan-out and asset resolution (each with its own bulkheads). A
 * {@link PartnerCallException} from the call keeps its outcome and counts against the circuit only
 * when it says the partner is unhealthy.
 */
public final class GuardedPartnerCalls {
  /** How the call went; {@code value} is set only when {@code outcome} is OK. */
  public record Result<T>(Outcome outcome, String detail, long latencyMs, T value) {}

  private final PartnerLinks links;
  private final String name;
  private final int min;
  private final int max;
  private final double deadlineMs;
  private final Clock clock;
  private final Map<String, Limit> limits = new ConcurrentHashMap<>();

  /**
   * {@code name} labels the BUSY message ("queries", "resolutions"); {@code min} ≤ {@code max}
   * bound the calls in flight to one partner (equal: a fixed bulkhead).
   */
  public GuardedPartnerCalls(
      PartnerLinks links, String name, int min, int max, Duration deadline, Clock clock) {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException("need 1 <= min <= max, got " + min + ", " + max);
    }
    this.links = links;
    this.name = name;
    this.min = min;
    this.max = max;
    this.deadlineMs = Math.max(1, deadline.toMillis());
    this.clock = clock;
  }

  /**
   * Calls in flight to one partner and their limit, which moves like a congestion window (additive
   * increase, multiplicative decrease) on each call's duration, timeouts included: a call back
   * within ¼ of the deadline raises the limit by one (up to max), but only while at least half the
   * limit was in use, so the limit grows only as far as the partner has shown it can take; one that
   * took half the deadline or more cuts it by 30 % (down to min); in between it stays. It starts at
   * min. So a partner that answers quickly earns more calls in flight as the load grows (about a
   * third more per round of calls), and when its answers slow towards the deadline, because it (or
   * this machine) is saturated or it is far, the limit falls within a few calls; the calls beyond
   * it answer BUSY at once instead of holding threads until they time out and open the partner's
   * circuit breaker.
   */
  static final class Limit {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int min;
    private final int max;
    private final double deadlineMs;
    private volatile double limit;

    Limit(int min, int max, double deadlineMs) {
      this.min = min;
      this.max = max;
      this.deadlineMs = deadlineMs;
      this.limit = min;
    }

    int current() {
      return (int) limit;
    }

    boolean tryAcquire() {
      if (inFlight.incrementAndGet() > current()) {
        inFlight.decrementAndGet();
        return false;
      }
      return true;
    }

    void release(long nanos) {
      int was = inFlight.getAndDecrement();
      double ms = nanos / 1e6;
      double l = limit;
      // A lost update between two completing calls only drops one step.
      if (ms >= deadlineMs * 0.5) {
        limit = Math.max(min, l * 0.7);
      } else if (ms <= deadlineMs * 0.25 && was * 2 >= l) {
        limit = Math.min(max, l + 1);
      }
    }
  }

  public <T> Result<T> call(String nodeId, Function<PartnerLinks.Link, T> fn) {
    long start = System.nanoTime();
    PartnerLinks.Link link;
    try {
      link = links.link(nodeId);
    } catch (RuntimeException e) {
      return failed(Outcome.ERROR, "no channel to " + nodeId + ": " + e.getMessage(), start);
    }
    Limit limit = limits.computeIfAbsent(nodeId, id -> new Limit(min, max, deadlineMs));
    if (!limit.tryAcquire()) {
      return failed(
          Outcome.BUSY,
          limit.current() + " " + name + " to " + nodeId + " already in flight",
          start);
    }
    CircuitBreaker cb = link.circuitBreaker();
    try {
      if (!cb.tryAcquirePermission()) {
        return failed(
            Outcome.CIRCUIT_OPEN,
            "circuit open after recent failures of " + nodeId + "; retried automatically",
            start);
      }
      try {
        T value = fn.apply(link);
        long took = System.nanoTime() - start;
        cb.onSuccess(took, TimeUnit.NANOSECONDS);
        link.stats().recordSuccess(clock.instant(), took / 1e6);
        return new Result<>(Outcome.OK, "", TimeUnit.NANOSECONDS.toMillis(took), value);
      } catch (PartnerCallException e) {
        if (e.unhealthy()) {
          cb.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
        } else {
          cb.releasePermission();
        }
        link.stats().recordFailure(clock.instant(), e.outcome() + ": " + e.getMessage());
        return failed(e.outcome(), e.getMessage(), start);
      } catch (RuntimeException e) {
        cb.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
        link.stats().recordFailure(clock.instant(), "ERROR: " + e);
        return failed(Outcome.ERROR, String.valueOf(e.getMessage()), start);
      }
    } finally {
      limit.release(System.nanoTime() - start);
    }
  }

  private static <T> Result<T> failed(Outcome o, String detail, long startNanos) {
    return new Result<>(
        o, detail, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), null);
  }
}
