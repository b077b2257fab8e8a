package io.eventkit.node.platform.api.grpc;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.kernel.TokenAuthenticator;
import io.eventkit.node.platform.DaemonThreads;
import io.eventkit.node.platform.metrics.RpcMetrics;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.ServerInterceptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's local API: one set of service implementations behind one interceptor chain, served on
 * the plaintext gRPC port and on an in-process server that the Connect servlet calls.
 *
 * <p>Interceptor order, outermost first: tracing (the call's span, current for all the others),
 * observability (log + metrics with the final status), recovery (exceptions to statuses),
 * undecodable requests, authentication and the permission the method declares ({@link
 * AuthInterceptor}), in a shared deployment each company account's share of concurrent calls
 * ({@link TenantCallGate}), validation (the {@link InputPolicy}, the proto files' field rules
 * ({@link ProtoRules}, compiled here for every request type), then the feature's validator).
 */
public final class ApiServer implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private final String bindHost;
  private final int port;
  private final List<ServerServiceDefinition> services;
  private final Map<String, ServerMethodDefinition<?, ?>> methods = new HashMap<>();
  private final String inProcessName = "eventkit-api-" + UUID.randomUUID();
  private final HealthStatusManager health = new HealthStatusManager();
  private final ExecutorService executor;
  private final java.util.concurrent.ScheduledExecutorService timer;
  private Server netty;
  private Server inProcess;
  private final ManagedChannel inProcessChannel;

  /**
   * With per-caller rate limits whose buckets {@code dataSource} keeps (shared by the replicas on
   * it); null keeps them in memory. {@code routing}: which tenant a request is addressed to (a
   * shared deployment's host names).
   */
  public ApiServer(
      String bindHost,
      int port,
      List<BindableService> bindables,
      TokenAuthenticator authenticator,
      RequestValidators validators,
      RpcMetrics metrics,
      io.eventkit.node.platform.tracing.Tracing tracing,
      io.eventkit.node.platform.config.RateLimitConfig rateLimits,
      java.time.Clock clock,
      javax.sql.DataSource dataSource,
      io.eventkit.node.platform.tenancy.TenantRouting routing) {
    CallerRateLimits limits = new CallerRateLimits(rateLimits, clock, dataSource);
    this.bindHost = bindHost;
    this.port = port;
    AuthInterceptor auth =
        new AuthInterceptor(authenticator, Set.of("grpc.health.v1.Health"), limits, routing);
    List<ServerServiceDefinition> bound = new ArrayList<>();
    for (BindableService b : bindables) {
      bound.add(b.bindService());
    }
    ProtoRules rules = ProtoRules.compile(ProtoRules.requestTypes(bound));
    this.executor = Executors.newCachedThreadPool(DaemonThreads.named("api"));
    // Only a shared deployment's call shares time out waiting calls.
    this.timer =
        routing.isShared()
            ? Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("api-timer"))
            : null;
    List<ServerInterceptor> outermostFirst = new ArrayList<>();
    outermostFirst.add(tracing.serverInterceptor("api"));
    outermostFirst.add(new ObservabilityInterceptor(metrics));
    outermostFirst.add(new RecoveryInterceptor());
    outermostFirst.add(UndecodableRequests.INTERCEPTOR);
    outermostFirst.add(auth);
    if (routing.isShared()) {
      outermostFirst.add(
          new TenantCallGate(
              rateLimits.getTenantCalls().effectiveConcurrent(),
              rateLimits.getTenantCalls().getQueued(),
              rateLimits.getTenantCalls().getMaxWait().toJavaDuration(),
              executor,
              timer,
              metrics));
    }
    outermostFirst.add(new ValidationInterceptor(rules, validators));
    this.services = new ArrayList<>();
    for (ServerServiceDefinition def : bound) {
      services.add(intercept(def, outermostFirst));
    }
    services.add(intercept(health.getHealthService().bindService(), outermostFirst));
    for (ServerServiceDefinition def : services) {
      for (ServerMethodDefinition<?, ?> m : def.getMethods()) {
        MethodDescriptor<?, ?> md = m.getMethodDescriptor();
        if (AuthInterceptor.declaredPermission(md).isEmpty()
            && !auth.isPublicService(md.getServiceName())) {
          throw new IllegalStateException(
              md.getFullMethodName()
                  + " declares no eventkit.v1.required_permission; every local RPC must");
        }
        methods.put(md.getFullMethodName(), m);
      }
    }
    // Created up front (it connects lazily) so the Connect servlet can be wired before start().
    this.inProcessChannel = InProcessChannelBuilder.forName(inProcessName).directExecutor().build();
  }

  /**
   * Set by the Connect servlet (and only by it: it never copies this header from a request) on a
   * call that has a deadline, so that the in-process server runs it on the API pool.
   */
  public static final Metadata.Key<String> WITH_DEADLINE =
      Metadata.Key.of("eventkit-with-deadline", Metadata.ASCII_STRING_MARSHALLER);

  /** What retention purges for the API: rate buckets nobody has drawn on since they refilled. */
  public static io.eventkit.node.platform.retention.Retention.Task retention() {
    return CallerRateLimits.expiredBuckets();
  }

  private static ServerServiceDefinition intercept(
      ServerServiceDefinition def, List<ServerInterceptor> outermostFirst) {
    return ServerChains.intercept(def, outermostFirst);
  }

  @Override
  public void start() throws IOException {
    NettyServerBuilder nb = NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, port));
    InProcessServerBuilder ib = InProcessServerBuilder.forName(inProcessName);
    for (ServerServiceDefinition def : services) {
      // From the network, a request that does not decode (e.g. invalid UTF-8 in a string field)
      // gets INVALID_ARGUMENT, not UNKNOWN; the Connect servlet hands over decoded messages.
      nb.addService(UndecodableRequests.lenient(def));
      ib.addService(def);
    }
    // Server reflection (v1 and the v1alpha older tools still ask for), so that grpcurl, buf curl
    // and Postman discover the API without the proto files. Only here: not over Connect, and not
    // on the federation port. It describes the schema, which is public, and no data.
    nb.addService(ProtoReflectionServiceV1.newInstance());
    nb.addService(ProtoReflectionService.newInstance());
    netty = nb.executor(executor).maxInboundMessageSize(4 * 1024 * 1024).build().start();
    // The Connect servlet's calls run on its own (Jetty) thread, which waits for them anyway: a hop
    // to the API pool and back cost each call two thread hand-offs (p95 of an empty call 1.8×
    // gRPC's in JSON, 1.3–2× in binary; 1.0× and 0.9× without). Calls with a deadline still run
    // on the pool: the servlet then answers DEADLINE_EXCEEDED at the deadline, while a handler that
    // does not watch its Context (most don't) would hold the servlet's thread past it.
    inProcess =
        ib.directExecutor()
            .callExecutor(
                new ServerCallExecutorSupplier() {
                  @Override
                  public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
                    return headers.containsKey(WITH_DEADLINE) ? executor : null;
                  }
                })
            .build()
            .start();
    LOG.info("gRPC API listening on {}:{}", bindHost, boundPort());
  }

  /** The port actually bound (differs from the configured one when that was 0). */
  public int boundPort() {
    return netty == null ? port : netty.getPort();
  }

  /** Channel to the in-process server, for the Connect servlet. */
  public ManagedChannel inProcessChannel() {
    return inProcessChannel;
  }

  /** Method definitions by full name ({@code eventkit.v1.NodeService/GetNodeInfo}). */
  public Map<String, ServerMethodDefinition<?, ?>> methods() {
    return methods;
  }

  public HealthStatusManager health() {
    return health;
  }

  /** Stops taking new calls, lets in-flight calls finish (up to 10 s), then forces the rest. */
  @Override
  public void stop() throws InterruptedException {
    health.enterTerminalState();
    if (netty != null) {
      netty.shutdown();
    }
    if (inProcess != null) {
      inProcess.shutdown();
    }
    if (netty != null && !netty.awaitTermination(10, TimeUnit.SECONDS)) {
      netty.shutdownNow();
    }
    if (inProcess != null && !inProcess.awaitTermination(5, TimeUnit.SECONDS)) {
      inProcess.shutdownNow();
    }
    inProcessChannel.shutdownNow();
    if (timer != null) {
      timer.shutdownNow();
    }
    executor.shutdown();
    if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
      executor.shutdownNow();
    }
  }
}
