package io.eventkit.node.platform;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One computation per key at a time: a caller that asks for a key while another caller computes it
 * waits for that computation and gets its result, instead of running the same work beside it. For
 * expensive reads that many callers ask at once (the dashboard's reports, opened by everyone at
 * nine).
 *
 * <p>Nothing is kept once a computation ends: this is not a cache. A shared result comes from a
 * computation that started before the caller asked, at most one computation's time earlier, so a
 * caller may miss a write that committed during that time (not its own earlier writes, which
 * committed before it asked: unless another caller's computation was already running then). Use it
 * only where that is acceptable. A computation that fails is not shared: the callers that waited
 * for it ask again (one of them computes, the others wait for that one), so one caller's failure
 * never becomes another's.
 *
 * <p>Keys must have value equality and carry everything the result depends on, the tenant included.
 */
public final class SingleFlight<K, V> {
  private final ConcurrentHashMap<K, CompletableFuture<V>> running = new ConcurrentHashMap<>();

  /** {@code compute}'s result for {@code key}, shared with callers that ask while it runs. */
  public V get(K key, Supplier<V> compute) {
    while (true) {
      CompletableFuture<V> mine = new CompletableFuture<>();
      CompletableFuture<V> theirs = running.putIfAbsent(key, mine);
      if (theirs == null) {
        return computeAs(key, mine, compute);
      }
      try {
        return theirs.join();
      } catch (CompletionException | CancellationException e) {
        // Not ours to report: ask again, so that one of the callers that waited computes next
        // and the others wait for it, instead of all of them at once.
      }
    }
  }

  private V computeAs(K key, CompletableFuture<V> mine, Supplier<V> compute) {
    try {
      V value = compute.get();
      mine.complete(value);
      return value;
    } catch (Throwable t) {
      mine.completeExceptionally(t);
      throw t;
    } finally {
      running.remove(key, mine);
    }
  }

  /** How many keys are being computed now (for tests). */
  int running() {
    return running.size();
  }
}
