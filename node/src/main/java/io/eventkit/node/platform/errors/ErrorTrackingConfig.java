package io.eventkit.node.platform.errors;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Config {@code errorTracking} (docs/operations.md, "Error tracking"): with a Sentry DSN (from the
 * environment: {@code SENTRY_DSN}), errors the node logs go to Sentry, scrubbed of tokens and
 * personal data. Empty: nothing is sent anywhere.
 */
public class ErrorTrackingConfig {
  private String dsn = "";
  private String environment = "production";

  @JsonProperty
  public String getDsn() {
    return dsn;
  }

  @JsonProperty
  public void setDsn(String dsn) {
    this.dsn = dsn == null ? "" : dsn.trim();
  }

  @JsonProperty
  public String getEnvironment() {
    return environment;
  }

  @JsonProperty
  public void setEnvironment(String environment) {
    this.environment =
        environment == null || environment.isBlank() ? "production" : environment.trim();
  }

  @Override
  public String toString() {
    // The DSN holds the project's key: never printed.
    return "ErrorTrackingConfig[" + (dsn.isEmpty() ? "off" : "on") + ", " + environment + "]";
  }
}
