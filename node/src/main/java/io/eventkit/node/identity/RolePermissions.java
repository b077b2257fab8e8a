package io.eventkit.node.identity;

import static io.eventkit.node.kernel.Permission.AUDIT_READ;
import static io.eventkit.node.kernel.Permission.CREW_MANAGE;
import static io.eventkit.node.kernel.Permission.CREW_READ;
import static io.eventkit.node.kernel.Permission.CREW_RESPOND;
import static io.eventkit.node.kernel.Permission.CREW_WRITE;
import static io.eventkit.node.kernel.Permission.CRM_READ;
import static io.eventkit.node.kernel.Permission.CRM_WRITE;
import static io.eventkit.node.kernel.Permission.INVENTORY_READ;
import static io.eventkit.node.kernel.Permission.INVENTORY_WRITE;
import static io.eventkit.node.kernel.Permission.PLANNING_READ;
import static io.eventkit.node.kernel.Permission.PLANNING_WRITE;
import static io.eventkit.node.kernel.Permission.PRICING_ADMIN;
import static io.eventkit.node.kernel.Permission.QUOTES_APPROVE;
import static io.eventkit.node.kernel.Permission.QUOTES_READ;
import static io.eventkit.node.kernel.Permission.QUOTES_WRITE;
import static io.eventkit.node.kernel.Permission.REPORTS_FINANCE;
import static io.eventkit.node.kernel.Permission.REPORTS_READ;
import static io.eventkit.node.kernel.Permission.SCAN;
import static io.eventkit.node.kernel.Permission.SCAN_OVERRIDE;
import static io.eventkit.node.kernel.Permission.SELF;
import static io.eventkit.node.kernel.Permission.STOCKTAKE_APPROVE;
import static io.eventkit.node.kernel.Permission.SUBHIRE_READ;
import static io.eventkit.node.kernel.Permission.SUBHIRE_WRITE;
import static io.eventkit.node.kernel.Permission.TRANSPORT_READ;
import static io.eventkit.node.kernel.Permission.TRANSPORT_WRITE;
import static io.eventkit.node.kernel.Permission.TRUST_READ;

import io.eventkit.node.kernel.Permission;
import io.eventkit.node.kernel.Principal;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one place that says which role holds which permission. docs/access.md shows the same table;
 * {@code AccessControlTest} checks every role against it over gRPC.
 *
 * <p>{@code PUBLIC} is not held by anyone: methods that declare it need no credential.
 */
final class RolePermissions {
  private static final Map<Principal.Role, Set<Permission>> TABLE =
      new EnumMap<>(Principal.Role.class);

  static {
    Set<Permission> all = EnumSet.allOf(Permission.class);
    all.remove(Permission.PUBLIC);
    TABLE.put(Principal.Role.ADMIN, all);
    TABLE.put(
        Principal.Role.MANAGER,
        EnumSet.of(
            SELF,
            INVENTORY_READ,
            INVENTORY_WRITE,
            PLANNING_READ,
            PLANNING_WRITE,
            SUBHIRE_READ,
            SUBHIRE_WRITE,
            TRUST_READ,
            AUDIT_READ,
            SCAN,
            SCAN_OVERRIDE,
            STOCKTAKE_APPROVE,
            CRM_READ,
            CRM_WRITE,
            QUOTES_READ,
            QUOTES_WRITE,
            QUOTES_APPROVE,
            PRICING_ADMIN,
            CREW_READ,
            CREW_WRITE,
            CREW_RESPOND,
            CREW_MANAGE,
            TRANSPORT_READ,
            TRANSPORT_WRITE,
            REPORTS_READ,
            REPORTS_FINANCE));
    TABLE.put(
        Principal.Role.PLANNER,
        EnumSet.of(
            SELF,
            INVENTORY_READ,
            PLANNING_READ,
            PLANNING_WRITE,
            SUBHIRE_READ,
            SUBHIRE_WRITE,
            CREW_READ,
            CREW_WRITE,
            CREW_RESPOND,
            TRANSPORT_READ,
            TRANSPORT_WRITE,
            REPORTS_READ));
    TABLE.put(
        Principal.Role.WAREHOUSE,
        EnumSet.of(
            SELF,
            INVENTORY_READ,
            INVENTORY_WRITE,
            PLANNING_READ,
            SUBHIRE_READ,
            SCAN,
            TRANSPORT_READ,
            TRANSPORT_WRITE,
            REPORTS_READ));
    TABLE.put(
        Principal.Role.SALES,
        EnumSet.of(
            SELF,
            INVENTORY_READ,
            PLANNING_READ,
            PLANNING_WRITE,
            SUBHIRE_READ,
            CRM_READ,
            CRM_WRITE,
            QUOTES_READ,
            QUOTES_WRITE,
            REPORTS_READ));
    TABLE.put(
        Principal.Role.CREW,
        EnumSet.of(SELF, INVENTORY_READ, PLANNING_READ, CREW_READ, CREW_RESPOND));
    TABLE.put(
        Principal.Role.READ_ONLY,
        EnumSet.of(
            SELF,
            INVENTORY_READ,
            PLANNING_READ,
            SUBHIRE_READ,
            CRM_READ,
            QUOTES_READ,
            CREW_READ,
            TRANSPORT_READ,
            REPORTS_READ,
            REPORTS_FINANCE));
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
  public static Set<Permission> permissions(Set<Principal.Role> roles) {
    Set<Permission> out = EnumSet.noneOf(Permission.class);
    for (Principal.Role r : roles) {
      out.addAll(TABLE.get(r));
    }
    return out;
  }

  /**
   * A custom role's or an API token's permissions as its holder gets them: every authenticated
   * caller holds SELF (what it may do about itself), whatever its set lists. An empty set stays
   * empty.
   */
  public static Set<Permission> withSelf(Set<Permission> permissions) {
    if (permissions.isEmpty()) {
      return permissions;
    }
    Set<Permission> out = EnumSet.copyOf(permissions);
    out.add(Permission.SELF);
    return out;
  }
}
