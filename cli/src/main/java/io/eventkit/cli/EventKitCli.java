package io.eventkit.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code eventkit} — the admin command line. Global options apply to every subcommand; every
 * failure prints one line naming what went wrong and exits non-zero (see {@link CliException}).
 */
@Command(
    name = "eventkit",
    mixinStandardHelpOptions = true,
    versionProvider = EventKitCli.Version.class,
    description =
        "Administer an EventKit node: log in, users, roles and API keys, trust with partners,"
            + " sub-hires, its CA, and node facts.",
    subcommands = {
      TrustCommands.class,
      PartnersCommands.class,
      SubHireCommands.class,
      AvailabilityCommands.class,
      MappingCommands.class,
      ResolveCommand.class,
      ScanCommands.class,
      RepairCommands.class,
      CrmCommands.class,
      QuoteCommands.class,
      PricingCommands.class,
      CrewCommands.class,
      TransportCommands.class,
      DataCommands.Export.class,
      DataCommands.Import.class,
      FilesCommands.class,
      ReportCommands.class,
      CaCommands.class,
      NodeCommands.class,
      AuthCommands.class,
      LoginCommands.Login.class,
      LoginCommands.Logout.class,
      UsersCommands.class,
      PasswordCommands.class,
      RolesCommands.class,
      KeysCommands.class,
      SessionsCommands.class,
      TenantsCommands.class,
      AuditCommands.class,
      NotificationsCommands.class,
      WebhookCommands.class,
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

  @Mixin ConnectionOptions connection;
  @Mixin AuthOptions auth;
  @Mixin OutputOptions output;

  /** Time source for relative times ("in 23h 59m"); fixed in tests. */
  Clock clock = Clock.systemUTC();

  /** Where confirmations and passwords are asked. */
  Terminal terminal = Terminal.system();

  /** The environment variables (EVENTKIT_NODE, EVENTKIT_TOKEN, …); a test's own in tests. */
  Map<String, String> env = System.getenv();

  /** Where --password-stdin reads from. */
  java.io.InputStream stdin = System.in;

  /** Held so the setting sticks: gRPC's own log lines would repeat our error messages. */
  private static final java.util.logging.Logger GRPC_LOG =
      java.util.logging.Logger.getLogger("io.grpc");

  public static void main(String[] args) {
    GRPC_LOG.setLevel(java.util.logging.Level.OFF);
    // The platform charset, as System.out and System.err themselves use on Java 17.
    Charset cs = Charset.defaultCharset();
    System.exit(
        run(
            args,
            new PrintWriter(new OutputStreamWriter(System.out, cs), true),
            new PrintWriter(new OutputStreamWriter(System.err, cs), true)));
  }

  /**
   * Runs the CLI with the given streams and returns the exit code. No side effects beyond the calls
   * to the node and the two streams: it never exits the JVM. Without {@code --yes}, {@code trust
   * revoke} asks on the process console, and refuses (exit 2) when there is none.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, Clock.systemUTC(), Terminal.system());
  }

  /** As {@link #run(String[], PrintWriter, PrintWriter)} reading {@code stdin} (e.g. scans). */
  public static int run(
      String[] args, PrintWriter out, PrintWriter err, java.io.InputStream stdin) {
    return run(args, out, err, Clock.systemUTC(), Terminal.system(), System.getenv(), stdin);
  }

  /** As {@link #run(String[], PrintWriter, PrintWriter)} with a given clock and terminal. */
  static int run(String[] args, PrintWriter out, PrintWriter err, Clock clock, Terminal terminal) {
    return run(args, out, err, clock, terminal, System.getenv(), System.in);
  }

  /** As above, with the environment variables and standard input given. */
  static int run(
      String[] args,
      PrintWriter out,
      PrintWriter err,
      Clock clock,
      Terminal terminal,
      Map<String, String> env,
      java.io.InputStream stdin) {
    EventKitCli root = new EventKitCli();
    root.clock = clock;
    root.terminal = terminal;
    root.env = env;
    root.stdin = stdin;
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(EventKitCli::usageError);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof CliException ce) {
            if (root.output.json()) {
              Map<String, Object> error = new LinkedHashMap<>();
              error.put("error", ce.code() == null ? "CLI_ERROR" : ce.code());
              error.put("message", ce.getMessage());
              commandLine.getOut().println(new com.google.gson.Gson().toJson(error));
            }
            commandLine.getErr().println("error: " + ce.text());
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
    String message = ex.getMessage();
    boolean passwordArgument =
        ex instanceof CommandLine.UnmatchedArgumentException unmatched
            && unmatched.getUnmatched().stream()
                .anyMatch(a -> a.equals("--password") || a.startsWith("--password="));
    if (passwordArgument) {
      // Do not echo what follows: it is probably a password.
      message =
          "there is no --password option: passwords are read from the terminal without echo, or"
              + " from standard input with --password-stdin";
    }
    Object rootObject = cmd.getCommandSpec().root().userObject();
    if (rootObject instanceof EventKitCli root && root.output.json()) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("error", "USAGE");
      error.put("message", message);
      cmd.getOut().println(new com.google.gson.Gson().toJson(error));
    }
    if (passwordArgument) {
      err.println("error: " + message);
      err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
      return CliException.USAGE;
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

  /**
   * The node to call: --node, else $EVENTKIT_NODE, else (when no token is given) the stored login's
   * node, else {@link ConnectionOptions#DEFAULT_NODE}.
   */
  String nodeUrl() {
    if (connection.node != null && !connection.node.isBlank()) {
      return connection.node;
    }
    String fromEnv = env.get("EVENTKIT_NODE");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    String explicit = token();
    if (explicit != null && !explicit.isBlank()) {
      return ConnectionOptions.DEFAULT_NODE;
    }
    return credentials().load().map(Credentials.Login::node).orElse(ConnectionOptions.DEFAULT_NODE);
  }

  /** --tenant, else $EVENTKIT_TENANT, else null (the stored login's, or none). */
  String tenant() {
    if (connection.tenant != null && !connection.tenant.isBlank()) {
      return connection.tenant.trim();
    }
    String fromEnv = env.get("EVENTKIT_TENANT");
    return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.trim();
  }

  Duration timeout(Duration defaultTimeout) {
    return connection.timeout == null ? defaultTimeout : connection.timeout;
  }

  Credentials credentials() {
    return Credentials.forEnvironment(env);
  }

  /**
   * A client for the node with the caller's credential and --timeout or else {@code
   * defaultTimeout}.
   */
  NodeClient client(Duration defaultTimeout) {
    String url = nodeUrl();
    Duration timeout = timeout(defaultTimeout);
    String explicit = token();
    if (explicit != null && !explicit.isBlank()) {
      return new NodeClient(url, explicit, timeout).tenant(tenant());
    }
    Credentials store = credentials();
    Credentials.Login login = store.load().orElse(null);
    if (login != null && sameNode(login.node(), url)) {
      return new NodeClient(url, new StoredLogin(store, login, clock, timeout), timeout)
          .tenant(tenant() != null ? tenant() : login.tenant());
    }
    NodeClient.TokenSource none =
        new NodeClient.TokenSource() {
          @Override
          public String token() {
            return null;
          }

          @Override
          public String hint() {
            return login == null
                ? CliException.TOKEN_HINT
                : "the stored login is for "
                    + login.node()
                    + ", not "
                    + url
                    + "; "
                    + CliException.TOKEN_HINT;
          }
        };
    return new NodeClient(url, none, timeout).tenant(tenant());
  }

  /** A client that sends no credential (Login, Refresh, ResetPassword…). */
  NodeClient anonymousClient(Duration defaultTimeout, String authHint) {
    NodeClient.TokenSource none =
        new NodeClient.TokenSource() {
          @Override
          public String token() {
            return null;
          }

          @Override
          public String hint() {
            return authHint;
          }
        };
    return new NodeClient(nodeUrl(), none, timeout(defaultTimeout)).tenant(tenant());
  }

  static boolean sameNode(String a, String b) {
    return NodeClient.parse(a).normalize().equals(NodeClient.parse(b).normalize())
        || strip(a).equalsIgnoreCase(strip(b));
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** --token, else the first line of --token-file, else $EVENTKIT_TOKEN(_FILE), else none. */
  String token() {
    String token = auth.token;
    java.nio.file.Path tokenFile = auth.tokenFile;
    if ((token == null || token.isBlank()) && tokenFile == null) {
      token = env.get("EVENTKIT_TOKEN");
      String file = env.get("EVENTKIT_TOKEN_FILE");
      if ((token == null || token.isBlank()) && file != null && !file.isBlank()) {
        tokenFile = java.nio.file.Path.of(file);
      }
    }
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
