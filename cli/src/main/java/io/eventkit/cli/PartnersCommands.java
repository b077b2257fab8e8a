package io.eventkit.cli;

import io.eventkit.proto.v1.FederationQueryServiceGrpc;
import io.eventkit.proto.v1.ListPartnerHealthRequest;
import io.eventkit.proto.v1.ListPartnerHealthResponse;
import io.eventkit.proto.v1.ListPartnerProductsRequest;
import io.eventkit.proto.v1.ListPartnerProductsResponse;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.PartnerHealth;
import io.eventkit.proto.v1.SharedProduct;
import io.eventkit.proto.v1.TrustServiceGrpc;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "partners",
    description = "Partner nodes at a glance.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {PartnersCommands.Health.class, PartnersCommands.Catalog.class})
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

  @Command(
      name = "catalog",
      description =
          "The products a partner shares with this node (it must grant us DISCOVER), by name.")
  static final class Catalog extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "PARTNER",
        converter = NodeIds.Converter.class,
        description = "The partner's node ID.")
    String partner;

    @Option(
        names = "--page-size",
        paramLabel = "N",
        description = "Rows per page (default 50, max 500).")
    int pageSize;

    @Option(names = "--page-token", paramLabel = "TOKEN", description = "From the previous page.")
    String pageToken = "";

    @Override
    void validate() {
      if (pageSize < 0) {
        throw usage("--page-size must not be negative");
      }
    }

    @Override
    Duration defaultTimeout() {
      return Duration.ofSeconds(30);
    }

    @Override
    int run(NodeClient client) {
      ListPartnerProductsResponse r =
          client.call(
              FederationQueryServiceGrpc.getListPartnerProductsMethod(),
              ListPartnerProductsRequest.newBuilder()
                  .setPartnerNodeId(partner)
                  .setPage(PageRequest.newBuilder().setPageSize(pageSize).setPageToken(pageToken))
                  .build());
      if (json()) {
        printJson(r);
        return 0;
      }
      if (r.getProductsCount() == 0) {
        out().println(partner + " shares no products with this node.");
        return 0;
      }
      Text.Table t = new Text.Table("NAME", "MANUFACTURER", "MODEL", "CATEGORY", "GTIN", "ID");
      for (SharedProduct p : r.getProductsList()) {
        t.row(
            p.getName(),
            p.getManufacturer(),
            p.getModel(),
            Text.orNone(p.getCategory()),
            Text.orNone(p.getGtin()),
            p.getId());
      }
      t.print(out());
      if (!r.getPage().getNextPageToken().isEmpty()) {
        out().println("More: --page-token " + r.getPage().getNextPageToken());
      }
      return 0;
    }
  }
}
