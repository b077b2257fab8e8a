package io.eventkit.node.identity;

import io.dropwizard.core.Application;
import io.dropwizard.testing.DropwizardTestSupport;
import io.eventkit.node.NodeApplication;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.NodeRuntime;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * A real node for the identity tests (embedded PostgreSQL, free loopback ports, a temporary data
 * dir) whose clock the test moves. The root package's TestNode is package-private there.
 */
final class IdentityTestNode implements AutoCloseable {
  /** The system clock shifted by {@link #offset}, which tests move forward. */
  static final class MovableClock extends Clock {
    volatile Duration offset = Duration.ZERO;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  }

  private final DropwizardTestSupport<NodeConfiguration> support;
  private final Path dataDir;
  private final ManagedChannel channel;

  private IdentityTestNode(DropwizardTestSupport<NodeConfiguration> support, Path dataDir) {
    this.support = support;
    this.dataDir = dataDir;
    this.channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", runtime().grpcPort()).usePlaintext().build();
  }

  static NodeConfiguration config(String nodeId) {
    try {
      NodeConfiguration config = new NodeConfiguration();
      config.setNodeId(nodeId);
      config.setDataDir(Files.createTempDirectory("eventkit-" + nodeId).toString());
      config.httpConnector().setPort(0);
      config.httpConnector().setBindHost("127.0.0.1");
      config.getGrpc().setPort(0);
      config.getFederation().setPort(0);
      config.getFederation().setBindHost("127.0.0.1");
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static IdentityTestNode start(NodeConfiguration config, Clock clock) {
    DropwizardTestSupport<NodeConfiguration> support =
        new DropwizardTestSupport<>(NodeApplication.class, config) {
          @Override
          public Application<NodeConfiguration> newApplication() {
            return new NodeApplication(clock);
          }
        };
    try {
      support.before();
    } catch (Exception e) {
      throw new IllegalStateException("node did not start", e);
    }
    return new IdentityTestNode(support, Path.of(config.getDataDir()));
  }

  NodeRuntime runtime() {
    return ((NodeApplication) support.getApplication()).runtime();
  }

  String adminToken() {
    try {
      return Files.readString(dataDir.resolve("admin-token")).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Without a credential (Login, the SSO calls, GetLoginOptions). */
  AuthServiceGrpc.AuthServiceBlockingStub anonymous() {
    return AuthServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  AuthServiceGrpc.AuthServiceBlockingStub as(String token) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return AuthServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  AuthServiceGrpc.AuthServiceBlockingStub admin() {
    return as(adminToken());
  }

  @Override
  public void close() {
    channel.shutdownNow();
    support.after();
  }

  /** The node logs at TRACE into {@code file} (its own logging configuration, as in production). */
  static void traceTo(NodeConfiguration config, Path file) {
    io.dropwizard.logging.common.DefaultLoggingFactory logging =
        (io.dropwizard.logging.common.DefaultLoggingFactory) config.getLoggingFactory();
    logging.setLevel("TRACE");
    io.dropwizard.logging.common.FileAppenderFactory<ch.qos.logback.classic.spi.ILoggingEvent>
        appender = new io.dropwizard.logging.common.FileAppenderFactory<>();
    appender.setCurrentLogFilename(file.toString());
    appender.setArchive(false);
    appender.setLogFormat("%level %logger [%thread] %mdc %msg%n%ex{full}");
    logging.setAppenders(java.util.List.of(appender));
  }

  /** Every logger that exists (including pinned ones) and root at TRACE. */
  static void everythingAtTrace() {
    ch.qos.logback.classic.LoggerContext context =
        (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
      logger.setLevel(
          logger.getName().equals(ch.qos.logback.classic.Logger.ROOT_LOGGER_NAME)
              ? ch.qos.logback.classic.Level.TRACE
              : null);
    }
    for (String name :
        java.util.List.of(
            "io.grpc", "io.netty", "org.eclipse.jetty", "org.postgresql", "sun.net")) {
      context.getLogger(name).setLevel(ch.qos.logback.classic.Level.TRACE);
    }
  }

  /**
   * The log file once a TRACE probe logged now has reached it (the appender is asynchronous), or an
   * assertion error.
   */
  static String flushedLog(Path file) throws IOException, InterruptedException {
    String probe = "trace probe " + java.util.UUID.randomUUID();
    org.slf4j.LoggerFactory.getLogger(ExternalLogins.class).trace(probe);
    String log = Files.readString(file);
    for (int i = 0; i < 100 && !log.contains(probe); i++) {
      Thread.sleep(50);
      log = Files.readString(file);
    }
    if (!log.contains(probe)) {
      throw new AssertionError("TRACE of the node's own code did not reach " + file);
    }
    return log;
  }

  /** The places where any of {@code secrets} (name → value) occurs in {@code log}. */
  static java.util.List<String> leaks(String log, java.util.Map<String, String> secrets) {
    java.util.List<String> leaks = new java.util.ArrayList<>();
    secrets.forEach(
        (name, secret) -> {
          int at = log.indexOf(secret);
          if (at >= 0) {
            leaks.add(name + " at: " + log.substring(Math.max(0, at - 300), at + 20));
          }
        });
    return leaks;
  }
}
