package io.eventkit.node;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.eventkit.ca.CaException;
import io.eventkit.node.crew.CrewModule;
import io.eventkit.node.crm.CrmModule;
import io.eventkit.node.data.DataModule;
import io.eventkit.node.demo.DemoDataset;
import io.eventkit.node.federation.FederationModule;
import io.eventkit.node.federation.availability.FederatedAvailability;
import io.eventkit.node.federation.availability.FederatedAvailabilityModule;
import io.eventkit.node.federation.health.PartnerMetrics;
import io.eventkit.node.federation.resolve.ResolveModule;
import io.eventkit.node.files.FileModule;
import io.eventkit.node.identity.IdentityModule;
import io.eventkit.node.identity.Recipients;
import io.eventkit.node.info.NodeIdentity;
import io.eventkit.node.info.NodeInfoService;
import io.eventkit.node.inventory.InventoryModule;
import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.notifications.NotificationsModule;
import io.eventkit.node.notifications.inbox.InboxConfig;
import io.eventkit.node.notifications.inbox.InboxModule;
import io.eventkit.node.planning.PlanningModule;
import io.eventkit.node.platform.api.connect.ConnectErrorHandler;
import io.eventkit.node.platform.api.connect.ConnectFilter;
import io.eventkit.node.platform.api.grpc.ApiServer;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.node.platform.backup.Backups;
import io.eventkit.node.platform.backup.PointInTimeRestore;
import io.eventkit.node.platform.cluster.ChangeFeed;
import io.eventkit.node.platform.cluster.ClusterJobs;
import io.eventkit.node.platform.db.ApplicationRole;
import io.eventkit.node.platform.db.Database;
import io.eventkit.node.platform.errors.ErrorTracking;
import io.eventkit.node.platform.events.DomainEvents;
import io.eventkit.node.platform.health.HealthServlet;
import io.eventkit.node.platform.mail.MailOutbox;
import io.eventkit.node.platform.metrics.MetricsServlet;
import io.eventkit.node.platform.metrics.RpcMetrics;
import io.eventkit.node.platform.pdf.PdfRenderer;
import io.eventkit.node.platform.tenancy.TenantRouting;
import io.eventkit.node.platform.tenancy.Tenants;
import io.eventkit.node.platform.tracing.Tracing;
import io.eventkit.node.platform.web.WebAppServlet;
import io.eventkit.node.quotes.QuotesModule;
import io.eventkit.node.reports.ReportsModule;
import io.eventkit.node.scanning.ScanningModule;
import io.eventkit.node.subhire.SubHireModule;
import io.eventkit.node.tenants.TenantsModule;
import io.eventkit.node.transport.TransportModule;
import io.grpc.BindableService;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The node. {@code run} is the one wiring place: every feature is built here with plain
 * constructors, in dependency order.
 */
public class NodeApplication extends Application<NodeConfiguration> {
  private final Clock clock;
  private volatile NodeRuntime runtime;

  public NodeApplication() {
    this(Clock.systemUTC());
  }

  public NodeApplication(Clock clock) {
    this.clock = clock;
  }

  public static void main(String[] args) throws Exception {
    new NodeApplication().run(args);
  }

  @Override
  public String getName() {
    return "eventkit-node";
  }

  @Override
  public void initialize(Bootstrap<NodeConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    bootstrap.addCommand(new DevCommand(this));
    bootstrap.addCommand(new RestoreCommand(clock));
  }

  @Override
  protected void addDefaultCommands(Bootstrap<NodeConfiguration> bootstrap) {
    bootstrap.addCommand(new NodeCommands.Server(this));
    bootstrap.addCommand(new NodeCommands.Check(this));
  }

  /** {@code dev --clock-offset -PT10M}: see {@link DevCommand#normalizeArguments}. */
  @Override
  public void run(String... arguments) throws Exception {
    super.run(DevCommand.normalizeArguments(arguments));
  }

