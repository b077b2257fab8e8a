package io.eventkit.node.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * First start: creates the bootstrap admin token (an ordinary API token marked {@code bootstrap},
 * listable and revocable) and writes it to {@code <dataDir>/admin-token} (mode 0600). The secret is
 * returned so the dev command can print it once; it is never logged. After the bootstrap token is
 * revoked, a restart creates a new one only if nothing could administer the node any more (no
 * usable ADMIN API token and no active ADMIN user).
 */
final class AdminTokenBootstrap {
  private AdminTokenBootstrap() {}

  public static Optional<String> ensureAdminToken(ApiTokens tokens, Path dataDir)
      throws IOException {
    if (!tokens.needsBootstrap()) {
      return Optional.empty();
    }
    String token = tokens.createBootstrap().secret();
    Path file = adminTokenFile(dataDir);
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    return Optional.of(token);
  }

  public static Path adminTokenFile(Path dataDir) {
    return dataDir.resolve("admin-token");
  }
}
