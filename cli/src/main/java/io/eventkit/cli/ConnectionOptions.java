package io.eventkit.cli;

import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --node} and {@code --timeout}, shared by every command (a mixin on the root, inherited by
 * every subcommand).
 */
final class ConnectionOptions {
  static final String DEFAULT_NODE = "http://127.0.0.1:8080";

  @Option(
      names = "--node",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      description =
          "Node URL: http://HOST:PORT (Connect) or grpc://HOST:PORT (gRPC). Env: EVENTKIT_NODE."
              + " Default: without --token, the node of the stored login (eventkit login); else "
              + DEFAULT_NODE)
  String node;

  @Option(
      names = "--tenant",
      paramLabel = "ID",
      scope = ScopeType.INHERIT,
      description =
          "The company account, on a shared (SaaS) deployment whose address names none: sent as"
              + " the EventKit-Tenant header. Env: EVENTKIT_TENANT. Default: the stored login's.")
  String tenant;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      scope = ScopeType.INHERIT,
      converter = EventKitCli.DurationConverter.class,
      description =
          "Per-call timeout, e.g. 500ms, 10s, 1m. Default: 10s; 30s for trust accept, trust"
              + " refresh, subhire request and subhire resync, which call the partner.")
  Duration timeout;
}
