package io.eventkit.node.federation.availability;

import io.eventkit.node.federation.availability.FederatedAvailability.Outcome;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one fan-out shape of federation queries (availability, asset resolution): every ACTIVE
 * partner that grants this node {@code needed} is asked in parallel, each with the same end (start
 * + deadline); each answer is awaited until that end plus a short grace. A partner that does not
 * grant the level is not called and gets a DENIED result; one that does not answer in time gets
 * TIMEOUT, one whose call threw gets ERROR.
 */
public final class PartnerFanOut {
  private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

  /** Asks one partner; {@code endNanos} is the {@link System#nanoTime()} all calls must end by. */
  @FunctionalInterface
  public interface Ask<T> {
    T ask(String nodeId, long endNanos);
  }

  /** The result for a partner that was not called or did not answer. */
  @FunctionalInterface
  public interface Failed<T> {
    T failed(String nodeId, Outcome outcome, String detail, long latencyMs);
  }

  /**
   * Results by node ID in the order of {@link PartnerLinks#active()}; which ones were called; and
   * each listed partner's announced name (from the same partner rows, so no second read).
   */
  public record Results<T>(
      Map<String, T> byPartner, Set<String> called, Map<String, String> names) {}

  private PartnerFanOut() {}

  public static <T> Results<T> run(
      PartnerLinks links,
      TrustLevel needed,
      Duration deadline,
      Executor executor,
      Ask<T> ask,
      Failed<T> failed) {
    long start = System.nanoTime();
    long end = start + deadline.toNanos();
    // Partner calls join the trace of the request that fans out.
    Executor traced = io.eventkit.node.platform.tracing.Tracing.propagating(executor);
    Map<String, CompletableFuture<T>> calls = new LinkedHashMap<>();
    Map<String, T> results = new LinkedHashMap<>();
    Map<String, String> names = new LinkedHashMap<>();
    for (Partner p : links.active()) {
      names.put(p.nodeId(), p.displayName());
      if (!p.receivedLevel().allows(needed)) {
        String why =
            "not called: "
                + p.nodeId()
                + " grants this node "
                + p.receivedLevel()
                + "; "
                + needed
                + " is needed";
        results.put(p.nodeId(), failed.failed(p.nodeId(), Outcome.DENIED, why, 0));
        continue;
      }
      results.put(p.nodeId(), null);
      calls.put(p.nodeId(), CompletableFuture.supplyAsync(() -> ask.ask(p.nodeId(), end), traced));
    }
    for (Map.Entry<String, CompletableFuture<T>> e : calls.entrySet()) {
      T r;
      try {
        r =
            e.getValue()
                .get(Math.max(0, end + GRACE_NANOS - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException ex) {
        e.getValue().cancel(false);
        r =
            failed.failed(
                e.getKey(),
                Outcome.TIMEOUT,
                "no answer within " + deadline.toMillis() + " ms",
                sinceMs(start));
      } catch (ExecutionException ex) {
        r = failed.failed(e.getKey(), Outcome.ERROR, String.valueOf(ex.getCause()), sinceMs(start));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new DomainException(ErrorCode.UNAVAILABLE, "interrupted; retry");
      }
      results.put(e.getKey(), r);
    }
    return new Results<>(results, calls.keySet(), names);
  }

  private static long sinceMs(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
