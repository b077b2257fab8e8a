package io.eventkit.node.federation;

import io.dropwizard.lifecycle.Managed;
import io.eventkit.node.api.grpc.ServerChains;
import io.eventkit.node.common.DaemonThreads;
import io.eventkit.node.federation.api.EnrollmentPeerInterceptor;
import io.eventkit.node.federation.api.FederationAuthInterceptor;
import io.eventkit.node.federation.pki.NodePki;
import io.eventkit.node.metrics.RpcMetrics;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
  private final ExecutorService executor;
  private Server mtls;
  private Server enrollment;

  public FederationServer(
      String bindHost,
      int port,
      int enrollmentPort,
      NodePki pki,
      List<BindableService> services,
      BindableService enrollmentService,
      FederationAuthInterceptor auth,
      EnrollmentPeerInterceptor enrollmentGuard,
      RpcMetrics metrics) {
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
    SslContext mtlsContext =
        GrpcSslContexts.configure(SslContextBuilder.forServer(pki.serverKeyManager()))
            .trustManager(pki.clientTrustManager())
            .clientAuth(ClientAuth.REQUIRE)
            .protocols("TLSv1.3")
            .build();
    NettyServerBuilder mb =
        NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, port))
            .sslContext(mtlsContext)
            .executor(executor)
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
            .permitKeepAliveTime(30, TimeUnit.SECONDS);
    List<ServerInterceptor> chain = new ArrayList<>(ServerChains.edge(metrics, "federation"));
    chain.add(auth);
    for (BindableService s : services) {
      mb.addService(ServerChains.interceptNetwork(s.bindService(), chain));
    }
    mtls = mb.build().start();

    SslContext tlsContext =
        GrpcSslContexts.configure(SslContextBuilder.forServer(pki.serverKeyManager()))
            .protocols("TLSv1.3")
            .build();
    List<ServerInterceptor> enrollChain = new ArrayList<>(ServerChains.edge(metrics, "enrollment"));
    enrollChain.add(enrollmentGuard);
    enrollment =
        NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, enrollmentPort))
            .sslContext(tlsContext)
            .executor(executor)
            .maxInboundMessageSize(256 * 1024)
            .addService(ServerChains.interceptNetwork(enrollmentService.bindService(), enrollChain))
            .build()
            .start();
    LOG.info(
        "federation listening on {}:{} (mTLS), enrolment on {}:{} (TLS)",
        bindHost,
        mtls.getPort(),
        bindHost,
        enrollment.getPort());
  }

  public int port() {
    return mtls == null ? port : mtls.getPort();
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
  }
}
