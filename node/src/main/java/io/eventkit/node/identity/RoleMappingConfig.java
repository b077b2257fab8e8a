package io.eventkit.node.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "external value → roles" settings an external login shares: {@code roleMapping} (an LDAP
 * group, or an OIDC claim value → built-in role names) and {@code defaultRoles} (roles when nothing
 * maps; empty: such a login is refused). Checked at start by {@link RoleMapping}.
 */
abstract class RoleMappingConfig {
  private Map<String, List<String>> roleMapping = new LinkedHashMap<>();
  private List<String> defaultRoles = new ArrayList<>();

  @JsonProperty
  public Map<String, List<String>> getRoleMapping() {
    return roleMapping;
  }

  @JsonProperty
  public void setRoleMapping(Map<String, List<String>> roleMapping) {
    this.roleMapping = roleMapping == null ? new LinkedHashMap<>() : roleMapping;
  }

  @JsonProperty
  public List<String> getDefaultRoles() {
    return defaultRoles;
  }

  @JsonProperty
  public void setDefaultRoles(List<String> defaultRoles) {
    this.defaultRoles = defaultRoles == null ? new ArrayList<>() : defaultRoles;
  }
}
