package io.eventkit.node.db;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.eventkit.node.config.DatabaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
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

  public static Jdbi open(DatabaseConfig config, Path dataDir, Environment environment) {
    String url = config.getUrl();
    String user = config.getUser();
    String password = config.getPassword();
    if (config.isEmbedded()) {
      EmbeddedDatabase embedded;
      try {
        embedded = EmbeddedDatabase.start(dataDir, config.getEmbeddedPort());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
      }
      // Registered before the pool so that it is stopped after it.
      environment.lifecycle().manage(embedded);
      url = embedded.jdbcUrl();
      user = "postgres";
      password = "";
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
    factory.setProperties(
        Map.of("ApplicationName", "eventkit-node", "reWriteBatchedInserts", "true"));
    ManagedDataSource dataSource = factory.build(environment.metrics(), "postgresql");
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    Jdbi jdbi = new JdbiFactory().build(environment, factory, dataSource, "postgresql");
    jdbi.installPlugin(new SqlObjectPlugin());
    jdbi.installPlugin(new PostgresPlugin());
    return jdbi;
  }
}
