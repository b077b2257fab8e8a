package io.eventkit.node.platform.backup;

import io.eventkit.node.platform.db.EmbeddedDatabase;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Restores the embedded database to a point in time: the newest base backup that ended before it,
 * then the archived WAL replayed up to it ({@code recovery_target_time}), then the server promoted
 * onto a new timeline. The node must be stopped (its data-directory lock is held by the caller).
 *
 * <p>Nothing is lost by a restore: the current database directory is moved aside to {@code
 * postgres.before-restore-<time>}, and its WAL files not yet archived are replayed too, so a target
 * after the last archived change still works. When the restore fails — no backup early enough, a
 * target the WAL does not reach — the database directory is put back as it was and the error says
 * why.
 */
public final class PointInTimeRestore {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter PG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(ZoneOffset.UTC);

  /** A refused or failed restore; the message says what to do, and nothing was changed. */
  public static final class RestoreException extends Exception {
    RestoreException(String message) {
      super(message);
    }

    RestoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * What a restore did. {@code lastTransaction} is the commit time of the last transaction it
   * replayed (empty when none was replayed after the base backup).
   */
  public record Result(
      BaseBackups.Backup backup,
      Optional<Instant> lastTransaction,
      Path previousDirectory,
      java.util.Set<String> fileKeys) {}

  /**
   * Written before the database directory is replaced, removed when the restore ends either way: it
   * names the directory as it was. While it exists the node does not start (a restore was
   * interrupted), and the next restore takes its WAL from there, not from the half-restored one.
   */
  public static final String MARKER = "restore-in-progress";

  private final Path dataDir;
  private final Path backupRoot;
  private final Duration archiveTimeout;
  private final Clock clock;

  public PointInTimeRestore(Path dataDir, Path backupRoot, Duration archiveTimeout, Clock clock) {
    this.dataDir = dataDir.toAbsolutePath();
    this.backupRoot = backupRoot.toAbsolutePath();
    this.archiveTimeout = archiveTimeout;
    this.clock = clock;
  }

  /** The complete base backups, oldest first. */
  public List<BaseBackups.Backup> backups() throws IOException {
    return BaseBackups.list(backupRoot);
  }

