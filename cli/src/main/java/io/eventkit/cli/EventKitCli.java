package io.eventkit.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;
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
    description = "Administer an EventKit node: trust with partners, its CA, and node facts.",
    subcommands = {NodeCommands.class, AuthCommands.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the node refused the request or failed",
      "2:usage error or invalid input",
      "3:the node is unreachable",
      "4:missing, invalid or insufficient token"
    })
public final class EventKitCli {

  @Option(
      names = "--node",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:EVENTKIT_NODE:-http://127.0.0.1:8080}",
      description =
          "Node URL: http://HOST:PORT (Connect) or grpc://HOST:PORT (gRPC). Env: EVENTKIT_NODE. Default: ${DEFAULT-VALUE}")
  String node;

  @Option(
      names = "--token",
      scope = ScopeType.INHERIT,
      defaultValue = "${env:EVENTKIT_TOKEN}",
      description = "API token (Bearer). Env: EVENTKIT_TOKEN.")
  String token;

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      defaultValue = "text",
      description = "Output format: text or json. Default: ${DEFAULT-VALUE}")
  Output output;

  @Option(
      names = "--timeout",
      scope = ScopeType.INHERIT,
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Per-call timeout, e.g. 500ms, 10s, 1m. Default: ${DEFAULT-VALUE}")
  Duration timeout;

  enum Output {
    text,
    json
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams; returns the exit code (tests call this). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new EventKitCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof CliException ce) {
            EventKitCli root = commandLine.getCommandSpec().root().commandLine().getCommand();
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
    return cli.execute(args);
  }

  NodeClient client() {
    return new NodeClient(node, token, timeout);
  }

  /** Prints a response as JSON (--output json) or as aligned "key value" lines. */
  void print(PrintWriter out, MessageOrBuilder message, Map<String, String> textLines) {
    if (output == Output.json) {
      try {
        out.println(JsonFormat.printer().print(message));
      } catch (InvalidProtocolBufferException e) {
        throw new CliException(
            CliException.FAILURE, "cannot print the response: " + e.getMessage());
      }
      return;
    }
    int width = textLines.keySet().stream().mapToInt(String::length).max().orElse(0);
    textLines.forEach((k, v) -> out.println(String.format("%-" + width + "s  %s", k, v)));
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
