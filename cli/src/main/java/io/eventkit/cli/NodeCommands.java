package io.eventkit.cli;

import com.google.protobuf.Timestamp;
import io.eventkit.proto.v1.GetNodeInfoRequest;
import io.eventkit.proto.v1.GetNodeInfoResponse;
import io.eventkit.proto.v1.NodeServiceGrpc;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "node",
    description = "Facts about the node.",
    subcommands = NodeCommands.Info.class)
final class NodeCommands {
  @ParentCommand EventKitCli root;

  @Command(
      name = "info",
      description = "Show the node's ID, version, federation endpoint and root CA fingerprint.")
  static final class Info implements Callable<Integer> {
    @ParentCommand NodeCommands parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      EventKitCli root = parent.root;
      try (NodeClient client = root.client()) {
        GetNodeInfoResponse info =
            client.call(
                NodeServiceGrpc.getGetNodeInfoMethod(), GetNodeInfoRequest.getDefaultInstance());
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("node id", info.getNodeId());
        lines.put("display name", info.getDisplayName());
        lines.put("version", info.getVersion());
        lines.put("federation", info.getFederationEndpoint());
        lines.put("root CA sha256", info.getRootCaFingerprintSha256());
        lines.put("started", instant(info.getStartedAt()));
        lines.put("server time", instant(info.getServerTime()));
        root.print(spec.commandLine().getOut(), info, lines);
      }
      return 0;
    }
  }

  static String instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
  }
}
