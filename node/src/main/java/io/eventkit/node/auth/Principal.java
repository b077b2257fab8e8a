package io.eventkit.node.auth;

import io.grpc.Context;

/**
 * Who is calling, established by the auth interceptor from a verified credential (an API token
 * today) and never from a request field.
 */
public record Principal(String id, String name, Role role) {
  public static final Context.Key<Principal> CONTEXT_KEY = Context.key("eventkit-principal");

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
