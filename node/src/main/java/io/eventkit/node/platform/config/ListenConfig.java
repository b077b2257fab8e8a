package io.eventkit.node.platform.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** A port the node listens on, and the address it binds it to (the YAML keys bindHost, port). */
public abstract class ListenConfig {
  private String bindHost;

  @Min(0)
  @Max(65535)
  private int port;

  protected ListenConfig(String bindHost, int port) {
    this.bindHost = bindHost;
    this.port = port;
  }

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
}
