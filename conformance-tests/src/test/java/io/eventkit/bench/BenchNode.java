package io.eventkit.bench;

import io.dropwizard.testing.DropwizardTestSupport;
import io.eventkit.node.NodeApplication;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.NodeRuntime;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One real node in this JVM on its own embedded PostgreSQL, data directory and loopback ports (as
 * the conformance harness's in-JVM deployer starts them), plus a plaintext gRPC channel to its
 * local API carrying its admin token. Only {@link #runtime()} reaches inside, for floors.
 */
final class BenchNode implements AutoCloseable {
  private static final Metadata.Key<String> AUTH =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  final String nodeId;
  final Path dataDir;
  volatile int httpPort = freePort();
  volatile int grpcPort = freePort();
  volatile int federationPort = freePort();
  volatile int enrollmentPort = freePort();
  private final Consumer<NodeConfiguration> customise;
  private DropwizardTestSupport<NodeConfiguration> support;
  private ManagedChannel channel;

  BenchNode(String nodeId, Consumer<NodeConfiguration> customise) throws IOException {
    this.nodeId = nodeId;
    this.dataDir = Files.createTempDirectory("eventkit-" + nodeId);
    this.customise = customise;
  }

  /**
   * Starts the node. Ports are picked free just before; if one was taken meanwhile (another node's
   * PostgreSQL, say), picks new ones and retries (at most 3 times) — only before the first start,
   * since partners remember a node's endpoints.
   */
  synchronized BenchNode start() {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce();
      } catch (IllegalStateException e) {
        if (started || attempt == 3 || !causedByBind(e)) {
          throw e;
        }
        httpPort = freePort();
        grpcPort = freePort();
        federationPort = freePort();
        enrollmentPort = freePort();
      }
    }
  }

  private boolean started;

  private static boolean causedByBind(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException
          || String.valueOf(t.getMessage()).contains("Failed to bind")) {
        return true;
      }
    }
    return false;
  }

  private BenchNode startOnce() {
    if (support != null) {
      return this;
    }
    NodeConfiguration config = new NodeConfiguration();
    config.setNodeId(nodeId);
    config.setDataDir(dataDir.toString());
    config.httpConnector().setBindHost("127.0.0.1");
    config.httpConnector().setPort(httpPort);
    config.getGrpc().setPort(grpcPort);
    config.getFederation().setBindHost("127.0.0.1");
    config.getFederation().setPort(federationPort);
    config.getFederation().setEnrollmentPort(enrollmentPort);
    // As every measured node: the per-caller API limit (200/s per token) would be the figure.
    config.getRateLimits().setEnabled(false);
    // A base backup 10 s after the start would land in the measurements (the node process runs
    // with -Ddw.backup.enabled=false for the same reason).
    config.getBackup().setEnabled(false);
    // The federated availability bulkhead (per partner): the node's defaults unless the run sets
    // bench.fedInFlight / bench.fedInFlightMax (to compare a larger or adaptive limit).
    config.getFederation().setAvailabilityInFlight(Integer.getInteger("bench.fedInFlight", 8));
    config
        .getFederation()
        .setAvailabilityInFlightMax(Integer.getInteger("bench.fedInFlightMax", 0));
    customise.accept(config);
    DropwizardTestSupport<NodeConfiguration> s =
        new DropwizardTestSupport<>(NodeApplication.class, config);
    try {
      s.before();
    } catch (Exception e) {
      throw new IllegalStateException(nodeId + " did not start", e);
    }
    support = s;
    started = true;
    return this;
  }

  synchronized void stop() {
    if (channel != null) {
      channel.shutdownNow();
      channel = null;
    }
    if (support != null) {
      support.after();
      support = null;
    }
  }

  NodeRuntime runtime() {
    return ((NodeApplication) support.getApplication()).runtime();
  }

  String token() {
    try {
      return Files.readString(dataDir.resolve("admin-token")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Plaintext channel to the local gRPC API with the admin token attached. */
  synchronized ManagedChannel channel() {
    if (channel == null) {
      Metadata md = new Metadata();
      md.put(AUTH, "Bearer " + token());
      channel =
          ManagedChannelBuilder.forTarget("127.0.0.1:" + grpcPort)
              .usePlaintext()
              .intercept(MetadataUtils.newAttachHeadersInterceptor(md))
              .build();
    }
    return channel;
  }

  @Override
  public void close() {
    stop();
    try {
      Benchmark.deleteTree(dataDir);
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
