package io.eventkit.node.identity;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.platform.db.Daos;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Logins whose credentials another system checks: OIDC single sign-on and the LDAP directory. Both
 * provision the user at the first login (auth_source {@code oidc:<id>} or {@code ldap}, no local
 * password) and set their roles from the configured mapping at every login. An existing local user
 * without a password is adopted by the first such login with its email; a local user with a
 * password, or a user of another source, is refused (a directory or provider must not take over an
 * account). A user who is not ACTIVE locally stays refused.
 */
final class ExternalLogins {
  /** How long StartSsoLogin's state stays valid (single use). */
  public static final Duration SSO_STATE_LIFETIME = Duration.ofMinutes(10);

  static final String LDAP_SOURCE = "ldap";

  private final Jdbi jdbi;
  private final Clock clock;
  private final AuthAudit audit;
  private final Users users;
  private final Map<String, OidcClient> providers;
  private final LdapDirectory directory;
  private final LoginThrottle throttle;
  private final IdentityEvents events;

  ExternalLogins(
      Jdbi jdbi,
      Clock clock,
      AuthAudit audit,
      Users users,
      Map<String, OidcClient> providers,
      LdapDirectory directory,
      IdentityEvents events) {
    this.events = events;
    this.jdbi = jdbi;
    this.clock = clock;
    this.audit = audit;
    this.users = users;
    this.providers = providers;
    this.directory = directory;
    this.throttle = new LoginThrottle(jdbi, clock);
  }

  /**
   * Checks the configuration and builds the logins it enables (none by default). Nothing is
   * contacted yet: a provider's discovery document is read at its first login.
   *
   * @throws IllegalArgumentException naming the setting that is wrong
   */
  public static ExternalLogins create(
      Jdbi jdbi,
      Clock clock,
      AuthAudit audit,
      Users users,
      SsoConfig sso,
      LdapConfig ldap,
      IdentityEvents events) {
    Map<String, OidcClient> providers = new LinkedHashMap<>();
    for (SsoConfig.Provider p : sso.getProviders()) {
      OidcClient c = new OidcClient(p, clock);
      if (providers.put(c.id, c) != null) {
        throw new IllegalArgumentException("sso.providers: the id '" + c.id + "' is used twice");
      }
    }
    return new ExternalLogins(
        jdbi,
        clock,
        audit,
        users,
        Map.copyOf(providers),
        ldap.enabled() ? new LdapDirectory(ldap) : null,
        events);
  }

  /** What {@link #create} would refuse in this configuration (for {@code check}), if anything. */
  public static Optional<String> configurationProblem(SsoConfig sso, LdapConfig ldap) {
    try {
      create(null, Clock.systemUTC(), null, null, sso, ldap, null);
      return Optional.empty();
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** For GetLoginOptions. */
  public record Options(boolean directory, List<Provider> providers) {}

  public record Provider(String id, String displayName) {}

  public Options options() {
    if (!operatorsAccount()) {
      return new Options(false, List.of());
    }
    return new Options(
        directory != null,
        providers.values().stream()
            .map(p -> new Provider(p.id, p.displayName))
            .sorted(java.util.Comparator.comparing(Provider::id))
            .toList());
  }

  public record Started(URI authorizationUrl, String state, Instant expiresAt) {}

  /**
   * Whether the current tenant is the one the node-wide SSO providers and directory serve: the
   * default (on a self-hosted node, always). In a shared deployment they are the operator's: they
   * would otherwise put anyone they accept into whichever company a request names, with the mapped
   * roles. Other companies sign in with their local passwords until SSO is configured per company.
   */
  private static boolean operatorsAccount() {
    return TenantContext.DEFAULT_TENANT.equals(TenantContext.current());
  }

  private static void requireOperatorsAccount() {
    if (!operatorsAccount()) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "single sign-on is set up for this service's operator only, not for the company account"
              + " '"
              + TenantContext.current()
              + "': sign in with your email and password");
    }
  }

