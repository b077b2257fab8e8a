package io.eventkit.node.platform.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Database settings. With an empty {@code url} the node starts an embedded PostgreSQL whose data
 * lives under {@code <dataDir>/postgres}; with a JDBC URL it uses that server.
 */
public class DatabaseConfig {
  private String url = "";
  private String user = "postgres";
  private String password = "";

  /**
   * The role that owns the schema and runs the migrations, when it is not {@code user}: then the
   * node migrates as this role, grants {@code user} what it needs, and serves as {@code user}. SaaS
   * mode requires it, so that row-level security applies to the role that serves (docs/saas.md).
   * Empty: {@code user} runs both.
   */
  private String migrationUser = "";

  private String migrationPassword = "";

  @Min(2)
  @Max(200)
  private int maxPoolSize = 16;

  /** Port for the embedded server; 0 picks a free one. */
  @Min(0)
  @Max(65535)
  private int embeddedPort = 0;

  @JsonIgnore
  public boolean isEmbedded() {
    return url == null || url.isBlank();
  }

  @JsonProperty
  public String getUrl() {
    return url;
  }

  @JsonProperty
  public void setUrl(String url) {
    this.url = url;
  }

  @JsonProperty
  public String getUser() {
    return user;
  }

  @JsonProperty
  public void setUser(String user) {
    this.user = user;
  }

  @JsonProperty
  public String getPassword() {
    return password;
  }

  @JsonProperty
  public void setPassword(String password) {
    this.password = password;
  }

  @JsonProperty
  public String getMigrationUser() {
    return migrationUser;
  }

  @JsonProperty
  public void setMigrationUser(String migrationUser) {
    this.migrationUser = migrationUser == null ? "" : migrationUser;
  }

  @JsonProperty
  public String getMigrationPassword() {
    return migrationPassword;
  }

  @JsonProperty
  public void setMigrationPassword(String migrationPassword) {
    this.migrationPassword = migrationPassword == null ? "" : migrationPassword;
  }

  /** Whether a separate owner role runs the migrations ({@link #getMigrationUser()}). */
  @JsonIgnore
  public boolean hasMigrationUser() {
    return !migrationUser.isBlank() && !migrationUser.equals(user);
  }

  @JsonProperty
  public int getMaxPoolSize() {
    return maxPoolSize;
  }

  @JsonProperty
  public void setMaxPoolSize(int maxPoolSize) {
    this.maxPoolSize = maxPoolSize;
  }

  @JsonProperty
  public int getEmbeddedPort() {
    return embeddedPort;
  }

  @JsonProperty
  public void setEmbeddedPort(int embeddedPort) {
    this.embeddedPort = embeddedPort;
  }
}
