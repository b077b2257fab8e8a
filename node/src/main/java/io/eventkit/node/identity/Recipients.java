package io.eventkit.node.identity;

import io.eventkit.node.kernel.Permission;
import io.eventkit.node.kernel.Principal.Role;
import io.eventkit.node.kernel.TenantContext;
import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Identity's port for notifications: which ACTIVE users of the current tenant may receive
 * something, with what they need to be addressed (email, name, language, time zone) and their
 * built-in roles (for per-role defaults). A user holds a permission through a built-in role or a
 * custom role, as {@link RolePermissions} and {@code custom_role} say; each method is one query.
 */
public final class Recipients {
  /** An active user as notifications address them. {@code roles} are built-in roles only. */
  public record Recipient(
      UUID id, String email, String displayName, String locale, String timeZone, Set<Role> roles) {}

  private static final String COLUMNS =
      "SELECT u.id, u.email, u.display_name, u.locale, u.time_zone, u.roles FROM app_user u";

  /**
   * The active users holding {@code permission} (through any built-in or custom role), ordered by
   * email; with {@code only}, that user alone if they hold it.
   */
  public List<Recipient> holding(Handle h, Permission permission, Optional<UUID> only) {
    String[] roles =
        EnumSet.allOf(Role.class).stream()
            .filter(r -> RolePermissions.allows(r, permission))
            .map(Enum::name)
            .toArray(String[]::new);
    return h.createQuery(
            COLUMNS
                + " WHERE u.tenant_id = :tenant AND u.status = 'ACTIVE'"
                + (only.isPresent() ? " AND u.id = :only" : "")
                + " AND (u.roles && CAST(:roles AS text[]) OR EXISTS (SELECT 1 FROM custom_role c"
                + " WHERE c.tenant_id = u.tenant_id AND :permission = ANY (c.permissions)"
                + " AND lower(c.name) IN (SELECT lower(n) FROM unnest(u.custom_roles) n)))"
                + " ORDER BY u.email")
        .bind("tenant", TenantContext.current())
        .bind("only", only.orElse(null))
        .bind("roles", roles)
        .bind("permission", permission.name())
        .map((rs, ctx) -> row(rs))
        .list();
  }

  /** The active users among {@code ids} (unknown, other tenants' and inactive ones left out). */
  public List<Recipient> active(Handle h, Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return h.createQuery(
            COLUMNS
                + " WHERE u.tenant_id = :tenant AND u.status = 'ACTIVE'"
                + " AND u.id = ANY (CAST(:ids AS uuid[])) ORDER BY u.email")
        .bind("tenant", TenantContext.current())
        .bind("ids", ids.toArray(UUID[]::new))
        .map((rs, ctx) -> row(rs))
        .list();
  }

  private static Recipient row(java.sql.ResultSet rs) throws SQLException {
    Array a = rs.getArray("roles");
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (a != null) {
      for (String s : (String[]) a.getArray()) {
        try {
          roles.add(Role.valueOf(s));
        } catch (IllegalArgumentException e) {
          // a role this version does not know gives nothing
        }
      }
    }
    List<Role> sorted = new ArrayList<>(roles);
    return new Recipient(
        rs.getObject("id", UUID.class),
        rs.getString("email"),
        rs.getString("display_name"),
        rs.getString("locale"),
        rs.getString("time_zone"),
        sorted.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sorted)));
  }
}
