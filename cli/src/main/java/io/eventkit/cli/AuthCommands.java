package io.eventkit.cli;

import io.eventkit.proto.v1.AuthServiceGrpc;
import io.eventkit.proto.v1.WhoAmIRequest;
import io.eventkit.proto.v1.WhoAmIResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "auth", description = "API tokens.", subcommands = AuthCommands.WhoAmI.class)
final class AuthCommands {
  @ParentCommand EventKitCli root;

  @Command(name = "whoami", description = "Show who the token belongs to.")
  static final class WhoAmI implements Callable<Integer> {
    @ParentCommand AuthCommands parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try (NodeClient client = parent.root.client()) {
        WhoAmIResponse who =
            client.call(AuthServiceGrpc.getWhoAmIMethod(), WhoAmIRequest.getDefaultInstance());
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("principal", who.getPrincipalId());
        lines.put("name", who.getName());
        lines.put("role", who.getRole().name().replace("ROLE_", ""));
        parent.root.print(spec.commandLine().getOut(), who, lines);
      }
      return 0;
    }
  }
}
