package io.eventkit.node.federation.channels;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/** Outbound call health of one partner: last success/error and a latency window. */
public final class PartnerStats {
  private static final int WINDOW = 256;
  private final double[] latencies = new double[WINDOW];
  private int count;
  // The outcomes of the last WINDOW calls (true = failed), for the error rate.
  private final boolean[] failed = new boolean[WINDOW];
  private int calls;
  private volatile Instant lastSuccess;
  private volatile Instant lastErrorAt;
  private volatile String lastError = "";
  private final AtomicLong renewals = new AtomicLong();
  private volatile ClockOffset clockOffset;

  /**
   * The partner's clock minus ours, estimated at the midpoint of a call's round trip; {@code rtt}
   * bounds its error to ±rtt/2.
   */
  public record ClockOffset(Duration offset, Duration rtt, Instant measuredAt) {}

  synchronized void success(Instant at, double millis) {
    lastSuccess = at;
    latencies[count % WINDOW] = millis;
    count++;
    failed[calls % WINDOW] = false;
    calls++;
  }

  synchronized void failure(Instant at, String error) {
    lastErrorAt = at;
    lastError = error;
    failed[calls % WINDOW] = true;
    calls++;
  }

  /** Calls in the error-rate window (at most the last 256). */
  public synchronized int recentCalls() {
    return Math.min(calls, WINDOW);
  }

  /** Share of {@link #recentCalls()} that failed; NaN before the first call. */
  public synchronized double errorRate() {
    int n = Math.min(calls, WINDOW);
    if (n == 0) {
      return Double.NaN;
    }
    int bad = 0;
    for (int i = 0; i < n; i++) {
      if (failed[i]) {
        bad++;
      }
    }
    return (double) bad / n;
  }

  /** Records a successful call made outside {@link PartnerChannels#call} (e.g. a fan-out). */
  public void recordSuccess(Instant at, double millis) {
    success(at, millis);
  }

  /** Records a failed call made outside {@link PartnerChannels#call}. */
  public void recordFailure(Instant at, String error) {
    failure(at, error);
  }

  /**
   * A sample from a response stamped {@code serverMillis} by the partner, for a call sent at {@code
   * sentAt} (our clock) that took {@code rtt}. A sample whose round trip is more than four times
   * that of a sample less than 5 minutes old is ignored (its error bound is worse).
   */
  void clockSample(long serverMillis, Instant sentAt, Duration rtt, Instant now) {
    ClockOffset held = clockOffset;
    if (held != null
        && rtt.compareTo(held.rtt().multipliedBy(4).plusMillis(1)) > 0
        && held.measuredAt().isAfter(now.minusSeconds(300))) {
      return;
    }
    Instant midpoint = sentAt.plus(rtt.dividedBy(2));
    clockOffset =
        new ClockOffset(Duration.ofMillis(serverMillis - midpoint.toEpochMilli()), rtt, now);
  }

  /** The latest clock-offset estimate; null before the first. */
  public ClockOffset clockOffset() {
    return clockOffset;
  }

  void renewed() {
    renewals.incrementAndGet();
  }

  public Instant lastSuccess() {
    return lastSuccess;
  }

  public Instant lastErrorAt() {
    return lastErrorAt;
  }

  public String lastError() {
    return lastError;
  }

  public long renewals() {
    return renewals.get();
  }

  public synchronized double percentile(double p) {
    int n = Math.min(count, WINDOW);
    if (n == 0) {
      return 0;
    }
    double[] copy = Arrays.copyOf(latencies, n);
    Arrays.sort(copy);
    return copy[Math.min(n - 1, (int) Math.ceil(p * n) - 1)];
  }
}
