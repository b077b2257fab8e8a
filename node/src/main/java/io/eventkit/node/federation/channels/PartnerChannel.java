package io.eventkit.node.federation.channels;

import io.eventkit.ca.tls.ReloadingKeyManager;
import io.eventkit.ca.tls.ReloadingTrustManager;
import io.eventkit.node.federation.TlsAlerts;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * One partner's outbound channel: our client certificate issued by the partner (reloadable), the
 * partner's bundle as the only trust anchor (reloadable), one cached SslContext, and a circuit
 * breaker. After a certificate renewal the channel is replaced so new connections present the new
 * certificate, and the old one drains.
 */
public final class PartnerChannel {
  private final String partnerId;
  private final String endpoint;
  private final ReloadingKeyManager keyManager;
  private final ReloadingTrustManager trustManager;
  private volatile SslContext sslContext;
  private final CircuitBreaker circuitBreaker;
  final PartnerStats stats;
  private volatile ManagedChannel channel;
  volatile Instant certificateIssuedAt;
  volatile Instant certificateNotAfter;
  private Instant lastTlsRefresh = Instant.EPOCH;
  private final PartnerCallWatcher watcher;
  private final io.grpc.ClientInterceptor tracing;

  PartnerChannel(
      String partnerId,
      String endpoint,
      ReloadingKeyManager keyManager,
      ReloadingTrustManager trustManager,
      CircuitBreaker circuitBreaker,
      PartnerStats stats,
      Clock clock,
      PartnerCallWatcher.Events events,
      io.grpc.ClientInterceptor tracing)
      throws SSLException {
    this.tracing = tracing;
    this.stats = stats;
    this.watcher = new PartnerCallWatcher(partnerId, endpoint, stats, clock, events);
    this.partnerId = partnerId;
    this.endpoint = endpoint;
    this.keyManager = keyManager;
    this.trustManager = trustManager;
    this.circuitBreaker = circuitBreaker;
    this.sslContext = newSslContext();
    this.channel = newChannel();
  }

  private SslContext newSslContext() throws SSLException {
    return GrpcSslContexts.forClient()
        .keyManager(keyManager)
        .trustManager(TlsAlerts.wrap(trustManager))
        .build();
  }

  private ManagedChannel newChannel() {
    return NettyChannelBuilder.forTarget(endpoint)
        .sslContext(sslContext)
        .overrideAuthority(partnerId)
        .keepAliveTime(60, TimeUnit.SECONDS)
        // Listed innermost first: the watcher sees each call inside its span.
        .intercept(watcher, tracing)
        .build();
  }

  /** At most one bundle refresh per 10 s is triggered by TLS failures. */
  synchronized boolean tlsRefreshAllowed(Instant now) {
    if (now.isBefore(lastTlsRefresh.plusSeconds(10))) {
      return false;
    }
    lastTlsRefresh = now;
    return true;
  }

  public String partnerId() {
    return partnerId;
  }

  public ManagedChannel channel() {
    return channel;
  }

  public CircuitBreaker circuitBreaker() {
    return circuitBreaker;
  }

  public PartnerStats stats() {
    return stats;
  }

  ReloadingKeyManager keyManager() {
    return keyManager;
  }

  ReloadingTrustManager trustManager() {
    return trustManager;
  }

  /**
   * Swaps to a fresh channel and TLS context, so the next connection does a full handshake with the
   * current certificate (a resumed session would present the old one); the old channel drains.
   */
  void reconnect() throws SSLException {
    sslContext = newSslContext();
    ManagedChannel old = channel;
    channel = newChannel();
    old.shutdown();
  }

  /**
   * Reconnects now instead of at the end of the connect backoff (which grows to minutes while a
   * partner is down), so an admin action right after the partner is back does not fail fast.
   */
  void resetBackoff() {
    ManagedChannel c = channel;
    ConnectivityState state = c.getState(false);
    if (state != ConnectivityState.TRANSIENT_FAILURE) {
      return;
    }
    // A call made while the channel is still in TRANSIENT_FAILURE fails at once: wait (briefly)
    // for the reconnect to start, or fail again if the partner is still down.
    CountDownLatch moved = new CountDownLatch(1);
    c.notifyWhenStateChanged(state, moved::countDown);
    c.resetConnectBackoff();
    try {
      moved.await(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public String endpoint() {
    return endpoint;
  }

  void close() {
    channel.shutdownNow();
  }
}
