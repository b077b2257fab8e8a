package io.eventkit.cli;

import io.eventkit.proto.v1.AuthAuditEntry;
import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.ListAuthAuditRequest;
import io.eventkit.proto.v1.ListAuthAuditResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eventkit audit}: the audit logs. The trust audit stays under 'eventkit trust audit'. */
@Command(
    name = "audit",
    description = "Audit logs (needs audit.read). The trust audit is 'eventkit trust audit'.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {AuditCommands.Auth.class})
final class AuditCommands {
  @Mixin HelpOption help;

  @Command(
      name = "auth",
      description = {
        "Show the auth audit log, newest first: logins, keys, users, roles, passwords.",
        "Fetches --limit entries (following page tokens), or with --all every entry."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  eventkit audit auth",
        "  eventkit audit auth --limit 500",
        "  eventkit audit auth --all -o json > auth-audit.json"
      })
  static final class Auth extends ApiCommand {
    static final int MAX_PAGE = 500;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "50",
        description = "At most N entries. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--all", description = "Every entry (follows all page tokens).")
    boolean all;

    @Option(
        names = "--page-token",
        paramLabel = "TOKEN",
        description = "Continue after an earlier listing (its nextPageToken).")
    String pageToken;

    @Override
    void validate() {
      if (limit < 1 || limit > 100_000) {
        throw usage("--limit must be between 1 and 100000 (got " + limit + ")");
      }
    }

    @Override
    int run(NodeClient client) {
      Pages.Collected<AuthAuditEntry> collected =
          Pages.collect(
              all ? Long.MAX_VALUE : limit,
              MAX_PAGE,
              pageToken,
              (size, token) -> {
                ListAuthAuditResponse page =
                    client.call(
                        AuthServiceGrpc.getListAuthAuditMethod(),
                        ListAuthAuditRequest.newBuilder()
                            .setPageSize(size)
                            .setPageToken(token)
                            .build());
                return new Pages.Page<>(page.getEntriesList(), page.getNextPageToken());
              });
      ListAuthAuditResponse merged =
          ListAuthAuditResponse.newBuilder()
              .addAllEntries(collected.entries())
              .setNextPageToken(collected.nextPageToken())
              .build();
      return emit(
          merged,
          () -> {
            if (collected.entries().isEmpty()) {
              out().println("No audit entries.");
              return;
            }
            Text.Table table =
                new Text.Table("TIME", "ACTOR", "FROM", "ACTION", "SUBJECT", "DETAIL");
            for (AuthAuditEntry e : collected.entries()) {
              table.row(
                  Text.instant(e.getAt()),
                  e.getActor(),
                  e.getActorAddress().startsWith("/")
                      ? e.getActorAddress().substring(1)
                      : e.getActorAddress(),
                  e.getAction(),
                  e.getSubject(),
                  e.getDetail());
            }
            table.print(out());
            if (collected.more()) {
              out()
                  .println(
                      "(more entries: raise --limit, use --all, or continue with --page-token "
                          + collected.nextPageToken()
                          + ")");
            }
          });
    }
  }
}
