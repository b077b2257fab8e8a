package io.eventkit.node.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.eventkit.ca.KeyPairs;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.kernel.TokenAuthenticator;
import io.eventkit.node.platform.cluster.ChangeFeed;
import io.eventkit.node.platform.crypto.KeyVault;
import io.eventkit.node.platform.db.Daos;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Login access tokens: ES256 JWTs signed with a P-256 key this node creates on first start and
 * keeps in {@code jwt_signing_key}, encrypted with the node's key passphrase.
 *
 * <p>Verification needs no database read per call: the public keys are loaded at start, and a
 * user's current status and roles are cached for {@link #USER_CACHE}. A token is accepted only if
 * its header is exactly ES256 with a known {@code kid}, the signature verifies, {@code iss} is this
 * node, {@code aud} is {@link #AUDIENCE}, {@code nbf <= now < exp} and the user is still ACTIVE.
 * Its permissions are those of the roles (built-in, and custom by name) it names that the user
 * still has; custom roles' permissions come from {@link CustomRoles}' cache. Disabling a user or
 * changing their roles through the API takes effect on the next call ({@link #forget}); a change
 * made directly in the database takes up to {@link #USER_CACHE}.
 */
final class AccessTokens implements TokenAuthenticator {
  public static final Duration LIFETIME = Duration.ofMinutes(15);
  public static final Duration USER_CACHE = Duration.ofSeconds(30);
  public static final String AUDIENCE = "eventkit-api";

  /**
   * The tenant the user belongs to; a token without it (issued before SaaS mode) is the default's.
   */
  static final String TENANT_CLAIM = "tenant";

  private static final Pattern JWT_SHAPE =
      Pattern.compile("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$");

  /** How often at most an unknown {@code kid} makes this replica re-read the keys. */
  public static final Duration RELOAD_INTERVAL = Duration.ofSeconds(10);

  private final Jdbi jdbi;
  private final KeyVault vault;
  private final Clock clock;
  private final String issuer;
  private final Cache<UserKey, Optional<Held>> activeRoles;

  /** A user of a tenant (user IDs are random UUIDs; the tenant says where to read them). */
  private record UserKey(String tenant, UUID userId) {}

  private final CustomRoles customRoles;

  /** The roles an active user holds now. */
  private record Held(Set<Principal.Role> roles, Set<String> customRoles) {}

  /**
   * Claims of tokens whose signature verified, by the exact token string: an ES256 verification
   * costs about half a millisecond, a lookup microseconds. Only successes are kept (so junk tokens
   * cannot evict them); everything but the signature is still checked on every call.
   */
  private final Cache<String, JWTClaimsSet> verified =
      Caffeine.newBuilder().maximumSize(20_000).expireAfterWrite(LIFETIME).build();

  private volatile Keys keys;
  private volatile Instant lastReload;

  /** The newest key signs; every key verifies. Replaced whole on rotation or reload. */
  private record Keys(
      String signingKid, ECDSASigner signer, Map<String, ECDSAVerifier> verifiers) {}

  private final ChangeFeed changes;
  private static final String TOPIC = "user";

  private AccessTokens(
      Jdbi jdbi,
      KeyVault vault,
      Clock clock,
      String issuer,
      Keys keys,
      CustomRoles customRoles,
      ChangeFeed changes) {
    this.jdbi = jdbi;
    this.changes = changes;
    this.vault = vault;
    this.customRoles = customRoles;
    this.clock = clock;
    this.issuer = issuer;
    this.keys = keys;
    this.lastReload = clock.instant();
    this.activeRoles =
        Caffeine.newBuilder().expireAfterWrite(USER_CACHE).maximumSize(10_000).build();
    changes.subscribe(
        TOPIC,
        key -> {
          if (key.equals(ChangeFeed.EVERYTHING)) {
            activeRoles.invalidateAll();
          } else {
            UUID id = UUID.fromString(key);
            activeRoles.asMap().keySet().removeIf(k -> k.userId().equals(id));
          }
        });
  }

  /** Loads the signing keys, creating the first one if there is none. */
  public static AccessTokens open(
      Jdbi jdbi, KeyVault vault, Clock clock, String nodeId, CustomRoles customRoles) {
    return open(jdbi, vault, clock, nodeId, customRoles, ChangeFeed.local());
  }

  /**
   * {@code changes}: a user disabled or given other roles on another replica is seen here at once.
   */
  public static AccessTokens open(
      Jdbi jdbi,
      KeyVault vault,
      Clock clock,
      String nodeId,
      CustomRoles customRoles,
      ChangeFeed changes) {
    Keys keys =
        jdbi.inTransaction(
            h -> {
              SigningKeyDao dao = Daos.of(h, SigningKeyDao.class);
              dao.lock();
              if (dao.count() == 0) {
                insertKey(dao, vault, clock.instant());
              }
              return load(dao, vault);
            });
    return new AccessTokens(jdbi, vault, clock, nodeId, keys, customRoles, changes);
  }

  public record Rotated(String kid, Instant createdAt) {}

  /**
   * Creates a new signing key and signs with it from now on. Tokens signed with older keys stay
   * valid until they expire; other replicas verify the new key's tokens as soon as they see its
   * {@code kid} (they re-read the keys) and sign with it after that.
   */
  public Rotated rotate(AuthAudit audit) {
    Instant now = clock.instant();
    Keys next =
        jdbi.inTransaction(
            h -> {
              SigningKeyDao dao = Daos.of(h, SigningKeyDao.class);
              dao.lock();
              String kid = insertKey(dao, vault, now);
              audit.record(h, "SIGNING_KEY_ROTATE", "kid:" + kid, "");
              return load(dao, vault);
            });
    keys = next;
    lastReload = now;
    return new Rotated(next.signingKid(), now);
  }

  private static String insertKey(SigningKeyDao dao, KeyVault vault, Instant now) {
    KeyPair kp = KeyPairs.generateP256();
    String kid = UUID.randomUUID().toString();
    ECKey jwk = new ECKey.Builder(Curve.P_256, (ECPublicKey) kp.getPublic()).keyID(kid).build();
    dao.insert(kid, vault.encryptLeaf(kp.getPrivate()), jwk.toJSONString(), now);
    return kid;
  }

  private static Keys load(SigningKeyDao dao, KeyVault vault) {
    List<SigningKeyDao.Row> rows = dao.all();
    try {
      Map<String, ECDSAVerifier> verifiers = new HashMap<>();
      for (SigningKeyDao.Row r : rows) {
        verifiers.put(r.kid(), new ECDSAVerifier(ECKey.parse(r.publicJwk()).toECPublicKey()));
      }
      SigningKeyDao.Row newest = rows.get(0);
      PrivateKey signingKey = vault.decrypt(newest.privateKeyPem());
      return new Keys(
          newest.kid(), new ECDSASigner(signingKey, Curve.P_256), Map.copyOf(verifiers));
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("unreadable access token key", e);
    }
  }

  /** The verifier of a kid, re-reading the keys (at most every RELOAD_INTERVAL) if it is new. */
  private ECDSAVerifier verifier(String kid) {
    ECDSAVerifier v = keys.verifiers().get(kid);
    if (v != null) {
      return v;
    }
    Instant now = clock.instant();
    synchronized (this) {
      if (now.isBefore(lastReload.plus(RELOAD_INTERVAL))) {
        return keys.verifiers().get(kid);
      }
      lastReload = now;
      keys = Daos.with(jdbi, SigningKeyDao.class, dao -> load(dao, vault));
    }
    return keys.verifiers().get(kid);
  }

  /** Whether a bearer credential has the shape of a JWT (API tokens never contain a dot). */
  public static boolean looksLikeJwt(String bearer) {
    return bearer.indexOf('.') >= 0 && JWT_SHAPE.matcher(bearer).matches();
  }

  public record Issued(String token, Instant expiresAt) {}

  public Issued issue(Users.User user) {
    Instant now = clock.instant();
    Instant exp = now.plus(LIFETIME);
    List<String> roles = new ArrayList<>();
    if (!user.roles().isEmpty()) {
      EnumSet.copyOf(user.roles()).forEach(r -> roles.add(r.name()));
    }
    JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
    if (!user.customRoles().isEmpty()) {
      builder.claim("custom_roles", List.copyOf(user.customRoles()));
    }
    JWTClaimsSet claims =
        builder
            .issuer(issuer)
            .audience(AUDIENCE)
            .subject(user.id().toString())
            .claim("email", user.email())
            .claim("roles", roles)
            .claim(TENANT_CLAIM, TenantContext.current())
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(exp))
            .jwtID(UUID.randomUUID().toString())
            .build();
    Keys k = keys;
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(k.signingKid())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(k.signer());
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign an access token", e);
    }
    return new Issued(jwt.serialize(), exp);
  }

  @Override
  public Optional<Principal> authenticate(String token) {
    try {
      if (!looksLikeJwt(token)) {
        return Optional.empty();
      }
      JWTClaimsSet c = verified.getIfPresent(token);
      if (c == null) {
        c = verifySignature(token);
        if (c == null) {
          return Optional.empty();
        }
        verified.put(token, c);
      }
      Instant now = clock.instant();
      if (!issuer.equals(c.getIssuer())
          || c.getAudience() == null
          || !c.getAudience().contains(AUDIENCE)
          || c.getExpirationTime() == null
          || !now.isBefore(c.getExpirationTime().toInstant())
          || c.getNotBeforeTime() == null
          || now.isBefore(c.getNotBeforeTime().toInstant())
          || c.getSubject() == null) {
        return Optional.empty();
      }
      UUID userId = UUID.fromString(c.getSubject());
      List<String> named = c.getStringListClaim("roles");
      if (named == null) {
        return Optional.empty();
      }
      String claimed = c.getStringClaim(TENANT_CLAIM);
      String tenant = claimed == null ? TenantContext.DEFAULT_TENANT : claimed;
      if (!TenantContext.isValid(tenant)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = c;
      return TenantContext.callAs(tenant, () -> principal(claims, tenant, userId, named));
    } catch (ParseException | JOSEException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The principal of a verified token's claims, read as the token's tenant. */
  private Optional<Principal> principal(
      JWTClaimsSet c, String tenant, UUID userId, List<String> named) {
    try {
      List<String> namedCustom = c.getStringListClaim("custom_roles");
      Optional<Held> current =
          activeRoles.get(new UserKey(tenant, userId), k -> loadActiveRoles(k.userId()));
      if (current.isEmpty()) {
        return Optional.empty();
      }
      Set<Principal.Role> roles = EnumSet.noneOf(Principal.Role.class);
      for (String n : named) {
        for (Principal.Role r : current.get().roles()) {
          if (r.name().equals(n)) {
            roles.add(r);
          }
        }
      }
      Set<String> custom = new java.util.TreeSet<>();
      if (namedCustom != null) {
        for (String n : namedCustom) {
          if (current.get().customRoles().contains(n)) {
            custom.add(n);
          }
        }
      }
      Set<io.eventkit.node.kernel.Permission> permissions = RolePermissions.permissions(roles);
      permissions.addAll(RolePermissions.withSelf(customRoles.permissions(custom)));
      if (permissions.isEmpty()) {
        return Optional.empty();
      }
      String email = c.getStringClaim("email");
      return Optional.of(
          new Principal(
              userId.toString(),
              email == null ? "" : email,
              roles,
              custom,
              permissions,
              Principal.Kind.USER,
              tenant));
    } catch (ParseException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The claims of a token whose header is exactly ES256 with a known kid and whose signature
   * verifies; null otherwise. Nothing else (expiry, issuer, user) is checked here.
   */
  private JWTClaimsSet verifySignature(String token) throws ParseException, JOSEException {
    SignedJWT jwt = SignedJWT.parse(token);
    JWSHeader header = jwt.getHeader();
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())
        || header.getKeyID() == null
        || header.getCriticalParams() != null) {
      return null;
    }
    ECDSAVerifier verifier = verifier(header.getKeyID());
    if (verifier == null || !jwt.verify(verifier)) {
      return null;
    }
    return jwt.getJWTClaimsSet();
  }

  /**
   * Drops the cached status and roles of a user after a committed change, here and on the other
   * replicas.
   */
  public void forget(UUID userId) {
    activeRoles.asMap().keySet().removeIf(k -> k.userId().equals(userId));
    changes.publish(TOPIC, userId.toString());
  }

  private Optional<Held> loadActiveRoles(UUID userId) {
    return Daos.with(jdbi, UserDao.class, dao -> dao.activeRoles(userId))
        .map(
            row -> {
              Set<Principal.Role> s = EnumSet.noneOf(Principal.Role.class);
              for (String r : row.roles()) {
                s.add(Principal.Role.valueOf(r));
              }
              return new Held(s, Set.of(row.customRoles()));
            });
  }

  @Override
  public String toString() {
    return "AccessTokens[" + issuer + "]";
  }
}
