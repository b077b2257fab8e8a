package io.eventkit.node.federation.channels;

import io.eventkit.ca.CaException;
import io.eventkit.ca.Csrs;
import io.eventkit.ca.KeyPairs;
import io.eventkit.ca.KeyPurpose;
import io.eventkit.ca.NodeId;
import io.eventkit.ca.Pem;
import io.eventkit.ca.RevocationChecker;
import io.eventkit.ca.TrustBundle;
import io.eventkit.ca.tls.ReloadingKeyManager;
import io.eventkit.ca.tls.ReloadingTrustManager;
import io.eventkit.ca.tls.TrustSource;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.TrustAudit;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.platform.DaemonThreads;
import io.eventkit.node.platform.api.grpc.ProtoTime;
import io.eventkit.node.platform.crypto.KeyVault;
import io.eventkit.proto.v1.FederationServiceGrpc;
import io.eventkit.proto.v1.FederationTrustServiceGrpc;
import io.eventkit.proto.v1.GetTrustBundleRequest;
import io.eventkit.proto.v1.GetTrustBundleResponse;
import io.eventkit.proto.v1.NotifyRevocationRequest;
import io.eventkit.proto.v1.PingRequest;
import io.eventkit.proto.v1.PingResponse;
import io.eventkit.proto.v1.RenewCertificateRequest;
import io.eventkit.proto.v1.RenewCertificateResponse;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.grpc.StatusRuntimeException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound federation: one {@link PartnerChannel} per partner, with automatic client-certificate
 * renewal at ~2/3 of its life (±5% jitter), bundle refresh on a fixed interval and after any TLS
 * failure, deadlines on every call, and per-partner health.
 */
