package io.eventkit.node.identity;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.platform.db.Daos;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Local users: who they are, their roles and status, and their password hash. */
final class Users {
  private final Jdbi jdbi;
  private final Clock clock;
  private final PasswordHasher hasher;
  private final AuthAudit audit;

  private final LoginThrottle throttle;
  private final CustomRoles customRoles;
  private final IdentityEvents events;

  public Users(
      Jdbi jdbi,
      Clock clock,
      PasswordHasher hasher,
      AuthAudit audit,
      CustomRoles customRoles,
      IdentityEvents events) {
    this.jdbi = jdbi;
    this.events = events;
    this.customRoles = customRoles;
    this.clock = clock;
    this.hasher = hasher;
    this.audit = audit;
    this.throttle = new LoginThrottle(jdbi, clock);
  }

  public enum Status {
    ACTIVE,
    DISABLED,
    LOCKED
  }

  /** A user as the API shows it; the password hash stays inside this class. */
  public record User(
      UUID id,
      String email,
      String displayName,
      String locale,
      String timeZone,
      Set<Principal.Role> roles,
      Status status,
      boolean hasPassword,
      Instant createdAt,
      Instant updatedAt,
      Set<String> customRoles,
      String authSource) {}

  /**
   * What {@link #update} changes; null fields stay as they are. {@code roles} and {@code
   * customRoles} are replaced together (null customRoles with non-null roles: none).
   */
  public record Changes(
      String displayName,
      String locale,
      String timeZone,
      Set<Principal.Role> roles,
      Status status,
      Set<String> customRoles) {
    public Changes(
        String displayName,
        String locale,
        String timeZone,
        Set<Principal.Role> roles,
        Status status) {
      this(displayName, locale, timeZone, roles, status, null);
    }
  }

