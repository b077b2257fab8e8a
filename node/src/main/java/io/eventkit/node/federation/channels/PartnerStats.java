package io.eventkit.node.federation.channels;

import java.time.Instant;
import java.util.Arrays;

/** Outbound call health of one partner: last success/error and a latency window. */
public final class PartnerStats {
  private static final int WINDOW = 256;
  private final double[] latencies = new double[WINDOW];
  private int count;
  private volatile Instant lastSuccess;
  private volatile Instant lastErrorAt;
  private volatile String lastError = "";
  private volatile long renewals;

  synchronized void success(Instant at, double millis) {
    lastSuccess = at;
    latencies[count % WINDOW] = millis;
    count++;
  }

  void failure(Instant at, String error) {
    lastErrorAt = at;
    lastError = error;
  }

  /** Records a successful call made outside {@link PartnerChannels#call} (e.g. a fan-out). */
  public void recordSuccess(Instant at, double millis) {
    success(at, millis);
  }

  /** Records a failed call made outside {@link PartnerChannels#call}. */
  public void recordFailure(Instant at, String error) {
    failure(at, error);
  }

  void renewed() {
    renewals++;
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
    return renewals;
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
