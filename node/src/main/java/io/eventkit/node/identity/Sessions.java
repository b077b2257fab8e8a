package io.eventkit.node.identity;

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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Login sessions and their refresh tokens: opaque, 32 random bytes, kept only as SHA-256 hashes,
 * single use. Exchanging one spends it and issues the next; presenting a spent one again (a stolen
 * copy, or the thief's copy after the owner refreshed) revokes the whole session. A session expires
 * {@link #IDLE_LIFETIME} after its last refresh.
 */
final class Sessions {
  public static final Duration IDLE_LIFETIME = Duration.ofDays(14);

  /**
   * How long after a token was spent the same token may be presented again as a reply lost on its
   * way (a page reloaded mid-refresh) rather than as theft; see {@link #refresh}.
   */
  public static final Duration LOST_REPLY_GRACE = Duration.ofSeconds(10);

  /** The one answer to every refused refresh token. */
  public static final String REFRESH_REFUSED =
      "invalid, expired or revoked refresh token: log in again";

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Jdbi jdbi;
  private final Clock clock;
  private final AuthAudit audit;

  public Sessions(Jdbi jdbi, Clock clock, AuthAudit audit) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.audit = audit;
  }

  public record Session(
      UUID id,
      UUID userId,
      Instant createdAt,
      Instant lastUsedAt,
      Instant expiresAt,
      Instant revokedAt,
      String revokedReason,
      String sourceAddress) {}

  /** A session and the refresh token to present next. */
  public record Opened(UUID sessionId, UUID userId, String refreshToken, Instant expiresAt) {}

  public Opened open(UUID userId, String sourceAddress) {
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    Instant expires = now.plus(IDLE_LIFETIME);
    return jdbi.inTransaction(
        h -> {
          SessionDao dao = Daos.of(h, SessionDao.class);
          dao.insert(id, userId, now, expires, sourceAddress == null ? "" : sourceAddress);
          return new Opened(id, userId, newToken(dao, id, now), expires);
        });
  }

  /**
   * Spends {@code refreshToken} and returns the next one, for an ACTIVE user's live session.
   * Refuses everything else with {@link #REFRESH_REFUSED} (UNAUTHENTICATED); a spent token revokes
   * its session first.
   */
  public Opened refresh(String refreshToken) {
    byte[] hash = hash(refreshToken);
    Instant now = clock.instant();
    Optional<SessionDao.TokenState> row =
        jdbi.withHandle(h -> Daos.of(h, SessionDao.class).findByRefreshToken(hash));
    if (row.isEmpty()) {
      throw refused();
    }
    UUID sessionId = row.get().sessionId();
    String next =
        jdbi.inTransaction(
            h -> {
              SessionDao dao = Daos.of(h, SessionDao.class);
              SessionDao.TokenState r = dao.lockByRefreshToken(hash).orElseThrow();
              if (r.spentAt() != null) {
                if (r.revokedAt() == null && lostReply(dao, r, sessionId, now)) {
                  // The client never got the token this one was exchanged for: that token, still
                  // unspent, is spent now and a fresh one issued, so exactly one chain stays
                  // alive. A thief's replay inside the grace leaves the owner holding a spent
                  // token, and the owner's next refresh revokes the session as below.
                  dao.spendUnspentTokens(sessionId, now);
                  dao.extend(sessionId, now, now.plus(IDLE_LIFETIME));
                  return newToken(dao, sessionId, now);
                }
                if (r.revokedAt() == null) {
                  revoke(dao, sessionId, "refresh token reused");
                  audit.record(
                      h,
                      "system",
                      "",
                      "SESSION_REVOKE",
                      "session:" + sessionId,
                      "refresh token reused; user:" + r.userId());
                }
                return null;
              }
              if (r.revokedAt() != null
                  || !now.isBefore(r.expiresAt())
                  || !"ACTIVE".equals(r.status())) {
                return null;
              }
              dao.spendRefreshToken(hash, now);
              dao.extend(sessionId, now, now.plus(IDLE_LIFETIME));
              return newToken(dao, sessionId, now);
            });
    if (next == null) {
      throw refused();
    }
    return new Opened(sessionId, row.get().userId(), next, now.plus(IDLE_LIFETIME));
  }

  /**
   * Whether a spent token presented again is a lost reply: within {@link #LOST_REPLY_GRACE} of its
   * spending, for a live session of an active user, whose only unspent token is the very one this
   * token was exchanged for (nothing has been refreshed since).
   */
  private static boolean lostReply(
      SessionDao dao, SessionDao.TokenState r, UUID sessionId, Instant now) {
    if (!now.isBefore(r.spentAt().plus(LOST_REPLY_GRACE))
        || !now.isBefore(r.expiresAt())
        || !"ACTIVE".equals(r.status())) {
      return false;
    }
    List<Instant> live = dao.unspentTokensIssuedAt(sessionId);
    return live.size() == 1 && live.get(0).equals(r.spentAt());
  }

  /** Ends the session of {@code refreshToken}; false if there is no live one. */
  public boolean logout(String refreshToken) {
    return jdbi.inTransaction(
        h -> {
          SessionDao dao = Daos.of(h, SessionDao.class);
          Optional<UUID> session = dao.liveSessionOf(hash(refreshToken));
          session.ifPresent(id -> revoke(dao, id, "logout"));
          return session.isPresent();
        });
  }

  public Optional<Session> get(UUID id) {
    return Daos.with(jdbi, SessionDao.class, dao -> dao.get(id));
  }

  /** Newest first, at most 500; {@code userId} null for everyone's. */
  public List<Session> list(UUID userId) {
    return Daos.with(
        jdbi, SessionDao.class, dao -> userId == null ? dao.list() : dao.listOfUser(userId));
  }

  /** Ends a session (audited); false if it was already ended. */
  public boolean revoke(UUID id, String reason) {
    return jdbi.inTransaction(
        h -> {
          boolean ended = revoke(Daos.of(h, SessionDao.class), id, reason);
          if (ended) {
            audit.record(h, "SESSION_REVOKE", "session:" + id, reason);
          }
          return ended;
        });
  }

  /** Ends every live session of a user, in the caller's transaction; returns how many. */
  static int revokeAll(Handle h, UUID userId, String reason, Instant now) {
    return Daos.of(h, SessionDao.class).revokeAll(userId, reason, now);
  }

  private boolean revoke(SessionDao dao, UUID id, String reason) {
    return dao.revoke(id, reason, clock.instant()) == 1;
  }

  private static String newToken(SessionDao dao, UUID sessionId, Instant now) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    dao.insertRefreshToken(hash(token), sessionId, now);
    return token;
  }

  private static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DomainException refused() {
    return new DomainException(ErrorCode.UNAUTHENTICATED, REFRESH_REFUSED);
  }
}
