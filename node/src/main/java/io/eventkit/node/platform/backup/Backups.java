package io.eventkit.node.platform.backup;

import io.eventkit.node.platform.Periodic;
import io.eventkit.node.platform.cluster.ChangeFeed;
import io.eventkit.node.platform.config.DatabaseConfig;
import io.eventkit.node.platform.db.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the node wires backups: the embedded server's archiving, and the base-backup schedule. */
public final class Backups {
  private static final Logger LOG = LoggerFactory.getLogger(Backups.class);

  private Backups() {}

  /** Settings for the embedded server: WAL archiving when backups are on, nothing otherwise. */
  public static Map<String, String> embeddedSettings(BackupConfig config, Path dataDir) {
    if (!config.isEnabled()) {
      return Map.of();
    }
    return BaseBackups.archiving(
        config.resolve(dataDir), config.getArchiveTimeout().toJavaDuration());
  }

  /**
   * WAL that cannot be archived (the backup disk full or gone) piles up in the data directory and
   * leaves a gap no restore can cross: said at WARN on every check while the last attempt failed.
   */
  static void warnIfArchivingFails(Jdbi jdbi) {
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT last_failed_wal, last_failed_time FROM pg_stat_archiver"
                        + " WHERE last_failed_time IS NOT NULL"
                        + " AND (last_archived_time IS NULL OR last_failed_time > last_archived_time)")
                .mapToMap()
                .findOne()
                .ifPresent(
                    row ->
                        LOG.warn(
                            "WAL archiving is failing (last failure: {} at {}): check that the"
                                + " backup directory is mounted and has space; until it works, no"
                                + " restore can reach past that point",
                            row.get("last_failed_wal"),
                            row.get("last_failed_time"))));
  }

  /**
   * With the embedded database and backups on: a task that takes a base backup when the newest is
   * older than {@code backup.every} (checked 10 s after start, so a new node is restorable from its
   * first minutes, then every 5 minutes at most), then prunes, then copies new uploaded files of a
   * local file store ({@code localFiles}) beside them. With an external database: a warning at
   * start when its WAL archiving is off, and no task.
   */
  public static Optional<Periodic> schedule(
      BackupConfig config,
      DatabaseConfig database,
      Path dataDir,
      Optional<Path> localFiles,
      Jdbi jdbi,
      ChangeFeed.Connections sessions,
      Clock clock) {
    if (!database.isEmbedded()) {
      String mode = jdbi.withHandle(h -> h.select("SHOW archive_mode").mapTo(String.class).one());
      if ("off".equals(mode)) {
        LOG.warn(
            "WAL archiving is off on the database server: a point-in-time restore will not be"
                + " possible. Set up its backups (pgBackRest, or your operator's): see"
                + " docs/operations.md, \"Backups and restore\"");
      }
      return Optional.empty();
    }
    if (!config.isEnabled()) {
      LOG.warn("backup.enabled is false: this node takes no backups of its embedded database");
      return Optional.empty();
    }
    BaseBackups backups =
        new BaseBackups(
            config.resolve(dataDir), EmbeddedDatabase.dataDirectory(dataDir), sessions, clock);
    Duration every = config.getEvery().toJavaDuration();
    Duration keep = config.getKeep().toJavaDuration();
    Duration check = every.compareTo(Duration.ofMinutes(5)) < 0 ? every : Duration.ofMinutes(5);
    Optional<FileMirror> mirror =
        localFiles.map(dir -> new FileMirror(dir, config.resolve(dataDir), clock));
    return Optional.of(
        new Periodic(
            "backup",
            Duration.ofSeconds(10),
            check,
            () -> {
              // Each step on its own: a failing base backup must not stop the files' copies.
              IOException failed = null;
              try {
                backups.takeIfDue(every);
                backups.prune(keep);
              } catch (IOException e) {
                failed = e;
              }
              warnIfArchivingFails(jdbi);
              if (mirror.isPresent()) {
                try {
                  mirror.get().sync(keep);
                } catch (IOException e) {
                  failed = failed == null ? e : failed;
                }
              }
              if (failed != null) {
                throw new UncheckedIOException(failed);
              }
            }));
  }
}
