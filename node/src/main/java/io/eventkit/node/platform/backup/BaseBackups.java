package io.eventkit.node.platform.backup;

import io.eventkit.node.platform.cluster.ChangeFeed;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base backups and the WAL archive of the embedded PostgreSQL, under one backup directory:
 *
 * <pre>
 *   base/&lt;start, UTC&gt;/base.tar.gz        the data directory, copied while in backup mode
 *   base/&lt;start, UTC&gt;/backup.properties  written last: a backup without it is incomplete
 *   wal/&lt;WAL file name&gt;.gz                archived by PostgreSQL's archive_command
 * </pre>
 *
 * A base backup uses PostgreSQL's low-level API on one session ({@code pg_backup_start}, copy the
 * files, {@code pg_backup_stop}, whose label file goes into the archive as {@code backup_label}):
 * the node runs on the database's machine, so it copies the files itself — the embedded binaries
 * have no {@code pg_basebackup}. A backup is restorable once the WAL up to its end is archived;
 * {@link #take} waits for that. The key passphrase lives outside the database's directory and is
 * never copied.
 */
public final class BaseBackups {
  private static final Logger LOG = LoggerFactory.getLogger(BaseBackups.class);
  static final String BASE = "base";
  static final String WAL = "wal";
  static final String ARCHIVE = "base.tar.gz";
  static final String MANIFEST = "backup.properties";
  private static final DateTimeFormatter NAME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /**
   * Left out of a base backup, as PostgreSQL's documentation lists: rebuilt or meaningless on
   * restore ({@code epg-lock} is the embedded server's lock file).
   */
  private static final Set<String> SKIPPED_FILES =
      Set.of("postmaster.pid", "postmaster.opts", "epg-lock", "backup_label", "tablespace_map");

  /** Directories whose contents are left out (the directories themselves are kept). */
  private static final Set<String> EMPTIED_DIRECTORIES =
      Set.of(
          "pg_wal",
          "pg_replslot",
          "pg_dynshmem",
          "pg_notify",
          "pg_serial",
          "pg_snapshots",
          "pg_stat_tmp",
          "pg_subtrans");

  /** A complete base backup. {@code stop} is the earliest time it can be restored to. */
  public record Backup(
      String name, Instant start, Instant stop, String startWal, String stopWal, long bytes) {}

  private final Path root;
  private final Path pgData;

  /** Sessions of its own: a backup in progress belongs to the session that started it. */
  private final ChangeFeed.Connections sessions;

  private final Clock clock;
  private final Duration archiveWait;

  public BaseBackups(Path root, Path pgData, ChangeFeed.Connections sessions, Clock clock) {
    this(root, pgData, sessions, clock, Duration.ofMinutes(5));
  }

  BaseBackups(
      Path root, Path pgData, ChangeFeed.Connections sessions, Clock clock, Duration archiveWait) {
    this.root = root;
    this.pgData = pgData;
    this.sessions = sessions;
    this.clock = clock;
    this.archiveWait = archiveWait;
  }

  /**
   * The server settings that archive every finished WAL file, gzipped, into {@code root/wal}: a
   * file already there is left alone (written whole by an earlier attempt: each is written under a
   * temporary name, then renamed). New WAL files are zero-filled rather than recycled, so a file
   * switched early by {@code archive_timeout} compresses to almost nothing.
   */
  public static Map<String, String> archiving(Path root, Duration archiveTimeout) {
    String wal = quoted(root.resolve(WAL));
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("wal_level", "replica");
    settings.put("archive_mode", "on");
    // A file already archived counts only if it holds the same bytes (an earlier attempt's);
    // another cluster's file of the same name fails the command, as PostgreSQL requires. A new
    // file is written under a temporary name, synced, renamed, and its directory synced.
    settings.put(
        "archive_command",
        "if test -f "
            + wal
            + "/%f.gz; then gzip -dc "
            + wal
            + "/%f.gz | cmp -s - %p; else gzip -c %p > "
            + wal
            + "/%f.gz.tmp && sync "
            + wal
            + "/%f.gz.tmp && mv "
            + wal
            + "/%f.gz.tmp "
            + wal
            + "/%f.gz && sync "
            + wal
            + "; fi");
    settings.put("archive_timeout", Math.max(1, archiveTimeout.toSeconds()) + "s");
    settings.put("wal_recycle", "off");
    return settings;
  }

  /** PostgreSQL's {@code restore_command} reading this archive. */
  static String restoreCommand(Path root) {
    String wal = quoted(root.resolve(WAL));
    return "test -f " + wal + "/%f.gz && gzip -dc " + wal + "/%f.gz > %p";
  }

  private static String quoted(Path path) {
    String s = path.toAbsolutePath().toString();
    if (s.contains("'")) {
      throw new IllegalArgumentException("the backup directory must not contain a quote: " + s);
    }
    return "'" + s + "'";
  }

  /** Takes a base backup now and returns it once it can be restored. */
  public Backup take() throws IOException {
    Files.createDirectories(root.resolve(WAL));
    Files.createDirectories(root.resolve(BASE));
    removeIncomplete();
    Instant begun = clock.instant();
    String name = NAME.format(begun);
    Path partial = root.resolve(BASE).resolve("." + name + ".partial");
    Files.createDirectories(partial);
    try (Connection session = sessions.open();
        Statement sql = session.createStatement()) {
      Instant start;
      String startWal;
      try (ResultSet rs =
          sql.executeQuery(
              "SELECT pg_walfile_name(l), clock_timestamp() FROM pg_backup_start('eventkit "
                  + name
                  + "', true) AS l")) {
        rs.next();
        startWal = rs.getString(1);
        start = rs.getTimestamp(2).toInstant();
      }
      long bytes;
      String label;
      String spcmap;
      String stopWal;
      Instant stop;
      Path archive = partial.resolve(ARCHIVE);
      try (TarArchiveOutputStream tar = tar(archive)) {
        copyDataDirectory(tar);
        try (ResultSet rs =
            sql.executeQuery(
                "SELECT labelfile, spcmapfile, pg_walfile_name(lsn), clock_timestamp()"
                    + " FROM pg_backup_stop(false)")) {
          rs.next();
          label = rs.getString(1);
          spcmap = rs.getString(2);
          stopWal = rs.getString(3);
          stop = rs.getTimestamp(4).toInstant();
        }
        addFile(tar, "backup_label", label.getBytes(StandardCharsets.UTF_8));
        if (spcmap != null && !spcmap.isEmpty()) {
          addFile(tar, "tablespace_map", spcmap.getBytes(StandardCharsets.UTF_8));
        }
      }
      bytes = Files.size(archive);
      force(archive);
      awaitArchived(stopWal);
      Properties manifest = new Properties();
      manifest.setProperty("start", start.toString());
      manifest.setProperty("stop", stop.toString());
      manifest.setProperty("startWal", startWal);
      manifest.setProperty("stopWal", stopWal);
      manifest.setProperty("bytes", Long.toString(bytes));
      try (OutputStream out = Files.newOutputStream(partial.resolve(MANIFEST))) {
        manifest.store(out, "eventkit base backup; complete");
      }
      force(partial.resolve(MANIFEST));
      Path done = root.resolve(BASE).resolve(name);
      Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
      force(root.resolve(BASE));
      LOG.info(
          "base backup {} taken: {} MB, restorable from {}", done, bytes / (1024 * 1024), stop);
      return new Backup(name, start, stop, startWal, stopWal, bytes);
    } catch (SQLException e) {
      deleteTree(partial);
      throw new IOException("base backup failed: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      deleteTree(partial);
      throw e;
    }
  }

  /**
   * Takes a base backup when there is none, the newest began {@code every} ago or more, or the
   * database is on a newer timeline than the newest backup (after a restore: backups of the old
   * timeline cannot restore the new one's later changes).
   */
  public void takeIfDue(Duration every) throws IOException {
    Optional<Backup> latest = latest();
    if (latest.isEmpty()
        || !latest.get().start().plus(every).isAfter(clock.instant())
        || timeline(latest.get().startWal()) != currentTimeline()) {
      take();
    }
  }

  private long currentTimeline() throws IOException {
    try (Connection session = sessions.open();
        Statement sql = session.createStatement();
        ResultSet rs = sql.executeQuery("SELECT timeline_id FROM pg_control_checkpoint()")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IOException("cannot read the database's timeline: " + e.getMessage(), e);
    }
  }

  static long timeline(String walFile) {
    return Long.parseLong(walFile.substring(0, 8), 16);
  }

  /**
   * After a restore to {@code target}: backups that ended after it hold the abandoned history, so a
   * later restore must not start from them. They are set aside as {@code .abandoned-<name>} (kept
   * for {@code keep}, should the restore itself need undoing by hand).
   */
  static void abandonAfter(Path root, Instant target) throws IOException {
    for (Backup b : list(root)) {
      if (b.stop().isAfter(target)) {
        Path dir = root.resolve(BASE).resolve(b.name());
        Files.move(dir, dir.resolveSibling(".abandoned-" + b.name()));
        LOG.info(
            "base backup {} set aside: it ended after the restore target {}", b.name(), target);
      }
    }
  }

  /** Complete base backups, oldest first. */
  public List<Backup> list() throws IOException {
    return list(root);
  }

  static List<Backup> list(Path root) throws IOException {
    Path base = root.resolve(BASE);
    List<Backup> backups = new ArrayList<>();
    if (!Files.isDirectory(base)) {
      return backups;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base)) {
      for (Path dir : dirs) {
        Path manifestFile = dir.resolve(MANIFEST);
        if (dir.getFileName().toString().startsWith(".") || !Files.exists(manifestFile)) {
          continue;
        }
        Properties m = new Properties();
        try (InputStream in = Files.newInputStream(manifestFile)) {
          m.load(in);
        }
        backups.add(
            new Backup(
                dir.getFileName().toString(),
                Instant.parse(m.getProperty("start")),
                Instant.parse(m.getProperty("stop")),
                m.getProperty("startWal"),
                m.getProperty("stopWal"),
                Long.parseLong(m.getProperty("bytes", "0"))));
      }
    }
    backups.sort(Comparator.comparing(Backup::start));
    return backups;
  }

  /** The newest complete backup, if any. */
  public Optional<Backup> latest() throws IOException {
    List<Backup> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * Deletes base backups that ended more than {@code keep} ago, except the newest two and the
   * newest of those (so that every moment of the last {@code keep} stays restorable), then the
   * archived WAL that no kept backup needs (older than the oldest kept backup's first WAL file, on
   * any timeline; timeline history files are always kept).
   */
  public void prune(Duration keep) throws IOException {
    List<Backup> all = list();
    Instant cutoff = clock.instant().minus(keep);
    // The newest backup that ended before the cutoff stays too: it is what restores the first
    // moments of the window.
    int newestBeforeCutoff = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).stop().isBefore(cutoff)) {
        newestBeforeCutoff = i;
      }
    }
    List<Backup> kept = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Backup b = all.get(i);
      if (b.stop().isBefore(cutoff) && i < all.size() - 2 && i < newestBeforeCutoff) {
        deleteTree(root.resolve(BASE).resolve(b.name()));
        LOG.info("base backup {} deleted (older than {})", b.name(), keep);
      } else {
        kept.add(b);
      }
    }
    try (DirectoryStream<Path> dirs =
        Files.newDirectoryStream(root.resolve(BASE), ".abandoned-*")) {
      for (Path dir : dirs) {
        if (Files.getLastModifiedTime(dir).toInstant().isBefore(cutoff)) {
          deleteTree(dir);
        }
      }
    }
    if (kept.isEmpty()) {
      return;
    }
    String oldestNeeded = segment(kept.get(0).startWal());
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(root.resolve(WAL))) {
      for (Path f : files) {
        String n = f.getFileName().toString();
        if (n.length() >= 24
            && n.substring(0, 24).matches("[0-9A-F]{24}")
            && segment(n).compareTo(oldestNeeded) < 0) {
          Files.deleteIfExists(f);
          deleted++;
        }
      }
    }
    if (deleted > 0) {
      LOG.info(
          "{} archived WAL files deleted (older than base backup {})", deleted, kept.get(0).name());
    }
  }

  /** The log and segment part of a WAL file name (its timeline left out). */
  private static String segment(String walFile) {
    return walFile.substring(8, 24);
  }

  private void removeIncomplete() throws IOException {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root.resolve(BASE), ".*.partial")) {
      for (Path dir : dirs) {
        deleteTree(dir);
      }
    }
  }

  private void awaitArchived(String walFile) throws IOException {
    Path archived = root.resolve(WAL).resolve(walFile + ".gz");
    long deadline = System.nanoTime() + archiveWait.toNanos();
    while (!Files.exists(archived)) {
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "the base backup ended but WAL file "
                + walFile
                + " was not archived within "
                + archiveWait
                + ": check PostgreSQL's log for archive_command failures (is "
                + root.resolve(WAL)
                + " writable, is gzip installed?)");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for WAL archiving", e);
      }
    }
  }

  private static TarArchiveOutputStream tar(Path file) throws IOException {
    OutputStream out =
        new GZIPOutputStream(
            new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), 1 << 16) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        };
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    return tar;
  }

  /**
   * Copies the data directory while the server writes to it. A file that grows is copied to the
   * size it had when its entry began; one that shrinks is padded with zeros; one that disappears is
   * left out. WAL replay from the backup's start repairs all three, as PostgreSQL's documentation
   * for the low-level API describes.
   */
  private void copyDataDirectory(TarArchiveOutputStream tar) throws IOException {
    Files.walkFileTree(
        pgData,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (!dir.equals(pgData)) {
              TarArchiveEntry entry = new TarArchiveEntry(dir.toFile(), relative(dir) + "/");
              tar.putArchiveEntry(entry);
              tar.closeArchiveEntry();
              if (EMPTIED_DIRECTORIES.contains(pgData.relativize(dir).toString())) {
                return FileVisitResult.SKIP_SUBTREE;
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            String n = file.getFileName().toString();
            if (!attrs.isRegularFile()
                || (file.getParent().equals(pgData) && SKIPPED_FILES.contains(n))
                || n.startsWith("pgsql_tmp")
                || n.equals("pg_internal.init")) {
              return FileVisitResult.CONTINUE;
            }
            copyFile(tar, file, relative(file));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private String relative(Path p) {
    return pgData.relativize(p).toString().replace('\\', '/');
  }

  private static void copyFile(TarArchiveOutputStream tar, Path file, String name)
      throws IOException {
    InputStream in;
    long size;
    try {
      in = Files.newInputStream(file);
    } catch (NoSuchFileException gone) {
      return;
    }
    try {
      size = Files.size(file);
    } catch (NoSuchFileException gone) {
      in.close();
      return;
    }
    try (in) {
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setSize(size);
      entry.setMode(0600);
      tar.putArchiveEntry(entry);
      byte[] buffer = new byte[1 << 16];
      long left = size;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          java.util.Arrays.fill(buffer, (byte) 0);
          while (left > 0) {
            int z = (int) Math.min(buffer.length, left);
            tar.write(buffer, 0, z);
            left -= z;
          }
          break;
        }
        tar.write(buffer, 0, n);
        left -= n;
      }
      tar.closeArchiveEntry();
    }
  }

  private static void addFile(TarArchiveOutputStream tar, String name, byte[] content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(0600);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  /** Forces a file (or a directory's entries) to disk. */
  static void force(Path path) throws IOException {
    try (java.nio.channels.FileChannel c =
        java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.READ)) {
      c.force(true);
    } catch (IOException e) {
      if (!Files.isDirectory(path)) {
        throw e;
      }
      // Some filesystems cannot open a directory for sync; the rename is still atomic.
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
