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
            + " this node's client certificate expiry, the age of the partner's trust bundle and"
            + " the estimated offset of its clock from ours (CLOCK, partner minus us; '!' above"
            + " the warning threshold, federation.clockOffsetWarning).",
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
              "BUNDLE AGE",
              "CLOCK");
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
                : Text.NONE,
            clock(h));
      }
      table.print(out());
      for (PartnerHealth h : response.getPartnersList()) {
        if (h.getClockOffsetWarning()) {
          out()
              .println(
                  "Warning: the clock of "
                      + h.getNodeId()
                      + " is "
                      + offset(Math.abs(h.getClockOffsetMs()))
                      + (h.getClockOffsetMs() < 0 ? " behind" : " ahead of")
                      + " this node's; check NTP on both nodes (certificates allow only a small"
                      + " skew).");
        }
        if (h.getState() == io.eventkit.proto.v1.PartnerState.PARTNER_STATE_REVOKED_BY_PARTNER) {
          out().println(h.getNodeId() + " has revoked this node.");
        }
      }
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

  /** "+1.2s", "-250ms", "-" when never measured; "!" marks an offset above the threshold. */
  static String clock(PartnerHealth h) {
    if (!h.hasClockOffsetMs()) {
      return Text.NONE;
    }
    long ms = h.getClockOffsetMs();
    return (ms < 0 ? "-" : "+") + offset(Math.abs(ms)) + (h.getClockOffsetWarning() ? " !" : "");
  }

  private static String offset(long ms) {
    return ms < 1000 ? ms + "ms" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
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

    @Option(
        names = "--fresh",
        description =
            "Re-read the partner's catalogue now instead of the copy cached for up to 60 s.")
    boolean fresh;

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
                  .setFresh(fresh)
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
