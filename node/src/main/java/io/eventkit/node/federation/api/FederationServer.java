package io.eventkit.node.federation.api;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.ca.NodeId;
import io.eventkit.node.federation.TlsAlerts;
import io.eventkit.node.federation.handshake.Completion;
import io.eventkit.node.federation.handshake.Enrollment;
import io.eventkit.node.federation.pki.NodePki;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.platform.DaemonThreads;
import io.eventkit.node.platform.api.grpc.ProtoRules;
import io.eventkit.node.platform.api.grpc.ServerChains;
import io.eventkit.node.platform.metrics.RpcMetrics;
import io.grpc.BindableService;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSslSessionContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two federation listeners. The mTLS port requires a client certificate that validates against
 * this node's own bundle (the PKI's reloading trust manager, which also applies revocation), then
 * authorises each call. The enrolment port is server-auth TLS only and serves nothing but {@code
 * FederationEnrollmentService}.
 */
public final class FederationServer implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(FederationServer.class);

  /** Partner messages are small; a bigger one is refused before it is parsed. */
  static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  private final String bindHost;
  private final int port;
  private final int enrollmentPort;
  private final NodePki pki;
  private final List<BindableService> services;
  private final BindableService enrollmentService;
  private final FederationAuthInterceptor auth;
  private final EnrollmentPeerInterceptor enrollmentGuard;
  private final RpcMetrics metrics;
  private final io.eventkit.node.platform.tracing.Tracing tracing;
  private final Clock clock;
  private final ExecutorService executor;
  private final InboundConnections connections = new InboundConnections();
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private volatile SslContext mtlsContext;
  private Server mtls;
  private Server enrollment;

  /**
   * The listeners with the engine's own partner-facing services (Ping, CompleteEnrollment,
   * RenewCertificate; Enroll on the enrolment port) and the partner authorisation of every call.
   * {@code services} stays live: features add theirs (and register their methods' levels in {@code
   * methods}) until {@link #start()}.
   */
  public static FederationServer create(
      String bindHost,
      int port,
      int enrollmentPort,
      NodeId self,
      String displayName,
      NodePki pki,
      PartnerRegistry partners,
      FederationMethods methods,
      Enrollment enrollment,
      Completion completion,
      Supplier<String> federationEndpoint,
      List<BindableService> services,
      Duration skew,
      PrometheusRegistry registry,
      RpcMetrics rpcMetrics,
      io.eventkit.node.platform.tracing.Tracing tracing,
      Clock clock) {
    FederationGrpcService.register(methods);
    services.add(new FederationGrpcService(pki, enrollment, completion, clock, displayName));
    return new FederationServer(
        bindHost,
        port,
        enrollmentPort,
        pki,
        services,
        new EnrollmentGrpcService(enrollment, federationEndpoint),
        new FederationAuthInterceptor(self, partners, methods, clock, skew, registry),
        new EnrollmentPeerInterceptor(10),
        rpcMetrics,
        tracing,
        clock);
  }

  private FederationServer(
      String bindHost,
      int port,
      int enrollmentPort,
      NodePki pki,
      List<BindableService> services,
      BindableService enrollmentService,
      FederationAuthInterceptor auth,
      EnrollmentPeerInterceptor enrollmentGuard,
      RpcMetrics metrics,
      io.eventkit.node.platform.tracing.Tracing tracing,
      Clock clock) {
    this.tracing = tracing;
    this.clock = clock;
    this.bindHost = bindHost;
    this.port = port;
    this.enrollmentPort = enrollmentPort;
    this.pki = pki;
    // Live list: features may add services until start().
    this.services = services;
    this.enrollmentService = enrollmentService;
    this.auth = auth;
    this.enrollmentGuard = enrollmentGuard;
    this.metrics = metrics;
    this.executor = Executors.newCachedThreadPool(DaemonThreads.named("federation"));
  }

  @Override
  public void start() throws IOException {
    mtlsContext =
        GrpcSslContexts.configure(SslContextBuilder.forServer(pki.serverKeyManager()))
            .trustManager(TlsAlerts.wrap(pki.clientTrustManager()))
            .clientAuth(ClientAuth.REQUIRE)
            .protocols("TLSv1.3")
            .build();
    // Own NIO event loops and server channel, so accepted connections can be tracked (and the
    // connections of a revoked partner closed, §12.2).
    boss = new NioEventLoopGroup(1, DaemonThreads.named("federation-accept"));
    workers = new NioEventLoopGroup(0, DaemonThreads.named("federation-io"));
    NettyServerBuilder mb =
        NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, port))
            .bossEventLoopGroup(boss)
            .workerEventLoopGroup(workers)
            .channelFactory(
                () -> {
                  NioServerSocketChannel server = new NioServerSocketChannel();
                  server.pipeline().addLast(connections.acceptor());
                  return server;
                })
            .sslContext(mtlsContext)
            .executor(executor)
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
            .permitKeepAliveTime(30, TimeUnit.SECONDS);
    List<ServerServiceDefinition> bound = new ArrayList<>();
    for (BindableService s : services) {
      bound.add(s.bindService());
    }
    ServerServiceDefinition enrollmentDef = enrollmentService.bindService();
    List<ServerServiceDefinition> all = new ArrayList<>(bound);
    all.add(enrollmentDef);
    // Partner input is untrusted: the proto files' field rules apply here too, after
    // authentication (so refusals keep their order: who you are, then what you sent).
    ProtoRules rules = ProtoRules.compile(ProtoRules.requestTypes(all));
    List<ServerInterceptor> chain =
        new ArrayList<>(ServerChains.edge(metrics, tracing, "federation"));
    chain.add(auth);
    chain.add(new TimeHeader());
    chain.add(rules.interceptor());
    for (ServerServiceDefinition def : bound) {
      mb.addService(ServerChains.interceptNetwork(def, chain));
    }
    mtls = mb.build().start();

    SslContext tlsContext =
        GrpcSslContexts.configure(SslContextBuilder.forServer(pki.serverKeyManager()))
            .protocols("TLSv1.3")
            .build();
    List<ServerInterceptor> enrollChain =
        new ArrayList<>(ServerChains.edge(metrics, tracing, "enrollment"));
    enrollChain.add(enrollmentGuard);
    enrollChain.add(rules.interceptor());
    enrollment =
        NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, enrollmentPort))
            .sslContext(tlsContext)
            .executor(executor)
            .maxInboundMessageSize(256 * 1024)
            .addService(ServerChains.interceptNetwork(enrollmentDef, enrollChain))
            .build()
            .start();
    LOG.info(
        "federation listening on {}:{} (mTLS), enrolment on {}:{} (TLS)",
        bindHost,
        mtls.getPort(),
        bindHost,
        enrollment.getPort());
  }

  /**
   * Stamps every response of the mTLS port with this node's clock ({@code eventkit-time-ms}, epoch
   * milliseconds), so callers can estimate the clock offset from the calls they already make
   * (§10.1).
   */
  private final class TimeHeader implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      return next.startCall(
          new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata h) {
              h.put(TIME_HEADER, Long.toString(clock.millis()));
              super.sendHeaders(h);
            }
          },
          headers);
    }
  }

  static final Metadata.Key<String> TIME_HEADER =
      Metadata.Key.of("eventkit-time-ms", Metadata.ASCII_STRING_MARSHALLER);

  public int port() {
    return mtls == null ? port : mtls.getPort();
  }

  /**
   * Closes every open mTLS connection authenticated by a client certificate issued to {@code
   * partnerId} (its calls were already closed by the auth interceptor). Returns how many.
   */
  public int closeConnectionsOf(String partnerId) {
    forgetTlsSessions();
    int n = connections.closeOf(partnerId);
    if (n > 0) {
      LOG.info("closed {} connection(s) of partner {}", n, partnerId);
    }
    return n;
  }

  /**
   * Makes every TLS session issued so far unresumable (new session-ticket keys; the port speaks TLS
   * 1.3 only, which resumes by ticket): a resumed session skips the client certificate check, so a
   * partner revoked since would otherwise get past TLS with a session from before (§3.1). Every
   * partner's next connection does a full handshake; open connections are unaffected.
   */
  private void forgetTlsSessions() {
    if (mtlsContext != null && mtlsContext.sessionContext() instanceof OpenSslSessionContext s) {
      SecureRandom random = new SecureRandom();
      byte[][] key = new byte[3][16];
      for (byte[] k : key) {
        random.nextBytes(k);
      }
      s.setTicketKeys(new OpenSslSessionTicketKey(key[0], key[1], key[2]));
    }
  }

  /** Open connections on the mTLS port (all partners). */
  public int openConnections() {
    return connections.size();
  }

  public int enrollmentPort() {
    return enrollment == null ? enrollmentPort : enrollment.getPort();
  }

  @Override
  public void stop() throws InterruptedException {
    for (Server s : new Server[] {enrollment, mtls}) {
      if (s != null) {
        s.shutdown();
      }
    }
    for (Server s : new Server[] {enrollment, mtls}) {
      if (s != null && !s.awaitTermination(10, TimeUnit.SECONDS)) {
        s.shutdownNow();
      }
    }
    executor.shutdown();
    if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
      executor.shutdownNow();
    }
    for (EventLoopGroup g : new EventLoopGroup[] {boss, workers}) {
      if (g != null) {
        // Not awaited: the groups stop within the second on their own, after the servers.
        var unused = g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      }
    }
  }
}
