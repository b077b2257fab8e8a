package io.eventkit.node.identity;

import static io.eventkit.proto.v1.Permission.PERMISSION_AUDIT_READ;
import static io.eventkit.proto.v1.Permission.PERMISSION_INVENTORY_READ;
import static io.eventkit.proto.v1.Permission.PERMISSION_INVENTORY_WRITE;
import static io.eventkit.proto.v1.Permission.PERMISSION_PLANNING_READ;
import static io.eventkit.proto.v1.Permission.PERMISSION_PLANNING_WRITE;
import static io.eventkit.proto.v1.Permission.PERMISSION_SELF;
import static io.eventkit.proto.v1.Permission.PERMISSION_SUBHIRE_READ;
import static io.eventkit.proto.v1.Permission.PERMISSION_SUBHIRE_WRITE;
import static io.eventkit.proto.v1.Permission.PERMISSION_TRUST_READ;

import io.eventkit.node.kernel.Principal;
import io.eventkit.proto.v1.Permission;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one place that says which role holds which permission. docs/access.md shows the same table;
 * {@code AccessControlTest} checks every role against it over gRPC.
 *
 * <p>{@code PERMISSION_PUBLIC} is not held by anyone: methods that declare it need no credential.
 */
public final class RolePermissions {
  private static final Map<Principal.Role, Set<Permission>> TABLE =
      new EnumMap<>(Principal.Role.class);

  static {
    Set<Permission> all = EnumSet.allOf(Permission.class);
    all.removeAll(
        EnumSet.of(
            Permission.PERMISSION_UNSPECIFIED,
            Permission.PERMISSION_PUBLIC,
            Permission.UNRECOGNIZED));
    TABLE.put(Principal.Role.ADMIN, all);
    TABLE.put(
        Principal.Role.MANAGER,
        EnumSet.of(
            PERMISSION_SELF,
            PERMISSION_INVENTORY_READ,
            PERMISSION_INVENTORY_WRITE,
            PERMISSION_PLANNING_READ,
            PERMISSION_PLANNING_WRITE,
            PERMISSION_SUBHIRE_READ,
            PERMISSION_SUBHIRE_WRITE,
            PERMISSION_TRUST_READ,
            PERMISSION_AUDIT_READ));
    TABLE.put(
        Principal.Role.PLANNER,
        EnumSet.of(
            PERMISSION_SELF,
            PERMISSION_INVENTORY_READ,
            PERMISSION_PLANNING_READ,
            PERMISSION_PLANNING_WRITE,
            PERMISSION_SUBHIRE_READ,
            PERMISSION_SUBHIRE_WRITE));
    TABLE.put(
        Principal.Role.WAREHOUSE,
        EnumSet.of(
            PERMISSION_SELF,
            PERMISSION_INVENTORY_READ,
            PERMISSION_INVENTORY_WRITE,
            PERMISSION_PLANNING_READ,
            PERMISSION_SUBHIRE_READ));
    TABLE.put(
        Principal.Role.SALES,
        EnumSet.of(
            PERMISSION_SELF,
            PERMISSION_INVENTORY_READ,
            PERMISSION_PLANNING_READ,
            PERMISSION_PLANNING_WRITE,
            PERMISSION_SUBHIRE_READ));
    TABLE.put(
        Principal.Role.CREW,
        EnumSet.of(PERMISSION_SELF, PERMISSION_INVENTORY_READ, PERMISSION_PLANNING_READ));
    TABLE.put(
        Principal.Role.READ_ONLY,
        EnumSet.of(
            PERMISSION_SELF,
            PERMISSION_INVENTORY_READ,
            PERMISSION_PLANNING_READ,
            PERMISSION_SUBHIRE_READ));
    for (Principal.Role r : Principal.Role.values()) {
      if (!TABLE.containsKey(r)) {
        throw new ExceptionInInitializerError("role " + r + " has no permission set");
      }
    }
  }

  private RolePermissions() {}

  public static boolean allows(Principal.Role role, Permission permission) {
    return TABLE.get(role).contains(permission);
  }

  /** Whether any of {@code roles} holds {@code permission}: a user has the union of their roles. */
  public static boolean allows(Set<Principal.Role> roles, Permission permission) {
    return roles.stream().anyMatch(r -> allows(r, permission));
  }

  public static Set<Permission> of(Principal.Role role) {
    return Set.copyOf(TABLE.get(role));
  }

  /** The permissions {@code roles} hold together, as the kernel names them. */
  public static Set<io.eventkit.node.kernel.Permission> permissions(Set<Principal.Role> roles) {
    Set<io.eventkit.node.kernel.Permission> out =
        EnumSet.noneOf(io.eventkit.node.kernel.Permission.class);
    for (Principal.Role r : roles) {
      TABLE.get(r).forEach(p -> out.add(toKernel(p)));
    }
    return out;
  }

  /**
   * A custom role's or an API token's permissions as its holder gets them: every authenticated
   * caller holds SELF (what it may do about itself), whatever its set lists. An empty set stays
   * empty.
   */
  public static Set<io.eventkit.node.kernel.Permission> withSelf(
      Set<io.eventkit.node.kernel.Permission> permissions) {
    if (permissions.isEmpty()) {
      return permissions;
    }
    Set<io.eventkit.node.kernel.Permission> out = EnumSet.copyOf(permissions);
    out.add(io.eventkit.node.kernel.Permission.SELF);
    return out;
  }

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
