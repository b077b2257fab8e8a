package io.eventkit.node.inventory;

import io.eventkit.node.auth.Principal;
import io.eventkit.node.common.DomainException;
import io.eventkit.node.common.ErrorCode;

/** Who is acting, for audit trails and write permission. */
public final class Actor {
  private Actor() {}

  /** The caller's name, or "system" outside a call (demo data, background jobs). */
  public static String name() {
    Principal p = Principal.current();
    return p == null ? "system" : p.name();
  }

  /** Refuses read-only tokens; everything else may change inventory and bookings. */
  public static void requireWriter() {
    Principal p = Principal.current();
    if (p != null && p.role() == Principal.Role.READ_ONLY) {
      throw new DomainException(
          ErrorCode.PERMISSION_DENIED,
          "this operation changes data; a READ_ONLY token cannot do it");
    }
  }
}
