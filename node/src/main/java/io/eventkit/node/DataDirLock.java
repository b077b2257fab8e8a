package io.eventkit.node;

import io.eventkit.node.platform.ClosedOnStop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * An exclusive lock on a node's data directory ({@code <dataDir>/node.lock}, holding the owner's
 * pid), taken before the embedded PostgreSQL starts: a second node on the same directory would
 * otherwise stop the first one's database as an "orphan". The operating system releases the lock
 * when the owning process dies, so a crash never leaves a stale lock behind.
 */
final class DataDirLock implements ClosedOnStop {
  static final String FILE = "node.lock";

  /**
   * Lock files held by this JVM, with their owner line. Checked before the file is opened: on POSIX
   * systems closing any descriptor of a file drops every lock the process holds on it, so this
   * process must never open a lock file it already holds.
   */
  private static final java.util.concurrent.ConcurrentHashMap<Path, String> HELD =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Path file;

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dataDir} for this process.
   *
   * @throws StartupException if another node (in this or another process) holds it
   */
  public static DataDirLock acquire(Path dataDir, Clock clock) {
    Path file = lockFile(dataDir);
    String owner = "pid " + ProcessHandle.current().pid() + ", started " + clock.instant();
    String heldBy = HELD.putIfAbsent(file, owner);
    if (heldBy != null) {
      throw inUse(dataDir, heldBy);
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String other = readOwner(channel);
        throw inUse(dataDir, other);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((owner + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new DataDirLock(file, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      HELD.remove(file, owner);
      throw new UncheckedIOException("cannot lock the data directory " + dataDir, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      HELD.remove(file, owner);
      throw e;
    }
  }

  /** One key per file, however the directory is named (a symlink, a relative path). */
  private static Path lockFile(Path dataDir) {
    try {
      return dataDir.toRealPath().resolve(FILE);
    } catch (IOException e) {
      return dataDir.resolve(FILE).toAbsolutePath().normalize(); // opening it reports the problem
    }
  }

  private static StartupException inUse(Path dataDir, String owner) {
    return new StartupException(
        "the data directory "
            + dataDir
            + " is in use by another EventKit node ("
            + (owner.isEmpty() ? "owner unknown" : owner)
            + "); stop that node first, or give this one its own data directory"
            + " (--data-dir / EVENTKIT_DATA_DIR)");
  }

  private static String readOwner(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(512);
    channel.read(buffer, 0);
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (channel.isOpen()) {
      lock.release();
      channel.close();
      HELD.remove(file);
    }
  }
}
