package io.eventkit.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stored login of {@code eventkit login}: one file, {@code credentials.json}, in the user's
 * config directory ({@code $EVENTKIT_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/eventkit}, else
 * {@code ~/.config/eventkit}).
 *
 * <p>Invariant: the file is never readable by anyone but its owner, not even for a moment. It is
 * written to a temporary file created with mode 0600 in the same directory (mode 0700) and then
 * moved over the old one atomically, so a reader sees the old or the new login, never half of one.
 */
final class Credentials {
  static final String FILE_NAME = "credentials.json";
  static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

  /** What is stored. Instants as ISO-8601 strings; the tokens are secrets. */
  record Login(
      String node,
      String accessToken,
      String accessTokenExpiresAt,
      String refreshToken,
      String refreshTokenExpiresAt,
      String sessionId,
      String userId,
      String email,
      String displayName,
      String tenant) {

    Instant accessExpiry() {
      return parse(accessTokenExpiresAt);
    }

    Instant refreshExpiry() {
      return parse(refreshTokenExpiresAt);
    }

    private static Instant parse(String s) {
      return s == null || s.isBlank() ? null : Instant.parse(s);
    }

    /** Never the tokens. */
    @Override
    public String toString() {
      return "Login[" + email + " at " + node + "]";
    }
  }

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private final Path dir;

  Credentials(Path dir) {
    this.dir = dir;
  }

  /** The config directory for {@code env} (the process environment, or a test's). */
  static Credentials forEnvironment(Map<String, String> env) {
    String explicit = env.get("EVENTKIT_CONFIG_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return new Credentials(Path.of(explicit));
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return new Credentials(Path.of(xdg, "eventkit"));
    }
    return new Credentials(Path.of(System.getProperty("user.home"), ".config", "eventkit"));
  }

  Path dir() {
    return dir;
  }

  Path file() {
    return dir.resolve(FILE_NAME);
  }

  Optional<Login> load() {
    String text;
    try {
      text = Files.readString(file(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CliException(
          CliException.USAGE, "cannot read the stored login " + file() + ": " + e.getMessage());
    }
    try {
      Login login = GSON.fromJson(text, Login.class);
      if (login == null
          || login.node() == null
          || login.accessToken() == null
          || login.refreshToken() == null) {
        throw new JsonParseException("fields missing");
      }
      login.accessExpiry();
      login.refreshExpiry();
      return Optional.of(login);
    } catch (RuntimeException e) {
      throw new CliException(
          CliException.USAGE,
          "the stored login "
              + file()
              + " is damaged; run 'eventkit logout' and 'eventkit login' again");
    }
  }

  /** Replaces the stored login atomically (see the class comment). */
  void save(Login login) {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    try {
      createDir(posix);
      Path tmp =
          posix
              ? Files.createTempFile(
                  dir, ".credentials-", ".tmp", PosixFilePermissions.asFileAttribute(FILE_MODE))
              : Files.createTempFile(dir, ".credentials-", ".tmp");
      try {
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ByteBuffer bytes = ByteBuffer.wrap(GSON.toJson(login).getBytes(StandardCharsets.UTF_8));
          while (bytes.hasRemaining()) {
            out.write(bytes);
          }
          out.force(true);
        }
        try {
          Files.move(
              tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new CliException(
          CliException.FAILURE, "cannot store the login in " + file() + ": " + e.getMessage());
    }
  }

  private void createDir(boolean posix) throws IOException {
    if (Files.isDirectory(dir)) {
      if (posix && !Files.getPosixFilePermissions(dir).equals(DIR_MODE)) {
        // Only the owner may list or enter the directory that holds the login.
        Files.setPosixFilePermissions(dir, DIR_MODE);
      }
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIR_MODE)}
            : new FileAttribute<?>[0];
    Files.createDirectory(dir, attrs);
  }

  /** Deletes the stored login; false when there was none. */
  boolean delete() {
    try {
      return Files.deleteIfExists(file());
    } catch (IOException e) {
      throw new CliException(
          CliException.FAILURE, "cannot delete the stored login " + file() + ": " + e.getMessage());
    }
  }

  /**
   * Runs {@code action} holding an exclusive lock on the config directory's lock file, so that two
   * eventkit processes never refresh the same login at once (the second would present a spent
   * refresh token, and the node would end the session).
   */
  <T> T locked(java.util.function.Supplier<T> action) {
    synchronized (Credentials.class) {
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      try {
        createDir(posix);
        Path lockFile = dir.resolve("credentials.lock");
        if (posix && !Files.exists(lockFile)) {
          try {
            Files.createFile(lockFile, PosixFilePermissions.asFileAttribute(FILE_MODE));
          } catch (java.nio.file.FileAlreadyExistsException e) {
            // another process made it
          }
        }
        try (FileChannel channel =
                FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock()) {
          return action.get();
        }
      } catch (IOException e) {
        throw new CliException(
            CliException.FAILURE, "cannot lock the stored login in " + dir + ": " + e.getMessage());
      }
    }
  }
}
