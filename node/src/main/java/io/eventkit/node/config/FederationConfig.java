package io.eventkit.node.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The mTLS federation port partners call, and the secrets that protect the node's CA keys. */
public class FederationConfig {
  private String bindHost = "0.0.0.0";

  @Min(0)
  @Max(65535)
  private int port = 9443;

  /**
   * Passphrase that encrypts the node's private keys at rest (PKCS#8). Required in server mode (set
   * {@code EVENTKIT_KEY_PASSPHRASE}); dev mode generates one under the data directory.
   */
  private String keyPassphrase = "";

  @JsonProperty
  public String getBindHost() {
    return bindHost;
  }

  @JsonProperty
  public void setBindHost(String bindHost) {
    this.bindHost = bindHost;
  }

  @JsonProperty
  public int getPort() {
    return port;
  }

  @JsonProperty
  public void setPort(int port) {
    this.port = port;
  }

  @JsonProperty
  public String getKeyPassphrase() {
    return keyPassphrase;
  }

  @JsonProperty
  public void setKeyPassphrase(String keyPassphrase) {
    this.keyPassphrase = keyPassphrase;
  }

  @Override
  public String toString() {
    return "FederationConfig{bindHost=" + bindHost + ", port=" + port + ", keyPassphrase=***}";
  }
}
