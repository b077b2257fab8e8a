package io.eventkit.node.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Permission;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.kernel.TokenAuthenticator;
import io.eventkit.node.platform.cluster.ChangeFeed;
import io.eventkit.node.platform.db.Daos;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API tokens (integrations): random 256-bit secrets shown once, stored only as SHA-256 hashes. Each
 * holds a built-in role, a custom role or an explicit permission set, and may expire.
 *
 * <p>Authentication reads the database at most once per {@link #CACHE} per token: {@link #revoke}
 * empties the cache, so a token revoked on this node is refused on its very next call; another
 * replica refuses it within {@link #CACHE}. Expiry is checked against the clock on every call.
 * {@code last_used_at} is written at most once per {@link #LAST_USED_STEP} per token and node.
 */
final class ApiTokens implements TokenAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);
  public static final Duration CACHE = Duration.ofSeconds(30);
  public static final Duration LAST_USED_STEP = Duration.ofMinutes(1);
  static final String PREFIX = "ekt_";

  /**
   * Ends the tenant part of another tenant's token than the default's, {@code
   * ekt_<tenant>~<secret>}: the token names the rows it is looked up in. '~' is a token character
   * (RFC 6750) that neither a tenant ID nor base64url contains.
   */
  static final char TENANT_END = '~';

  /** How much of the secret listings show: "ekt_" and four characters. */
  private static final int SHOWN = 8;

  static final String BOOTSTRAP_NAME = "admin (first start)";

  private final Jdbi jdbi;
  private final Clock clock;
  private final AuthAudit audit;
  private final CustomRoles customRoles;
  private final SecureRandom random = new SecureRandom();
  private final Cache<String, Optional<ApiTokenDao.Row>> cache =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CACHE).build();
  private final Map<UUID, Instant> lastWritten = new ConcurrentHashMap<>();

  private final IdentityEvents events;

  private final ChangeFeed changes;
  private static final String TOPIC = "api-tokens";

  /** {@code changes}: a token revoked on another replica stops working here too, at once. */
  public ApiTokens(
      Jdbi jdbi,
      Clock clock,
      AuthAudit audit,
      CustomRoles customRoles,
      IdentityEvents events,
      ChangeFeed changes) {
    this.jdbi = jdbi;
    this.changes = changes;
    changes.subscribe(TOPIC, key -> cache.invalidateAll());
    this.events = events;
    this.clock = clock;
    this.audit = audit;
    this.customRoles = customRoles;
  }

  /** What a token holds: exactly one of a built-in role, a custom role or a permission set. */
  public record Grant(Principal.Role role, String customRole, Set<Permission> permissions) {
    public Grant {
      int set =
          (role != null ? 1 : 0) + (customRole != null ? 1 : 0) + (permissions != null ? 1 : 0);
      if (set != 1) {
        throw new IllegalArgumentException(
            "a token holds exactly one of role, custom role, permissions");
      }
      permissions = permissions == null ? null : Set.copyOf(EnumSet.copyOf(permissions));
    }

    public static Grant of(Principal.Role role) {
      return new Grant(role, null, null);
    }

    @Override
    public String toString() {
      return role != null
          ? "role=" + role
          : customRole != null
              ? "custom_role=" + customRole
              : "permissions=" + List.of(CustomRoles.names(permissions));
    }
  }

  /** A token as listed: never the secret, only its first characters ({@code prefix}). */
  public record ApiToken(
      UUID id,
      String name,
      String prefix,
      Grant grant,
      Set<Permission> permissions,
      Instant createdAt,
      Instant expiresAt,
      Instant lastUsedAt,
      Instant revokedAt,
      String createdBy,
      boolean bootstrap) {}

  /** A new token; {@code secret} is not stored and cannot be shown again. */
  public record Created(ApiToken token, String secret) {
    @Override
    public String toString() {
      return "Created[id=" + token.id() + ", secret=***]";
    }
  }

  /**
   * Creates a token and returns its secret. {@code expiresAt} (null: never) must be in the future;
   * a custom role must exist (both INVALID_ARGUMENT otherwise, and nothing is written).
   */
  public Created create(String name, Grant grant, Instant expiresAt) {
    return create(name, grant, expiresAt, createdBy(), false);
  }

  /** The bootstrap admin token, written to the data directory at first start. */
  Created createBootstrap() {
    return create(BOOTSTRAP_NAME, Grant.of(Principal.Role.ADMIN), null, "system", true);
  }

  private Created create(
      String name, Grant grant, Instant expiresAt, String createdBy, boolean bootstrap) {
    Instant now = clock.instant();
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      throw new DomainException(
          ErrorCode.INVALID_ARGUMENT,
          "invalid request: expires_at must be in the future (it is " + expiresAt + ")",
          List.of(new DomainException.FieldViolation("expires_at", "must be in the future")));
    }
    UUID id = UUID.randomUUID();
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String tenantPart =
        TenantContext.DEFAULT_TENANT.equals(TenantContext.current())
            ? ""
            : TenantContext.current() + TENANT_END;
    String secret =
        PREFIX + tenantPart + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String prefix = secret.substring(0, SHOWN + tenantPart.length());
    Grant stored =
        jdbi.inTransaction(
            h -> {
              Grant g = grant;
              if (grant.customRole() != null) {
                g =
                    new Grant(
                        null,
                        customRoles
                            .lockForGrant(h, List.of(grant.customRole()), "custom_role")
                            .get(0),
                        null);
              }
              Daos.of(h, ApiTokenDao.class)
                  .insert(
                      id,
                      name,
                      prefix,
                      g.role() == null ? null : g.role().name(),
                      g.customRole(),
                      g.permissions() == null ? null : CustomRoles.names(g.permissions()),
                      hash(secret),
                      now,
                      expiresAt,
                      createdBy,
                      bootstrap);
              audit.record(
                  h,
                  "TOKEN_CREATE",
                  "token:" + id,
                  "name="
                      + name
                      + "; "
                      + g
                      + (expiresAt == null ? "" : "; expires_at=" + expiresAt)
                      + (bootstrap ? "; bootstrap" : ""));
              events.tokenCreated(
                  h, id, name, g.role(), g.customRole(), g.permissions(), expiresAt, bootstrap);
              return g;
            });
    ApiToken t =
        new ApiToken(
            id,
            name,
            prefix,
            stored,
            permissionsOf(stored),
            now,
            expiresAt,
            null,
            null,
            createdBy,
            bootstrap);
    return new Created(t, secret);
  }

  /** Newest first; {@code includeInactive} adds revoked and expired tokens. */
  public List<ApiToken> list(boolean includeInactive) {
    Instant now = clock.instant();
    List<ApiToken> out = new ArrayList<>();
    for (ApiTokenDao.Row r :
        Daos.with(jdbi, ApiTokenDao.class, d -> d.list(includeInactive, now))) {
      out.add(map(r));
    }
    return out;
  }

  /** Revokes a token; revoking a revoked one again changes nothing. NOT_FOUND if unknown. */
  public void revoke(UUID id) {
    jdbi.useTransaction(
        h -> {
          ApiTokenDao dao = Daos.of(h, ApiTokenDao.class);
          ApiTokenDao.Row r =
              dao.get(id).orElseThrow(() -> DomainException.notFound("no API token " + id));
          if (dao.revoke(id, clock.instant()) == 1) {
            audit.record(
                h,
                "TOKEN_REVOKE",
                "token:" + id,
                "name=" + r.name() + (r.bootstrap() ? "; bootstrap" : ""));
            events.tokenRevoked(h, id, r.name(), r.bootstrap());
          }
        });
    cache.invalidateAll();
    changes.publish(TOPIC, id.toString());
  }

  /** Whether the bootstrap admin token should be (re)created: see needsBootstrap.sql. */
  boolean needsBootstrap() {
    return Daos.with(jdbi, ApiTokenDao.class, d -> d.needsBootstrap(clock.instant()));
  }

  @Override
  public Optional<Principal> authenticate(String bearerToken) {
    if (!bearerToken.startsWith(PREFIX) || bearerToken.length() > 200) {
      return Optional.empty();
    }
    int end = bearerToken.indexOf(TENANT_END);
    String tenant =
        end < 0 ? TenantContext.DEFAULT_TENANT : bearerToken.substring(PREFIX.length(), end);
    if (!TenantContext.isValid(tenant)) {
      return Optional.empty();
    }
    return TenantContext.callAs(tenant, () -> authenticateAs(tenant, bearerToken));
  }

  private Optional<Principal> authenticateAs(String tenant, String bearerToken) {
    byte[] hash = hash(bearerToken);
    Optional<ApiTokenDao.Row> found =
        cache.get(
            Base64.getEncoder().encodeToString(hash),
            k -> Daos.with(jdbi, ApiTokenDao.class, d -> d.byHash(hash)));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ApiTokenDao.Row r = found.get();
    Instant now = clock.instant();
    if (r.expiresAt() != null && !now.isBefore(r.expiresAt())) {
      return Optional.empty();
    }
    Grant g = grant(r);
    Set<Permission> permissions = permissionsOf(g);
    if (permissions.isEmpty()) {
      return Optional.empty();
    }
    touch(r.id(), now);
    return Optional.of(
        new Principal(
            r.id().toString(),
            r.name(),
            g.role() == null ? Set.of() : Set.of(g.role()),
            g.customRole() == null ? Set.of() : Set.of(g.customRole()),
            permissions,
            Principal.Kind.API_TOKEN,
            tenant));
  }

  /** Records use at most once per {@link #LAST_USED_STEP}: one update, not one per call. */
  private void touch(UUID id, Instant now) {
    Instant prev = lastWritten.get(id);
    if (prev != null && now.isBefore(prev.plus(LAST_USED_STEP))) {
      return;
    }
    boolean mine =
        prev == null
            ? lastWritten.putIfAbsent(id, now) == null
            : lastWritten.replace(id, prev, now);
    if (!mine) {
      return;
    }
    try {
      Daos.use(jdbi, ApiTokenDao.class, d -> d.touch(id, now));
    } catch (RuntimeException e) {
      // A lost last-used time must not fail the call; the next step retries.
      lastWritten.remove(id, now);
      LOG.warn("could not record the last use of API token {}: {}", id, e.toString());
    }
  }

  private Set<Permission> permissionsOf(Grant g) {
    if (g.role() != null) {
      return RolePermissions.permissions(Set.of(g.role()));
    }
    if (g.customRole() != null) {
      return RolePermissions.withSelf(customRoles.permissions(Set.of(g.customRole())));
    }
    return RolePermissions.withSelf(g.permissions());
  }

  private static Grant grant(ApiTokenDao.Row r) {
    return new Grant(
        r.role() == null ? null : Principal.Role.valueOf(r.role()),
        r.customRole(),
        r.permissions() == null ? null : CustomRoles.permissionsOf(r.permissions()));
  }

  private ApiToken map(ApiTokenDao.Row r) {
    Grant g = grant(r);
    return new ApiToken(
        r.id(),
        r.name(),
        r.prefix(),
        g,
        permissionsOf(g),
        r.createdAt(),
        r.expiresAt(),
        r.lastUsedAt(),
        r.revokedAt(),
        r.createdBy(),
        r.bootstrap());
  }

  /** Who creates a token: "user:<id>", "token:<name>", or "system" outside a call. */
  private static String createdBy() {
    Principal p = Principal.current();
    if (p == null) {
      return "system";
    }
    return p.kind() == Principal.Kind.USER ? "user:" + p.id() : "token:" + p.name();
  }

  private static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
