package io.eventkit.node.kernel;

import io.grpc.Context;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling, established by the auth interceptor from a verified credential (an API token or a
 * Login access token) and never from a request field. {@code permissions} is the caller's effective
 * permission set, resolved when the credential was authenticated (the union of the permissions of
 * {@code roles} and {@code customRoles}, or an API token's explicit set); it is never empty. {@code
 * roles} and {@code customRoles} may both be empty (an API token with an explicit permission set).
 * {@code tenant} is the company the credential belongs to (its rows are the only ones the call
 * sees); {@link TenantContext#DEFAULT_TENANT} on a self-hosted node.
 */
public record Principal(
    String id,
    String name,
    Set<Role> roles,
    Set<String> customRoles,
    Set<Permission> permissions,
    Kind kind,
    String tenant) {
  public static final Context.Key<Principal> CONTEXT_KEY = Context.key("eventkit-principal");

  public Principal {
    if (permissions.isEmpty()) {
      throw new IllegalArgumentException("a principal holds at least one permission");
    }
    if (!TenantContext.isValid(tenant)) {
      throw new IllegalArgumentException("a principal belongs to a tenant; got '" + tenant + "'");
    }
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    customRoles = Set.copyOf(new TreeSet<>(customRoles));
    permissions = Set.copyOf(EnumSet.copyOf(permissions));
  }

  public enum Kind {
    API_TOKEN,
    USER
  }

  public boolean holds(Permission p) {
    return permissions.contains(p);
  }

  /** The first built-in role in declaration order, or null if the caller has none. */
  public Role role() {
    return roles.isEmpty() ? null : EnumSet.copyOf(roles).iterator().next();
  }

  /** The current caller as logs name it: "token:<name>" or "user:<email>". */
  public String label() {
    return (kind == Kind.USER ? "user:" : "token:") + name;
  }

  /** The principal of the current call, or null for an unauthenticated public method. */
  public static Principal current() {
    return CONTEXT_KEY.get();
  }

  public enum Role {
    ADMIN,
    MANAGER,
    PLANNER,
    WAREHOUSE,
    SALES,
    CREW,
    READ_ONLY
  }
}
