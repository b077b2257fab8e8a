package io.eventkit.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load driver with two shapes.
 *
 * <p><b>Closed loop</b> ({@link #run}): N client threads each call the operation back to back (no
 * think time), first for a warm-up period whose samples are dropped, then for a fixed measured
 * period.
 *
 * <p><b>Fixed rate / open loop</b> ({@link #runFixedRate}): calls are scheduled at a constant rate
 * (call i at start + i / rate) and served by up to N worker threads; each call's latency is
 * measured from its <em>scheduled</em> send time, so a call that had to wait for a free worker
 * (because the system fell behind) counts its waiting time too (no coordinated omission).
 *
 * <p>Every call's latency is recorded; a call that throws counts as an error (its latency is not in
 * the percentiles).
 */
final class LoadDriver {
  /** One call of an operation; throws on any failure (transport error, non-OK status). */
  @FunctionalInterface
  interface Call {
    void run(Random rnd) throws Exception;
  }

  /** A call that needs no randomness (warm-up). */
  interface Call0 {
    void run() throws Exception;
  }

  record Stats(
      String operation,
      String transport,
      int clients,
      long calls,
      long errors,
      double seconds,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double maxMs,
      double throughput,
      String firstError) {}

  /** Shape of a pass: "closed" or "fixed-rate N/s". */
  private final double rate;

  private final int clients;
  private final Duration warmUp;
  private final Duration measure;

  LoadDriver(int clients, Duration warmUp, Duration measure) {
    this(clients, warmUp, measure, 0);
  }

  /** With {@code rate > 0}, {@link #run} is {@link #runFixedRate} with N = clients workers. */
  LoadDriver(int clients, Duration warmUp, Duration measure, double rate) {
    this.clients = clients;
    this.warmUp = warmUp;
    this.measure = measure;
    this.rate = rate;
  }

  int clients() {
    return clients;
  }

  double rate() {
    return rate;
  }

  Duration measure() {
    return measure;
  }

  /** "closed loop" or "fixed rate N/s". */
  String shape() {
    return rate > 0 ? String.format(java.util.Locale.ROOT, "fixed rate %.0f/s", rate) : "closed";
  }

  Stats run(String operation, String transport, Call call) throws InterruptedException {
    return rate > 0
        ? runFixedRate(operation, transport, call)
        : runClosed(operation, transport, call);
  }

  /**
   * Open loop: call i is due at start + i / rate; a free worker takes the next due call, waits
   * until its due time if it is early, runs it, and records end − due time. With every worker busy,
   * due calls queue and their latency includes the queueing.
   */
  Stats runFixedRate(String operation, String transport, Call call) throws InterruptedException {
    long intervalNanos = Math.max(1, (long) (1e9 / rate));
    AtomicLong next = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong late = new AtomicLong();
    AtomicLong lastDone = new AtomicLong();
    String[] firstError = new String[1];
    List<long[]> perWorker = new ArrayList<>();
    int[] counts = new int[clients];
    CountDownLatch ready = new CountDownLatch(clients);
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[3];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      perWorker.add(new long[1 << 12]);
      int id = i;
      Thread t =
          new Thread(
              () -> {
                Random rnd = new Random(1_000L * operation.hashCode() + 7_919L * clients + id);
                long[] buf = perWorker.get(id);
                int n = 0;
                ready.countDown();
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                long start = window[0];
                long warmEnd = window[1];
                long end = window[2];
                while (true) {
                  long due = start + next.getAndIncrement() * intervalNanos;
                  if (due >= end) {
                    break;
                  }
                  long now = System.nanoTime();
                  if (due > now) {
                    java.util.concurrent.locks.LockSupport.parkNanos(due - now);
                  } else if (now - due > 1_000_000 && due >= warmEnd) {
                    late.incrementAndGet();
                  }
                  boolean measured = due >= warmEnd;
                  try {
                    call.run(rnd);
                    if (measured) {
                      if (n == buf.length) {
                        buf = Arrays.copyOf(buf, n * 2);
                      }
                      long done = System.nanoTime();
                      buf[n++] = done - due;
                      lastDone.accumulateAndGet(done, Math::max);
                    }
                  } catch (Exception e) {
                    if (measured) {
                      errors.incrementAndGet();
                      synchronized (firstError) {
                        if (firstError[0] == null) {
                          firstError[0] = e.toString();
                        }
                      }
                    }
                  }
                }
                perWorker.set(id, buf);
                counts[id] = n;
              },
              "bench-rate-" + operation + "-" + transport + "-" + i);
      threads.add(t);
      t.start();
    }
    ready.await();
    long start = System.nanoTime() + 1_000_000;
    window[0] = start;
    window[1] = start + warmUp.toNanos();
    window[2] = window[1] + measure.toNanos();
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    // Achieved throughput: completed calls over the time from the first measured due time to the
    // last completion (longer than the window when the system fell behind).
    double took = Math.max(measure.toNanos(), lastDone.get() - window[1]) / 1e9;
    Stats s = collect(operation, transport, perWorker, counts, errors.get(), firstError[0], took);
    lateStarts = late.get();
    return s;
  }

  /** Calls of the last fixed-rate pass that started more than 1 ms after their due time. */
  volatile long lateStarts;

  private Stats runClosed(String operation, String transport, Call call)
      throws InterruptedException {
    List<long[]> perClient = new ArrayList<>();
    int[] counts = new int[clients];
    AtomicLong errors = new AtomicLong();
    String[] firstError = new String[1];
    CountDownLatch ready = new CountDownLatch(clients);
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[2];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      long[] samples = new long[1 << 16];
      perClient.add(samples);
      int id = i;
      Thread t =
          new Thread(
              () -> {
                Random rnd = new Random(1_000L * operation.hashCode() + 7_919L * clients + id);
                long[] buf = samples;
                int n = 0;
                ready.countDown();
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                long warmEnd = window[0];
                long end = window[1];
                while (true) {
                  long t0 = System.nanoTime();
                  if (t0 >= end) {
                    break;
                  }
                  boolean measured = t0 >= warmEnd;
                  try {
                    call.run(rnd);
                    if (measured) {
                      if (n == buf.length) {
                        buf = Arrays.copyOf(buf, n * 2);
                      }
                      buf[n++] = System.nanoTime() - t0;
                    }
                  } catch (Exception e) {
                    if (measured) {
                      errors.incrementAndGet();
                      synchronized (firstError) {
                        if (firstError[0] == null) {
                          firstError[0] = e.toString();
                        }
                      }
                    }
                  }
                }
                perClient.set(id, buf);
                counts[id] = n;
              },
              "bench-" + operation + "-" + transport + "-" + i);
      threads.add(t);
      t.start();
    }
    ready.await();
    long start = System.nanoTime();
    window[0] = start + warmUp.toNanos();
    window[1] = window[0] + measure.toNanos();
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    return collect(
        operation,
        transport,
        perClient,
        counts,
        errors.get(),
        firstError[0],
        measure.toNanos() / 1e9);
  }

  private Stats collect(
      String operation,
      String transport,
      List<long[]> perClient,
      int[] counts,
      long errors,
      String firstError,
      double seconds) {
    int total = 0;
    for (int c : counts) {
      total += c;
    }
    long[] all = new long[total];
    int k = 0;
    for (int i = 0; i < clients; i++) {
      System.arraycopy(perClient.get(i), 0, all, k, counts[i]);
      k += counts[i];
    }
    Arrays.sort(all);
    return new Stats(
        operation,
        transport,
        clients,
        total,
        errors,
        seconds,
        pct(all, 50),
        pct(all, 95),
        pct(all, 99),
        all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6,
        total / seconds,
        firstError);
  }

  private static double pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(sorted.length * p / 100.0) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
