package io.eventkit.node.testing;

import io.dropwizard.testing.DropwizardTestSupport;
import io.eventkit.node.NodeApplication;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.NodeRuntime;
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
 * for the feature test packages.
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
    // A base backup 10 s after each test node's start would only cost time (PointInTimeRestoreTest
    // turns them on).
    config.getBackup().setEnabled(false);
    // -Deventkit.test.saas=true runs the suite's nodes in SaaS mode: serving as a role that
    // row-level security binds (docs/saas.md), to find what the application role can't do.
    config.getSaas().setEnabled(Boolean.getBoolean("eventkit.test.saas"));
    return config;
  }

  public static TestNode start(String nodeId) {
    try {
      return start(config(nodeId, Files.createTempDirectory("eventkit-" + nodeId)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TestNode start(NodeConfiguration config) {
    return start(config, null);
  }

  /** A node whose clock is {@code clock} (e.g. a test's settable clock); null: the system's. */
  public static TestNode start(NodeConfiguration config, java.time.Clock clock) {
    DropwizardTestSupport<NodeConfiguration> support =
        new DropwizardTestSupport<>(NodeApplication.class, config) {
          @Override
          public io.dropwizard.core.Application<NodeConfiguration> newApplication() {
            return clock == null ? super.newApplication() : new NodeApplication(clock);
          }
        };
    try {
      support.before();
    } catch (Exception e) {
      throw new IllegalStateException("node did not start", e);
    }
    return new TestNode(support, Path.of(config.getDataDir()));
  }

  public NodeRuntime runtime() {
    return ((NodeApplication) support.getApplication()).runtime();
  }

  public int httpPort() {
    return support.getLocalPort();
  }

  /** The admin connector's port (Dropwizard tasks, thread dump; loopback only). */
  public int adminPort() {
    return support.getAdminPort();
  }

  public org.eclipse.jetty.server.Server jetty() {
    return support.getEnvironment().getApplicationContext().getServer();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort();
  }

  /** Whether this node runs in SaaS mode (-Deventkit.test.saas=true, or its test's own config). */
  public boolean saas() {
    return support.getConfiguration().getSaas().isEnabled();
  }

  /**
   * Where this node's Prometheus metrics are: the public {@code /metrics}, or in SaaS mode the
   * admin connector's {@code /prometheus} (the public one answers 404 there: it would name every
   * company).
   */
  public String metricsUrl() {
    return saas() ? "http://127.0.0.1:" + adminPort() + "/prometheus" : baseUrl() + "/metrics";
  }

  public String adminToken() {
    try {
      return Files.readString(dataDir.resolve("admin-token")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path dataDir() {
    return dataDir;
  }

  public synchronized ManagedChannel channel() {
    if (channel == null) {
      channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", runtime().grpcPort())
              .usePlaintext()
              .build();
    }
    return channel;
  }

  public NodeServiceGrpc.NodeServiceBlockingStub nodeService() {
    return NodeServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  public io.eventkit.proto.v1.TrustServiceGrpc.TrustServiceBlockingStub trust() {
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + adminToken());
    return io.eventkit.proto.v1.TrustServiceGrpc.newBlockingStub(channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public io.eventkit.node.federation.FederationModule federation() {
    return runtime().federation();
  }

  public String nodeId() {
    return runtime().nodeId();
  }

  /** {@code stub} on this node's channel, calling with the bootstrap admin token, 20 s deadline. */
  public <S extends io.grpc.stub.AbstractStub<S>> S asAdmin(
      java.util.function.Function<io.grpc.Channel, S> stub) {
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + adminToken());
    return stub.apply(channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  public AuthServiceGrpc.AuthServiceBlockingStub authService(String token) {
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
