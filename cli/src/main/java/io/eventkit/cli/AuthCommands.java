package io.eventkit.cli;

import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.eventkit.proto.v1.WhoAmIResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "auth",
    description = "Who the token or the stored login belongs to.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = AuthCommands.WhoAmI.class)
final class AuthCommands {
  @Mixin HelpOption help;

  @Command(
      name = "whoami",
      description = "Show who the token (or the stored login) belongs to.",
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit auth whoami", "  eventkit auth whoami -o json"})
  static final class WhoAmI extends ApiCommand {
    @Override
    int run(NodeClient client) {
      WhoAmIResponse who =
          client.call(AuthServiceGrpc.getWhoAmIMethod(), WhoAmIRequest.getDefaultInstance());
      return emit(who, () -> print(who));
    }

    private void print(WhoAmIResponse who) {
      Map<String, String> lines = new LinkedHashMap<>();
      lines.put("principal", who.getPrincipalId());
      lines.put("name", who.getName());
      lines.put("role", who.getRole().name().replace("ROLE_", ""));
      Text.keyValues(out(), lines);
    }
  }
}
