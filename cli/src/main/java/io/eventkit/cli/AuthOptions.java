package io.eventkit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --token} and {@code --token-file}, shared by every command. Without either (and without
 * their environment variables) commands use the stored login of {@code eventkit login}.
 */
final class AuthOptions {
  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      scope = ScopeType.INHERIT,
      description =
          "API token (Bearer). Env: EVENTKIT_TOKEN. Default: the stored login (eventkit login).")
  String token;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description =
          "Read the API token from FILE (e.g. data/<node-id>/admin-token), keeping it out of the"
              + " process list. Env: EVENTKIT_TOKEN_FILE.")
  Path tokenFile;
}
