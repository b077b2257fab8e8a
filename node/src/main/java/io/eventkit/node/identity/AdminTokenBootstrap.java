package io.eventkit.node.identity;

import io.eventkit.node.kernel.Principal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * First start: when no active admin token exists, creates one and writes it to {@code
 * <dataDir>/admin-token} (mode 0600). The secret is returned so the dev command can print it once;
 * it is never logged.
 */
public final class AdminTokenBootstrap {
  private AdminTokenBootstrap() {}

  public static Optional<String> ensureAdminToken(ApiTokens tokens, Path dataDir)
      throws IOException {
    if (tokens.hasActiveAdmin()) {
      return Optional.empty();
    }
    String token = tokens.create("admin (first start)", Principal.Role.ADMIN).secret();
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