public final class PartnerChannels implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PartnerChannels.class);
  private static final Duration PING_DEADLINE = Duration.ofSeconds(2);
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(5);

  private final NodeId self;
  private final PartnerRegistry partners;
  private final KeyVault vault;
  private final Clock clock;
  private final Duration skew;
  private final Duration bundleRefreshInterval;
  private final Map<String, PartnerChannel> channels = new ConcurrentHashMap<>();
  private final Map<String, ScheduledFuture<?>> renewals = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final List<Consumer<String>> revokedByPartner = new CopyOnWriteArrayList<>();
  private final List<java.util.function.BiConsumer<String, Health>> healthListeners =
      new CopyOnWriteArrayList<>();
  private volatile Duration clockOffsetWarning = Duration.ofSeconds(30);
  private ScheduledFuture<?> refresher;
  private final io.grpc.ClientInterceptor tracing;

  public PartnerChannels(
      NodeId self,
      PartnerRegistry partners,
      KeyVault vault,
      Clock clock,
      Duration skew,
      Duration bundleRefreshInterval,
      io.grpc.ClientInterceptor tracing) {
    this.tracing = tracing;
    this.self = self;
    this.partners = partners;
    this.vault = vault;
    this.clock = clock;
    this.skew = skew;
    this.bundleRefreshInterval = bundleRefreshInterval;
    this.scheduler =
        // Two threads: a slow partner call must not delay another partner's renewal.
        Executors.newScheduledThreadPool(2, DaemonThreads.named("federation-scheduler"));
    partners.onChange(this::partnerChanged);
  }

  /**
   * Called (on a scheduler thread) with a partner's ID when a call shows that the partner has
   * revoked this node: TLS alert certificate_revoked, or "partner revoked" on an open connection.
   */
  public void onRevokedByPartner(Consumer<String> listener) {
    revokedByPartner.add(listener);
  }

  /** A partner's reachability as its circuit breaker sees it (on this replica). */
  public enum Health {
    /** The breaker closed again: calls go through. */
    HEALTHY,
    /** The breaker opened: too many recent calls failed. */
    UNREACHABLE
  }

  /**
   * Called (on a scheduler thread) with a partner's ID when its breaker opens (UNREACHABLE) or
   * closes again (HEALTHY). A half-open probe that fails reports nothing new.
   */
  public void onHealthChanged(java.util.function.BiConsumer<String, Health> listener) {
    healthListeners.add(listener);
  }

  private void breakerMoved(String nodeId, CircuitBreaker.StateTransition t) {
    Health h;
    if (t.getToState() == CircuitBreaker.State.OPEN
        && t.getFromState() == CircuitBreaker.State.CLOSED) {
      h = Health.UNREACHABLE;
    } else if (t.getToState() == CircuitBreaker.State.CLOSED
        && t.getFromState() != CircuitBreaker.State.CLOSED) {
      h = Health.HEALTHY;
    } else {
      return;
    }
    try {
      scheduler.execute(
          () -> {
            for (var l : healthListeners) {
              try {
                l.accept(nodeId, h);
              } catch (RuntimeException e) {
                LOG.warn("cannot record that partner {} is {}: {}", nodeId, h, e.getMessage());
              }
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Shutting down: nothing to tell.
    }
  }

  /** Clock offsets above this are logged at WARN and flagged in partner health (§10.1). */
  public void clockOffsetWarning(Duration threshold) {
    this.clockOffsetWarning = threshold;
  }

  /** True if the partner's last clock-offset estimate exceeds the warning threshold. */
  public boolean clockOffsetTooLarge(PartnerStats.ClockOffset o) {
    return o != null && o.offset().abs().compareTo(clockOffsetWarning) > 0;
  }

  private final PartnerCallWatcher.Events events =
      new PartnerCallWatcher.Events() {
        @Override
        public void failed(String partnerId, TlsFailures.Failure failure) {
          callFailed(partnerId, failure);
        }

        @Override
        public void clockSampled(String partnerId, PartnerStats.ClockOffset offset) {
          warnIfSkewed(partnerId, offset);
        }
      };

  private void callFailed(String nodeId, TlsFailures.Failure f) {
    if (f.kind() == TlsFailures.Kind.REVOKED_BY_PARTNER) {
      scheduler.execute(
          () -> {
            for (Consumer<String> l : revokedByPartner) {
              try {
                l.accept(nodeId);
              } catch (RuntimeException e) {
                LOG.warn("cannot record that {} revoked this node: {}", nodeId, e.getMessage());
              }
            }
          });
    }
  }

  /** Reconnects to the partner now, skipping any connect backoff left from earlier failures. */
  public void resetBackoff(String nodeId) {
    PartnerChannel ch = channels.get(nodeId);
    if (ch != null) {
      ch.resetBackoff();
    }
  }

  /** Opens channels for every partner we hold credentials for, and starts the refresh loop. */
  public void start() {
    for (Partner p : partners.withChannels()) {
      try {
        open(p.nodeId());
      } catch (RuntimeException e) {
        LOG.warn("cannot open the channel to partner {}: {}", p.nodeId(), e.getMessage());
      }
    }
    long every = bundleRefreshInterval.toMillis();
    refresher =
        scheduler.scheduleWithFixedDelay(
            this::refreshAllQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  private void partnerChanged(String nodeId) {
    Partner p = partners.find(nodeId).orElse(null);
    if (p == null || p.state().ended()) {
      PartnerChannel ch = channels.remove(nodeId);
      ScheduledFuture<?> r = renewals.remove(nodeId);
      if (r != null) {
        r.cancel(false);
      }
      if (ch != null) {
        ch.close();
      }
    }
  }

  /** (Re)builds the channel of a partner from its stored credentials and bundle. */
  public PartnerChannel open(String nodeId) {
    Partner p = partners.require(nodeId);
    PartnerRegistry.ClientCredentials creds =
        partners
            .clientCredentials(nodeId)
            .orElseThrow(
                () ->
                    new DomainException(
                        ErrorCode.FAILED_PRECONDITION,
                        "no client certificate for partner " + nodeId));
    List<X509Certificate> chain = Pem.readCertificates(creds.chainPem());
    PrivateKey key = vault.decrypt(creds.encryptedKey());
    TrustBundle bundle = TrustBundle.parse(p.bundleText());
    ReloadingKeyManager km = new ReloadingKeyManager(key, chain);
    ReloadingTrustManager tm =
        new ReloadingTrustManager(new TrustSource(bundle, RevocationChecker.none(), clock, skew));
    CircuitBreaker cb =
        CircuitBreaker.of(
            "partner-" + nodeId,
            CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(5))
                .permittedNumberOfCallsInHalfOpenState(2)
                .build());
    PartnerChannel existing = channels.get(nodeId);
    PartnerStats stats = existing != null ? existing.stats : new PartnerStats();
    if (existing != null) {
      cb = existing.circuitBreaker();
    } else {
      cb.getEventPublisher().onStateTransition(e -> breakerMoved(nodeId, e.getStateTransition()));
    }
    PartnerChannel ch;
    try {
      ch =
          new PartnerChannel(
              nodeId, p.federationEndpoint(), km, tm, cb, stats, clock, events, tracing);
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the TLS context for partner " + nodeId, e);
    }
    ch.certificateIssuedAt = p.clientIssuedAt();
    ch.certificateNotAfter = chain.get(0).getNotAfter().toInstant();
    PartnerChannel old = channels.put(nodeId, ch);
    if (old != null) {
      old.channel().shutdown();
    }
    scheduleRenewal(ch);
    return ch;
  }

  public PartnerChannel channel(String nodeId) {
    PartnerChannel ch = channels.get(nodeId);
    return ch != null ? ch : open(nodeId);
  }

  public Collection<PartnerChannel> all() {
    return channels.values();
  }

  /**
   * Runs one call to a partner with a deadline, through its circuit breaker, recording health. A
   * TLS failure triggers a bundle refresh.
   */
  public <T> T call(
      String nodeId,
      Duration deadline,
      Function<FederationServiceGrpc.FederationServiceBlockingStub, T> fn) {
    PartnerChannel ch = channel(nodeId);
    FederationServiceGrpc.FederationServiceBlockingStub stub =
        FederationServiceGrpc.newBlockingStub(ch.channel())
            .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    long start = System.nanoTime();
    try {
      T result = fn.apply(stub);
      ch.stats.success(clock.instant(), (System.nanoTime() - start) / 1e6);
      return result;
    } catch (StatusRuntimeException e) {
      PartnerCalls.Failure f = PartnerCalls.classify(e);
      ch.stats.failure(clock.instant(), f.summary());
      if (f.tls() && ch.tlsRefreshAllowed(clock.instant())) {
        scheduler.execute(() -> refreshBundleQuietly(nodeId));
      }
      throw e;
    }
  }

  /**
   * Pings the partner; its {@code server_time}, taken at the midpoint of the round trip, is a
   * clock-offset sample (§10.1), logged at WARN above the threshold.
   */
  public PingResponse ping(String nodeId) {
    Instant sentAt = clock.instant();
    long sent = System.nanoTime();
    PingResponse r =
        call(nodeId, PING_DEADLINE, stub -> stub.ping(PingRequest.getDefaultInstance()));
    if (r.hasServerTime()) {
      PartnerChannel ch = channel(nodeId);
      ch.stats.clockSample(
          r.getServerTime().getSeconds() * 1000 + r.getServerTime().getNanos() / 1_000_000,
          sentAt,
          Duration.ofNanos(System.nanoTime() - sent),
          clock.instant());
      warnIfSkewed(nodeId, ch.stats.clockOffset());
    }
    return r;
  }

  /**
   * Tells the partner that this node has revoked it (docs/federation.md §12.4), over the channel
   * that still works, without the circuit breaker or health stats of {@link #call}.
   *
   * @throws StatusRuntimeException if the call fails (for the caller to classify)
   */
  public void notifyRevocation(String nodeId, String reason, Instant revokedAt, Duration deadline) {
    FederationTrustServiceGrpc.newBlockingStub(channel(nodeId).channel())
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .notifyRevocation(
            NotifyRevocationRequest.newBuilder()
                .setReason(reason)
                .setRevokedAt(ProtoTime.timestamp(revokedAt))
                .build());
  }

  /**
   * Pings the partner and checks that the answer names it (docs/federation.md §10.1, see {@link
   * PartnerPing}).
   *
   * @throws StatusRuntimeException if the call fails (for the caller to classify)
   * @throws DomainException FAILED_PRECONDITION if the partner answers with another node ID
   */
  public void verifiedPing(String nodeId) {
    PartnerPing.verified(this, partners, clock, nodeId);
  }

  /** What a Ping answer says of the partner. */
  record PingAnswer(String nodeId, String displayName) {}

  /** Pings the partner; the node ID and company name its answer names. */
  PingAnswer pingAnswer(String nodeId) {
    PingResponse r = ping(nodeId);
    return new PingAnswer(r.getNodeId(), r.getDisplayName());
  }

  private final Map<String, Instant> clockWarned = new ConcurrentHashMap<>();

  /** WARN once per 10 minutes per partner while its clock offset is above the threshold. */
  void warnIfSkewed(String nodeId, PartnerStats.ClockOffset o) {
    if (!clockOffsetTooLarge(o)) {
      clockWarned.remove(nodeId);
      return;
    }
    Instant now = clock.instant();
    Instant last = clockWarned.get(nodeId);
    if (last == null || now.isAfter(last.plusSeconds(600))) {
      clockWarned.put(nodeId, now);
      LOG.warn(
          "the clock of partner {} is {} ms {} ours (±{} ms), more than the {} s warning"
              + " threshold: check NTP on both nodes",
          nodeId,
          o.offset().abs().toMillis(),
          o.offset().isNegative() ? "behind" : "ahead of",
          o.rtt().toMillis() / 2,
          clockOffsetWarning.toSeconds());
    }
  }

  /** Fetches the partner's bundle if newer; updates the trust manager. Returns true if changed. */
  public boolean refreshBundle(String nodeId) {
    Partner p = partners.require(nodeId);
    GetTrustBundleResponse r =
        call(
            nodeId,
            PING_DEADLINE,
            stub ->
                stub.getTrustBundle(
                    GetTrustBundleRequest.newBuilder()
                        .setKnownSequence(p.bundleSequence())
                        .build()));
    if (r.getUnchanged() || r.getSequence() <= p.bundleSequence()) {
      partners.storeBundle(nodeId, p.bundleText(), p.bundleSequence());
      return false;
    }
    TrustBundle bundle;
    try {
      bundle = TrustBundle.parse(r.getTrustBundle());
    } catch (CaException e) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          nodeId + " sent an unreadable trust bundle: " + e.getMessage());
    }
    if (!bundle.trustDomain().value().equals(nodeId) || bundle.sequence() != r.getSequence()) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          nodeId + " sent a trust bundle for " + bundle.trustDomain().value());
    }
    // Continuity: a new bundle must keep at least one root we already trust (root rotation
    // publishes old and new roots together), so a bundle can never jump to unrelated roots.
    List<X509Certificate> heldRoots = TrustBundle.parse(p.bundleText()).roots();
    if (bundle.roots().stream().noneMatch(heldRoots::contains)) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          nodeId + " sent a trust bundle that shares no root with the one we hold");
    }
    partners.storeBundle(nodeId, bundle.toText(), bundle.sequence());
    PartnerChannel ch = channel(nodeId);
    ch.trustManager().update(ch.trustManager().current().withBundle(bundle));
    LOG.info("trust bundle of {} updated to sequence {}", nodeId, bundle.sequence());
    return true;
  }

  private void refreshBundleQuietly(String nodeId) {
    try {
      refreshBundle(nodeId);
    } catch (RuntimeException e) {
      LOG.debug("bundle refresh of {} failed: {}", nodeId, e.getMessage());
    }
  }

  private void refreshAllQuietly() {
    for (String nodeId : channels.keySet()) {
      refreshBundleQuietly(nodeId);
    }
  }

  private void scheduleRenewal(PartnerChannel ch) {
    Instant issued = ch.certificateIssuedAt != null ? ch.certificateIssuedAt : clock.instant();
    Duration life = Duration.between(issued, ch.certificateNotAfter);
    long lifeMs = Math.max(life.toMillis(), 1000);
    long jitter = (long) (lifeMs * 0.05 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
    Instant at = issued.plusMillis(lifeMs * 2 / 3 + jitter);
    long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
    LOG.debug("renewal at {} scheduled in {} ms", ch.partnerId(), delay);
    ScheduledFuture<?> previous =
        renewals.put(
            ch.partnerId(),
            scheduler.schedule(() -> renewQuietly(ch.partnerId()), delay, TimeUnit.MILLISECONDS));
    if (previous != null) {
      previous.cancel(false);
    }
  }

  private void renewQuietly(String nodeId) {
    try {
      renew(nodeId);
    } catch (RuntimeException e) {
      LOG.warn("certificate renewal at {} failed, retrying: {}", nodeId, e.getMessage());
      PartnerChannel ch = channels.get(nodeId);
      if (ch != null) {
        long retry =
            Math.max(
                200, Duration.between(clock.instant(), ch.certificateNotAfter).toMillis() / 10);
        renewals.put(
            nodeId, scheduler.schedule(() -> renewQuietly(nodeId), retry, TimeUnit.MILLISECONDS));
      }
    }
  }

  /** Renews our client certificate at the partner over the existing mTLS channel. */
  public void renew(String nodeId) {
    PartnerChannel ch = channel(nodeId);
    KeyPair kp = KeyPairs.generateP256();
    String csr = Csrs.createPartnerCsr(kp, NodeId.of(nodeId), self);
    RenewCertificateResponse r =
        call(
            nodeId,
            CALL_DEADLINE,
            stub ->
                stub.renewCertificate(RenewCertificateRequest.newBuilder().setCsrPem(csr).build()));
    List<X509Certificate> chain = Pem.readCertificates(r.getClientCertificateChainPem());
    Partner p = partners.require(nodeId);
    TrustBundle.parse(p.bundleText())
        .validate(chain, clock.instant(), skew, RevocationChecker.none(), KeyPurpose.CLIENT_AUTH);
    if (!chain.get(0).getPublicKey().equals(kp.getPublic())) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION, nodeId + " returned a certificate for another key");
    }
    Instant notAfter = chain.get(0).getNotAfter().toInstant();
    partners
        .jdbi()
        .useTransaction(
            h -> {
              partners.storeClientCredentials(
                  h,
                  nodeId,
                  Pem.writeCertificates(chain),
                  vault.encryptLeaf(kp.getPrivate()),
                  notAfter);
              partners
                  .audit()
                  .record(
                      h,
                      TrustAudit.Actor.SYSTEM,
                      nodeId,
                      "RENEW",
                      "client certificate renewed until " + notAfter);
            });
    ch.keyManager().update(kp.getPrivate(), chain);
    ch.certificateIssuedAt = clock.instant();
    ch.certificateNotAfter = notAfter;
    ch.stats.renewed();
    LOG.info(
        "renewed our client certificate at {}: serial {} valid until {}",
        nodeId,
        chain.get(0).getSerialNumber().toString(16),
        notAfter);
    try {
      ch.reconnect();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot rebuild the TLS context for " + nodeId, e);
    }
    scheduleRenewal(ch);
  }

  @Override
  public void close() {
    if (refresher != null) {
      refresher.cancel(false);
    }
    scheduler.shutdownNow();
    channels.values().forEach(PartnerChannel::close);
    channels.clear();
  }
}
