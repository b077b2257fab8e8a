package io.eventkit.node.platform.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Multi-tenant (SaaS) mode ({@code saas:} in the node configuration, docs/saas.md). Off, the node
 * has one tenant and connects as whichever role it is given. On, it serves as a role that row-level
 * security applies to, and refuses to start otherwise: with an external database {@code
 * database.user} must own no table and lack {@code BYPASSRLS}, and {@code database.migrationUser}
 * owns the schema; the embedded database creates such a role itself.
 */
public class SaasConfig {
  private boolean enabled = false;

  @JsonProperty
  public boolean isEnabled() {
    return enabled;
  }

  @JsonProperty
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
