package io.eventkit.node;

import io.dropwizard.testing.DropwizardTestSupport;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.NodeServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real node in this JVM: embedded PostgreSQL, free loopback ports, a temporary data dir. Public
 * for the feature packages' tests.
 */
public final class TestNode implements AutoCloseable {
  private final DropwizardTestSupport<NodeConfiguration> support;
  private final Path dataDir;
  private ManagedChannel channel;

  private TestNode(DropwizardTestSupport<NodeConfiguration> support, Path dataDir) {
    this.support = support;
    this.dataDir = dataDir;
  }

  public static NodeConfiguration config(String nodeId, Path dataDir) {
    NodeConfiguration config = new NodeConfiguration();
    config.setNodeId(nodeId);
    config.setDataDir(dataDir.toString());
    config.httpConnector().setPort(0);
    config.httpConnector().setBindHost("127.0.0.1");
    config.getGrpc().setPort(0);
    config.getFederation().setPort(0);
    config.getFederation().setBindHost("127.0.0.1");
    return config;
  }

  static TestNode start(String nodeId) {
    try {
      return start(config(nodeId, Files.createTempDirectory("eventkit-" + nodeId)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TestNode start(NodeConfiguration config) {
    DropwizardTestSupport<NodeConfiguration> support =
        new DropwizardTestSupport<>(NodeApplication.class, config);
    try {
      support.before();
    } catch (Exception e) {
      throw new IllegalStateException("node did not start", e);
    }
    return new TestNode(support, Path.of(config.getDataDir()));
  }

  NodeRuntime runtime() {
    return ((NodeApplication) support.getApplication()).runtime();
  }

  int httpPort() {
    return support.getLocalPort();
  }

  /** The admin connector's port (Dropwizard tasks, thread dump; loopback only). */
  int adminPort() {
    return support.getAdminPort();
  }

  org.eclipse.jetty.server.Server jetty() {
    return support.getEnvironment().getApplicationContext().getServer();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort();
  }

  public String adminToken() {
    try {
      return Files.readString(dataDir.resolve("admin-token")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path dataDir() {
    return dataDir;
  }

  synchronized ManagedChannel channel() {
    if (channel == null) {
      channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", runtime().grpcPort())
              .usePlaintext()
              .build();
    }
    return channel;
  }

  NodeServiceGrpc.NodeServiceBlockingStub nodeService() {
    return NodeServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  io.eventkit.proto.v1.TrustServiceGrpc.TrustServiceBlockingStub trust() {
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + adminToken());
    return io.eventkit.proto.v1.TrustServiceGrpc.newBlockingStub(channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  io.eventkit.node.federation.FederationModule federation() {
    return runtime().federation();
  }

  String nodeId() {
    return runtime().nodeId();
  }

  AuthServiceGrpc.AuthServiceBlockingStub authService(String token) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return AuthServiceGrpc.newBlockingStub(channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      channel.shutdownNow();
      channel = null;
    }
    support.after();
  }
}
