package io.eventkit.cli;

import com.google.protobuf.Timestamp;
import io.eventkit.proto.v1.FederationQueryServiceGrpc;
import io.eventkit.proto.v1.FindSuppliersForShortagesRequest;
import io.eventkit.proto.v1.FindSuppliersForShortagesResponse;
import io.eventkit.proto.v1.PartnerAvailability;
import io.eventkit.proto.v1.PartnerAvailabilityLine;
import io.eventkit.proto.v1.PartnerLineAnswer;
import io.eventkit.proto.v1.PartnerQueryStatus;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.ProductMatch;
import io.eventkit.proto.v1.QueryPartnerAvailabilityRequest;
import io.eventkit.proto.v1.QueryPartnerAvailabilityResponse;
import io.eventkit.proto.v1.ShortLine;
import io.eventkit.proto.v1.SupplierOption;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "availability",
    description = "Ask partners what they could supply (federated availability).",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {AvailabilityCommands.Query.class, AvailabilityCommands.Shortages.class})
final class AvailabilityCommands {
  @Mixin HelpOption help;

  @Command(
      name = "query",
      description = {
        "Ask every partner that grants this node AVAILABILITY, in parallel, how many of a product"
            + " it could supply over a period. Every partner is listed with its status; a slow"
            + " or dead partner is reported, never waited for.",
        "Give either --product (one of this node's products; the planner's mappings apply) or"
            + " --manufacturer and --model (and/or --gtin)."
      })
  static final class Query extends ApiCommand {
    @Option(names = "--product", paramLabel = "ID", description = "A local product ID.")
    String product;

    @Option(names = "--manufacturer", paramLabel = "TEXT")
    String manufacturer;

    @Option(names = "--model", paramLabel = "TEXT")
    String model;

    @Option(names = "--gtin", paramLabel = "DIGITS")
    String gtin;

    @Option(
        names = "--qty",
        required = true,
        paramLabel = "N",
        description = "Quantity wanted (1 .. 1000000).")
    int quantity;

    @Option(
        names = "--from",
        required = true,
        paramLabel = "TIME",
        description = "Start, ISO-8601 UTC (2031-07-01T08:00:00Z).")
    String from;

    @Option(
        names = "--to",
        required = true,
        paramLabel = "TIME",
        description = "End (after --from).")
    String to;

    @Option(
        names = "--fresh",
        description =
            "Ask every partner afresh: skip the answer cache and re-read its shared catalogue.")
    boolean fresh;

    private Period period;

    @Override
    void validate() {
      boolean byName = manufacturer != null || model != null || gtin != null;
      if (product != null && byName) {
        throw usage("give either --product or --manufacturer/--model/--gtin, not both");
      }
      if (product == null && !byName) {
        throw usage("give --product, or --manufacturer and --model (or --gtin)");
      }
      if (product != null) {
        uuid(product, "--product");
      }
      if (quantity < 1 || quantity > 1_000_000) {
        throw usage("--qty must be between 1 and 1000000");
      }
      period = period(from, to);
    }

    private void uuid(String s, String option) {
      try {
        UUID.fromString(s);
      } catch (IllegalArgumentException e) {
        throw usage(option + " must be an ID (UUID): '" + s + "'");
      }
    }

    private Period period(String start, String end) {
      Instant s;
      Instant e;
      try {
        s = SubHireArgs.instant(start);
        e = SubHireArgs.instant(end);
      } catch (CommandLine.TypeConversionException ex) {
        throw usage("--from and --to: " + ex.getMessage());
      }
      if (!e.isAfter(s)) {
        throw usage("--to must be after --from");
      }
      return Period.newBuilder().setStart(ts(s)).setEnd(ts(e)).build();
    }

    @Override
    Duration defaultTimeout() {
      return Duration.ofSeconds(30);
    }

