package io.eventkit.node.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * OIDC single sign-on (config {@code sso}): the identity providers users may log in with. None by
 * default. See docs/access.md ("Single sign-on and LDAP").
 */
public class SsoConfig {
  private List<Provider> providers = new ArrayList<>();

  @JsonProperty
  public List<Provider> getProviders() {
    return providers;
  }

  @JsonProperty
  public void setProviders(List<Provider> providers) {
    this.providers = providers == null ? new ArrayList<>() : providers;
  }

  /** One OIDC provider (authorization code + PKCE S256). */
  public static class Provider extends RoleMappingConfig {
    private String id = "";
    private String displayName = "";
    private String issuer = "";
    private String clientId = "";
    private String clientSecret = "";
    private String clientSecretFile = "";
    private List<String> redirectUris = new ArrayList<>();
    private boolean allowLoopbackRedirect;
    private List<String> scopes = new ArrayList<>(List.of("openid", "email", "profile"));
    private String roleClaim = "groups";

    /** Stable id, e.g. "entra": 1–32 of a-z, 0-9, '-' and '_'; users get auth_source oidc:<id>. */
    @JsonProperty
    public String getId() {
      return id;
    }

    @JsonProperty
    public void setId(String id) {
      this.id = id == null ? "" : id.trim();
    }

    /** What the login button says; defaults to the id. */
    @JsonProperty
    public String getDisplayName() {
      return displayName;
    }

    @JsonProperty
    public void setDisplayName(String displayName) {
      this.displayName = displayName == null ? "" : displayName.trim();
    }

    /** The issuer URL; its {@code /.well-known/openid-configuration} is read at the first login. */
    @JsonProperty
    public String getIssuer() {
      return issuer;
    }

    @JsonProperty
    public void setIssuer(String issuer) {
      this.issuer = issuer == null ? "" : issuer.trim();
    }

    @JsonProperty
    public String getClientId() {
      return clientId;
    }

    @JsonProperty
    public void setClientId(String clientId) {
      this.clientId = clientId == null ? "" : clientId.trim();
    }

    /** Empty with no {@code clientSecretFile}: a public client (PKCE only). Never logged. */
    @JsonProperty
    public String getClientSecret() {
      return clientSecret;
    }

    @JsonProperty
    public void setClientSecret(String clientSecret) {
      this.clientSecret = clientSecret == null ? "" : clientSecret;
    }

    /** A file whose first line is the client secret (a Docker or systemd secret). */
    @JsonProperty
    public String getClientSecretFile() {
      return clientSecretFile;
    }

    @JsonProperty
    public void setClientSecretFile(String clientSecretFile) {
      this.clientSecretFile = clientSecretFile == null ? "" : clientSecretFile.trim();
    }

    /** The exact redirect URIs StartSsoLogin accepts (registered with the provider too). */
    @JsonProperty
    public List<String> getRedirectUris() {
      return redirectUris;
    }

    @JsonProperty
    public void setRedirectUris(List<String> redirectUris) {
      this.redirectUris = redirectUris == null ? new ArrayList<>() : redirectUris;
    }

    /** Also accept http://127.0.0.1:<any port>/… and http://[::1]:<any port>/… (the CLI). */
    @JsonProperty
    public boolean isAllowLoopbackRedirect() {
      return allowLoopbackRedirect;
    }

    @JsonProperty
    public void setAllowLoopbackRedirect(boolean allowLoopbackRedirect) {
      this.allowLoopbackRedirect = allowLoopbackRedirect;
    }

    @JsonProperty
    public List<String> getScopes() {
      return scopes;
    }

    @JsonProperty
    public void setScopes(List<String> scopes) {
      this.scopes = scopes == null ? new ArrayList<>() : scopes;
    }

    /** The ID-token claim whose value (a string or a list of strings) maps to roles. */
    @JsonProperty
    public String getRoleClaim() {
      return roleClaim;
    }

    @JsonProperty
    public void setRoleClaim(String roleClaim) {
      this.roleClaim = roleClaim == null ? "" : roleClaim.trim();
    }

    @Override
    public String toString() {
      return "SsoConfig.Provider{id=" + id + ", issuer=" + issuer + ", clientSecret=***}";
    }
  }
}
