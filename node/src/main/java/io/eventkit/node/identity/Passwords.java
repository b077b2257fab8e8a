package io.eventkit.node.identity;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * A user changing their own password, and one-time reset tokens an admin issues (until email
 * delivery exists) for a user who forgot theirs.
 *
 * <p>A reset token is 32 random bytes shown once and stored only as a SHA-256 hash; it works once,
 * for {@link #RESET_LIFETIME}, and issuing a new one spends the older ones. Every password change
 * ends the user's other sessions (a reset ends all of them). Access tokens already issued stay
 * valid until they expire (at most {@link AccessTokens#LIFETIME}).
 */
final class Passwords {
  public static final Duration RESET_LIFETIME = Duration.ofMinutes(30);
  static final String RESET_PREFIX = "ekr_";
  static final String RESET_REFUSED =
      "this password-reset token is not valid (unknown, already used or expired): ask an admin"
          + " for a new one";
  static final String WRONG_CURRENT = "the current password is not right";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jdbi jdbi;
  private final Clock clock;
  private final PasswordHasher hasher;
  private final AuthAudit audit;
  private final LoginThrottle throttle;

  public Passwords(
      Jdbi jdbi, Clock clock, PasswordHasher hasher, AuthAudit audit, LoginThrottle throttle) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.hasher = hasher;
    this.audit = audit;
    this.throttle = throttle;
  }

  /**
   * Changes an ACTIVE user's password after checking the current one, and ends their other sessions
   * (all but {@code keepSession}, which may be null); returns how many ended. A wrong current
   * password is PERMISSION_DENIED and counts towards the same lock-out as failed logins (keyed by
   * the user, so it cannot be used to guess passwords faster than Login).
   */
  public int change(UUID userId, String current, String next, UUID keepSession, String address) {
    PasswordHasher.checkPolicy(next, "new_password");
    String key = "user:" + userId;
    String stored =
        jdbi.withExtension(PasswordDao.class, dao -> dao.passwordHash(userId)).orElse(null);
    boolean locked = throttle.locked(key, address);
    if (locked || stored == null || !hasher.verify(current, stored)) {
      if (!locked) {
        throttle.failed(key, address);
      }
      jdbi.useHandle(
          h -> audit.record(h, "PASSWORD_CHANGE_FAILED", "user:" + userId, "wrong current"));
      throw new DomainException(
          ErrorCode.PERMISSION_DENIED,
          locked ? WRONG_CURRENT + " (too many attempts: try again later)" : WRONG_CURRENT);
    }
    throttle.succeeded(key);
    String hash = hasher.hash(next);
    return jdbi.inTransaction(
        h -> {
          PasswordDao dao = h.attach(PasswordDao.class);
          Instant now = clock.instant();
          dao.setPasswordHash(userId, hash, now);
          dao.spendResetTokens(userId, now);
          int ended = dao.revokeOtherSessions(userId, keepSession, "password changed", now);
          audit.record(
              h,
              "PASSWORD_CHANGE",
              "user:" + userId,
              ended == 0 ? "" : "ended " + ended + " other session(s)");
          return ended;
        });
  }

  /** A reset token, shown once. */
  public record IssuedReset(String token, Instant expiresAt) {
    @Override
    public String toString() {
      return "IssuedReset[token=***, expiresAt=" + expiresAt + "]";
    }
  }

  /** Issues a reset token for an existing user, spending any earlier one. */
  public IssuedReset issueReset(UUID userId) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String token = RESET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Instant now = clock.instant();
    Instant expires = now.plus(RESET_LIFETIME);
    jdbi.useTransaction(
        h -> {
          PasswordDao dao = h.attach(PasswordDao.class);
          int spent = dao.spendResetTokens(userId, now);
          dao.insertResetToken(hash(token), userId, now, expires);
          audit.record(
              h,
              "PASSWORD_RESET_ISSUE",
              "user:" + userId,
              "expires " + expires + (spent == 0 ? "" : "; spent " + spent + " earlier token(s)"));
        });
    return new IssuedReset(token, expires);
  }

  /**
   * Sets a new password with a reset token and ends all the user's sessions. An unknown, spent or
   * expired token (or a disabled user) is UNAUTHENTICATED with one message that does not say which.
   */
  public void reset(String token, String next, String address) {
    PasswordHasher.checkPolicy(next, "new_password");
    String hash = hasher.hash(next);
    boolean done =
        jdbi.inTransaction(
            h -> {
              PasswordDao dao = h.attach(PasswordDao.class);
              Instant now = clock.instant();
              UUID userId = dao.spendResetToken(hash(token), now).orElse(null);
              if (userId == null) {
                audit.record(h, "password-reset", address, "PASSWORD_RESET_FAILED", "", "");
                return false;
              }
              dao.setPasswordHash(userId, hash, now);
              int ended = dao.revokeOtherSessions(userId, null, "password reset", now);
              audit.record(
                  h,
                  "password-reset",
                  address,
                  "PASSWORD_RESET",
                  "user:" + userId,
                  ended == 0 ? "" : "ended " + ended + " session(s)");
              return true;
            });
    if (!done) {
      throw new DomainException(ErrorCode.UNAUTHENTICATED, RESET_REFUSED);
    }
  }

  private static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
