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
  private String baseDomain = "";

  /**
   * The domain under which each company has its own host name, {@code <tenant>.<baseDomain>} (e.g.
   * {@code eventkit.example.com}: acme's users open {@code acme.eventkit.example.com}). Empty:
   * users give their company account ID at login instead.
   */
  @JsonProperty
  public String getBaseDomain() {
    return baseDomain;
  }

  @JsonProperty
  public void setBaseDomain(String baseDomain) {
    this.baseDomain =
        baseDomain == null ? "" : baseDomain.trim().toLowerCase(java.util.Locale.ROOT);
  }

  @JsonProperty
  public boolean isEnabled() {
    return enabled;
  }

  @JsonProperty
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
