package io.eventkit.node.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a background worker sleeps between passes: until a timeout, or until {@link #kick} (new work
 * committed on this node, or a stop). A kick while the worker is busy is remembered, so the next
 * {@link #await} returns at once and no work is left waiting for the timeout.
 */
public final class Wakeup {
  private static final Logger LOG = LoggerFactory.getLogger(Wakeup.class);
  private final Object signal = new Object();
  private boolean kicked; // guarded by signal

  public void kick() {
    synchronized (signal) {
      kicked = true;
      signal.notifyAll();
    }
  }

  /**
   * Waits up to {@code millis}, or less when kicked, then clears the kick.
   *
   * @return false if the thread was interrupted (its interrupt flag is set again)
   */
  public boolean await(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (signal) {
      try {
        long left;
        while (!kicked && (left = deadline - System.nanoTime()) > 0) {
          TimeUnit.NANOSECONDS.timedWait(signal, left);
        }
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        kicked = false;
      }
    }
  }

  /**
   * Waits until the next due row of an outbox or at most {@code maxMillis}, or less when kicked.
   * {@code nextDue} is read now (empty when nothing is due; a failure to read it counts as empty).
   * A row that is already due but was not claimed is being worked on by another replica, so the
   * wait is never shorter than {@code minMillis}: the worker looks again soon, without spinning.
   *
   * @return false if the thread was interrupted
   */
  public boolean awaitDue(
      Supplier<Optional<Instant>> nextDue, Clock clock, long maxMillis, long minMillis) {
    long wait = maxMillis;
    try {
      Optional<Instant> due = nextDue.get();
      if (due.isPresent()) {
        long until = Duration.between(clock.instant(), due.get()).toMillis();
        wait = Math.max(minMillis, Math.min(maxMillis, until));
      }
    } catch (RuntimeException e) {
      LOG.debug("cannot read the next due time; waiting the full poll interval", e);
    }
    return await(wait);
  }
}
