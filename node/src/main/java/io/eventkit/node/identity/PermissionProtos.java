package io.eventkit.node.identity;

import io.eventkit.proto.v1.Permission;

/** Wire mapping between access.proto's permissions and the kernel's (same names, no prefix). */
final class PermissionProtos {
  private PermissionProtos() {}

  /** The kernel's name of a proto permission (not UNSPECIFIED or UNRECOGNIZED). */
  public static io.eventkit.node.kernel.Permission toKernel(Permission p) {
    return io.eventkit.node.kernel.Permission.valueOf(shortName(p));
  }

  public static Permission toProto(io.eventkit.node.kernel.Permission p) {
    return Permission.valueOf("PERMISSION_" + p.name());
  }

  /** The permission name without its proto prefix, as people read it ("INVENTORY_WRITE"). */
  public static String shortName(Permission p) {
    return p.name().substring("PERMISSION_".length());
  }
}
