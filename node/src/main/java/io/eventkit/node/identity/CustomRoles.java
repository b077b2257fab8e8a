package io.eventkit.node.identity;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.kernel.Permission;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.cluster.ChangeFeed;
import io.eventkit.node.platform.db.Daos;
import io.eventkit.node.platform.db.Pg;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Custom roles: a name and a set of permissions, held by users and API tokens beside (or instead
 * of) the built-in roles. Callers' permissions are resolved from an in-memory copy of all roles: a
 * change through this class replaces it at once; a change made by another replica shows after at
 * most {@link #CACHE} (docs/access.md).
 */
final class CustomRoles {
  public static final Duration CACHE = Duration.ofSeconds(10);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final Jdbi jdbi;
  private final Clock clock;
  private final AuthAudit audit;

  /** Each tenant's roles, by lower-case name. */
  private final LoadingCache<String, Map<String, CustomRole>> all;

  private final ChangeFeed changes;

  public CustomRoles(Jdbi jdbi, Clock clock, AuthAudit audit) {
    this(jdbi, clock, audit, ChangeFeed.local());
  }

  /** {@code changes}: another replica's change to the roles drops this one's cached copy. */
  public CustomRoles(Jdbi jdbi, Clock clock, AuthAudit audit, ChangeFeed changes) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.audit = audit;
    this.changes = changes;
    this.all =
        Caffeine.newBuilder()
            .ticker(() -> clock.millis() * 1_000_000L)
            .expireAfterWrite(CACHE)
            .build(tenant -> TenantContext.callAs(tenant, this::load));
    changes.subscribe(TOPIC, key -> all.invalidateAll());
  }

  private static final String TOPIC = "custom-roles";

  /** After a committed change: this replica's copy and the others' are reloaded. */
  private void changed() {
    all.invalidateAll();
    changes.publish(TOPIC, ChangeFeed.EVERYTHING);
  }

  public record CustomRole(
      UUID id,
      String name,
      String description,
      Set<Permission> permissions,
      Instant createdAt,
      Instant updatedAt) {}

  /** Checks a new role's fields, collecting every problem (INVALID_ARGUMENT). */
  static void validate(Validation v, String name, String description, List<Permission> perms) {
    v.check(
        name != null && NAME.matcher(name).matches(),
        "name",
        "must be 1–64 characters: letters, digits, '_' and '-'");
    v.check(
        name == null || !isBuiltIn(name),
        "name",
        "is a built-in role's name; choose another (built-in: ADMIN, MANAGER, PLANNER, WAREHOUSE,"
            + " SALES, CREW, READ_ONLY)");
    if (description != null) {
      v.maxLength(description, 500, "description");
    }
    if (perms != null) {
      permissions(v, perms, "permissions");
    }
  }

  /** A permission set of a role or token: at least one, never PUBLIC. */
  static void permissions(Validation v, Collection<Permission> perms, String field) {
    v.check(!perms.isEmpty(), field, "needs at least one permission");
    v.check(
        perms.stream().allMatch(p -> p != null && p != Permission.PUBLIC),
        field,
        "may not contain PERMISSION_PUBLIC or PERMISSION_UNSPECIFIED");
  }

  static boolean isBuiltIn(String name) {
    return Arrays.stream(Principal.Role.values())
        .anyMatch(
            r -> r.name().equalsIgnoreCase(name) || ("ROLE_" + r.name()).equalsIgnoreCase(name));
  }

  public CustomRole create(String name, String description, Set<Permission> permissions) {
    Validation v = new Validation();
    validate(v, name, description, List.copyOf(permissions));
    v.throwIfInvalid();
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    try {
      jdbi.useTransaction(
          h -> {
            Daos.of(h, CustomRoleDao.class).insert(id, name, description, names(permissions), now);
            audit.record(
                h, "ROLE_CREATE", "role:" + name, "permissions=" + List.of(names(permissions)));
          });
    } catch (UnableToExecuteStatementException e) {
      if (Pg.UNIQUE_VIOLATION.equals(Pg.sqlState(e))) {
        throw new DomainException(
            ErrorCode.ALREADY_EXISTS,
            "a custom role named "
                + name
                + " already exists (names are compared case-insensitively)");
      }
      throw e;
    }
    changed();
    return new CustomRole(id, name, description, EnumSet.copyOf(permissions), now, now);
  }

  /** Null {@code description} or {@code permissions}: unchanged. */
  public CustomRole update(String name, String description, Set<Permission> permissions) {
    CustomRole updated =
        jdbi.inTransaction(
            h -> {
              CustomRoleDao dao = Daos.of(h, CustomRoleDao.class);
              CustomRole before = map(dao.lock(name).orElseThrow(() -> notFound(name)));
              String d = description != null ? description : before.description();
              Set<Permission> p = permissions != null ? permissions : before.permissions();
              Instant now = clock.instant();
              dao.update(before.id(), d, names(p), now);
              List<String> changes = new ArrayList<>();
              if (!d.equals(before.description())) {
                changes.add("description");
              }
              if (!p.equals(before.permissions())) {
                changes.add(
                    "permissions "
                        + List.of(names(before.permissions()))
                        + " -> "
                        + List.of(names(p)));
              }
              audit.record(
                  h,
                  "ROLE_UPDATE",
                  "role:" + before.name(),
                  changes.isEmpty() ? "no change" : String.join("; ", changes));
              return new CustomRole(
                  before.id(), before.name(), d, EnumSet.copyOf(p), before.createdAt(), now);
            });
    changed();
    return updated;
  }

  /** FAILED_PRECONDITION while a user or a usable API token holds the role. */
  public void delete(String name) {
    jdbi.useTransaction(
        h -> {
          CustomRoleDao dao = Daos.of(h, CustomRoleDao.class);
          CustomRole role = map(dao.lock(name).orElseThrow(() -> notFound(name)));
          List<String> users = dao.usersHolding(role.name());
          List<String> tokens = dao.tokensHolding(role.name(), clock.instant());
          if (!users.isEmpty() || !tokens.isEmpty()) {
            throw new DomainException(
                ErrorCode.FAILED_PRECONDITION,
                "the custom role "
                    + role.name()
                    + " is still held by "
                    + (users.isEmpty() ? "" : "users " + users)
                    + (users.isEmpty() || tokens.isEmpty() ? "" : " and ")
                    + (tokens.isEmpty() ? "" : "API tokens " + tokens)
                    + " (at most five of each shown); take it from them (UpdateUser, RevokeApiToken)"
                    + " first");
          }
          dao.delete(role.id());
          audit.record(
              h,
              "ROLE_DELETE",
              "role:" + role.name(),
              "permissions=" + List.of(names(role.permissions())));
        });
    changed();
  }

  /** All custom roles by name (case-insensitive order), read from the database. */
  public List<CustomRole> list() {
    return Daos.with(jdbi, CustomRoleDao.class, CustomRoleDao::list).stream()
        .map(CustomRoles::map)
        .toList();
  }

  /**
   * The stored names of the roles named (case-insensitively) in {@code requested}, share-locked in
   * {@code h}'s transaction so that none is deleted before it commits. INVALID_ARGUMENT naming
   * {@code field} if one does not exist.
   */
  List<String> lockForGrant(Handle h, Collection<String> requested, String field) {
    if (requested.isEmpty()) {
      return List.of();
    }
    Map<String, String> byLower = new LinkedHashMap<>();
    requested.forEach(n -> byLower.put(n.toLowerCase(Locale.ROOT), n));
    List<CustomRoleDao.Row> found =
        Daos.of(h, CustomRoleDao.class).lockShared(byLower.keySet().toArray(String[]::new));
    found.forEach(r -> byLower.remove(r.name().toLowerCase(Locale.ROOT)));
    if (!byLower.isEmpty()) {
      throw new DomainException(
          ErrorCode.INVALID_ARGUMENT,
          "invalid request: "
              + field
              + " names no custom role "
              + byLower.values()
              + " (see ListRoles)",
          List.of(
              new DomainException.FieldViolation(
                  field, "no custom role named " + byLower.values())));
    }
    return found.stream().map(CustomRoleDao.Row::name).sorted().toList();
  }

  /**
   * The permissions the named roles grant together, from the cached copy (no database read per
   * call); a name that no longer exists grants nothing.
   */
  public Set<Permission> permissions(Collection<String> roleNames) {
    Set<Permission> out = EnumSet.noneOf(Permission.class);
    if (roleNames.isEmpty()) {
      return out;
    }
    Map<String, CustomRole> roles = all.get(TenantContext.current());
    for (String n : roleNames) {
      CustomRole r = roles.get(n.toLowerCase(Locale.ROOT));
      if (r != null) {
        out.addAll(r.permissions());
      }
    }
    return out;
  }

  /** The cached role of that name, if it exists. */
  Optional<CustomRole> cached(String name) {
    return Optional.ofNullable(all.get(TenantContext.current()).get(name.toLowerCase(Locale.ROOT)));
  }

  private Map<String, CustomRole> load() {
    Map<String, CustomRole> m = new LinkedHashMap<>();
    for (CustomRole r : list()) {
      m.put(r.name().toLowerCase(Locale.ROOT), r);
    }
    return Map.copyOf(m);
  }

  private static DomainException notFound(String name) {
    return DomainException.notFound("no custom role named " + name + " (see ListRoles)");
  }

  static String[] names(Collection<Permission> permissions) {
    return EnumSet.copyOf(permissions).stream().map(Enum::name).toArray(String[]::new);
  }

  static Set<Permission> permissionsOf(String[] names) {
    Set<Permission> out = EnumSet.noneOf(Permission.class);
    for (String n : names) {
      out.add(Permission.valueOf(n));
    }
    return out;
  }

  private static CustomRole map(CustomRoleDao.Row r) {
    return new CustomRole(
        r.id(),
        r.name(),
        r.description(),
        permissionsOf(r.permissions()),
        r.createdAt(),
        r.updatedAt());
  }
}