  public static String normaliseEmail(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  /** {@code customRoles}: names of existing custom roles (INVALID_ARGUMENT otherwise). */
  public User create(
      String email,
      String displayName,
      String locale,
      String timeZone,
      Set<Principal.Role> roles,
      Set<String> customRoles,
      Optional<String> password) {
    requireSomeRole(roles, customRoles, "roles");
    password.ifPresent(p -> PasswordHasher.checkPolicy(p, "password"));
    String hash = password.map(hasher::hash).orElse(null);
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    String normalised = normaliseEmail(email);
    try {
      jdbi.useTransaction(
          h -> {
            List<String> custom = this.customRoles.lockForGrant(h, customRoles, "custom_roles");
            Daos.of(h, UserDao.class)
                .insert(
                    id,
                    normalised,
                    displayName,
                    locale,
                    timeZone,
                    roleNames(roles),
                    custom.toArray(String[]::new),
                    hash,
                    now);
            audit.record(
                h,
                "USER_CREATE",
                "user:" + id,
                "email="
                    + normalised
                    + "; roles="
                    + List.of(roleNames(roles))
                    + (custom.isEmpty() ? "" : "; custom_roles=" + custom)
                    + (hash != null ? "; password set" : ""));
            events.userCreated(
                h, id, normalised, displayName, List.of(roleNames(roles)), custom, "password");
          });
    } catch (UnableToExecuteStatementException e) {
      if (e.getCause() instanceof SQLException s && "23505".equals(s.getSQLState())) {
        throw new DomainException(
            ErrorCode.ALREADY_EXISTS, "a user with the email " + normalised + " already exists");
      }
      throw e;
    }
    return get(id);
  }

  public List<User> list() {
    return Daos.with(jdbi, UserDao.class, UserDao::list).stream().map(Users::map).toList();
  }

  public User get(UUID id) {
    return jdbi.withHandle(h -> find(h, id))
        .orElseThrow(() -> DomainException.notFound("user " + id));
  }

  private static Optional<User> find(Handle h, UUID id) {
    return Daos.of(h, UserDao.class).find(id).map(Users::map);
  }

  public User update(UUID id, Changes c) {
    return jdbi.inTransaction(
        h -> {
          UserDao dao = Daos.of(h, UserDao.class);
          User u =
              dao.lock(id)
                  .map(Users::map)
                  .orElseThrow(() -> DomainException.notFound("user " + id));
          Set<Principal.Role> roles = c.roles() != null ? c.roles() : u.roles();
          Set<String> custom;
          if (c.roles() != null || c.customRoles() != null) {
            Set<String> asked = c.customRoles() == null ? Set.of() : c.customRoles();
            requireSomeRole(roles, asked, "roles");
            custom = Set.copyOf(customRoles.lockForGrant(h, asked, "roles.custom_roles"));
          } else {
            custom = u.customRoles();
          }
          dao.update(
              id,
              c.displayName() != null ? c.displayName() : u.displayName(),
              c.locale() != null ? c.locale() : u.locale(),
              c.timeZone() != null ? c.timeZone() : u.timeZone(),
              roleNames(roles),
              custom.stream().sorted().toArray(String[]::new),
              (c.status() != null ? c.status() : u.status()).name(),
              clock.instant());
          User after = find(h, id).orElseThrow();
          audit.record(h, "USER_UPDATE", "user:" + id, describe(u, after));
          events.userUpdated(h, u, after);
          return after;
        });
  }

  public void setPassword(UUID id, String password) {
    PasswordHasher.checkPolicy(password, "password");
    get(id); // NOT_FOUND before the (deliberately slow) hash
    String hash = hasher.hash(password);
    jdbi.useTransaction(
        h -> {
          Daos.of(h, PasswordDao.class).setPasswordHash(id, hash, clock.instant());
          int ended = Sessions.revokeAll(h, id, "password changed", clock.instant());
          audit.record(
              h, "PASSWORD_SET", "user:" + id, ended == 0 ? "" : "ended " + ended + " session(s)");
        });
  }

  /** The one answer to every refused login, so it does not tell whether the email exists. */
  public static final String LOGIN_REFUSED = "wrong email or password";

  /**
   * Checks an email and password. Refuses with {@link #LOGIN_REFUSED} (UNAUTHENTICATED) for an
   * unknown email, a user with no password, a wrong password or a user who is not ACTIVE; an
   * unknown email still verifies a dummy hash so the answer takes as long. Rehashes the password
   * when its parameters are outdated. While {@link LoginThrottle} locks the email or the source
   * host out, refuses the same way. Records LOGIN_SUCCEEDED or LOGIN_FAILED (email and source
   * address, never the password).
   */
  public User login(String email, String password, String sourceAddress) {
    String normalised = normaliseEmail(email);
    Optional<Map.Entry<User, String>> found =
        Daos.with(jdbi, UserDao.class, dao -> dao.byEmail(normalised))
            .map(r -> Map.entry(map(r), Objects.toString(r.passwordHash(), "")));
    String reason;
    if (throttle.locked(normalised, sourceAddress)) {
      hasher.verify(password, dummyHash());
      reason = "locked out after repeated failures";
    } else if (found.isEmpty() || found.get().getValue().isEmpty()) {
      hasher.verify(password, dummyHash());
      reason = found.isEmpty() ? "unknown email" : "no password set";
    } else if (!hasher.verify(password, found.get().getValue())) {
      reason = "wrong password";
    } else if (found.get().getKey().status() != Status.ACTIVE) {
      reason = "user " + found.get().getKey().status();
    } else {
      reason = null;
    }
    String subject = found.map(f -> "user:" + f.getKey().id()).orElse("email:" + normalised);
    String actor = "login:" + normalised;
    if (reason != null) {
      LoginThrottle.Locked locked =
          throttle.locked(normalised, sourceAddress)
              ? new LoginThrottle.Locked(false, false)
              : throttle.failed(normalised, sourceAddress);
      UUID userId = found.map(f -> f.getKey().id()).orElse(null);
      jdbi.useTransaction(
          h -> {
            audit.record(h, actor, sourceAddress, "LOGIN_FAILED", subject, reason);
            if (locked.any()) {
              events.lockedOut(
                  h,
                  locked,
                  normalised,
                  userId,
                  sourceAddress,
                  "password",
                  clock.instant().plus(LoginThrottle.BACKOFF));
            }
          });
      throw new DomainException(ErrorCode.UNAUTHENTICATED, LOGIN_REFUSED);
    }
    throttle.succeeded(normalised);
    User user = found.get().getKey();
    String stored = found.get().getValue();
    jdbi.useTransaction(
        h -> {
          if (hasher.needsRehash(stored)) {
            Daos.of(h, UserDao.class).rehash(user.id(), hasher.hash(password), stored);
          }
          audit.record(h, actor, sourceAddress, "LOGIN_SUCCEEDED", subject, "");
        });
    return user;
  }

  private volatile String dummyHash;

  private String dummyHash() {
    String d = dummyHash;
    if (d == null) {
      d = hasher.hash(UUID.randomUUID().toString());
      dummyHash = d;
    }
    return d;
  }

  /** What changed, field by field ("roles [CREW] -> [MANAGER]; status ACTIVE -> DISABLED"). */
  private static String describe(User a, User b) {
    List<String> parts = new java.util.ArrayList<>();
    if (!a.displayName().equals(b.displayName())) {
      parts.add("display_name");
    }
    if (!a.locale().equals(b.locale())) {
      parts.add("locale " + a.locale() + " -> " + b.locale());
    }
    if (!a.timeZone().equals(b.timeZone())) {
      parts.add("time_zone " + a.timeZone() + " -> " + b.timeZone());
    }
    if (!a.roles().equals(b.roles())) {
      parts.add("roles " + List.of(roleNames(a.roles())) + " -> " + List.of(roleNames(b.roles())));
    }
    if (!a.customRoles().equals(b.customRoles())) {
      parts.add(
          "custom_roles "
              + new java.util.TreeSet<>(a.customRoles())
              + " -> "
              + new java.util.TreeSet<>(b.customRoles()));
    }
    if (a.status() != b.status()) {
      parts.add("status " + a.status() + " -> " + b.status());
    }
    return parts.isEmpty() ? "no change" : String.join("; ", parts);
  }

  private static String[] roleNames(Set<Principal.Role> roles) {
    return roles.stream().map(Enum::name).sorted().toArray(String[]::new);
  }

  private static void requireSomeRole(
      Set<Principal.Role> roles, Set<String> customRoles, String field) {
    if (roles.isEmpty() && customRoles.isEmpty()) {
      throw new DomainException(
          ErrorCode.INVALID_ARGUMENT,
          "invalid request: " + field + " needs at least one role or custom role",
          List.of(
              new DomainException.FieldViolation(field, "needs at least one role or custom role")));
    }
  }

  private static User map(UserDao.Row r) {
    return new User(
        r.id(),
        r.email(),
        r.displayName(),
        r.locale(),
        r.timeZone(),
        Set.copyOf(Arrays.stream(r.roles()).map(Principal.Role::valueOf).toList()),
        Status.valueOf(r.status()),
        r.passwordHash() != null,
        r.createdAt(),
        r.updatedAt(),
        Set.of(r.customRoles()),
        r.authSource());
  }
}
