package io.eventkit.node.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.platform.db.Daos;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * A user changing their own password, and one-time reset tokens for a user who forgot theirs: an
 * admin issues one (shown to the admin, or mailed to the user), or the user asks for a link by
 * email themselves ({@link #requestReset}).
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
      "this password-reset token is not valid (unknown, already used or expired): ask for a new"
          + " link on the sign-in page, or ask an admin for a new one";
  static final String WRONG_CURRENT = "the current password is not right";
  static final String NO_MAIL =
      "this node does not send email (mail.enabled is off): ask an admin for a reset token"
          + " ('eventkit users reset-password')";

  /** A user is mailed at most one reset link per this period, however often it is asked for. */
  public static final Duration RESEND_AFTER = Duration.ofMinutes(2);

  /** Reset requests from one source host per {@link #REQUEST_WINDOW}, across all addresses. */
  public static final int MAX_REQUESTS_PER_HOST = 10;

  public static final Duration REQUEST_WINDOW = Duration.ofMinutes(15);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jdbi jdbi;
  private final Clock clock;
  private final PasswordHasher hasher;
  private final AuthAudit audit;
  private final LoginThrottle throttle;
  private final ResetMail mail;
  // Requests per source host in the current window (in memory: each replica counts its own).
  private final Cache<String, AtomicInteger> requestsByHost =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(REQUEST_WINDOW).build();

  public Passwords(
      Jdbi jdbi,
      Clock clock,
      PasswordHasher hasher,
      AuthAudit audit,
      LoginThrottle throttle,
      ResetMail mail) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.hasher = hasher;
    this.audit = audit;
    this.throttle = throttle;
    this.mail = mail;
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
        Daos.with(jdbi, PasswordDao.class, dao -> dao.passwordHash(userId)).orElse(null);
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
          PasswordDao dao = Daos.of(h, PasswordDao.class);
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

  /**
   * Issues a reset token for an existing user, spending any earlier one. With {@code email} the
   * token is mailed to the user as a link (in the same transaction) and not returned.
   *
   * @throws DomainException FAILED_PRECONDITION when {@code email} is asked for and this node sends
   *     no email
   */
  public IssuedReset issueReset(Users.User user, boolean email) {
    if (email && !mail.enabled()) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "this node does not send email (mail.enabled is off): issue the token without email and"
              + " hand it over");
    }
    String token = newToken();
    Instant now = clock.instant();
    Instant expires = now.plus(RESET_LIFETIME);
    jdbi.useTransaction(
        h -> {
          int spent = store(h, user.id(), token, now, expires);
          if (email) {
            mail.enqueue(
                h, user.id(), user.email(), user.displayName(), user.locale(), token, expires);
          }
          audit.record(
              h,
              email ? "PASSWORD_RESET_EMAIL" : "PASSWORD_RESET_ISSUE",
              "user:" + user.id(),
              "expires " + expires + (spent == 0 ? "" : "; spent " + spent + " earlier token(s)"));
        });
    return new IssuedReset(email ? "" : token, expires);
  }

  /** The web app's reset page for {@code token}, as the reset mail links it. */
  String link(String token) {
    return mail.link(token);
  }

  /** Whether {@link #requestReset} can mail links (the node sends email). */
  public boolean mailsResetLinks() {
    return mail.enabled();
  }

  /**
   * Mails a reset link to the ACTIVE local-password user with {@code email}, if there is one. It
   * says nothing either way, so that it cannot be used to find out which addresses have accounts:
   * an unknown address, a user who is not ACTIVE or logs in through a directory or SSO, or one
   * issued a token within {@link #RESEND_AFTER} get no mail and the same empty answer, after the
   * same sealing work.
   *
   * @throws DomainException FAILED_PRECONDITION when this node sends no email; RESOURCE_EXHAUSTED
   *     after {@link #MAX_REQUESTS_PER_HOST} requests from one host within {@link #REQUEST_WINDOW}
   */
  public void requestReset(String email, String address) {
    if (!mail.enabled()) {
      throw new DomainException(ErrorCode.FAILED_PRECONDITION, NO_MAIL);
    }
    String host = address == null || address.isBlank() ? "unknown" : address;
    int seen = requestsByHost.get(host, k -> new AtomicInteger()).incrementAndGet();
    if (seen > MAX_REQUESTS_PER_HOST) {
      throw new DomainException(
          ErrorCode.RESOURCE_EXHAUSTED,
          "too many password-reset requests from this address: try again in "
              + REQUEST_WINDOW.toMinutes()
              + " minutes");
    }
    String normalised = email.trim().toLowerCase(java.util.Locale.ROOT);
    String token = newToken();
    Instant now = clock.instant();
    Instant expires = now.plus(RESET_LIFETIME);
    jdbi.useTransaction(
        h -> {
          UserDao users = Daos.of(h, UserDao.class);
          UserDao.Row u = users.byEmail(normalised).flatMap(r -> users.lock(r.id())).orElse(null);
          String refusal = refusal(h, u, now);
          if (refusal != null) {
            mail.decoy();
            audit.record(
                h,
                "password-reset",
                address,
                "PASSWORD_RESET_REQUEST_IGNORED",
                u == null ? "" : "user:" + u.id(),
                refusal);
            return;
          }
          store(h, u.id(), token, now, expires);
          mail.enqueue(h, u.id(), u.email(), u.displayName(), u.locale(), token, expires);
          audit.record(
              h,
              "password-reset",
              address,
              "PASSWORD_RESET_REQUEST",
              "user:" + u.id(),
              "link mailed; expires " + expires);
        });
  }

  /** Why a reset request gets no mail, or null if it does. */
  private static String refusal(org.jdbi.v3.core.Handle h, UserDao.Row u, Instant now) {
    if (u == null) {
      return "no user with this address";
    }
    if (!"ACTIVE".equals(u.status())) {
      return "the user is " + u.status();
    }
    if (!"password".equals(u.authSource())) {
      return "the user logs in with " + u.authSource() + ", not a password";
    }
    if (Daos.of(h, PasswordDao.class).resetIssuedSince(u.id(), now.minus(RESEND_AFTER))) {
      return "a reset token was issued less than " + RESEND_AFTER.toMinutes() + " minutes ago";
    }
    return null;
  }

  private static String newToken() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    return RESET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** Stores a token's hash, spending the user's earlier ones; returns how many were spent. */
  private static int store(
      org.jdbi.v3.core.Handle h, UUID userId, String token, Instant now, Instant expires) {
    PasswordDao dao = Daos.of(h, PasswordDao.class);
    int spent = dao.spendResetTokens(userId, now);
    dao.insertResetToken(hash(token), userId, now, expires);
    return spent;
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
              PasswordDao dao = Daos.of(h, PasswordDao.class);
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
