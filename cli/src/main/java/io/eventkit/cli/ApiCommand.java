package io.eventkit.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A leaf command that calls the node: validates its input locally first ({@link #validate}), then
 * runs with a {@link NodeClient} for the global {@code --node}/{@code --token}/{@code --timeout}.
 */
@Command(
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      ApiCommand.EXIT_0,
      ApiCommand.EXIT_1,
      ApiCommand.EXIT_2,
      ApiCommand.EXIT_3,
      ApiCommand.EXIT_4
    })
abstract class ApiCommand implements Callable<Integer> {
  static final String EXIT_0 = "0:success";
  static final String EXIT_1 = "1:the node refused the request or failed (its message says why)";
  static final String EXIT_2 = "2:usage error or invalid input";
  static final String EXIT_3 = "3:the node is unreachable or did not answer within --timeout";
  static final String EXIT_4 = "4:missing, invalid or insufficient token";

  @Spec CommandSpec spec;
  @Mixin HelpOption help;

  EventKitCli root() {
    return (EventKitCli) spec.root().userObject();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  boolean json() {
    return root().output == EventKitCli.Output.json;
  }

  Instant now() {
    return root().clock.instant();
  }

  /** A usage error (exit 2) reported like a bad option, with a pointer to this command's help. */
  CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** Checks arguments that picocli cannot; throw {@link #usage} to refuse. */
  void validate() {}

  abstract int run(NodeClient client);

  /** The timeout when --timeout is not given. */
  Duration defaultTimeout() {
    return Duration.ofSeconds(10);
  }

  @Override
  public final Integer call() {
    validate();
    try (NodeClient client = root().client(defaultTimeout())) {
      return run(client);
    }
  }

  void printJson(MessageOrBuilder message) {
    try {
      out().println(JsonFormat.printer().print(message));
    } catch (InvalidProtocolBufferException e) {
      throw new CliException(CliException.FAILURE, "cannot print the response: " + e.getMessage());
    }
  }
}