  /**
   * Restores to {@code target}, or to the end of the archived and current WAL when it is empty
   * ("latest").
   */
  public Result restore(Optional<Instant> target) throws RestoreException, IOException {
    Instant now = clock.instant();
    if (target.isPresent() && target.get().isAfter(now)) {
      throw new RestoreException(
          "the target " + target.get() + " is in the future (now " + now + "); nothing changed");
    }
    List<BaseBackups.Backup> backups = backups();
    if (backups.isEmpty()) {
      throw new RestoreException(
          "there is no complete base backup in "
              + backupRoot.resolve(BaseBackups.BASE)
              + "; nothing changed");
    }
    BaseBackups.Backup chosen = null;
    for (BaseBackups.Backup b : backups) {
      if (target.isEmpty() || !b.stop().isAfter(target.get())) {
        chosen = b;
      }
    }
    if (chosen == null) {
      throw new RestoreException(
          "the earliest time this node can be restored to is "
              + backups.get(0).stop()
              + " (the end of its oldest base backup, "
              + backups.get(0).name()
              + "); "
              + target.get()
              + " is before it. Nothing changed");
    }
    Path pgData = EmbeddedDatabase.dataDirectory(dataDir);
    requireStopped(pgData);
    Path marker = dataDir.resolve(MARKER);
    Path previous;
    boolean hadData;
    if (Files.exists(marker)) {
      // An interrupted restore: what is in pgData is its half-done work; the real database is
      // the directory the marker names.
      previous = Path.of(Files.readString(marker).trim());
      hadData = Files.isDirectory(previous);
      BaseBackups.deleteTree(pgData);
    } else {
      previous = dataDir.resolve("postgres.before-restore-" + STAMP.format(now));
      hadData = Files.exists(pgData);
      if (hadData) {
        Files.writeString(marker, previous + "\n");
        BaseBackups.force(marker);
        Files.move(pgData, previous, StandardCopyOption.ATOMIC_MOVE);
      }
    }
    EmbeddedDatabase server = null;
    try {
      extract(backupRoot.resolve(BaseBackups.BASE).resolve(chosen.name()), pgData);
      if (hadData) {
        copyCurrentWal(previous.resolve("pg_wal"), pgData.resolve("pg_wal"));
      }
      Files.createFile(pgData.resolve("recovery.signal"));
      Map<String, String> settings =
          new LinkedHashMap<>(BaseBackups.archiving(backupRoot, archiveTimeout));
      settings.put("restore_command", BaseBackups.restoreCommand(backupRoot));
      settings.put("recovery_target_timeline", "latest");
      target.ifPresent(
          t -> {
            settings.put("recovery_target_time", PG_TIME.format(t));
            settings.put("recovery_target_action", "promote");
          });
      server = EmbeddedDatabase.start(dataDir, 0, settings, Duration.ofHours(2));
      Optional<Instant> last = awaitPromoted(server);
      java.util.Set<String> keys = fileKeys(server);
      server.close();
      server = null;
      Files.deleteIfExists(pgData.resolve("recovery.signal"));
      Files.deleteIfExists(marker);
      if (target.isPresent()) {
        BaseBackups.abandonAfter(backupRoot, target.get());
      }
      return new Result(chosen, last, hadData ? previous : null, keys);
    } catch (IOException | SQLException | RuntimeException e) {
      if (server != null) {
        try {
          server.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      BaseBackups.deleteTree(pgData);
      if (hadData) {
        Files.move(previous, pgData, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.deleteIfExists(marker);
      String why =
          target.isPresent()
              ? "the backups and WAL may not reach "
                  + target.get()
                  + " (PostgreSQL stops when no transaction after the target was written); try"
                  + " an earlier time, or --to latest to restore everything they hold"
              : "PostgreSQL could not replay the archived WAL";
      throw new RestoreException(
          "the restore failed and the database was put back as it was: "
              + why
              + ". PostgreSQL's log above says more ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private static void requireStopped(Path pgData) throws RestoreException {
    Path pid = pgData.resolve("postmaster.pid");
    if (!Files.exists(pid)) {
      return;
    }
    try {
      long p = Long.parseLong(Files.readAllLines(pid).get(0).trim());
      if (ProcessHandle.of(p)
          .filter(ProcessHandle::isAlive)
          .filter(h -> h.info().command().map(c -> c.contains("postgres")).orElse(false))
          .isPresent()) {
        throw new RestoreException(
            "PostgreSQL (pid "
                + p
                + ") is running on "
                + pgData
                + "; stop the node (and that process, if the node was killed) first. Nothing"
                + " changed");
      }
    } catch (IOException | RuntimeException e) {
      // An unreadable or stale pid file: PostgreSQL itself refuses to start on a live one.
    }
  }

  /** Waits for the end of recovery; returns the last replayed commit's time. */
  private static Optional<Instant> awaitPromoted(EmbeddedDatabase server)
      throws SQLException, IOException {
    long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
    try (Connection c = DriverManager.getConnection(server.jdbcUrl());
        Statement s = c.createStatement()) {
      Timestamp last = null;
      while (true) {
        try (ResultSet rs =
            s.executeQuery("SELECT pg_is_in_recovery(), pg_last_xact_replay_timestamp()")) {
          rs.next();
          if (rs.getTimestamp(2) != null) {
            last = rs.getTimestamp(2);
          }
          if (!rs.getBoolean(1)) {
            return Optional.ofNullable(last).map(Timestamp::toInstant);
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("recovery did not end within 2 hours");
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the recovery", e);
        }
      }
    }
  }

  /**
   * The storage keys of the attachments the restored database holds (none when it predates the
   * table, V93: undefined_table).
   */
  private static java.util.Set<String> fileKeys(EmbeddedDatabase server) throws SQLException {
    java.util.Set<String> keys = new java.util.HashSet<>();
    try (Connection c = DriverManager.getConnection(server.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT storage_key FROM attachment")) {
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
    } catch (SQLException e) {
      if (!"42P01".equals(e.getSQLState())) {
        throw e;
      }
    }
    return keys;
  }

  private static void extract(Path backup, Path pgData) throws IOException {
    Files.createDirectories(pgData);
    try (InputStream in =
            new GZIPInputStream(
                new BufferedInputStream(Files.newInputStream(backup.resolve(BaseBackups.ARCHIVE))),
                1 << 16);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path target = pgData.resolve(entry.getName()).normalize();
        if (!target.startsWith(pgData)) {
          throw new IOException("unexpected path in the backup: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target);
        }
      }
    }
    Files.createDirectories(pgData.resolve("pg_wal").resolve("archive_status"));
    // PostgreSQL refuses a data directory others can read.
    try {
      Files.setPosixFilePermissions(
          pgData, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: no such check.
    }
  }

  /** The WAL files of the directory being replaced, replayed after the archived ones. */
  private static void copyCurrentWal(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(from)) {
      for (Path f : files) {
        if (Files.isRegularFile(f)) {
          Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
