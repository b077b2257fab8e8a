package io.eventkit.node;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.eventkit.node.inventory.InventoryConfig;
import io.eventkit.node.platform.config.ConnectConfig;
import io.eventkit.node.platform.config.DatabaseConfig;
import io.eventkit.node.platform.config.FederationConfig;
import io.eventkit.node.platform.config.GrpcConfig;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * The node's configuration. Every value has a default that makes {@code dev} mode work with no
 * file; {@code server config.yml} is the production path ({@code ${ENV:-default}} substitution is
 * on).
 *
 * <p>The HTTP server has two connectors (Dropwizard's "default" server): the application connector
 * (Connect, {@code /health}, {@code /metrics}) and the admin connector (Dropwizard's tasks, thread
 * dump, healthcheck details), which is unauthenticated and therefore bound to 127.0.0.1 by default.
 * The application port serves no {@code /admin}.
 */
public class NodeConfiguration extends Configuration {

  /** DNS-style node ID; it is also the node's federation trust domain. */
  // Empty is allowed here so that `check` can list every missing setting at once (see
  // ServerModeChecks); `dev` falls back to dev.eventkit.local.
  @NotNull
  @Pattern(
      regexp =
          "^$|^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$",
      message = "must be a lowercase DNS-style name such as acme-av.example (EVENTKIT_NODE_ID)")
  private String nodeId = "dev.eventkit.local";

  private String displayName = "";

  /** Where the node keeps its files: the embedded database, the admin token. */
  @NotNull private String dataDir = "data";

  /**
   * Host name partners and clients use to reach this node (also the server certificate's DNS SAN).
   */
  @NotNull private String publicHost = "localhost";

  /**
   * The URL people reach the node's web app at, e.g. {@code https://eventkit.acme-av.example}: the
   * base of links the node hands out (crew calendar feeds). Empty: {@code https://<publicHost>}, or
   * {@code http://<publicHost>:<http port>} for a dev node.
   */
  @Pattern(
      regexp = "^$|^https?://[^\\s/?#]+(/[^\\s?#]*)?$",
      message = "must be an http(s) URL (EVENTKIT_PUBLIC_URL)")
  private String publicUrl = "";

  /**
   * Shifts the node's clock by this much (ISO-8601, e.g. {@code PT30S}, {@code -PT10M}). For
   * clock-skew tests only; zero in production.
   */
  @NotNull private java.time.Duration clockOffset = java.time.Duration.ZERO;

  @Valid @NotNull private DatabaseConfig database = new DatabaseConfig();
  @Valid @NotNull private GrpcConfig grpc = new GrpcConfig();
  @Valid @NotNull private FederationConfig federation = new FederationConfig();
  @Valid @NotNull private ConnectConfig connect = new ConnectConfig();
  @Valid @NotNull private InventoryConfig inventory = new InventoryConfig();

  @Valid @NotNull
  private io.eventkit.node.platform.config.RateLimitConfig rateLimits =
      new io.eventkit.node.platform.config.RateLimitConfig();

  @Valid @NotNull
  private io.eventkit.node.subhire.SubHireConfig subhire =
      new io.eventkit.node.subhire.SubHireConfig();

  /** OIDC single sign-on providers (none by default). */
  @Valid @NotNull
  private io.eventkit.node.identity.SsoConfig sso = new io.eventkit.node.identity.SsoConfig();

  /** LDAP / Active Directory password login (off by default). */
  @Valid @NotNull
  private io.eventkit.node.identity.LdapConfig ldap = new io.eventkit.node.identity.LdapConfig();

  /** Outbound email over SMTP (off by default; docs/email.md). */
  @Valid @NotNull
  private io.eventkit.node.platform.mail.MailConfig mail =
      new io.eventkit.node.platform.mail.MailConfig();

  /** Rendered documents (quote PDFs): where a node's own templates live. */
  @Valid @NotNull
  private io.eventkit.node.platform.pdf.DocumentsConfig documents =
      new io.eventkit.node.platform.pdf.DocumentsConfig();

  /** Reports and dashboards: the reporting time zone (docs/reports.md). */
  @Valid @NotNull
  private io.eventkit.node.reports.ReportsConfig reports =
      new io.eventkit.node.reports.ReportsConfig();

  /** Domain events, their fan-out and outbound webhooks (docs/notifications.md). */
  @Valid @NotNull
  private io.eventkit.node.notifications.NotificationsConfig notifications =
      new io.eventkit.node.notifications.NotificationsConfig();

  /** Attachments' storage (docs/files.md). */
  @Valid @NotNull
  private io.eventkit.node.files.FileConfig files = new io.eventkit.node.files.FileConfig();

  /** Optional Sentry error tracking (docs/operations.md). */
  @Valid @NotNull
  private io.eventkit.node.platform.errors.ErrorTrackingConfig errorTracking =
      new io.eventkit.node.platform.errors.ErrorTrackingConfig();

  /** Optional OpenTelemetry tracing (docs/operations.md, "Tracing"). */
  @Valid @NotNull
  private io.eventkit.node.platform.tracing.TracingConfig tracing =
      new io.eventkit.node.platform.tracing.TracingConfig();

  /** Backups of the embedded database (docs/operations.md, "Backups and restore"). */
  @Valid @NotNull
  private io.eventkit.node.platform.backup.BackupConfig backup =
      new io.eventkit.node.platform.backup.BackupConfig();

  /** How long the tables that only grow are kept (platform.retention, docs/operations.md). */
  @Valid @NotNull
  private io.eventkit.node.platform.retention.RetentionConfig retention =
      new io.eventkit.node.platform.retention.RetentionConfig();

  /** Multi-tenant (SaaS) mode (docs/saas.md); off for a company's own node. */
  @Valid @NotNull
  private io.eventkit.node.platform.config.SaasConfig saas =
      new io.eventkit.node.platform.config.SaasConfig();

  public NodeConfiguration() {
    DefaultServerFactory server = new DefaultServerFactory();
    // HTTP/1.1 and cleartext HTTP/2 (prior knowledge or upgrade) on one port: Connect, gRPC and
    // gRPC-Web clients pick what they speak.
    HttpConnectorFactory http = new io.dropwizard.http2.Http2CConnectorFactory();
    http.setPort(8080);
    server.setApplicationConnectors(List.of(http));
    // Unauthenticated (tasks such as log-level, thread dump): loopback only, any free port unless
    // configured (several dev nodes on one machine must not collide).
    HttpConnectorFactory admin = new HttpConnectorFactory();
    admin.setBindHost("127.0.0.1");
    admin.setPort(0);
    server.setAdminConnectors(List.of(admin));
    server.setApplicationContextPath("/");
    server.setAdminContextPath("/");
    // RPCs are logged by the API interceptor chain; Jetty's access log would only repeat them.
    LogbackAccessRequestLogFactory requestLog = new LogbackAccessRequestLogFactory();
    requestLog.setAppenders(List.of());
    server.setRequestLogFactory(requestLog);
    setServerFactory(server);
  }

  @JsonProperty
  public String getNodeId() {
    return nodeId;
  }

  @JsonProperty
  public void setNodeId(String nodeId) {
    this.nodeId = nodeId == null ? "" : nodeId.trim();
  }

  @JsonProperty
  public String getDisplayName() {
    return displayName;
  }

  @JsonProperty
  public void setDisplayName(String displayName) {
    // An empty ${EVENTKIT_DISPLAY_NAME:-} is YAML null.
    this.displayName = displayName == null ? "" : displayName.trim();
  }

  @JsonProperty
  public String getPublicUrl() {
    return publicUrl;
  }

  @JsonProperty
  public void setPublicUrl(String publicUrl) {
    this.publicUrl = publicUrl == null ? "" : publicUrl.trim();
  }

  @JsonProperty
  public String getDataDir() {
    return dataDir;
  }

  @JsonProperty
  public void setDataDir(String dataDir) {
    this.dataDir = dataDir == null ? "" : dataDir.trim();
  }

  @JsonProperty
  public String getPublicHost() {
    return publicHost;
  }

  @JsonProperty
  public void setPublicHost(String publicHost) {
    this.publicHost = publicHost == null ? "" : publicHost.trim();
  }

  @JsonProperty
  public java.time.Duration getClockOffset() {
    return clockOffset;
  }

  @JsonProperty
  public void setClockOffset(java.time.Duration clockOffset) {
    this.clockOffset = clockOffset;
  }

  /** Per-user and per-API-token limits of the local API (docs/access.md). */
  @JsonProperty
  public io.eventkit.node.platform.config.RateLimitConfig getRateLimits() {
    return rateLimits;
  }

  @JsonProperty
  public void setRateLimits(io.eventkit.node.platform.config.RateLimitConfig rateLimits) {
    this.rateLimits = rateLimits;
  }

  @JsonProperty
  public DatabaseConfig getDatabase() {
    return database;
  }

  @JsonProperty
  public void setDatabase(DatabaseConfig database) {
    this.database = database;
  }

  @JsonProperty
  public GrpcConfig getGrpc() {
    return grpc;
  }

  @JsonProperty
  public void setGrpc(GrpcConfig grpc) {
    this.grpc = grpc;
  }

  @JsonProperty
  public FederationConfig getFederation() {
    return federation;
  }

  @JsonProperty
  public void setFederation(FederationConfig federation) {
    this.federation = federation;
  }

  @JsonProperty
  public ConnectConfig getConnect() {
    return connect;
  }

  @JsonProperty
  public void setConnect(ConnectConfig connect) {
    this.connect = connect;
  }

  @JsonProperty
  public InventoryConfig getInventory() {
    return inventory;
  }

  @JsonProperty
  public void setInventory(InventoryConfig inventory) {
    this.inventory = inventory;
  }

  /** The application connector: Connect, /health, /metrics (tests and the dev command set it). */
  public HttpConnectorFactory httpConnector() {
    return (HttpConnectorFactory) serverFactory().getApplicationConnectors().get(0);
  }

  /** The admin connector (Dropwizard tasks, thread dump): 127.0.0.1 unless configured. */
  public HttpConnectorFactory adminConnector() {
    return (HttpConnectorFactory) serverFactory().getAdminConnectors().get(0);
  }

  /**
   * The two-connector server factory; a configuration with {@code server.type: simple} would put
   * the unauthenticated admin servlets on the API port, and is refused.
   */
  public DefaultServerFactory serverFactory() {
    if (getServerFactory() instanceof DefaultServerFactory f
        && !f.getApplicationConnectors().isEmpty()
        && !f.getAdminConnectors().isEmpty()
        && f.getApplicationConnectors().get(0) instanceof HttpConnectorFactory
        && f.getAdminConnectors().get(0) instanceof HttpConnectorFactory) {
      return f;
    }
    throw new io.eventkit.node.StartupException(
        "server must be type: default with one http application connector and one http admin"
            + " connector (see node/config.yml): the admin servlets are unauthenticated and must"
            + " not share the API port");
  }

  @JsonProperty
  public io.eventkit.node.subhire.SubHireConfig getSubhire() {
    return subhire;
  }

  @JsonProperty
  public void setSubhire(io.eventkit.node.subhire.SubHireConfig subhire) {
    this.subhire = subhire;
  }

  @JsonProperty
  public io.eventkit.node.identity.SsoConfig getSso() {
    return sso;
  }

  @JsonProperty
  public void setSso(io.eventkit.node.identity.SsoConfig sso) {
    this.sso = sso;
  }

  @JsonProperty
  public io.eventkit.node.identity.LdapConfig getLdap() {
    return ldap;
  }

  @JsonProperty
  public void setLdap(io.eventkit.node.identity.LdapConfig ldap) {
    this.ldap = ldap;
  }

  @JsonProperty
  public io.eventkit.node.platform.errors.ErrorTrackingConfig getErrorTracking() {
    return errorTracking;
  }

  @JsonProperty
  public void setErrorTracking(io.eventkit.node.platform.errors.ErrorTrackingConfig errorTracking) {
    this.errorTracking = errorTracking;
  }

  @JsonProperty
  public io.eventkit.node.platform.tracing.TracingConfig getTracing() {
    return tracing;
  }

  @JsonProperty
  public void setTracing(io.eventkit.node.platform.tracing.TracingConfig tracing) {
    this.tracing = tracing;
  }

  @JsonProperty
  public io.eventkit.node.files.FileConfig getFiles() {
    return files;
  }

  @JsonProperty
  public void setFiles(io.eventkit.node.files.FileConfig files) {
    this.files = files;
  }

  @JsonProperty
  public io.eventkit.node.platform.backup.BackupConfig getBackup() {
    return backup;
  }

  @JsonProperty
  public void setBackup(io.eventkit.node.platform.backup.BackupConfig backup) {
    this.backup = backup;
  }

  @JsonProperty
  public io.eventkit.node.platform.config.SaasConfig getSaas() {
    return saas;
  }

  @JsonProperty
  public void setSaas(io.eventkit.node.platform.config.SaasConfig saas) {
    this.saas = saas;
  }

  @JsonProperty
  public io.eventkit.node.platform.retention.RetentionConfig getRetention() {
    return retention;
  }

  @JsonProperty
  public void setRetention(io.eventkit.node.platform.retention.RetentionConfig retention) {
    this.retention = retention;
  }

  @JsonProperty
  public io.eventkit.node.notifications.NotificationsConfig getNotifications() {
    return notifications;
  }

  @JsonProperty
  public void setNotifications(io.eventkit.node.notifications.NotificationsConfig notifications) {
    this.notifications = notifications;
  }

  @JsonProperty
  public io.eventkit.node.platform.mail.MailConfig getMail() {
    return mail;
  }

  @JsonProperty
  public void setMail(io.eventkit.node.platform.mail.MailConfig mail) {
    this.mail = mail;
  }

  @JsonProperty
  public io.eventkit.node.platform.pdf.DocumentsConfig getDocuments() {
    return documents;
  }

  @JsonProperty
  public void setDocuments(io.eventkit.node.platform.pdf.DocumentsConfig documents) {
    this.documents = documents;
  }

  @JsonProperty
  public io.eventkit.node.reports.ReportsConfig getReports() {
    return reports;
  }

  @JsonProperty
  public void setReports(io.eventkit.node.reports.ReportsConfig reports) {
    this.reports = reports;
  }
}