  @Override
  public void run(NodeConfiguration config, Environment environment) {
    LibraryDebugFilter.install();
    config.serverFactory(); // refuses a server layout that would put /admin on the API port
    // clockOffset (skew tests only) shifts every time-dependent part of the node at once.
    Clock clock = Clock.offset(this.clock, config.getClockOffset());
    if (config.getNodeId().isBlank()
        || config.getPublicHost().isBlank()
        || config.getDataDir().isBlank()) {
      throw new StartupException(
          "nodeId, publicHost and dataDir must be set (EVENTKIT_NODE_ID, EVENTKIT_PUBLIC_HOST,"
              + " EVENTKIT_DATA_DIR)");
    }
    Path dataDir = Path.of(config.getDataDir()).toAbsolutePath();
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StartupException(
          "cannot create the data directory "
              + dataDir
              + " ("
              + e
              + "); set EVENTKIT_DATA_DIR (or --data-dir) to a directory this user can write",
          e);
    }
    // Taken before the embedded PostgreSQL starts, released last on shutdown.
    DataDirLock lock = DataDirLock.acquire(dataDir, clock);
    environment.lifecycle().manage(lock);
    List<AutoCloseable> startedResources = new ArrayList<>();
    startedResources.add(lock);
    try {
      wire(config, environment, clock, dataDir, startedResources);
    } catch (RuntimeException e) {
      // Nothing keeps running after a failed start: the embedded database and the lock.
      for (int i = startedResources.size() - 1; i >= 0; i--) {
        try {
          startedResources.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private void wire(
      NodeConfiguration config,
      Environment environment,
      Clock clock,
      Path dataDir,
      List<AutoCloseable> startedResources) {
    // First, so that errors of the start-up itself are reported (when a DSN is configured).
    ErrorTracking.install(config.getErrorTracking(), version(), config.getNodeId())
        .ifPresent(environment.lifecycle()::manage);
    Path restoreMarker = dataDir.resolve(PointInTimeRestore.MARKER);
    if (config.getDatabase().isEmbedded() && Files.exists(restoreMarker)) {
      String previous;
      try {
        previous = Files.readString(restoreMarker).trim();
      } catch (IOException e) {
        previous = "(unreadable: " + e.getMessage() + ")";
      }
      throw new StartupException(
          "a restore of this node was interrupted; the database as it was is in "
              + previous
              + ". Run 'eventkit-node restore --to <time>' again to finish it, or undo it: move"
              + " that directory back to "
              + dataDir.resolve("postgres")
              + " (after deleting the half-restored one) and delete "
              + restoreMarker
              + ". Nothing was started");
    }
    List<String> backupProblems = new ArrayList<>(config.getBackup().problems());
    backupProblems.addAll(config.getFiles().problems());
    backupProblems.addAll(config.getTracing().problems());
    backupProblems.addAll(config.getFederation().problems());
    backupProblems.addAll(config.getSubhire().problems());
    if (!backupProblems.isEmpty()) {
      throw new StartupException(String.join("; ", backupProblems));
    }
    Database.Opened database =
        Database.open(
            config.getDatabase(),
            config.getSaas().isEnabled(),
            dataDir,
            Backups.embeddedSettings(config.getBackup(), dataDir),
            environment,
            startedResources);
    Jdbi jdbi = database.jdbi();
    if (config.getSaas().isEnabled()) {
      // A shared deployment serves only as a role that row-level security binds.
      List<String> roleProblems = ApplicationRole.problems(jdbi);
      if (!roleProblems.isEmpty()) {
        throw new StartupException(String.join("; ", roleProblems));
      }
      List<String> slow = ApplicationRole.slowUnderPolicies(jdbi);
      if (!slow.isEmpty()) {
        org.slf4j.LoggerFactory.getLogger(NodeApplication.class)
            .warn(
                "saas.enabled: searches and availability queries will scan each tenant's rows instead"
                    + " of using their indexes until a superuser of the database runs: {}"
                    + " (docs/saas.md, \"Indexes under row-level security\")",
                String.join(" ", slow));
      }
    }
    // What replicas on this database hold in memory follows the others' changes through it.
    ChangeFeed changes = new ChangeFeed(jdbi, database.direct());
    environment.lifecycle().manage(changes);
    // Jobs that run once per schedule across replicas (managed before them: stopped after them).
    // Background work runs once as each tenant the node serves (one: default, when self-hosted).
    Tenants tenants = config.getSaas().isEnabled() ? Tenants.shared(jdbi) : Tenants.single();
    TenantRouting routing =
        config.getSaas().isEnabled()
            ? TenantRouting.shared(config.getSaas().getBaseDomain(), tenants)
            : TenantRouting.single();
    // The base of the links a feature hands out, for the tenant it works for.
    java.util.function.Supplier<String> tenantUrl =
        () -> routing.publicUrl(publicUrl(config), TenantContext.current());
    ClusterJobs jobs = new ClusterJobs(jdbi, database.direct(), tenants);
    environment.lifecycle().manage(jobs);

    // Platform services features are built with (passed to their constructors).
    config
        .getMail()
        .problem()
        .ifPresent(
            p -> {
              throw new StartupException(p);
            });
    // The domain-event stream: features record events with it in their own transactions.
    List<String> notificationProblems =
        new java.util.ArrayList<>(config.getNotifications().problems());
    notificationProblems.addAll(config.getRetention().problems());
    if (!notificationProblems.isEmpty()) {
      throw new StartupException(String.join("; ", notificationProblems));
    }
    DomainEvents events = new DomainEvents(clock, config.getNotifications().isEnabled());
    Path templateDir =
        config.getDocuments().getTemplateDir().isBlank()
            ? dataDir.resolve("templates")
            : Path.of(config.getDocuments().getTemplateDir()).toAbsolutePath();
    PdfRenderer documents = new PdfRenderer(templateDir);

    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    RpcMetrics rpcMetrics = new RpcMetrics(registry);
    // Managed before the servers, so it stops after them and exports their last spans.
    Tracing tracing = Tracing.create(config.getTracing(), config.getNodeId(), version());
    environment.lifecycle().manage(tracing);

    // Required in server mode; a dev node without one shows its node ID.
    String displayName =
        config.getDisplayName().isBlank() ? config.getNodeId() : config.getDisplayName();
    FederationModule federation;
    try {
      federation =
          FederationModule.create(
              config.getFederation(),
              config.getNodeId(),
              displayName,
              config.getPublicHost(),
              dataDir,
              jdbi,
              clock,
              events,
              registry,
              rpcMetrics,
              tracing,
              environment,
              changes,
              jobs);
    } catch (CaException e) {
      if (e.reason() != CaException.Reason.WRONG_PASSPHRASE) {
        throw e;
      }
      throw new StartupException(
          "the key passphrase does not decrypt the keys this node stored in its database on its"
              + " first start. Set EVENTKIT_KEY_PASSPHRASE (or EVENTKIT_KEY_PASSPHRASE_FILE) to"
              + " the passphrase the node was first started with (a dev node keeps it in "
              + dataDir.resolve("key-passphrase")
              + "). Nothing was changed.",
          e);
    }

    // After the PKI opened: a wrong passphrase must leave nothing new behind. Mails that carry a
    // secret (password-reset links) are sealed with the same key vault.
    MailOutbox mail =
        new MailOutbox(jdbi, config.getMail(), clock, federation.pki().vault(), tenants);
    environment.lifecycle().manage(mail);
    IdentityModule identityModule;
    try {
      identityModule =
          IdentityModule.open(
              jdbi,
              clock,
              events,
              federation.pki().vault(),
              config.getNodeId(),
              config.getSso(),
              config.getLdap(),
              mail,
              tenantUrl,
              changes);
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage(), e);
    }
    Optional<String> newAdminToken;
    try {
      newAdminToken = identityModule.ensureAdminToken(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the admin token under " + dataDir, e);
    }

    NodeIdentity identity =
        new NodeIdentity(
            config.getNodeId(),
            displayName,
            version(),
            () ->
                io.eventkit.node.federation.handshake.Endpoints.of(
                    config.getPublicHost(), federation.server().port()),
            federation.pki()::rootFingerprint,
            clock.instant());

    RequestValidators validators = new RequestValidators();
    IdentityModule.registerValidators(validators);
    // Notifications, the users' side (inbox, email, digest, web push); the fan-out calls its sink.
    InboxModule inbox =
        new InboxModule(
            jdbi,
            clock,
            mail,
            InboxConfig.defaults()
                .withDigestHour(config.getNotifications().getDigestHour())
                .withPush(
                    config.getNotifications().isWebPush(),
                    5,
                    Duration.ofSeconds(30),
                    Duration.ofHours(1)),
            federation.pki().vault(),
            new Recipients(),
            tenants,
            // Each company's own host in a shared deployment; none without a public URL.
            () -> publicUrl(config).isEmpty() ? "" : tenantUrl.get());
    inbox.registerValidators(validators);
    inbox.managed().forEach(environment.lifecycle()::manage);
    NotificationsModule notifications =
        new NotificationsModule(
            jdbi,
            clock,
            events,
            federation.pki().vault(),
            identityModule.auditLog(),
            config.getNotifications(),
            List.of(inbox.sink()),
            tenants);
    NotificationsModule.registerValidators(validators);
    environment.lifecycle().manage(notifications);
    InventoryModule inventory =
        InventoryModule.create(jdbi, clock, config.getNodeId(), config.getInventory(), jobs);
    inventory.registerValidators(validators);
    environment.lifecycle().manage(inventory.shortageRefresher());
    PlanningModule planning =
        PlanningModule.create(jdbi, clock, events, inventory, config.getInventory());
    boolean demoLoaded =
        config.getInventory().isDemoData()
            && DemoDataset.loadIfEmpty(inventory, planning.planning, clock);
    PartnerMetrics partnerMetrics = new PartnerMetrics(registry, federation.channels());
    Duration partnerDeadline = config.getFederation().getAvailabilityDeadline().toJavaDuration();
    FederatedAvailabilityModule federatedAvailability =
        FederatedAvailabilityModule.create(
            federation,
            inventory,
            planning,
            jdbi,
            FederatedAvailability.Settings.defaults(partnerDeadline)
                .inFlight(
                    config.getFederation().getAvailabilityInFlight(),
                    config.getFederation().effectiveAvailabilityInFlightMax()),
            partnerMetrics,
            clock);
    federatedAvailability.registerValidators(validators);
    environment.lifecycle().manage(federatedAvailability);
    SubHireModule subHire =
        new SubHireModule(
            jdbi,
            federation,
            inventory,
            planning,
            config.getNodeId(),
            displayName,
            config.getSubhire(),
            clock,
            events,
            registry);
    environment.lifecycle().manage(subHire);
    environment
        .healthChecks()
        .register(HealthServlet.DEGRADED_PREFIX + "subhire", subHire.healthCheck(clock));
    ScanningModule scanning =
        ScanningModule.create(
            jdbi, clock, events, inventory, planning, subHire.manifestLookup(), jobs);
    scanning.registerValidators(validators);
    environment.lifecycle().manage(scanning.overdueSweep());
    CrmModule crm = CrmModule.create(jdbi, clock);
    crm.registerValidators(validators);
    QuotesModule quotes = QuotesModule.create(jdbi, clock, events, planning, mail, documents);
    CrewModule crew = CrewModule.create(jdbi, clock, events, tenantUrl);
    crew.registerValidators(validators);
    TransportModule transport = TransportModule.create(jdbi, clock, documents);
    transport.registerValidators(validators);
    DataModule data =
        DataModule.create(
            jdbi, clock, config.getNodeId(), routing.activeOnly(identityModule.authenticator()));
    data.registerValidators(validators);
    FileModule files =
        FileModule.create(
            config.getFiles(),
            dataDir,
            jdbi,
            clock,
            federation.pki().vault(),
            routing.activeOnly(identityModule.authenticator()),
            routing::isActive);
    files.registerValidators(validators);
    // Base backups, and the local file store's files beside them (embedded database only).
    Backups.schedule(
            config.getBackup(),
            config.getDatabase(),
            dataDir,
            files.localDirectory(),
            jdbi,
            database.owner(),
            clock)
        .ifPresent(environment.lifecycle()::manage);
    ReportsModule reports;
    try {
      reports = ReportsModule.create(jdbi, clock, inventory, config.getReports());
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage(), e);
    }
    reports.registerValidators(validators);
    // Purges what only grows, past its retention (one replica at a time).
    io.eventkit.node.platform.retention.RetentionConfig keep = config.getRetention();
    io.eventkit.node.platform.retention.Retention retention =
        new io.eventkit.node.platform.retention.Retention(
            jdbi, clock, keep.getInterval().toJavaDuration(), tenants);
    retention.add(SubHireModule.retention(keep));
    retention.add(FederationModule.retention(keep));
    retention.add(IdentityModule.retention(keep));
    retention.add(DataModule.retention(keep));
    retention.add(List.of(ApiServer.retention()));
    retention.add(files.retention());
    environment.lifecycle().manage(retention);
    if (demoLoaded) {
      quotes.startDemoPricing(DemoDataset.CURRENCY);
      transport.startDemoTransport();
      planning.planning.adoptClients(crm.startDemoClients(DemoDataset.CLIENTS));
      crew.startDemoCrew(DemoDataset.CURRENCY);
    }
    ResolveModule resolve =
        ResolveModule.create(
            federation,
            inventory,
            config.getNodeId(),
            subHire.manifestLookup(),
            partnerDeadline,
            partnerMetrics,
            clock);
    resolve.registerValidators(validators);
    environment.lifecycle().manage(resolve);

    List<BindableService> services = new ArrayList<>();
    services.add(new NodeInfoService(identity, clock));
    services.add(identityModule.service());
    services.add(federation.adminService());
    services.addAll(inventory.services());
    services.addAll(planning.services());
    services.addAll(scanning.services());
    services.addAll(crm.services());
    services.addAll(quotes.services());
    services.addAll(crew.services());
    services.addAll(transport.services());
    services.addAll(data.services());
    services.addAll(files.services());
    services.addAll(reports.services());
    services.addAll(inbox.grpcServices());
    services.add(federatedAvailability.localService());
    services.add(subHire.localService());
    services.add(
        TenantsModule.create(
                jdbi,
                clock,
                routing,
                identityModule,
                () -> publicUrl(config),
                data,
                files,
                dataDir.resolve("tenant-exports"))
            .service());
    services.add(resolve.localService());
    services.addAll(notifications.services());
    ApiServer api =
        new ApiServer(
            config.getGrpc().getBindHost(),
            config.getGrpc().getPort(),
            services,
            identityModule.authenticator(),
            validators,
            rpcMetrics,
            tracing,
            config.getRateLimits(),
            clock,
            database.pool(),
            routing);
    environment.lifecycle().manage(api);

    // No JAX-RS resources: every path that is not Connect, /health or /metrics is the web app
    // (platform/web), which answers a Connect 404 for what it does not serve.
    environment.jersey().disable();
    environment.getApplicationContext().setErrorHandler(new ConnectErrorHandler());
    environment.servlets().addServlet("web-app", new WebAppServlet()).addMapping("/");
    // The crew calendar feed: no login, the secret in the path is the credential.
    environment
        .servlets()
        .addServlet("crew-calendar", crew.calendarServlet(routing::isActive))
        .addMapping(CrewModule.CALENDAR_PATH);
    // Attachments' upload and download: the bearer credential or a signed link, checked there.
    environment.servlets().addServlet("files", files.servlet()).addMapping(FileModule.PATH);
    // The full export download: the API's bearer credential, checked by the servlet.
    environment
        .servlets()
        .addServlet("data-export", data.exportServlet())
        .addMapping(DataModule.EXPORT_PATH);
    environment
        .lifecycle()
        .addEventListener(
            new org.eclipse.jetty.util.component.LifeCycle.Listener() {
              @Override
              public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                if (event instanceof org.eclipse.jetty.server.Server server) {
                  // Errors Jetty answers before a context is chosen (unparseable requests).
                  server.setErrorHandler(new ConnectErrorHandler.ForServer());
                }
              }
            });
    warnIfAdminIsPublic(config);
    environment
        .servlets()
        .addFilter(
            "connect",
            new ConnectFilter(
                api.inProcessChannel(),
                api.methods(),
                config.getConnect().getMaxRequestBytes(),
                config.getConnect().isStrictJson()))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    environment
        .servlets()
        .addServlet(
            "health", new HealthServlet(environment.healthChecks(), environment.getObjectMapper()))
        .addMapping("/health", "/health/*");
    if (config.getSaas().isEnabled()) {
      // A shared deployment's metrics name its companies and their traffic: they are the
      // operator's, on the admin connector (loopback unless configured), not the public port.
      environment
          .admin()
          .addServlet("prometheus", new MetricsServlet(registry))
          .addMapping("/prometheus");
      environment
          .servlets()
          .addServlet(
              "metrics",
              new jakarta.servlet.http.HttpServlet() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void doGet(
                    jakarta.servlet.http.HttpServletRequest req,
                    jakarta.servlet.http.HttpServletResponse res)
                    throws java.io.IOException {
                  res.sendError(
                      404,
                      "in SaaS mode the metrics are on the admin port, at /prometheus"
                          + " (docs/operations.md)");
                }
              })
          .addMapping("/metrics");
    } else {
      environment
          .servlets()
          .addServlet("metrics", new MetricsServlet(registry))
          .addMapping("/metrics");
    }

    runtime =
        new NodeRuntime(
            config.getNodeId(),
            dataDir,
            jdbi,
            api,
            federation,
            mail,
            documents,
            newAdminToken,
            events,
            notifications);
  }

