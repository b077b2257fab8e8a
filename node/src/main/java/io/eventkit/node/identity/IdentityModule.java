package io.eventkit.node.identity;

import io.eventkit.node.kernel.TokenAuthenticator;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.node.platform.cluster.ChangeFeed;
import io.eventkit.node.platform.crypto.KeyVault;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.mail.MailOutbox;
import io.eventkit.node.platform.retention.Retention;
import io.eventkit.node.platform.retention.RetentionConfig;
import io.grpc.BindableService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Identity's public face: users, sessions, API tokens, custom roles, SSO and LDAP behind one
 * AuthService and one bearer-token authenticator (JWT access tokens and API tokens).
 */
public final class IdentityModule {
  private final ApiTokens tokens;
  private final AccessTokens accessTokens;
  private final AuthGrpcService service;
  private final AuthAudit audit;
  private final Users users;
  private final Passwords passwords;

  private IdentityModule(
      ApiTokens tokens,
      AccessTokens accessTokens,
      AuthGrpcService service,
      AuthAudit audit,
      Users users,
      Passwords passwords) {
    this.tokens = tokens;
    this.accessTokens = accessTokens;
    this.service = service;
    this.audit = audit;
    this.users = users;
    this.passwords = passwords;
  }

  /**
   * Opens identity over the node's database; creates the first JWT signing key (encrypted with
   * {@code vault}) if there is none. Password-reset links are mailed through {@code mail} (which
   * must seal with {@code vault}) and point at {@code publicUrl}.
   *
   * @throws IllegalArgumentException if the sso or ldap configuration is unusable (the message says
   *     what to fix)
   */
  public static IdentityModule open(
      Jdbi jdbi,
      Clock clock,
      DomainEvents domainEvents,
      KeyVault vault,
      String nodeId,
      SsoConfig sso,
      LdapConfig ldap,
      MailOutbox mail,
      Supplier<String> publicUrl,
      ChangeFeed changes) {
    IdentityEvents events = new IdentityEvents(domainEvents);
    AuthAudit audit = new AuthAudit(jdbi, clock);
    CustomRoles customRoles = new CustomRoles(jdbi, clock, audit, changes);
    ApiTokens tokens = new ApiTokens(jdbi, clock, audit, customRoles, events, changes);
    Users users = new Users(jdbi, clock, PasswordHasher.owasp(), audit, customRoles, events);
    ExternalLogins external;
    try {
      external = ExternalLogins.create(jdbi, clock, audit, users, sso, ldap, events);
    } catch (java.io.UncheckedIOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    AccessTokens accessTokens = AccessTokens.open(jdbi, vault, clock, nodeId, customRoles, changes);
    Passwords passwords =
        new Passwords(
            jdbi,
            clock,
            PasswordHasher.owasp(),
            audit,
            new LoginThrottle(jdbi, clock),
            new ResetMail(mail, vault, publicUrl));
    AuthGrpcService service =
        new AuthGrpcService(
            tokens,
            users,
            audit,
            accessTokens,
            new Sessions(jdbi, clock, audit),
            passwords,
            customRoles,
            external);
    return new IdentityModule(tokens, accessTokens, service, audit, users, passwords);
  }

  /**
   * What is wrong with an sso / ldap configuration, for the node's check command; empty if fine.
   */
  public static Optional<String> configurationProblem(SsoConfig sso, LdapConfig ldap) {
    return ExternalLogins.configurationProblem(sso, ldap);
  }

  /**
   * Creates the first ADMIN API token and writes it owner-only under {@code dataDir} when nothing
   * can administer the node; returns the new token, if one was created.
   */
  public Optional<String> ensureAdminToken(Path dataDir) throws IOException {
    return AdminTokenBootstrap.ensureAdminToken(tokens, dataDir);
  }

  /** INVALID_ARGUMENT ({@code field} "email") unless {@code email} is one address. */
  public static void checkEmail(String email) {
    AuthGrpcService.checkEmail(email);
  }

  /** A company's first administrator, and the single-use token with which they set a password. */
  public record FirstAdmin(
      java.util.UUID userId, String setPasswordUrl, java.time.Instant expires) {
    @Override
    public String toString() {
      return "FirstAdmin[userId=" + userId + ", setPasswordUrl=***, expires=" + expires + "]";
    }
  }

  /**
   * Creates an ADMIN user of the current tenant with no password, and issues the token with which
   * they set one (audited in the tenant's log, like CreateUser and IssuePasswordReset), as the link
   * to the reset page a reset mail would carry.
   *
   * @throws io.eventkit.node.kernel.DomainException INVALID_ARGUMENT for a malformed address,
   *     ALREADY_EXISTS if the tenant has a user with it
   */
  public FirstAdmin createFirstAdmin(String email, String displayName) {
    checkEmail(email);
    Users.User u =
        users.create(
            email,
            displayName,
            "en",
            "UTC",
            java.util.Set.of(io.eventkit.node.kernel.Principal.Role.ADMIN),
            java.util.Set.of(),
            Optional.empty());
    Passwords.IssuedReset reset = passwords.issueReset(u, false);
    return new FirstAdmin(u.id(), passwords.link(reset.token()), reset.expiresAt());
  }

  public static void registerValidators(RequestValidators validators) {
    AuthGrpcService.registerValidators(validators);
  }

  public BindableService service() {
    return service;
  }

  /** JWT access tokens (they contain dots) and API tokens (they never do). */
  public TokenAuthenticator authenticator() {
    return bearer ->
        AccessTokens.looksLikeJwt(bearer)
            ? accessTokens.authenticate(bearer)
            : tokens.authenticate(bearer);
  }

  /** The auth audit log, for features whose changes grant access (webhook subscriptions). */
  public AuditLog auditLog() {
    return audit::record;
  }

  /**
   * What retention purges here: sign-in audit entries older than {@code retention.audit}. The table
   * is append-only; its trigger lets this delete rows older than 90 days only with the
   * eventkit.retention setting on (V83). The purge is itself recorded in the trail. And the login
   * throttle's keys nobody has tried for a window and a back-off.
   */
  public static java.util.List<Retention.Task> retention(RetentionConfig c) {
    Retention.Purge byAge = Retention.byAge("auth_audit");
    return java.util.List.of(
        new Retention.Task(
            "sign-in audit",
            c.getAudit().toJavaDuration(),
            (h, before, limit) -> {
              h.execute("SET LOCAL eventkit.retention = 'on'");
              return byAge.delete(h, before, limit);
            },
            (h, before, count, now) ->
                h.createUpdate(
                        "INSERT INTO auth_audit (at, actor, action, detail)"
                            + " VALUES (:now, 'retention', 'AUDIT_PURGE', :detail)")
                    .bind("now", now)
                    .bind("detail", Retention.purgeDetail(count, before))
                    .execute()),
        LoginThrottle.retention());
  }
}
