package io.eventkit.node.platform.api.grpc;

import io.eventkit.proto.v1.Permission;
import java.util.EnumMap;
import java.util.Map;

/**
 * Wire mapping between access.proto's permissions and the kernel's (same names without the {@code
 * PERMISSION_} prefix): the auth interceptor's check and identity's role listings use it.
 */
public final class PermissionProtos {
  /** Precomputed: the interceptor maps the declared permission on every call. */
  private static final Map<Permission, io.eventkit.node.kernel.Permission> KERNEL =
      new EnumMap<>(Permission.class);

  static {
    for (io.eventkit.node.kernel.Permission k : io.eventkit.node.kernel.Permission.values()) {
      KERNEL.put(toProto(k), k);
    }
  }

  private PermissionProtos() {}

  /** The kernel's name of a proto permission (null for UNSPECIFIED or UNRECOGNIZED). */
  public static io.eventkit.node.kernel.Permission toKernel(Permission p) {
    return KERNEL.get(p);
  }

  public static Permission toProto(io.eventkit.node.kernel.Permission p) {
    return Permission.valueOf("PERMISSION_" + p.name());
  }

  /** The permission name without its proto prefix, as people read it ("INVENTORY_WRITE"). */
  public static String shortName(Permission p) {
    return p.name().substring("PERMISSION_".length());
  }
}
