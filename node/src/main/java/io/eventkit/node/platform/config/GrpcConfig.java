package io.eventkit.node.platform.config;

/** The plaintext gRPC port for local clients and the CLI (bind it to loopback or a private net). */
public class GrpcConfig extends ListenConfig {
  public GrpcConfig() {
    super("127.0.0.1", 9090);
  }
}
