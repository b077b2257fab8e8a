package io.eventkit.cli;

import io.eventkit.proto.v1.ListPartnerHealthRequest;
import io.eventkit.proto.v1.ListPartnerHealthResponse;
import io.eventkit.proto.v1.PartnerHealth;
import io.eventkit.proto.v1.TrustServiceGrpc;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "partners",
    description = "Partner nodes at a glance.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = PartnersCommands.Health.class)
final class PartnersCommands {
  @Mixin HelpOption help;

  @Command(
      name = "health",
      description = {
        "Federation health per partner: last success and error, latency, circuit breaker,"
            + " this node's client certificate expiry and the age of the partner's trust bundle.",
        "Times are UTC."
      })
  static final class Health extends ApiCommand {
    @Override
    int run(NodeClient client) {
      ListPartnerHealthResponse response =
          client.call(
              TrustServiceGrpc.getListPartnerHealthMethod(),
              ListPartnerHealthRequest.getDefaultInstance());
      if (json()) {
        printJson(response);
        return 0;
      }
      if (response.getPartnersCount() == 0) {
        out().println("No partners yet. Invite one with: eventkit trust invite --partner ID");
        return 0;
      }
      Text.Table table =
          new Text.Table(
              "NODE",
              "STATE",
              "LAST OK",
              "LAST ERROR",
              "P50",
              "P99",
              "CIRCUIT",
              "CERT EXPIRES",
              "BUNDLE AGE");
      for (PartnerHealth h : response.getPartnersList()) {
        table.row(
            h.getNodeId(),
            Levels.state(h.getState()),
            Text.instant(h.getLastSuccess()),
            Text.instant(h.getLastErrorAt()),
            Text.millis(h.getLatencyP50Ms()),
            Text.millis(h.getLatencyP99Ms()),
            Text.orNone(h.getCircuitState()),
            Text.instant(h.getClientCertificateExpiresAt()),
            h.getBundleAgeSeconds() > 0
                ? Text.duration(Duration.ofSeconds(h.getBundleAgeSeconds()))
                : Text.NONE);
      }
      table.print(out());
      boolean header = false;
      for (PartnerHealth h : response.getPartnersList()) {
        if (h.getLastError().isBlank()) {
          continue;
        }
        if (!header) {
          out().println();
          out().println("Last errors:");
          header = true;
        }
        out()
            .println(
                "  "
                    + h.getNodeId()
                    + " at "
                    + Text.instant(h.getLastErrorAt())
                    + ": "
                    + h.getLastError());
      }
      return 0;
    }
  }
}