  /**
   * Starts an OIDC login: stores the state (hashed), nonce and PKCE verifier for {@link
   * #SSO_STATE_LIFETIME}.
   *
   * @throws DomainException INVALID_ARGUMENT for an unknown provider or a redirect URI it does not
   *     allow; UNAVAILABLE if the provider's discovery document cannot be read
   */
  public Started startSso(String providerId, String redirectUri) {
    requireOperatorsAccount();
    OidcClient p = providers.get(providerId);
    if (p == null) {
      throw DomainException.invalid(
          "provider_id '"
              + providerId
              + "' is not a single sign-on provider of this node"
              + (providers.isEmpty()
                  ? " (none is configured)"
                  : ": use one of " + providers.keySet().stream().sorted().toList()));
    }
    if (!p.allows(redirectUri)) {
      throw DomainException.invalid(
          "redirect_uri "
              + redirectUri
              + " is not allowed for provider '"
              + providerId
              + "': "
              + p.redirectHelp());
    }
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    URI url = p.authorizationUrl(redirectUri, state, nonce, verifier);
    Instant now = clock.instant();
    Instant expires = now.plus(SSO_STATE_LIFETIME);
    jdbi.useTransaction(
        h -> {
          SsoLoginDao dao = Daos.of(h, SsoLoginDao.class);
          dao.purge(now.minus(Duration.ofDays(1)));
          dao.insert(
              sha256(state.getValue()),
              providerId,
              redirectUri,
              nonce.getValue(),
              verifier.getValue(),
              now,
              expires);
        });
    return new Started(url, state.getValue(), expires);
  }

  /** The message for an unknown, expired or spent state. */
  public static final String SSO_STATE_REFUSED =
      "unknown, expired or already used single sign-on state: start the login again";

  /**
   * Completes an OIDC login: spends the state, exchanges the code, validates the ID token and
   * provisions the user. Every outcome is in the auth audit (LOGIN_SUCCEEDED / LOGIN_FAILED, actor
   * {@code oidc:<id>}).
   *
   * @throws DomainException UNAUTHENTICATED if refused, UNAVAILABLE if the provider is unreachable
   */
  public Users.User completeSso(String state, String code, String sourceAddress) {
    requireOperatorsAccount();
    Optional<SsoLoginDao.Pending> pending =
        jdbi.withHandle(h -> Daos.of(h, SsoLoginDao.class).claim(sha256(state), clock.instant()));
    if (pending.isEmpty()) {
      failed("oidc", sourceAddress, "", "unknown, expired or spent state");
      throw new DomainException(ErrorCode.UNAUTHENTICATED, SSO_STATE_REFUSED);
    }
    OidcClient p = providers.get(pending.get().providerId());
    if (p == null) {
      failed("oidc:" + pending.get().providerId(), sourceAddress, "", "provider not configured");
      throw new DomainException(ErrorCode.UNAUTHENTICATED, SSO_STATE_REFUSED);
    }
    OidcClient.Verified v;
    try {
      v = p.complete(pending.get(), code);
    } catch (DomainException e) { // refused, or the provider is unreachable
      failed(p.source(), sourceAddress, "", e.getMessage());
      throw e;
    }
    try {
      return provision(p.source(), v.email(), v.displayName(), v.roles(), sourceAddress);
    } catch (ProvisionRefused e) {
      failed(p.source(), sourceAddress, "email:" + v.email(), e.getMessage());
      throw new DomainException(ErrorCode.UNAUTHENTICATED, e.getMessage());
    }
  }

  /**
   * Email + password: a local user with a password (auth_source {@code password}) is checked
   * against its local hash ({@link Users#login}); with a directory configured, every other email is
   * checked against the directory. Without a directory this is {@link Users#login}.
   */
  public Users.User passwordLogin(String email, String password, String sourceAddress) {
    if (directory == null || !operatorsAccount()) {
      return users.login(email, password, sourceAddress);
    }
    String normalised = Users.normaliseEmail(email);
    Optional<ExternalUserDao.Account> account =
        jdbi.withHandle(h -> Daos.of(h, ExternalUserDao.class).find(normalised));
    if (account.isPresent()
        && account.get().authSource().equals("password")
        && account.get().hasPassword()) {
      return users.login(email, password, sourceAddress);
    }
    String subject = account.map(a -> "user:" + a.id()).orElse("email:" + normalised);
    if (throttle.locked(normalised, sourceAddress)) {
      failed(LDAP_SOURCE, sourceAddress, subject, "locked out after repeated failures");
      throw new DomainException(ErrorCode.UNAUTHENTICATED, Users.LOGIN_REFUSED);
    }
    LdapDirectory.Outcome outcome;
    try {
      outcome = directory.authenticate(normalised, password);
    } catch (DomainException e) {
      failed(LDAP_SOURCE, sourceAddress, subject, e.getMessage());
      throw e;
    }
    UUID userId = account.map(ExternalUserDao.Account::id).orElse(null);
    if (outcome instanceof LdapDirectory.Refused r) {
      failed(
          LDAP_SOURCE,
          sourceAddress,
          subject,
          r.reason(),
          throttle.failed(normalised, sourceAddress),
          normalised,
          userId);
      throw new DomainException(ErrorCode.UNAUTHENTICATED, Users.LOGIN_REFUSED);
    }
    LdapDirectory.Authenticated a = (LdapDirectory.Authenticated) outcome;
    try {
      Users.User u = provision(LDAP_SOURCE, a.email(), a.displayName(), a.roles(), sourceAddress);
      throttle.succeeded(normalised);
      return u;
    } catch (ProvisionRefused e) {
      failed(
          LDAP_SOURCE,
          sourceAddress,
          subject,
          e.getMessage(),
          throttle.failed(normalised, sourceAddress),
          normalised,
          userId);
      throw new DomainException(ErrorCode.UNAUTHENTICATED, Users.LOGIN_REFUSED);
    }
  }