  /** The base of links the node hands out: publicUrl, else derived from publicHost. */
  static String publicUrl(NodeConfiguration config) {
    if (!config.getPublicUrl().isBlank()) {
      return config.getPublicUrl();
    }
    String host = config.getPublicHost().isBlank() ? "localhost" : config.getPublicHost();
    if (host.equals("localhost") || host.startsWith("127.")) {
      return "http://" + host + ":" + config.httpConnector().getPort();
    }
    return "https://" + host;
  }

  private static void warnIfAdminIsPublic(NodeConfiguration config) {
    io.dropwizard.jetty.HttpConnectorFactory admin = config.adminConnector();
    if (!isLoopback(admin.getBindHost())) {
      org.slf4j.LoggerFactory.getLogger(NodeApplication.class)
          .warn(
              "the admin connector (unauthenticated: tasks, thread dump) listens on {}:{};"
                  + " keep it on 127.0.0.1 (EVENTKIT_ADMIN_BIND) unless a firewall protects it",
              admin.getBindHost() == null ? "all interfaces" : admin.getBindHost(),
              admin.getPort());
    }
  }

  private static boolean isLoopback(String host) {
    return host != null
        && (host.equals("localhost") || host.startsWith("127.") || host.equals("::1"));
  }

  /** The running node's handles; null before {@link #run} completes. */
  public NodeRuntime runtime() {
    return runtime;
  }

  static String version() {
    String v = NodeApplication.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
