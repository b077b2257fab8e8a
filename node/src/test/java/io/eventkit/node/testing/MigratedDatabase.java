package io.eventkit.node.testing;

import io.eventkit.node.platform.cluster.ChangeFeed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * A fresh embedded PostgreSQL with the node's schema, for tests of one component on a real database
 * without a node around it; and connections a test can name and then kill, as if the process
 * holding them had died.
 */
public final class MigratedDatabase implements AutoCloseable {
  private final EmbeddedPostgres pg;
  private final Jdbi jdbi;

  private MigratedDatabase(EmbeddedPostgres pg) {
    this.pg = pg;
    Flyway.configure()
        .dataSource(pg.getPostgresDatabase())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    this.jdbi = Jdbi.create(pg.getPostgresDatabase());
  }

  public static MigratedDatabase start() {
    try {
      return new MigratedDatabase(EmbeddedPostgres.builder().start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** Unpooled: each getConnection() opens a new one. */
  public DataSource dataSource() {
    return pg.getPostgresDatabase();
  }

  /** Connections outside any pool carrying {@code name} as their application name. */
  public ChangeFeed.Connections named(String name) {
    return () -> {
      Connection c = pg.getPostgresDatabase().getConnection();
      c.setClientInfo("ApplicationName", name);
      return c;
    };
  }

  /**
   * Ends every session named {@code name} and waits (up to 5 s each) until each has gone, with its
   * locks: pg_terminate_backend without a timeout only signals. Returns how many ended.
   */
  public int terminate(String name) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FILTER (WHERE ended) FROM (SELECT pg_terminate_backend(pid, 5000)"
                        + " AS ended FROM pg_stat_activity WHERE application_name = :name) t")
                .bind("name", name)
                .mapTo(Integer.class)
                .one());
  }

  @Override
  public void close() {
    try {
      pg.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
