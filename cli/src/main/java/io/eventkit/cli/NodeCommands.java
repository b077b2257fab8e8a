package io.eventkit.cli;

import io.eventkit.proto.v1.GetNodeInfoRequest;
import io.eventkit.proto.v1.GetNodeInfoResponse;
import io.eventkit.proto.v1.NodeServiceGrpc;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "node",
    description = "Facts about the node.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = NodeCommands.Info.class)
final class NodeCommands {
  @Mixin HelpOption help;

  @Command(
      name = "info",
      description = {
        "Show the node's ID, version, federation endpoint and root CA fingerprint.",
        "Needs no token."
      })
  static final class Info extends ApiCommand {
    @Override
    int run(NodeClient client) {
      GetNodeInfoResponse info =
          client.call(
              NodeServiceGrpc.getGetNodeInfoMethod(), GetNodeInfoRequest.getDefaultInstance());
      return emit(info, () -> print(info));
    }

    private void print(GetNodeInfoResponse info) {
      Map<String, String> lines = new LinkedHashMap<>();
      lines.put("node id", info.getNodeId());
      lines.put("display name", Text.orNone(info.getDisplayName()));
      lines.put("version", Text.orNone(info.getVersion()));
      lines.put("federation", Text.orNone(info.getFederationEndpoint()));
      lines.put("root CA sha256", Text.orNone(info.getRootCaFingerprintSha256()));
      lines.put("started", Text.instant(info.getStartedAt()));
      lines.put("server time", Text.instant(info.getServerTime()));
      Text.keyValues(out(), lines);
    }
  }
}
