package io.eventkit.node.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.kernel.TokenAuthenticator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * API tokens: random 256-bit secrets shown once, stored only as SHA-256 hashes. Lookups are cached
 * briefly (a revocation through {@link #revoke} invalidates the cache at once).
 */
public final class ApiTokens implements TokenAuthenticator {
  private static final String PREFIX = "ekt_";
  private final Jdbi jdbi;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Cache<String, Optional<Principal>> cache =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30)).build();

  private final AuthAudit audit;

  public ApiTokens(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.audit = new AuthAudit(jdbi, clock);
  }

  /** A new token; {@code secret} is not stored and cannot be shown again. */
  public record Created(UUID id, String secret, java.time.Instant createdAt) {
    @Override
    public String toString() {
      return "Created[id=" + id + ", secret=***]";
    }
  }

  /** Creates a token and returns its secret. */
  public Created create(String name, Principal.Role role) {
    UUID id = UUID.randomUUID();
    java.time.Instant now = clock.instant();
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO api_token (id, name, role, token_hash, created_at)"
                      + " VALUES (:id, :name, :role, :hash, :now)")
              .bind("id", id)
              .bind("name", name)
              .bind("role", role.name())
              .bind("hash", hash(token))
              .bind("now", now)
              .execute();
          audit.record(h, "TOKEN_CREATE", "token:" + id, "name=" + name + "; role=" + role);
        });
    return new Created(id, token, now);
  }

  public boolean hasActiveAdmin() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT EXISTS (SELECT 1 FROM api_token WHERE role = 'ADMIN' AND revoked_at IS NULL)")
                .mapTo(Boolean.class)
                .one());
  }

  public void revoke(UUID id) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE api_token SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("id", id)
                .bind("now", clock.instant())
                .execute());
    cache.invalidateAll();
  }

  @Override
  public Optional<Principal> authenticate(String bearerToken) {
    if (!bearerToken.startsWith(PREFIX) || bearerToken.length() > 200) {
      return Optional.empty();
    }
    return cache.get(bearerToken, this::lookup);
  }

  private Optional<Principal> lookup(String token) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, name, role FROM api_token WHERE token_hash = :hash AND revoked_at IS NULL")
                .bind("hash", hash(token))
                .map(
                    (rs, ctx) ->
                        new Principal(
                            rs.getString("id"),
                            rs.getString("name"),
                            Principal.Role.valueOf(rs.getString("role"))))
                .findOne());
  }

  private static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