  private static final class ProvisionRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProvisionRefused(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Creates the user or brings its roles up to date, and records USER_CREATE / USER_UPDATE (if
   * anything changed) and LOGIN_SUCCEEDED in one transaction.
   */
  private Users.User provision(
      String source,
      String email,
      String displayName,
      Set<Principal.Role> roles,
      String sourceAddress) {
    String[] roleNames = roles.stream().map(Enum::name).sorted().toArray(String[]::new);
    UUID id =
        jdbi.inTransaction(
            h -> {
              ExternalUserDao dao = Daos.of(h, ExternalUserDao.class);
              Instant now = clock.instant();
              UUID fresh = UUID.randomUUID();
              if (dao.insertIfAbsent(fresh, email, displayName, roleNames, source, now) == 1) {
                audit.record(
                    h,
                    source,
                    sourceAddress,
                    "USER_CREATE",
                    "user:" + fresh,
                    "email="
                        + email
                        + "; roles="
                        + List.of(roleNames)
                        + "; provisioned by "
                        + source);
                events.userCreated(
                    h, fresh, email, displayName, List.of(roleNames), List.of(), source);
                audit.record(h, source, sourceAddress, "LOGIN_SUCCEEDED", "user:" + fresh, "");
                return fresh;
              }
              ExternalUserDao.Account a = dao.lock(email).orElseThrow();
              boolean adoptable = a.authSource().equals("password") && !a.hasPassword();
              if (!a.authSource().equals(source) && !adoptable) {
                throw new ProvisionRefused(
                    "the email "
                        + email
                        + " belongs to a user who logs in with "
                        + (a.authSource().equals("password")
                            ? "a local password"
                            : a.authSource()));
              }
              if (!a.status().equals(Users.Status.ACTIVE.name())) {
                throw new ProvisionRefused("user " + a.status());
              }
              String[] before = a.roles().clone();
              Arrays.sort(before);
              if (!Arrays.equals(before, roleNames) || !a.authSource().equals(source)) {
                dao.update(a.id(), roleNames, source, now);
                if (!Arrays.equals(before, roleNames)) {
                  events.rolesSynced(h, a.id(), email, List.of(before), List.of(roleNames));
                }
                audit.record(
                    h,
                    source,
                    sourceAddress,
                    "USER_UPDATE",
                    "user:" + a.id(),
                    (Arrays.equals(before, roleNames)
                            ? ""
                            : "roles " + List.of(before) + " -> " + List.of(roleNames) + "; ")
                        + (a.authSource().equals(source)
                            ? "from " + source
                            : "auth_source " + a.authSource() + " -> " + source));
              }
              audit.record(h, source, sourceAddress, "LOGIN_SUCCEEDED", "user:" + a.id(), "");
              return a.id();
            });
    return users.get(id);
  }

  private void failed(String source, String address, String subject, String reason) {
    jdbi.useHandle(h -> audit.record(h, source, address, "LOGIN_FAILED", subject, reason));
  }

  /** A failed directory login that may have started a lock-out (security.alert). */
  private void failed(
      String source,
      String address,
      String subject,
      String reason,
      LoginThrottle.Locked locked,
      String email,
      UUID userId) {
    jdbi.useTransaction(
        h -> {
          audit.record(h, source, address, "LOGIN_FAILED", subject, reason);
          if (locked.any()) {
            events.lockedOut(
                h,
                locked,
                email,
                userId,
                address,
                source,
                clock.instant().plus(LoginThrottle.BACKOFF));
          }
        });
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
