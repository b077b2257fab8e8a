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
 * <p>The bulkhead adapts to the partner (see {@link Limit}): at least {@code min} calls in flight,
 * and up to {@code max} while the partner answers well within the deadline. Beyond the limit a call
 * answers BUSY at once; nothing queues. Shared by the availability fan-out and asset resolution
 * (each with its own bulkheads). A {@link PartnerCallException} from the call keeps its outcome and
 * counts against the circuit only when it says the partner is unhealthy.
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
   * Calls in flight to one partner and their limit. The bulkhead is there so that calls don't pile
   * up on a partner that can't answer in time, each holding a thread until the deadline; a partner
   * that answers within it needs no cap but a sanity one. So the limit follows L, a moving average
   * (α = 0.2) of the partner's call durations, timeouts included: max while L ≤ ½ of the deadline,
   * min from ⅘ of it, linear in between. A partner that answers in time keeps max; one that slows
   * towards the deadline, saturated or far, is shed to min before its calls time out (timeouts
   * would open its circuit breaker, which stops all calls), and the excess answers BUSY at once.
   * Until the first call completes the limit is min.
   */
  static final class Limit {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int min;
    private final int max;
    private final double deadlineMs;
    private volatile double averageMs = -1;

    Limit(int min, int max, double deadlineMs) {
      this.min = min;
      this.max = max;
      this.deadlineMs = deadlineMs;
    }

    int current() {
      double avg = averageMs;
      double edge = deadlineMs * 0.5;
      double floor = deadlineMs * 0.8;
      if (avg < 0 || avg >= floor) {
        return min;
      }
      if (avg <= edge) {
        return max;
      }
      return min + (int) Math.round((max - min) * (floor - avg) / (floor - edge));
    }

    boolean tryAcquire() {
      if (inFlight.incrementAndGet() > current()) {
        inFlight.decrementAndGet();
        return false;
      }
      return true;
    }

    void release(long nanos) {
      inFlight.decrementAndGet();
      double ms = nanos / 1e6;
      double avg = averageMs;
      // A lost update between two completing calls only drops one sample.
      averageMs = avg < 0 ? ms : avg + 0.2 * (ms - avg);
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
