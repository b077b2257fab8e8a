package io.eventkit.node.platform.db;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.eventkit.node.platform.cluster.ChangeFeed;
import io.eventkit.node.platform.config.DatabaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Connects the node to PostgreSQL — embedded by default, external when a JDBC URL is configured —
 * migrates the schema with Flyway and returns a JDBI bound to a managed pool.
 */
public final class Database {
  private Database() {}

  /**
   * The pool, a way to open a connection outside it with the same settings (for sessions that must
   * last, such as a LISTEN), and one as the schema's owner: the same role unless a separate owner
   * migrates (SaaS mode), for the machinery that needs the owner's rights (base backups of the
   * embedded server).
   */
  public record Opened(
      Jdbi jdbi, DataSource pool, ChangeFeed.Connections direct, ChangeFeed.Connections owner) {}

  /**
   * Opens the database; an embedded server it starts (with {@code embeddedSettings} added to its
   * configuration) is added to {@code startedResources} (to be closed if the rest of the start-up
   * fails) and to the environment's lifecycle.
   */
  public static Opened open(
      DatabaseConfig config,
      boolean saas,
      Path dataDir,
      Map<String, String> embeddedSettings,
      Environment environment,
      List<AutoCloseable> startedResources) {
    String url = config.getUrl();
    // Who serves, and who owns the schema and migrates it: the same role unless a separate owner
    // is configured, or the embedded database serves a shared deployment (docs/saas.md).
    String user = config.getUser();
    String password = config.getPassword();
    String owner = config.hasMigrationUser() ? config.getMigrationUser() : user;
    String ownerPassword = config.hasMigrationUser() ? config.getMigrationPassword() : password;
    if (config.isEmbedded()) {
      EmbeddedDatabase embedded;
      try {
        embedded =
            EmbeddedDatabase.start(
                dataDir,
                config.getEmbeddedPort(),
                embeddedSettings,
                java.time.Duration.ofSeconds(10));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
      }
      // Registered before the pool so that it is stopped after it.
      environment.lifecycle().manage(embedded);
      startedResources.add(embedded);
      // Without the ?user= of the embedded server's own URL, which would override the pool's.
      url = "jdbc:postgresql://localhost:" + embedded.port() + "/postgres";
      owner = "postgres";
      ownerPassword = "";
      user = saas ? ApplicationRole.EMBEDDED : owner;
      password = "";
    }
    Properties ownerProps = connectionProperties(owner, ownerPassword);
    boolean separateOwner = !owner.equals(user);
    if (separateOwner) {
      migrateAsOwner(url, ownerProps, user, config.isEmbedded());
    }
    DataSourceFactory factory = new DataSourceFactory();
    factory.setDriverClass("org.postgresql.Driver");
    factory.setUrl(url);
    factory.setUser(user);
    factory.setPassword(password);
    factory.setMinSize(2);
    factory.setInitialSize(2);
    factory.setMaxSize(config.getMaxPoolSize());
    factory.setValidationQuery("/* eventkit health */ SELECT 1");
    // After a database outage the pool must not hand out dead connections: validate on borrow
    // (at most once a second per connection), so the node recovers by itself.
    factory.setCheckConnectionOnBorrow(true);
    factory.setValidationInterval(io.dropwizard.util.Duration.seconds(1));
    factory.setProperties(
        Map.of("ApplicationName", "eventkit-node", "reWriteBatchedInserts", "true"));
    // Dropwizard's DAO-name comments cannot be cached by JDBI; NamedStatements adds them instead.
    factory.setAutoCommentsEnabled(false);
    ManagedDataSource dataSource = factory.build(environment.metrics(), "postgresql");
    if (!separateOwner) {
      Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
    }
    Jdbi jdbi = new JdbiFactory().build(environment, factory, dataSource, "postgresql");
    jdbi.installPlugin(new SqlObjectPlugin());
    jdbi.installPlugin(new PostgresPlugin());
    TenantSessions.install(jdbi);
    jdbi.setTemplateEngine(
        NamedStatements.around(
            jdbi.getConfig(org.jdbi.v3.core.statement.SqlStatements.class).getTemplateEngine()));
    String directUrl = url;
    Properties props = connectionProperties(user, password);
    return new Opened(
        jdbi,
        dataSource,
        () -> DriverManager.getConnection(directUrl, props),
        () -> DriverManager.getConnection(directUrl, ownerProps));
  }

  private static final String MIGRATIONS = "classpath:db/migration";

  /** How the node's connections outside the pool log in as {@code user}. */
  private static Properties connectionProperties(String user, String password) {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password == null ? "" : password);
    props.setProperty("ApplicationName", "eventkit-node");
    return props;
  }

  /** The advisory lock the owner's grants are made under: "EKGR". */
  private static final long GRANTS_LOCK = 0x454b_4752L;

  /**
   * Migrates as the schema's owner, on a connection of its own (the pool is the serving role's),
   * then grants the serving role what it needs, which a new version may have added to.
   */
  private static void migrateAsOwner(
      String url, Properties ownerProps, String user, boolean createUser) {
    String owner = ownerProps.getProperty("user");
    Flyway.configure()
        .dataSource(url, owner, ownerProps.getProperty("password"))
        .locations(MIGRATIONS)
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(url, ownerProps)) {
      // Replicas starting together would update the same catalog rows at once ("tuple concurrently
      // updated"): one at a time, each in one transaction.
      c.setAutoCommit(false);
      try (java.sql.Statement lock = c.createStatement()) {
        lock.execute("SELECT pg_advisory_xact_lock(" + GRANTS_LOCK + ")");
      }
      if (createUser) {
        ApplicationRole.createEmbedded(c);
      }
      ApplicationRole.markIndexedFunctionsLeakproof(c);
      ApplicationRole.grant(c, user);
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot grant database role '"
              + user
              + "' its rights as the schema's owner '"
              + owner
              + "': "
              + e.getMessage(),
          e);
    }
  }
}
