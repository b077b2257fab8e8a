package io.eventkit.node.platform;

import java.util.concurrent.TimeUnit;

/**
 * How a background worker sleeps between passes: until a timeout, or until {@link #kick} (new work
 * committed on this node, or a stop). A kick while the worker is busy is remembered, so the next
 * {@link #await} returns at once and no work is left waiting for the timeout.
 */
public final class Wakeup {
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
}
