package io.eventkit.node.identity;

import io.eventkit.node.kernel.Principal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * A configured "external group or claim value → roles" mapping, checked when the node starts: an
 * unknown role name stops the start with a message naming the setting.
 */
final class RoleMapping {
  private final Map<String, Set<Principal.Role>> mapping;
  private final Set<Principal.Role> defaults;

  RoleMapping(Map<String, List<String>> mapping, List<String> defaults, String setting) {
    Map<String, Set<Principal.Role>> m = new LinkedHashMap<>();
    mapping.forEach((key, roles) -> m.put(key, roles(roles, setting + ".roleMapping." + key)));
    this.mapping = Map.copyOf(m);
    this.defaults = roles(defaults, setting + ".defaultRoles");
  }

  /**
   * The union of the roles of every mapping key that one of {@code values} matches, else the
   * default roles (empty: the login is to be refused).
   */
  Set<Principal.Role> rolesFor(Collection<String> values, BiPredicate<String, String> keyMatches) {
    Set<Principal.Role> out = EnumSet.noneOf(Principal.Role.class);
    mapping.forEach(
        (key, roles) -> {
          if (values.stream().anyMatch(v -> keyMatches.test(key, v))) {
            out.addAll(roles);
          }
        });
    return out.isEmpty() ? defaults : out;
  }

  private static Set<Principal.Role> roles(List<String> names, String setting) {
    Set<Principal.Role> out = EnumSet.noneOf(Principal.Role.class);
    List<String> unknown = new ArrayList<>();
    for (String name : names == null ? List.<String>of() : names) {
      String n = name == null ? "" : name.trim().toUpperCase(java.util.Locale.ROOT);
      if (n.startsWith("ROLE_")) {
        n = n.substring("ROLE_".length());
      }
      try {
        out.add(Principal.Role.valueOf(n));
      } catch (IllegalArgumentException e) {
        unknown.add(String.valueOf(name));
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          setting
              + " names unknown role(s) "
              + unknown
              + ": use ADMIN, MANAGER, PLANNER, WAREHOUSE, SALES, CREW or READ_ONLY");
    }
    return out.isEmpty() ? Set.of() : EnumSet.copyOf(out);
  }

  /**
   * A configured secret: {@code inline}, else the first line of {@code file}, else empty. The
   * message of a failure names the setting and the file, never the secret.
   */
  static String secret(String inline, String file, String setting) {
    if (!inline.isBlank() && !file.isBlank()) {
      throw new IllegalArgumentException(
          setting + " and " + setting + "File are both set: set one");
    }
    if (!inline.isBlank()) {
      return inline;
    }
    if (file.isBlank()) {
      return "";
    }
    try {
      String first =
          Files.readString(Path.of(file), StandardCharsets.UTF_8).lines().findFirst().orElse("");
      if (first.isBlank()) {
        throw new IllegalArgumentException(setting + "File " + file + " is empty");
      }
      return first.strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + setting + "File " + file, e);
    }
  }
}
