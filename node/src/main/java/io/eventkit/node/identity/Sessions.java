package io.eventkit.node.identity;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
public final class Sessions {
  public static final Duration IDLE_LIFETIME = Duration.ofDays(14);

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
          h.createUpdate(
                  "INSERT INTO auth_session (id, user_id, created_at, last_used_at, expires_at,"
                      + " source_address) VALUES (:id, :user, :now, :now, :exp, :addr)")
              .bind("id", id)
              .bind("user", userId)
              .bind("now", now)
              .bind("exp", expires)
              .bind("addr", sourceAddress == null ? "" : sourceAddress)
              .execute();
          return new Opened(id, userId, newToken(h, id, now), expires);
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
    Optional<Map<String, Object>> row =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT t.session_id, t.spent_at, s.user_id, s.revoked_at, s.expires_at,"
                            + " u.status FROM refresh_token t JOIN auth_session s ON s.id ="
                            + " t.session_id JOIN app_user u ON u.id = s.user_id WHERE t.token_hash"
                            + " = :hash")
                    .bind("hash", hash)
                    .mapToMap()
                    .findOne());
    if (row.isEmpty()) {
      throw refused();
    }
    UUID sessionId = (UUID) row.get().get("session_id");
    String next =
        jdbi.inTransaction(
            h -> {
              Map<String, Object> r =
                  h.createQuery(
                          "SELECT t.spent_at, s.revoked_at, s.expires_at, s.user_id, u.status FROM"
                              + " refresh_token t JOIN auth_session s ON s.id = t.session_id JOIN"
                              + " app_user u ON u.id = s.user_id WHERE t.token_hash = :hash FOR"
                              + " UPDATE OF t, s")
                      .bind("hash", hash)
                      .mapToMap()
                      .one();
              if (r.get("spent_at") != null) {
                if (r.get("revoked_at") == null) {
                  revoke(h, sessionId, "refresh token reused");
                  audit.record(
                      h,
                      "system",
                      "",
                      "SESSION_REVOKE",
                      "session:" + sessionId,
                      "refresh token reused; user:" + r.get("user_id"));
                }
                return null;
              }
              if (r.get("revoked_at") != null
                  || !now.isBefore(((Timestamp) r.get("expires_at")).toInstant())
                  || !"ACTIVE".equals(r.get("status"))) {
                return null;
              }
              h.createUpdate("UPDATE refresh_token SET spent_at = :now WHERE token_hash = :hash")
                  .bind("now", now)
                  .bind("hash", hash)
                  .execute();
              h.createUpdate(
                      "UPDATE auth_session SET last_used_at = :now, expires_at = :exp WHERE id ="
                          + " :id")
                  .bind("now", now)
                  .bind("exp", now.plus(IDLE_LIFETIME))
                  .bind("id", sessionId)
                  .execute();
              return newToken(h, sessionId, now);
            });
    if (next == null) {
      throw refused();
    }
    return new Opened(sessionId, (UUID) row.get().get("user_id"), next, now.plus(IDLE_LIFETIME));
  }

  /** Ends the session of {@code refreshToken}; false if there is no live one. */
  public boolean logout(String refreshToken) {
    return jdbi.inTransaction(
        h -> {
          Optional<UUID> session =
              h.createQuery(
                      "SELECT s.id FROM refresh_token t JOIN auth_session s ON s.id = t.session_id"
                          + " WHERE t.token_hash = :hash AND s.revoked_at IS NULL")
                  .bind("hash", hash(refreshToken))
                  .mapTo(UUID.class)
                  .findOne();
          session.ifPresent(id -> revoke(h, id, "logout"));
          return session.isPresent();
        });
  }

  public Optional<Session> get(UUID id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM auth_session WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> map(rs))
                .findOne());
  }

  /** Newest first, at most 500; {@code userId} null for everyone's. */
  public List<Session> list(UUID userId) {
    return jdbi.withHandle(
        h -> {
          var q =
              h.createQuery(
                  "SELECT * FROM auth_session"
                      + (userId == null ? "" : " WHERE user_id = :user")
                      + " ORDER BY created_at DESC, id LIMIT 500");
          if (userId != null) {
            q.bind("user", userId);
          }
          return q.map((rs, ctx) -> map(rs)).list();
        });
  }

  /** Ends a session (audited); false if it was already ended. */
  public boolean revoke(UUID id, String reason) {
    return jdbi.inTransaction(
        h -> {
          boolean ended = revoke(h, id, reason);
          if (ended) {
            audit.record(h, "SESSION_REVOKE", "session:" + id, reason);
          }
          return ended;
        });
  }

  /** Ends every live session of a user, in the caller's transaction; returns how many. */
  static int revokeAll(Handle h, UUID userId, String reason, Instant now) {
    return h.createUpdate(
            "UPDATE auth_session SET revoked_at = :now, revoked_reason = :reason WHERE user_id ="
                + " :user AND revoked_at IS NULL")
        .bind("now", now)
        .bind("reason", reason)
        .bind("user", userId)
        .execute();
  }

  private boolean revoke(Handle h, UUID id, String reason) {
    return h.createUpdate(
                "UPDATE auth_session SET revoked_at = :now, revoked_reason = :reason WHERE id ="
                    + " :id AND revoked_at IS NULL")
            .bind("now", clock.instant())
            .bind("reason", reason)
            .bind("id", id)
            .execute()
        == 1;
  }

  private static String newToken(Handle h, UUID sessionId, Instant now) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    h.createUpdate(
            "INSERT INTO refresh_token (token_hash, session_id, created_at) VALUES (:hash,"
                + " :session, :now)")
        .bind("hash", hash(token))
        .bind("session", sessionId)
        .bind("now", now)
        .execute();
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

  private static Session map(ResultSet rs) throws SQLException {
    Timestamp revoked = rs.getTimestamp("revoked_at");
    return new Session(
        rs.getObject("id", UUID.class),
        rs.getObject("user_id", UUID.class),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("last_used_at").toInstant(),
        rs.getTimestamp("expires_at").toInstant(),
        revoked == null ? null : revoked.toInstant(),
        rs.getString("revoked_reason"),
        rs.getString("source_address"));
  }
}
