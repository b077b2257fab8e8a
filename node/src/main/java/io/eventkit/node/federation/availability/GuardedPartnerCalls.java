package io.eventkit.node.federation.availability;

import io.eventkit.node.federation.availability.FederatedAvailability.Outcome;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One call to a partner behind a per-partner bulkhead and the partner's circuit breaker, with its
 * health recorded; never throws. Shared by the availability fan-out and asset resolution (each with
 * its own bulkheads). A {@link PartnerCallException} from the call keeps its outcome and counts
 * against the circuit only when it says the partner is unhealthy.
 */
public final class GuardedPartnerCalls {
  /** How the call went; {@code value} is set only when {@code outcome} is OK. */
  public record Result<T>(Outcome outcome, String detail, long latencyMs, T value) {}

  private final PartnerLinks links;
  private final String name;
  private final int maxConcurrentPerPartner;
  private final Clock clock;
  private final Map<String, Bulkhead> bulkheads = new ConcurrentHashMap<>();

  /** {@code name} labels the bulkheads and the BUSY message ("queries", "resolutions"). */
  public GuardedPartnerCalls(
      PartnerLinks links, String name, int maxConcurrentPerPartner, Clock clock) {
    this.links = links;
    this.name = name;
    this.maxConcurrentPerPartner = maxConcurrentPerPartner;
    this.clock = clock;
  }

  public <T> Result<T> call(String nodeId, Function<PartnerLinks.Link, T> fn) {
    long start = System.nanoTime();
    PartnerLinks.Link link;
    try {
      link = links.link(nodeId);
    } catch (RuntimeException e) {
      return failed(Outcome.ERROR, "no channel to " + nodeId + ": " + e.getMessage(), start);
    }
    Bulkhead bulkhead =
        bulkheads.computeIfAbsent(
            nodeId,
            id ->
                Bulkhead.of(
                    name + "-" + id,
                    BulkheadConfig.custom()
                        .maxConcurrentCalls(maxConcurrentPerPartner)
                        .maxWaitDuration(Duration.ZERO)
                        .build()));
    if (!bulkhead.tryAcquirePermission()) {
      return failed(
          Outcome.BUSY,
          maxConcurrentPerPartner + " " + name + " to " + nodeId + " already in flight",
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
      bulkhead.onComplete();
    }
  }

  private static <T> Result<T> failed(Outcome o, String detail, long startNanos) {
    return new Result<>(
        o, detail, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), null);
  }
}
