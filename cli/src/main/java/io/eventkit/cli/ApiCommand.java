package io.eventkit.cli;

import com.google.protobuf.MessageOrBuilder;
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
    return root().output.json();
  }

  Instant now() {
    return root().clock.instant();
  }

  /** A usage error (exit 2) reported like a bad option, with a pointer to this command's help. */
  CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** Whether this command prints {@code -o csv}; the others refuse it as a usage error. */
  boolean printsCsv() {
    return false;
  }

  /** Checks arguments that picocli cannot; throw {@link #usage} to refuse. */
  void validate() {}

  abstract int run(NodeClient client);

  /** Whether calls carry the caller's credential (false for Login, Refresh, ResetPassword). */
  boolean authenticated() {
    return true;
  }

  /** Appended to UNAUTHENTICATED errors of commands that send no credential. */
  String anonymousHint() {
    return CliException.TOKEN_HINT;
  }

  /** The timeout when --timeout is not given. */
  Duration defaultTimeout() {
    return Duration.ofSeconds(10);
  }

  @Override
  public final Integer call() {
    if (root().output.csv() && !printsCsv()) {
      throw usage("-o csv is only for the report commands; use text or json here");
    }
    validate();
    try (NodeClient client =
        authenticated()
            ? root().client(defaultTimeout())
            : root().anonymousClient(defaultTimeout(), anonymousHint())) {
      return run(client);
    }
  }

  void printJson(MessageOrBuilder message) {
    OutputOptions.printJson(out(), message);
  }

  /** The one way to answer: {@code message} as JSON with {@code -o json}, else {@code text}. */
  int emit(MessageOrBuilder message, Runnable text) {
    if (json()) {
      printJson(message);
    } else {
      text.run();
    }
    return 0;
  }

  /**
   * A final action's confirmation: the person types {@code expected} at the terminal. Without a
   * terminal it is a usage error naming --yes (the caller skips this when --yes is given).
   *
   * @param doing e.g. "revoking b.example"; {@code verb} "revoke", {@code done} "revoked"
   */
  void confirmByTyping(String expected, String doing, String verb, String done, String prompt) {
    Terminal terminal = root().terminal;
    if (!terminal.interactive()) {
      throw usage(
          doing + " is final and there is no terminal to confirm it: pass --yes to " + verb);
    }
    String answer = terminal.readLine(prompt);
    if (answer == null || !answer.trim().equals(expected)) {
      throw new CliException(
          CliException.FAILURE, "not confirmed: " + expected + " was not " + done);
    }
  }
}
