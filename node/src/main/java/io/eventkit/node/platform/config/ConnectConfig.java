package io.eventkit.node.platform.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Settings of the Connect protocol endpoint on the HTTP port. */
public class ConnectConfig {
  /** Largest request body accepted; bigger ones get {@code resource_exhausted}. */
  @Min(1024)
  @Max(64 * 1024 * 1024)
  private int maxRequestBytes = 4 * 1024 * 1024;

  /** Refuse JSON requests with fields the schema does not know (on by default). */
  private boolean strictJson = true;

  @JsonProperty
  public int getMaxRequestBytes() {
    return maxRequestBytes;
  }

  @JsonProperty
  public void setMaxRequestBytes(int maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
  }

  @JsonProperty
  public boolean isStrictJson() {
    return strictJson;
  }

  @JsonProperty
  public void setStrictJson(boolean strictJson) {
    this.strictJson = strictJson;
  }
}
