package io.eventkit.node.platform.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uploaded files of a local file store, kept beside the database's backups in {@code
 * <backup>/files}. Stored files never change (a new upload is a new file), so a copy is made once.
 * A file deleted from the store stays in the mirror, renamed {@code <name>.deleted-<unix s>}, for
 * {@code backup.keep}: a restore to a time before the deletion needs it. A restore copies back
 * every mirrored file the store lacks; files no restored row names are harmless and unreachable.
 */
public final class FileMirror {
  private static final Logger LOG = LoggerFactory.getLogger(FileMirror.class);
  static final String DIRECTORY = "files";
  private static final String DELETED = ".deleted-";

  private final Path source;
  private final Path mirror;
  private final Clock clock;

  public FileMirror(Path source, Path backupRoot, Clock clock) {
    this.source = source;
    this.mirror = backupRoot.resolve(DIRECTORY);
    this.clock = clock;
  }

  /** Copies new files, marks files gone from the store, drops marks older than {@code keep}. */
  public void sync(Duration keep) throws IOException {
    if (!Files.isDirectory(source)) {
      // Not there (an unmounted share?): marking every copy as deleted would lose them later.
      LOG.warn("the file store {} is not a directory: its files are not backed up", source);
      return;
    }
    Files.createDirectories(mirror);
    int copied = 0;
    try (var files = Files.walk(source)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (file.getFileName().toString().startsWith(".")) {
          continue;
        }
        Path copy = mirror.resolve(source.relativize(file).toString());
        try {
          if (Files.exists(copy) && Files.size(copy) == Files.size(file)) {
            continue;
          }
          Files.createDirectories(copy.getParent());
          Path tmp = copy.resolveSibling("." + copy.getFileName() + ".tmp");
          Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE);
          copied++;
        } catch (NoSuchFileException deletedMeanwhile) {
          // Deleted from the store while walking: marked below on the next run.
        }
      }
    }
    long now = clock.instant().getEpochSecond();
    Instant cutoff = clock.instant().minus(keep);
    int marked = 0;
    int dropped = 0;
    try (var files = Files.walk(mirror)) {
      for (Path copy : files.filter(Files::isRegularFile).toList()) {
        String name = copy.getFileName().toString();
        int at = name.lastIndexOf(DELETED);
        if (at > 0) {
          long since = Long.parseLong(name.substring(at + DELETED.length()));
          if (Instant.ofEpochSecond(since).isBefore(cutoff)) {
            Files.deleteIfExists(copy);
            dropped++;
          }
        } else if (!name.startsWith(".")
            && !Files.exists(source.resolve(mirror.relativize(copy).toString()))) {
          Files.move(copy, copy.resolveSibling(name + DELETED + now));
          marked++;
        }
      }
    }
    if (copied + marked + dropped > 0) {
      LOG.info(
          "files backed up to {}: {} new, {} deleted from the store (kept {}), {} dropped",
          mirror,
          copied,
          marked,
          keep,
          dropped);
    }
  }

  /**
   * Copies back the mirrored files the store lacks among {@code keys} (the storage keys the
   * restored database names; a file deleted before the restore target stays deleted); returns how
   * many.
   */
  public int restore(java.util.Set<String> keys) throws IOException {
    if (!Files.isDirectory(mirror)) {
      return 0;
    }
    int restored = 0;
    try (var files = Files.walk(mirror)) {
      for (Path copy : files.filter(Files::isRegularFile).toList()) {
        String name = copy.getFileName().toString();
        if (name.startsWith(".")) {
          continue;
        }
        int at = name.lastIndexOf(DELETED);
        String original = at > 0 ? name.substring(0, at) : name;
        Path target = source.resolve(mirror.relativize(copy.resolveSibling(original)).toString());
        String key = mirror.relativize(copy.resolveSibling(original)).toString().replace('\\', '/');
        if (keys.contains(key) && !Files.exists(target)) {
          Files.createDirectories(target.getParent());
          Files.copy(copy, target);
          restored++;
        }
      }
    }
    return restored;
  }
}
