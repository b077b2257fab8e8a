package io.eventkit.cli;

import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.ChangePasswordRequest;
import io.eventkit.proto.v1.ChangePasswordResponse;
import io.eventkit.proto.v1.RequestPasswordResetRequest;
import io.eventkit.proto.v1.RequestPasswordResetResponse;
import io.eventkit.proto.v1.ResetPasswordRequest;
import io.eventkit.proto.v1.ResetPasswordResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventkit password}: the caller's own password. */
@Command(
    name = "password",
    description =
        "Your own password: change it, ask for a reset link by email, or set a new one with a"
            + " reset token.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      PasswordCommands.Change.class,
      PasswordCommands.Forgot.class,
      PasswordCommands.Reset.class
    })
final class PasswordCommands {
  @Mixin HelpOption help;

  @Command(
      name = "change",
      description = {
        "Change your password (12-256 characters). Your other sessions end; this one stays.",
        "Asks for the current and the new password without echo, or with --password-stdin reads"
            + " them from the first two lines of standard input."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit password change",
        "  printf '%%s\\n%%s\\n' \"$OLD\" \"$NEW\" | eventkit password change \\",
        "      --password-stdin"
      })
  static final class Change extends ApiCommand {
    @Option(
        names = "--password-stdin",
        description = "Read the current password, then the new one, from standard input.")
    boolean passwordStdin;

    private Passwords passwords;

    @Override
    void validate() {
      passwords = new Passwords(root(), passwordStdin);
      String why = passwords.unavailable();
      if (why != null) {
        throw usage(why);
      }
    }

    @Override
    int run(NodeClient client) {
      String current = passwords.existing("Current password: ");
      String next = passwords.chosen("New password: ");
      ChangePasswordRequest.Builder request =
          ChangePasswordRequest.newBuilder().setCurrentPassword(current).setNewPassword(next);
      // With the stored login, keep its session open.
      if (root().token() == null) {
        root()
            .credentials()
            .load()
            .filter(l -> EventKitCli.sameNode(l.node(), root().nodeUrl()))
            .map(Credentials.Login::sessionId)
            .filter(id -> id != null && !id.isEmpty())
            .ifPresent(request::setKeepSessionId);
      }
      ChangePasswordResponse response =
          client.call(AuthServiceGrpc.getChangePasswordMethod(), request.build());
      return emit(
          response,
          () ->
              out()
                  .println(
                      "Changed your password; "
                          + response.getSessionsEnded()
                          + " other session"
                          + (response.getSessionsEnded() == 1 ? "" : "s")
                          + " ended."));
    }
  }

  @Command(
      name = "forgot",
      description = {
        "Ask for a password-reset link by email (no login needed). If EMAIL belongs to a user who"
            + " logs in with a password, the node mails them a link that works once, for 30"
            + " minutes. The answer is the same either way, so it says nothing about who has an"
            + " account."
      },
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit --node https://eventkit.example password forgot lars@example.com"})
  static final class Forgot extends ApiCommand {
    @Parameters(index = "0", paramLabel = "EMAIL", description = "The address you log in with.")
    String email;

    @Override
    boolean authenticated() {
      return false;
    }

    @Override
    int run(NodeClient client) {
      RequestPasswordResetResponse response =
          client.call(
              AuthServiceGrpc.getRequestPasswordResetMethod(),
              RequestPasswordResetRequest.newBuilder().setEmail(email.strip()).build());
      return emit(
          response,
          () -> {
            out()
                .println(
                    "If "
                        + email.strip()
                        + " has an account here that logs in with a password, a reset link is on"
                        + " its way. It works once, for 30 minutes.");
            out().println("No mail within a few minutes? Check the address, or ask an admin.");
          });
    }
  }

  @Command(
      name = "reset",
      description = {
        "Set a new password with a one-time reset token from an admin"
            + " ('eventkit users reset-password') or from the link in a reset mail (the part"
            + " after '#token='). All your sessions end; log in again after.",
        "Without --reset-token the token is asked on the terminal (without echo)."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit --node http://eventkit.example:8080 password reset",
        "  printf '%%s\\n' \"$NEW\" | eventkit password reset --reset-token \"$T\" \\",
        "      --password-stdin"
      })
  static final class Reset extends ApiCommand {
    @Option(
        names = "--reset-token",
        paramLabel = "TOKEN",
        description = "The reset token (asked on the terminal when not given).")
    String resetToken;

    @Option(
        names = "--password-stdin",
        description = "Read the new password from the first line of standard input.")
    boolean passwordStdin;

    private Passwords passwords;

    @Override
    boolean authenticated() {
      return false;
    }

    @Override
    String anonymousHint() {
      return "the reset token is unknown, spent or expired: ask an admin for a new one";
    }

    @Override
    void validate() {
      if (resetToken != null && resetToken.isBlank()) {
        throw usage("--reset-token is empty");
      }
      if (resetToken == null && !root().terminal.interactive()) {
        throw usage("no terminal to ask for the reset token on: give --reset-token");
      }
      passwords = new Passwords(root(), passwordStdin);
      String why = passwords.unavailable();
      if (why != null) {
        throw usage(why);
      }
    }

    @Override
    int run(NodeClient client) {
      String token = resetToken;
      if (token == null) {
        token = new Passwords(root(), false).existing("Reset token: ").strip();
      }
      String next = passwords.chosen("New password: ");
      ResetPasswordResponse response =
          client.call(
              AuthServiceGrpc.getResetPasswordMethod(),
              ResetPasswordRequest.newBuilder()
                  .setResetToken(token.strip())
                  .setNewPassword(next)
                  .build());
      return emit(
          response,
          () ->
              out()
                  .println(
                      "Your password is set; all your sessions ended. Log in with 'eventkit"
                          + " login'."));
    }
  }
}
