package io.eventkit.node.kernel;

import io.grpc.Context;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling, established by the auth interceptor from a verified credential (an API token or a
 * Login access token) and never from a request field. The caller holds the union of the permissions
 * of {@code roles} (never empty).
 */
public record Principal(String id, String name, Set<Role> roles, Kind kind) {
  public static final Context.Key<Principal> CONTEXT_KEY = Context.key("eventkit-principal");

  public Principal {
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("a principal has at least one role");
    }
    roles = Set.copyOf(EnumSet.copyOf(roles));
  }

  /** An API token principal: exactly one role. */
  public Principal(String id, String name, Role role) {
    this(id, name, Set.of(role), Kind.API_TOKEN);
  }

  public enum Kind {
    API_TOKEN,
    USER
  }

  /** The first role in declaration order (the only one for an API token). */
  public Role role() {
    return EnumSet.copyOf(roles).iterator().next();
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
