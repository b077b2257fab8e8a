package io.eventkit.cli;

import io.eventkit.proto.v1.Permission;
import io.eventkit.proto.v1.Role;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * Parsing and printing of roles, permissions, emails and expiry times for the users, roles and keys
 * commands. Roles print as {@code read-only}, permissions as {@code inventory.read}.
 */
final class AccessArgs {
  private AccessArgs() {}

  static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)*");

  /** Custom role names, as AuthService.CreateRole accepts them. */
  static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  // ---- roles ----------------------------------------------------------------------------------

  static String role(Role r) {
    return r.name().substring("ROLE_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static List<Role> builtInRoles() {
    return Arrays.stream(Role.values())
        .filter(r -> r != Role.ROLE_UNSPECIFIED && r != Role.UNRECOGNIZED)
        .toList();
  }

  static final String ROLES_HELP =
      "Roles: admin, manager, planner, warehouse, sales, crew, read-only.";

  static final class RoleConverter implements CommandLine.ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
      String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      if (v.startsWith("ROLE_")) {
        v = v.substring(5);
      }
      for (Role r : builtInRoles()) {
        if (r.name().equals("ROLE_" + v)) {
          return r;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'"
              + value
              + "' is not a role: use one of "
              + builtInRoles().stream().map(AccessArgs::role).collect(Collectors.joining(", ")));
    }
  }

  static final class RoleCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return builtInRoles().stream().map(AccessArgs::role).iterator();
    }
  }

  static String roles(Collection<Role> roles, Collection<String> customRoles) {
    List<String> names = new ArrayList<>();
    roles.forEach(r -> names.add(role(r)));
    names.addAll(customRoles);
    return names.isEmpty() ? Text.NONE : String.join(",", names);
  }

  // ---- permissions ----------------------------------------------------------------------------

  /** The permissions a role or key may hold (not PUBLIC or UNSPECIFIED). */
  static List<Permission> grantable() {
    return Arrays.stream(Permission.values())
        .filter(
            p ->
                p != Permission.PERMISSION_UNSPECIFIED
                    && p != Permission.PERMISSION_PUBLIC
                    && p != Permission.UNRECOGNIZED)
        .toList();
  }

  /** PERMISSION_INVENTORY_READ → inventory.read. */
  static String permission(Permission p) {
    if (p == Permission.UNRECOGNIZED) {
      return "unknown";
    }
    return p.name()
        .substring("PERMISSION_".length())
        .toLowerCase(Locale.ROOT)
        .replaceFirst("_", ".");
  }

  static String permissions(Collection<Permission> permissions) {
    return permissions.isEmpty()
        ? Text.NONE
        : permissions.stream().map(AccessArgs::permission).collect(Collectors.joining(","));
  }

  static final String PERMISSIONS_HELP =
      "Permissions: self, inventory.read, inventory.write, planning.read, planning.write,"
          + " subhire.read, subhire.write, trust.read, trust.admin, users.admin, audit.read,"
          + " tenants.admin, and the rest of docs/access.md's table.";

  /** inventory.read, inventory-read, INVENTORY_READ, PERMISSION_INVENTORY_READ. */
  static final class PermissionConverter implements CommandLine.ITypeConverter<Permission> {
    @Override
    public Permission convert(String value) {
      String v = value.trim().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
      if (v.startsWith("PERMISSION_")) {
        v = v.substring("PERMISSION_".length());
      }
      for (Permission p : grantable()) {
        if (p.name().equals("PERMISSION_" + v)) {
          return p;
        }
      }
      throw new CommandLine.TypeConversionException(
          "'"
              + value
              + "' is not a permission: use one of "
              + grantable().stream().map(AccessArgs::permission).collect(Collectors.joining(", ")));
    }
  }

  static final class PermissionCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return grantable().stream().map(AccessArgs::permission).iterator();
    }
  }

  // ---- other values ---------------------------------------------------------------------------

  /** Null when {@code email} looks like an address, else why not. */
  static String emailProblem(String email) {
    if (email == null || email.isBlank()) {
      return "the email is empty";
    }
    if (email.length() > 254) {
      return "the email is longer than 254 characters";
    }
    if (!EMAIL.matcher(email).matches()) {
      return "'" + email + "' is not an email address (expected e.g. name@example.com)";
    }
    return null;
  }

  /**
   * An expiry: an instant ({@code 2027-03-01T12:00:00Z}), a date ({@code 2027-03-01}, 00:00 UTC
   * that day) or a duration from now ({@code 90d}, {@code 12h}). Null when it is none of these.
   */
  static Instant expiry(String value, Instant now) {
    String v = value.trim();
    try {
      return Instant.parse(v);
    } catch (DateTimeException e) {
      // not an instant
    }
    try {
      return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeException e) {
      // not a date
    }
    try {
      Duration d = new EventKitCli.DurationConverter().convert(v);
      return now.plus(d);
    } catch (CommandLine.TypeConversionException | ArithmeticException e) {
      return null;
    }
  }

  /** Null when {@code tag} is a well-formed BCP 47 language tag. */
  static String localeProblem(String tag) {
    try {
      new Locale.Builder().setLanguageTag(tag);
      return null;
    } catch (java.util.IllformedLocaleException e) {
      return "'" + tag + "' is not a language tag (expected e.g. en, de-DE)";
    }
  }

  /** Null when {@code zone} is an IANA time zone. */
  static String zoneProblem(String zone) {
    try {
      java.time.ZoneId.of(zone);
      return null;
    } catch (DateTimeException e) {
      return "'" + zone + "' is not a time zone (expected e.g. UTC, Europe/Berlin)";
    }
  }

  /** Null when {@code name} is a valid custom role name. */
  static String roleNameProblem(String name) {
    return ROLE_NAME.matcher(name).matches()
        ? null
        : "'" + name + "' is not a role name: 1-64 letters, digits, '_' or '-'";
  }
}
