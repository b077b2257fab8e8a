package io.eventkit.node.identity;

import io.eventkit.node.kernel.Permission;
import io.eventkit.node.kernel.Principal;
import io.eventkit.node.platform.events.DomainEvent;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.events.EventType;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * identity's domain events (user.changed, security.alert), recorded in the transaction of the
 * change like its audit entries. Payloads name users, roles and tokens; never a password, a secret
 * or any part of a token's secret.
 */
final class IdentityEvents {
  private final DomainEvents events;

  IdentityEvents(DomainEvents events) {
    this.events = events;
  }

  void userCreated(
      Handle h,
      UUID id,
      String email,
      String displayName,
      Collection<String> roles,
      Collection<String> customRoles,
      String source) {
    Map<String, Object> p = user(id, email, displayName);
    p.put("change", "CREATED");
    p.put("changes", List.of("CREATED"));
    p.put("roles", sorted(roles));
    p.put("customRoles", sorted(customRoles));
    p.put("status", Users.Status.ACTIVE.name());
    p.put("authSource", source);
    events.record(h, DomainEvent.of(EventType.USER_CHANGED, "user", id, p));
  }

  /** user.changed when the status, the roles or the custom roles changed; nothing otherwise. */
  void userUpdated(Handle h, Users.User before, Users.User after) {
    List<String> changes = new java.util.ArrayList<>();
    if (before.status() != after.status()) {
      changes.add("STATUS");
    }
    if (!before.roles().equals(after.roles())
        || !before.customRoles().equals(after.customRoles())) {
      changes.add("ROLES");
    }
    if (changes.isEmpty()) {
      return;
    }
    Map<String, Object> p = user(after.id(), after.email(), after.displayName());
    p.put(
        "change",
        changes.contains("STATUS")
            ? switch (after.status()) {
              case DISABLED -> "DISABLED";
              case LOCKED -> "LOCKED";
              case ACTIVE -> "ENABLED";
            }
            : "ROLES_CHANGED");
    p.put("changes", changes);
    p.put("statusBefore", before.status().name());
    p.put("status", after.status().name());
    p.put("rolesBefore", sorted(before.roles().stream().map(Enum::name).toList()));
    p.put("roles", sorted(after.roles().stream().map(Enum::name).toList()));
    p.put("customRolesBefore", sorted(before.customRoles()));
    p.put("customRoles", sorted(after.customRoles()));
    events.record(h, DomainEvent.of(EventType.USER_CHANGED, "user", after.id(), p));
  }

  /** Roles an external login (SSO, LDAP) brought up to date. */
  void rolesSynced(Handle h, UUID id, String email, List<String> before, List<String> after) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("userId", id.toString());
    p.put("email", email);
    p.put("change", "ROLES_CHANGED");
    p.put("changes", List.of("ROLES"));
    p.put("rolesBefore", sorted(before));
    p.put("roles", sorted(after));
    events.record(h, DomainEvent.of(EventType.USER_CHANGED, "user", id, p));
  }

  /**
   * security.alert ACCOUNT_LOCKED / ADDRESS_LOCKED: repeated failed sign-ins locked an email (known
   * or not) or a source host out for {@link LoginThrottle#BACKOFF}.
   */
  void lockedOut(
      Handle h,
      LoginThrottle.Locked locked,
      String email,
      UUID userId,
      String address,
      String source,
      Instant until) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("alert", locked.account() ? "ACCOUNT_LOCKED" : "ADDRESS_LOCKED");
    p.put("email", email);
    if (userId != null) {
      p.put("userId", userId.toString());
    }
    p.put("address", address == null ? "" : address);
    p.put("source", source);
    p.put(
        "failures",
        locked.account() ? LoginThrottle.MAX_PER_ACCOUNT : LoginThrottle.MAX_PER_ADDRESS);
    p.put("lockedUntil", until.toString());
    events.record(
        h, DomainEvent.of(EventType.SECURITY_ALERT, userId == null ? "" : "user", userId, p));
  }

  void tokenCreated(
      Handle h,
      UUID id,
      String name,
      Principal.Role role,
      String customRole,
      Collection<Permission> permissions,
      Instant expiresAt,
      boolean bootstrap) {
    Map<String, Object> p = token("API_TOKEN_CREATED", id, name);
    if (role != null) {
      p.put("role", role.name());
    }
    if (customRole != null) {
      p.put("customRole", customRole);
    }
    if (permissions != null) {
      p.put("permissions", List.of(CustomRoles.names(permissions)));
    }
    if (expiresAt != null) {
      p.put("expiresAt", expiresAt.toString());
    }
    p.put("bootstrap", bootstrap);
    events.record(h, DomainEvent.of(EventType.SECURITY_ALERT, "", "", p));
  }

  void tokenRevoked(Handle h, UUID id, String name, boolean bootstrap) {
    Map<String, Object> p = token("API_TOKEN_REVOKED", id, name);
    p.put("bootstrap", bootstrap);
    events.record(h, DomainEvent.of(EventType.SECURITY_ALERT, "", "", p));
  }

  private static Map<String, Object> token(String alert, UUID id, String name) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("alert", alert);
    p.put("tokenId", id.toString());
    p.put("tokenName", name);
    return p;
  }

  private static Map<String, Object> user(UUID id, String email, String displayName) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("userId", id.toString());
    p.put("email", email);
    p.put("displayName", displayName == null ? "" : displayName);
    return p;
  }

  private static List<String> sorted(Collection<String> c) {
    return c.stream().sorted().toList();
  }
}
