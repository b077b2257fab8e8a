package io.eventkit.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load driver: N client threads each call the operation back to back (no think time),
 * first for a warm-up period whose samples are dropped, then for a fixed measured period. Every
 * call's latency is recorded; a call that throws counts as an error (its latency is not in the
 * percentiles).
 */
final class LoadDriver {
  /** One call of an operation; throws on any failure (transport error, non-OK status). */
  @FunctionalInterface
  interface Call {
    void run(Random rnd) throws Exception;
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

  private final int clients;
  private final Duration warmUp;
  private final Duration measure;

  LoadDriver(int clients, Duration warmUp, Duration measure) {
    this.clients = clients;
    this.warmUp = warmUp;
    this.measure = measure;
  }

  Stats run(String operation, String transport, Call call) throws InterruptedException {
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
                Random rnd = new Random(1_000L * operation.hashCode() + id);
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
    double seconds = measure.toNanos() / 1e9;
    return new Stats(
        operation,
        transport,
        clients,
        total,
        errors.get(),
        seconds,
        pct(all, 50),
        pct(all, 95),
        pct(all, 99),
        all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6,
        total / seconds,
        firstError[0]);
  }

  private static double pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(sorted.length * p / 100.0) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