    @Override
    int run(NodeClient client) {
      PartnerAvailabilityLine.Builder line =
          PartnerAvailabilityLine.newBuilder().setQuantity(quantity);
      if (product != null) {
        line.setProductId(product);
      } else {
        line.setManufacturer(orEmpty(manufacturer)).setModel(orEmpty(model)).setGtin(orEmpty(gtin));
      }
      QueryPartnerAvailabilityResponse r =
          client.call(
              FederationQueryServiceGrpc.getQueryPartnerAvailabilityMethod(),
              QueryPartnerAvailabilityRequest.newBuilder()
                  .addLines(line)
                  .setPeriod(period)
                  .setBypassCache(fresh)
                  .build());
      if (json()) {
        printJson(r);
        return 0;
      }
      if (r.getPartnersCount() == 0) {
        out().println("No ACTIVE partners.");
        return 0;
      }
      Text.Table t =
          new Text.Table("PARTNER", "STATUS", "MATCH", "PRODUCT", "AVAILABLE", "MS", "DETAIL");
      for (PartnerAvailability p : r.getPartnersList()) {
        if (p.getLinesCount() == 0) {
          t.row(
              p.getPartnerNodeId(),
              status(p.getStatus()),
              Text.NONE,
              Text.NONE,
              Text.NONE,
              latency(p),
              detail(p));
        }
        for (PartnerLineAnswer l : p.getLinesList()) {
          boolean none = l.getMatch() == ProductMatch.PRODUCT_MATCH_NONE;
          t.row(
              p.getPartnerNodeId(),
              status(p.getStatus()),
              match(l.getMatch()),
              none ? Text.NONE : productLabel(l.getProduct()),
              none ? Text.NONE : l.getAvailableQuantity() + "/" + quantity,
              latency(p),
              detail(p));
        }
      }
      t.print(out());
      return 0;
    }
  }

  @Command(
      name = "shortages",
      description =
          "For each short line of an event (its pull-list check), which partners could supply the"
              + " shortfall over the event's period.")
  static final class Shortages extends ApiCommand {
    @Parameters(index = "0", paramLabel = "EVENT", description = "The event ID.")
    String event;

    @Option(
        names = "--fresh",
        description =
            "Ask every partner afresh: skip the answer cache and re-read its shared catalogue.")
    boolean fresh;

    @Override
    void validate() {
      try {
        UUID.fromString(event);
      } catch (IllegalArgumentException e) {
        throw usage("EVENT must be an ID (UUID): '" + event + "'");
      }
    }

    @Override
    Duration defaultTimeout() {
      return Duration.ofSeconds(30);
    }

    @Override
    int run(NodeClient client) {
      FindSuppliersForShortagesResponse r =
          client.call(
              FederationQueryServiceGrpc.getFindSuppliersForShortagesMethod(),
              FindSuppliersForShortagesRequest.newBuilder()
                  .setEventId(event)
                  .setBypassCache(fresh)
                  .build());
      return emit(r, () -> print(out(), r));
    }

    static void print(PrintWriter out, FindSuppliersForShortagesResponse r) {
      String event = Text.named(r.getEventId(), r.getEventName());
      if (r.getLinesCount() == 0) {
        out.println("Nothing is short for event " + event + ".");
        return;
      }
      out.println("Event " + event + ", " + SubHireText.period(r.getPeriod()) + ":");
      for (ShortLine l : r.getLinesList()) {
        out.println(
            Text.named(l.getProductId(), l.getProductName())
                + ": short "
                + l.getShortfall()
                + " of "
                + l.getRequested());
        if (l.getSuppliersCount() == 0) {
          out.println("  no partner has any");
        }
        for (SupplierOption o : l.getSuppliersList()) {
          out.println(
              "  "
                  + o.getPartnerNodeId()
                  + "  "
                  + productLabel(o.getProduct())
                  + "  "
                  + o.getAvailableQuantity()
                  + (o.getFills() ? "  fills it" : "  partly")
                  + "  ["
                  + match(o.getMatch())
                  + "]");
        }
      }
      List<PartnerAvailability> failed =
          r.getPartnersList().stream()
              .filter(p -> p.getStatus() != PartnerQueryStatus.PARTNER_QUERY_STATUS_OK)
              .toList();
      if (!failed.isEmpty()) {
        out.println();
        out.println("Not answering:");
        for (PartnerAvailability p : failed) {
          out.println(
              "  " + p.getPartnerNodeId() + "  " + status(p.getStatus()) + "  " + p.getDetail());
        }
      }
    }
  }

  static String status(PartnerQueryStatus s) {
    return s.name().replace("PARTNER_QUERY_STATUS_", "");
  }

  static String match(ProductMatch m) {
    return m.name().replace("PRODUCT_MATCH_", "");
  }

  static String productLabel(io.eventkit.proto.v1.SharedProduct p) {
    String name = p.getName().isBlank() ? p.getManufacturer() + " " + p.getModel() : p.getName();
    return name.strip() + " (" + p.getId() + ")";
  }

  private static String latency(PartnerAvailability p) {
    return p.getCached() ? "cached" : String.valueOf(p.getLatencyMs());
  }

  private static String detail(PartnerAvailability p) {
    return p.getDetail().isBlank() ? Text.NONE : p.getDetail();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  private AvailabilityCommands() {}
}
