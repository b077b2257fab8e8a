package io.eventkit.cli;

import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.ListSessionsRequest;
import io.eventkit.proto.v1.ListSessionsResponse;
import io.eventkit.proto.v1.RevokeSessionRequest;
import io.eventkit.proto.v1.RevokeSessionResponse;
import io.eventkit.proto.v1.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eventkit sessions}: logins (refresh-token families). */
@Command(
    name = "sessions",
    description = {
      "Login sessions: yours, or with users.admin anyone's.",
      "A session lasts from login to logout, revocation or expiry."
    },
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {SessionsCommands.ListSessions.class, SessionsCommands.Revoke.class})
final class SessionsCommands {
  @Mixin HelpOption help;

  @Command(
      name = "list",
      description = "List sessions, newest first: yours, a user's (--user) or everyone's (--all).",
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit sessions list",
        "  eventkit sessions list --user lars@example.com",
        "  eventkit sessions list --all -o json"
      })
  static final class ListSessions extends ApiCommand {
    @Option(names = "--user", paramLabel = "USER", description = UsersCommands.USER_HELP)
    String user;

    @Option(names = "--all", description = "Every user's sessions (needs users.admin).")
    boolean all;

    @Override
    void validate() {
      if (all && user != null) {
        throw usage("give --user or --all, not both");
      }
    }

    @Override
    int run(NodeClient client) {
      ListSessionsRequest.Builder request = ListSessionsRequest.newBuilder().setAll(all);
      if (user != null) {
        request.setUserId(UsersCommands.userId(client, user));
      }
      ListSessionsResponse response =
          client.call(AuthServiceGrpc.getListSessionsMethod(), request.build());
      String current =
          root().token() == null
              ? root().credentials().load().map(Credentials.Login::sessionId).orElse("")
              : "";
      return emit(
          response,
          () -> {
            if (response.getSessionsCount() == 0) {
              out().println("No sessions.");
              return;
            }
            Text.Table table =
                new Text.Table("ID", "USER", "FROM", "CREATED", "LAST USED", "EXPIRES", "STATE");
            for (Session s : response.getSessionsList()) {
              String state =
                  Text.isSet(s.getRevokedAt())
                      ? "ended "
                          + Text.instant(s.getRevokedAt())
                          + " ("
                          + s.getRevokedReason()
                          + ")"
                      : Text.isSet(s.getExpiresAt())
                              && !Text.toInstant(s.getExpiresAt()).isAfter(now())
                          ? "expired"
                          : "active";
              table.row(
                  s.getId() + (s.getId().equals(current) ? " *" : ""),
                  s.getUserId(),
                  s.getSourceAddress(),
                  Text.instant(s.getCreatedAt()),
                  Text.instant(s.getLastUsedAt()),
                  Text.instant(s.getExpiresAt()),
                  state);
            }
            table.print(out());
            if (!current.isEmpty()) {
              out().println("* this login");
            }
          });
    }
  }

  @Command(
      name = "revoke",
      description = "End a session: its refresh token stops working at once.",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit sessions revoke 6c1d…"})
  static final class Revoke extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "ID",
        description = "The session's ID ('eventkit sessions list').")
    String id;

    @Override
    int run(NodeClient client) {
      RevokeSessionResponse response =
          client.call(
              AuthServiceGrpc.getRevokeSessionMethod(),
              RevokeSessionRequest.newBuilder().setSessionId(id).build());
      return emit(response, () -> out().println("Ended the session " + id + "."));
    }
  }
}
