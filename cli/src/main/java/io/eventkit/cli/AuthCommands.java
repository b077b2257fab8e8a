package io.eventkit.cli;

import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.GetLoginOptionsRequest;
import io.eventkit.proto.v1.GetLoginOptionsResponse;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.eventkit.proto.v1.WhoAmIResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "auth",
    description = "Who the token or the stored login belongs to, and how to log in.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {AuthCommands.WhoAmI.class, AuthCommands.Options.class})
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
      if (who.getRolesCount() > 1 || who.getCustomRolesCount() > 0) {
        lines.put("roles", AccessArgs.roles(who.getRolesList(), who.getCustomRolesList()));
      }
      if (who.getPermissionsCount() > 0) {
        lines.put("permissions", AccessArgs.permissions(who.getPermissionsList()));
      }
      Text.keyValues(out(), lines);
    }
  }

  @Command(
      name = "options",
      description = {
        "Show how users may log in on this node: password, LDAP directory, SSO providers.",
        "Needs no credential. The provider ids go to 'eventkit login --sso'."
      },
      footerHeading = "%nExamples:%n",
      footer = {"  eventkit --node http://eventkit.example:8080 auth options"})
  static final class Options extends ApiCommand {
    @Override
    boolean authenticated() {
      return false;
    }

    @Override
    int run(NodeClient client) {
      GetLoginOptionsResponse options =
          client.call(
              AuthServiceGrpc.getGetLoginOptionsMethod(),
              GetLoginOptionsRequest.getDefaultInstance());
      return emit(
          options,
          () -> {
            Map<String, String> lines = new LinkedHashMap<>();
            lines.put(
                "password",
                !options.getPassword()
                    ? "no"
                    : options.getDirectory()
                        ? "yes, checked against the LDAP directory"
                        : "yes: eventkit login --email EMAIL");
            lines.put(
                "sso",
                options.getSsoProvidersCount() == 0
                    ? "none"
                    : options.getSsoProvidersList().stream()
                        .map(p -> p.getId() + " (" + Text.orNone(p.getDisplayName()) + ")")
                        .collect(java.util.stream.Collectors.joining(", ")));
            Text.keyValues(out(), lines);
            if (options.getSsoProvidersCount() > 0) {
              out()
                  .println(
                      "Log in with: eventkit login --sso " + options.getSsoProviders(0).getId());
            }
          });
    }
  }
}
