package io.eventkit.node.platform.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The plaintext gRPC port for local clients and the CLI (bind it to loopback or a private net). */
public class GrpcConfig {
  private String bindHost = "127.0.0.1";

  @Min(0)
  @Max(65535)
  private int port = 9090;

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
