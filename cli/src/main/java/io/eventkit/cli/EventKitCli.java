package io.eventkit.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code eventkit} — the admin command line. Global options apply to every subcommand; every
 * failure prints one line naming what went wrong and exits non-zero (see {@link CliException}).
 */
@Command(
    name = "eventkit",
    mixinStandardHelpOptions = true,
    versionProvider = EventKitCli.Version.class,
    description =
        "Administer an EventKit node: trust with partners, sub-hires, its CA, and node facts.",
    subcommands = {
      TrustCommands.class,
      PartnersCommands.class,
      SubHireCommands.class,
      AvailabilityCommands.class,
      MappingCommands.class,
      ResolveCommand.class,
      CaCommands.class,
      NodeCommands.class,
      AuthCommands.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      ApiCommand.EXIT_0,
      ApiCommand.EXIT_1,
      ApiCommand.EXIT_2,
      ApiCommand.EXIT_3,
      ApiCommand.EXIT_4
    })
public final class EventKitCli {

  @Option(
      names = "--node",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:EVENTKIT_NODE:-http://127.0.0.1:8080}",
      description =
          "Node URL: http://HOST:PORT (Connect) or grpc://HOST:PORT (gRPC). Env: EVENTKIT_NODE. Default: ${DEFAULT-VALUE}")
  String node;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:EVENTKIT_TOKEN}",
      description = "API token (Bearer). Env: EVENTKIT_TOKEN.")
  String token;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:EVENTKIT_TOKEN_FILE}",
      description =
          "Read the API token from FILE (e.g. data/<node-id>/admin-token), keeping it out of the"
              + " process list. Env: EVENTKIT_TOKEN_FILE.")
  java.nio.file.Path tokenFile;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      scope = ScopeType.INHERIT,
      defaultValue = "text",
      description = "Output format: text or json. Default: ${DEFAULT-VALUE}")
  Output output;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      scope = ScopeType.INHERIT,
      converter = DurationConverter.class,
      description =
          "Per-call timeout, e.g. 500ms, 10s, 1m. Default: 10s; 30s for trust accept, trust"
              + " refresh, subhire request and subhire resync, which call the partner.")
  Duration timeout;

  /** Time source for relative times ("in 23h 59m"); fixed in tests. */
  Clock clock = Clock.systemUTC();

  /** Where confirmations are asked. */
  Terminal terminal = Terminal.system();

  enum Output {
    text,
    json
  }

  /** Held so the setting sticks: gRPC's own log lines would repeat our error messages. */
  private static final java.util.logging.Logger GRPC_LOG =
      java.util.logging.Logger.getLogger("io.grpc");

  public static void main(String[] args) {
    GRPC_LOG.setLevel(java.util.logging.Level.OFF);
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Runs the CLI with the given streams and returns the exit code. No side effects beyond the calls
   * to the node and the two streams: it never exits the JVM. Without {@code --yes}, {@code trust
   * revoke} asks on the process console, and refuses (exit 2) when there is none.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, Clock.systemUTC(), Terminal.system());
  }

  /** As {@link #run(String[], PrintWriter, PrintWriter)} with a given clock and terminal. */
  static int run(String[] args, PrintWriter out, PrintWriter err, Clock clock, Terminal terminal) {
    EventKitCli root = new EventKitCli();
    root.clock = clock;
    root.terminal = terminal;
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(EventKitCli::usageError);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof CliException ce) {
            if (root.output == Output.json) {
              Map<String, Object> error = new LinkedHashMap<>();
              error.put("error", ce.code() == null ? "CLI_ERROR" : ce.code());
              error.put("message", ce.getMessage());
              commandLine.getOut().println(new com.google.gson.Gson().toJson(error));
            }
            commandLine.getErr().println("error: " + ce.getMessage());
            return ce.exitCode();
          }
          commandLine.getErr().println("error: " + ex);
          return CliException.FAILURE;
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Usage errors: one line saying what is wrong, suggestions, and where to find help. Exit 2. */
  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    Object rootObject = cmd.getCommandSpec().root().userObject();
    if (rootObject instanceof EventKitCli root && root.output == Output.json) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("error", "USAGE");
      error.put("message", ex.getMessage());
      cmd.getOut().println(new com.google.gson.Gson().toJson(error));
    }
    if (ex.getMessage() != null && ex.getMessage().startsWith("Missing required subcommand")) {
      cmd.usage(err);
      return CliException.USAGE;
    }
    err.println("error: " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    return CliException.USAGE;
  }

  /** A client for --node/--token, with --timeout or else the command's default. */
  NodeClient client(Duration defaultTimeout) {
    return new NodeClient(node, token(), timeout == null ? defaultTimeout : timeout);
  }

  /** --token, else the first line of --token-file, else none. */
  String token() {
    if (tokenFile == null || (token != null && !token.isBlank())) {
      return token;
    }
    try {
      String text = java.nio.file.Files.readString(tokenFile).strip();
      if (text.isEmpty()) {
        throw new CliException(CliException.USAGE, "--token-file " + tokenFile + " is empty");
      }
      return text.lines().findFirst().orElse("").strip();
    } catch (java.io.IOException e) {
      throw new CliException(
          CliException.USAGE,
          "cannot read --token-file "
              + tokenFile
              + ": "
              + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = EventKitCli.class.getPackage().getImplementationVersion();
      return new String[] {"eventkit " + (v == null ? "dev" : v)};
    }
  }

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      try {
        if (v.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
          return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("m")) {
          return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("h")) {
          return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("d")) {
          return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration: use e.g. 500ms, 30s, 15m, 24h, 7d");
    }
  }
}
