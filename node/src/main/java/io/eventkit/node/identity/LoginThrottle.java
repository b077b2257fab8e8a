package io.eventkit.node.identity;

import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.platform.retention.Retention;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Login lock-out: after {@link #MAX_PER_ACCOUNT} failed logins for one email (whether or not it
 * exists), or {@link #MAX_PER_ADDRESS} from one source host, within {@link #WINDOW}, further
 * attempts for that email or from that host are refused for {@link #BACKOFF}, right password or
 * not. Kept in PostgreSQL ({@code login_throttle}): every replica counts the same failures, and a
 * restart forgets nothing. A failure is counted under the key's row lock, so each lock-out starts
 * (and is reported) once however many replicas see failures at the same time.
 */
final class LoginThrottle {
  public static final int MAX_PER_ACCOUNT = 5;
  public static final int MAX_PER_ADDRESS = 20;
  public static final Duration WINDOW = Duration.ofMinutes(15);
  public static final Duration BACKOFF = Duration.ofMinutes(15);

  private final Jdbi jdbi;
  private final Clock clock;

  public LoginThrottle(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Whether attempts for {@code email} or from {@code address} are refused now. */
  public boolean locked(String email, String address) {
    List<String> keys = new ArrayList<>(2);
    keys.add(stored(account(email)));
    String host = host(address);
    if (host != null) {
      keys.add(stored(host));
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT EXISTS (SELECT 1 FROM login_throttle WHERE key IN (<keys>)"
                        + " AND locked_until > :now)")
                .bindList("keys", keys)
                .bind("now", clock.instant())
                .mapTo(Boolean.class)
                .one());
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
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE login_throttle SET failures = '{}', touched_at = :now"
                        + " WHERE key = :key AND cardinality(failures) > 0")
                .bind("key", stored(account(email)))
                .bind("now", clock.instant())
                .execute());
  }

  /** Counts a failure; true when it starts a lock-out. */
  private boolean count(String key, int max, Instant now) {
    if (key == null) {
      return false;
    }
    String k = stored(key);
    return jdbi.inTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO login_throttle (key, touched_at) VALUES (:key, :now)"
                      + " ON CONFLICT (key) DO NOTHING")
              .bind("key", k)
              .bind("now", now)
              .execute();
          // Under the row's lock: concurrent failures of this key (any replica) queue here.
          h.createQuery("SELECT 1 FROM login_throttle WHERE key = :key FOR UPDATE")
              .bind("key", k)
              .mapTo(Integer.class)
              .one();
          List<Instant> recent =
              h.createQuery(
                      "SELECT f FROM login_throttle t, unnest(t.failures) f"
                          + " WHERE t.key = :key AND f > :from ORDER BY f")
                  .bind("key", k)
                  .bind("from", now.minus(WINDOW))
                  .mapTo(Instant.class)
                  .list();
          boolean starts = recent.size() + 1 >= max;
          List<Instant> kept = new ArrayList<>(recent);
          kept.add(now);
          h.createUpdate(
                  "UPDATE login_throttle SET failures = CAST(:failures AS timestamptz[]),"
                      + " locked_until = CASE WHEN :starts THEN CAST(:until AS timestamptz)"
                      + " ELSE locked_until END, touched_at = :now WHERE key = :key")
              .bind("failures", starts ? "{}" : pgArray(kept))
              .bind("starts", starts)
              .bind("until", now.plus(BACKOFF).toString())
              .bind("now", now)
              .bind("key", k)
              .execute();
          return starts;
        });
  }

  private static String pgArray(List<Instant> times) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < times.size(); i++) {
      sb.append(i == 0 ? "" : ",").append('"').append(times.get(i)).append('"');
    }
    return sb.append('}').toString();
  }

  /** The key as stored: a digest, so that the addresses people typed are not kept in clear. */
  private static String stored(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What retention purges: keys untouched for longer than a window and a back-off. */
  static Retention.Task retention() {
    return new Retention.Task(
        "login throttle",
        WINDOW.plus(BACKOFF),
        (h, before, limit) ->
            h.createUpdate(
                    "DELETE FROM login_throttle WHERE key IN (SELECT key FROM login_throttle"
                        + " WHERE touched_at < :before AND (locked_until IS NULL OR locked_until"
                        + " < :before) ORDER BY touched_at LIMIT :limit)")
                .bind("before", before)
                .bind("limit", limit)
                .execute());
  }

  /**
   * An account's key names its tenant (login_throttle is node-wide, V97): two companies' users with
   * one email are two accounts. The default tenant's keys keep their first form; the others' have a
   * prefix of their own, so no email typed at the default tenant's login can name another tenant's
   * account.
   */
  private static String account(String email) {
    String tenant = TenantContext.current();
    String normalised = Users.normaliseEmail(email);
    return TenantContext.DEFAULT_TENANT.equals(tenant)
        ? "email:" + normalised
        : "tenant-email:" + tenant + ":" + normalised;
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
