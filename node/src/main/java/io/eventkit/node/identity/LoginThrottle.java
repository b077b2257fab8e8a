package io.eventkit.node.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Login lock-out: after {@link #MAX_PER_ACCOUNT} failed logins for one email (whether or not it
 * exists), or {@link #MAX_PER_ADDRESS} from one source host, within {@link #WINDOW}, further
 * attempts for that email or from that host are refused for {@link #BACKOFF}, right password or
 * not. Kept in memory: a restart forgets it.
 */
final class LoginThrottle {
  public static final int MAX_PER_ACCOUNT = 5;
  public static final int MAX_PER_ADDRESS = 20;
  public static final Duration WINDOW = Duration.ofMinutes(15);
  public static final Duration BACKOFF = Duration.ofMinutes(15);

  private final Clock clock;
  private final Cache<String, State> states =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(WINDOW.plus(BACKOFF)).build();

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  private static final class State {
    final Deque<Instant> failures = new ArrayDeque<>();
    Instant lockedUntil = Instant.MIN;
  }

  /** Whether attempts for {@code email} or from {@code address} are refused now. */
  public boolean locked(String email, String address) {
    Instant now = clock.instant();
    return lockedKey(account(email), now) || lockedKey(host(address), now);
  }

  private boolean lockedKey(String key, Instant now) {
    if (key == null) {
      return false;
    }
    State s = states.getIfPresent(key);
    if (s == null) {
      return false;
    }
    synchronized (s) {
      return now.isBefore(s.lockedUntil);
    }
  }

  /** What a failure locked out just now (each lock-out is reported once, when it starts). */
  record Locked(boolean account, boolean host) {
    boolean any() {
      return account || host;
    }
  }

  public Locked failed(String email, String address) {
    Instant now = clock.instant();
    boolean account = count(account(email), MAX_PER_ACCOUNT, now);
    boolean host = count(host(address), MAX_PER_ADDRESS, now);
    return new Locked(account, host);
  }

  /** A successful login clears the account's failures (not the host's). */
  public void succeeded(String email) {
    states.invalidate(account(email));
  }

  /** Counts a failure; true when it starts a lock-out. */
  private boolean count(String key, int max, Instant now) {
    if (key == null) {
      return false;
    }
    State s = states.get(key, k -> new State());
    synchronized (s) {
      s.failures.addLast(now);
      while (!s.failures.isEmpty() && !s.failures.peekFirst().isAfter(now.minus(WINDOW))) {
        s.failures.removeFirst();
      }
      if (s.failures.size() >= max) {
        s.lockedUntil = now.plus(BACKOFF);
        s.failures.clear();
        return true;
      }
      return false;
    }
  }

  private static String account(String email) {
    return "email:" + Users.normaliseEmail(email);
  }

  /** "host:port" (or "/host:port") to "addr:host"; null if there is no address. */
  static String host(String address) {
    if (address == null || address.isBlank()) {
      return null;
    }
    String a = address.startsWith("/") ? address.substring(1) : address;
    int colon = a.lastIndexOf(':');
    if (colon > 0 && a.substring(colon + 1).chars().allMatch(Character::isDigit)) {
      a = a.substring(0, colon);
    }
    return "addr:" + a;
  }
}
