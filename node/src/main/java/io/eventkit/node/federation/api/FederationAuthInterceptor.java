package io.eventkit.node.federation.api;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.eventkit.ca.CaException;
import io.eventkit.ca.NodeId;
import io.eventkit.ca.PartnerIdentity;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.PartnerState;
import io.eventkit.node.federation.trust.TrustLevel;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Authorises every call on the mTLS federation port: the identity comes only from the verified
 * client certificate (already validated at TLS against this node's own bundle); the partner's
 * state, level and rate limit are checked on each call; the certificate's expiry is enforced per
 * call too, so long-lived connections cannot outlive it. Open calls of a partner are closed when it
 * is suspended or revoked.
 */
final class FederationAuthInterceptor implements ServerInterceptor {
  private final NodeId self;
  private final PartnerRegistry partners;
  private final FederationMethods methods;
  private final Clock clock;
  private final Duration skew;
  private final LoadingCache<String, Optional<Partner>> cache;
  private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
  private final Map<String, Set<ServerCall<?, ?>>> openCalls = new ConcurrentHashMap<>();
  private final Counter denials;

  public FederationAuthInterceptor(
      NodeId self,
      PartnerRegistry partners,
      FederationMethods methods,
      Clock clock,
      Duration skew,
      PrometheusRegistry metrics) {
    this.self = self;
    this.partners = partners;
    this.methods = methods;
    this.clock = clock;
    this.skew = skew;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(30))
            .build(partners::find);
    this.denials =
        Counter.builder()
            .name("eventkit_federation_denials_total")
            .help("Federation calls refused, by reason")
            .labelNames("reason")
            .register(metrics);
    partners.onChange(this::partnerChanged);
  }

  private void partnerChanged(String nodeId) {
    cache.invalidate(nodeId);
    limiters.remove(nodeId);
    Optional<Partner> p = partners.find(nodeId);
    PartnerState state = p.map(Partner::state).orElse(PartnerState.REVOKED);
    if (state == PartnerState.SUSPENDED || state.ended()) {
      Set<ServerCall<?, ?>> calls = openCalls.remove(nodeId);
      if (calls != null) {
        for (ServerCall<?, ?> call : calls) {
          try {
            call.close(
                Status.PERMISSION_DENIED.withDescription(
                    "partner " + state.name().toLowerCase(Locale.ROOT)),
                new Metadata());
          } catch (RuntimeException ignored) {
            // already closed
          }
        }
      }
    }
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    X509Certificate leaf = leaf(session);
    if (leaf == null) {
      return deny(call, Status.UNAUTHENTICATED, "no_certificate", "no verified client certificate");
    }
    PartnerIdentity identity;
    try {
      identity = PartnerIdentity.fromCertificate(leaf);
    } catch (CaException e) {
      return deny(
          call,
          Status.UNAUTHENTICATED,
          "bad_identity",
          "client certificate has no partner identity: " + e.getMessage());
    }
    if (!identity.trustDomain().equals(self)) {
      return deny(
          call,
          Status.UNAUTHENTICATED,
          "wrong_trust_domain",
          "client certificate was issued by "
              + identity.trustDomain().value()
              + ", not by "
              + self.value());
    }
    Instant now = clock.instant();
    if (leaf.getNotAfter().toInstant().plus(skew).isBefore(now)) {
      return deny(
          call,
          Status.UNAUTHENTICATED,
          "expired",
          "client certificate "
              + leaf.getSerialNumber().toString(16)
              + " expired at "
              + leaf.getNotAfter().toInstant()
              + "; renew it");
    }
    String partnerId = identity.partnerId().value();
    Optional<Partner> found = cache.get(partnerId);
    if (found.isEmpty()) {
      return deny(
          call,
          Status.UNAUTHENTICATED,
          "unknown_partner",
          partnerId + " is not a partner of " + self.value());
    }
    Partner partner = found.get();
    if (!methods.allowed(method, partner.state())) {
      String reason =
          switch (partner.state()) {
            case SUSPENDED -> "partner suspended";
            case REVOKED -> "partner revoked";
            case REVOKED_BY_PARTNER -> "partner revoked this node";
            case PENDING ->
                "partner enrolment not complete: only Ping, RenewCertificate and CompleteEnrollment are allowed";
            default -> "partner is " + partner.state();
          };
      return deny(
          call,
          Status.PERMISSION_DENIED,
          "state_" + partner.state().name().toLowerCase(Locale.ROOT),
          reason);
    }
    TrustLevel required = methods.required(method);
    if (required == null) {
      return deny(
          call, Status.PERMISSION_DENIED, "unknown_method", method + " is not open to partners");
    }
    if (!partner.grantedLevel().allows(required)) {
      return deny(
          call,
          Status.PERMISSION_DENIED,
          "level",
          method
              + " needs trust level "
              + required
              + "; "
              + partnerId
              + " is granted "
              + partner.grantedLevel());
    }
    RateLimiter limiter =
        limiters.computeIfAbsent(
            partnerId,
            id ->
                RateLimiter.of(
                    "partner-" + id,
                    RateLimiterConfig.custom()
                        .limitForPeriod(partner.rateLimitPerSecond())
                        .limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(Duration.ZERO)
                        .build()));
    if (!limiter.acquirePermission()) {
      return deny(
          call,
          Status.RESOURCE_EXHAUSTED,
          "rate_limit",
          "rate limit of "
              + partner.rateLimitPerSecond()
              + " calls/s for "
              + partnerId
              + " exceeded; retry later");
    }
    String address =
        io.eventkit.node.platform.api.grpc.CallerAddress.format(
            call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    Set<ServerCall<?, ?>> open =
        openCalls.computeIfAbsent(partnerId, k -> ConcurrentHashMap.newKeySet());
    ServerCall<Q, R> tracked =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            open.remove(this);
            super.close(status, trailers);
          }
        };
    open.add(tracked);
    Context ctx =
        Context.current()
            .withValue(FederationPeer.CONTEXT_KEY, new FederationPeer(partner, address));
    return Contexts.interceptCall(ctx, tracked, headers, next);
  }

  private static X509Certificate leaf(SSLSession session) {
    if (session == null) {
      return null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  private <Q, R> ServerCall.Listener<Q> deny(
      ServerCall<Q, R> call, Status status, String reason, String message) {
    denials.labelValues(reason).inc();
    call.close(status.withDescription(message), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
