package io.eventkit.node.federation;

import io.dropwizard.core.setup.Environment;
import io.eventkit.ca.CertificateAuthority;
import io.eventkit.ca.NodeId;
import io.eventkit.ca.rotation.RotationPolicy;
import io.eventkit.node.federation.api.FederationMethods;
import io.eventkit.node.federation.api.FederationServer;
import io.eventkit.node.federation.channels.PartnerChannels;
import io.eventkit.node.federation.handshake.Acceptance;
import io.eventkit.node.federation.handshake.Completion;
import io.eventkit.node.federation.handshake.Endpoints;
import io.eventkit.node.federation.handshake.Enrollment;
import io.eventkit.node.federation.handshake.Invitations;
import io.eventkit.node.federation.pki.NodePki;
import io.eventkit.node.federation.trust.FederationTrustGrpcService;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.TrustAudit;
import io.eventkit.node.platform.DaemonThreads;
import io.eventkit.node.platform.cluster.ChangeFeed;
import io.eventkit.node.platform.cluster.ClusterJobs;
import io.eventkit.node.platform.config.FederationConfig;
import io.eventkit.node.platform.crypto.KeyVault;
import io.eventkit.node.platform.events.DailySweep;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.metrics.RpcMetrics;
import io.eventkit.node.platform.retention.Retention;
import io.eventkit.node.platform.retention.RetentionConfig;
import io.grpc.BindableService;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Builds the federation engine: PKI, partner registry, channels, handshake, the mTLS and enrolment
 * listeners, and the admin service. Features that add federation RPCs register them with {@link
 * #methods()} and {@link #addFederationService} before the node starts.
 */
public final class FederationModule {
  private final NodePki pki;
  private final PartnerRegistry partners;
  private final PartnerChannels channels;
  private final FederationMethods methods;
  private final List<BindableService> federationServices;
  private final TrustAdminService adminService;
  private final FederationServer server;

  private FederationModule(
      NodePki pki,
      PartnerRegistry partners,
      PartnerChannels channels,
      TrustAdminService adminService,
      FederationServer server,
      FederationMethods methods,
      List<BindableService> federationServices) {
    this.methods = methods;
    this.federationServices = federationServices;
    this.pki = pki;
    this.partners = partners;
    this.channels = channels;
    this.adminService = adminService;
    this.server = server;
  }

  private static final String PKI_TOPIC = "pki";

  public static FederationModule create(
      FederationConfig config,
      String nodeId,
      String displayName,
      String publicHost,
      Path dataDir,
      Jdbi jdbi,
      Clock clock,
      DomainEvents events,
      PrometheusRegistry registry,
      RpcMetrics rpcMetrics,
      io.eventkit.node.platform.tracing.Tracing tracing,
      Environment environment,
      ChangeFeed changes,
      ClusterJobs jobs) {
    NodeId self = NodeId.of(nodeId);
    Duration skew = config.getClockSkew().toJavaDuration();
    Duration clientLifetime = config.getClientCertificateLifetime().toJavaDuration();
    Duration maxClientLifetime = config.getMaxClientCertificateLifetime().toJavaDuration();
    LinkedHashSet<String> hosts =
        new LinkedHashSet<>(List.of(publicHost, "localhost", "127.0.0.1"));
    NodePki pki =
        NodePki.openOrCreate(
            jdbi,
            self,
            KeyVault.open(config.resolveKeyPassphrase(), dataDir),
            clock,
            new NodePki.Settings(
                List.copyOf(hosts),
                config.getServerCertificateLifetime().toJavaDuration(),
                skew,
                new RotationPolicy(
                    config.getCaPublishLead().toJavaDuration(), maxClientLifetime.plus(skew))));
    PartnerRegistry partners =
        new PartnerRegistry(jdbi, clock, new TrustAudit(jdbi, clock), changes);
    PartnerChannels channels =
        new PartnerChannels(
            self,
            partners,
            pki.vault(),
            clock,
            skew,
            config.getBundleRefreshInterval().toJavaDuration(),
            tracing.clientInterceptor());
    FederationServer[] serverRef = new FederationServer[1];
    Endpoints.of(publicHost, 1); // refuse a publicHost partners would refuse (§3), at start
    java.util.function.Supplier<String> federationEndpoint =
        () -> Endpoints.of(publicHost, serverRef[0].port());
    java.util.function.Supplier<String> enrollmentEndpoint =
        () -> Endpoints.of(publicHost, serverRef[0].enrollmentPort());
    Enrollment enrollment = new Enrollment(pki, partners, clock, clientLifetime, maxClientLifetime);
    Completion completion = new Completion(pki, partners, channels, clock);
    Invitations invitations =
        new Invitations(
            pki, partners, clock, enrollmentEndpoint, config.getDefaultPartnerRateLimit());
    Acceptance acceptance =
        new Acceptance(
            pki,
            partners,
            channels,
            clock,
            federationEndpoint,
            clientLifetime,
            maxClientLifetime,
            config.getDefaultPartnerRateLimit());
    TrustAdmin admin =
        new TrustAdmin(
            pki,
            partners,
            channels,
            invitations,
            acceptance,
            clock,
            CertificateAuthority.DEFAULT_ISSUING_LIFETIME,
            () -> changes.publish(PKI_TOPIC, "issuing-cas"));
    // An issuing-CA rotation step on another replica: trust and sign with the same CAs here.
    changes.subscribe(PKI_TOPIC, key -> pki.reloadIssuingCas());
    FederationMethods methods = new FederationMethods();
    FederationTrustGrpcService.register(methods);
    List<BindableService> services = new ArrayList<>();
    services.add(new FederationTrustGrpcService(admin::revokedByPartner));
    FederationServer server =
        FederationServer.create(
            config.getBindHost(),
            config.getPort(),
            config.effectiveEnrollmentPort(),
            self,
            displayName,
            pki,
            partners,
            methods,
            enrollment,
            completion,
            federationEndpoint,
            services,
            skew,
            registry,
            rpcMetrics,
            tracing,
            clock);
    serverRef[0] = server;
    // §12.2: a revoked partner's connections are closed too, not only its calls. The revocation
    // list is reloaded first, so its reconnect is refused at TLS and gets no resumable session.
    partners.onChange(
        id -> {
          if (partners.find(id).map(p -> p.state().ended()).orElse(true)) {
            pki.reloadRevocations();
            server.closeConnectionsOf(id);
          }
        });
    channels.clockOffsetWarning(config.getClockOffsetWarning().toJavaDuration());
    PartnerHealthEvents health = new PartnerHealthEvents(jdbi, events, partners);
    channels.onHealthChanged(
        (id, h) ->
            health.changed(
                id,
                h,
                channels.all().stream()
                    .filter(c -> c.partnerId().equals(id))
                    .findFirst()
                    .map(c -> c.stats().lastError())
                    .orElse("")));
    environment
        .lifecycle()
        .manage(
            new DailySweep(
                "certificate-sweep",
                clock,
                ClusterJobs.Scope.FEDERATION,
                new CertificateExpirySweep(jdbi, clock, events, pki, partners)::run,
                jobs));
    channels.onRevokedByPartner(
        id ->
            admin.revokedByPartner(
                id,
                "the partner refused this node's certificate as revoked",
                TrustAudit.Actor.SYSTEM));
    FederationModule module =
        new FederationModule(
            pki,
            partners,
            channels,
            new TrustAdminService(admin, config.getInvitationTtl().toJavaDuration()),
            server,
            methods,
            services);
    environment.lifecycle().manage(server);
    environment
        .healthChecks()
        .register(
            io.eventkit.node.platform.health.HealthServlet.DEGRADED_PREFIX + "federation",
            new PartnerHealthCheck(channels));
    environment
        .lifecycle()
        .manage(
            new io.dropwizard.lifecycle.Managed() {
              private final java.util.concurrent.ScheduledExecutorService maintenance =
                  java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                      DaemonThreads.named("pki-maintenance"));

              @Override
              public void start() {
                channels.start();
                // The server certificate is reissued when a third of its life is left.
                long every =
                    Math.max(
                        1_000,
                        Math.min(
                            Duration.ofHours(1).toMillis(),
                            config.getServerCertificateLifetime().toMilliseconds() / 10));
                // Not kept: the task catches its own failures, so the future only ends when
                // stopping shuts the executor down.
                var unused =
                    maintenance.scheduleWithFixedDelay(
                        () -> {
                          try {
                            pki.renewServerCertificateIfDue();
                          } catch (RuntimeException e) {
                            org.slf4j.LoggerFactory.getLogger(FederationModule.class)
                                .error("server certificate renewal failed", e);
                          }
                        },
                        every,
                        every,
                        java.util.concurrent.TimeUnit.MILLISECONDS);
              }

              @Override
              public void stop() {
                maintenance.shutdownNow();
                channels.close();
              }
            });
    return module;
  }

  public NodePki pki() {
    return pki;
  }

  public PartnerRegistry partners() {
    return partners;
  }

  public PartnerChannels channels() {
    return channels;
  }

  public FederationServer server() {
    return server;
  }

  /**
   * Adds a partner-facing service; its methods' levels must be registered in {@link #methods()}.
   */
  public void addFederationService(BindableService service) {
    federationServices.add(service);
  }

  public FederationMethods methods() {
    return methods;
  }

  /** The admin API service (served on the local API, ADMIN only). */
  public BindableService adminService() {
    return adminService;
  }

  /**
   * What retention purges here: trust audit entries older than {@code retention.audit}; the purge
   * is itself recorded in the trail.
   */
  public static java.util.List<Retention.Task> retention(RetentionConfig c) {
    return java.util.List.of(
        new Retention.Task(
            "trust audit",
            c.getAudit().toJavaDuration(),
            Retention.byAge("trust_audit"),
            (h, before, count, now) ->
                h.createUpdate(
                        "INSERT INTO trust_audit (at, actor, action, detail)"
                            + " VALUES (:now, 'retention', 'AUDIT_PURGE', :detail)")
                    .bind("now", now)
                    .bind("detail", Retention.purgeDetail(count, before))
                    .execute()));
  }
}
