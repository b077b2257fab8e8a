package io.eventkit.cli;

import io.eventkit.proto.v1.DecideProductMappingRequest;
import io.eventkit.proto.v1.DecideProductMappingResponse;
import io.eventkit.proto.v1.FederationQueryServiceGrpc;
import io.eventkit.proto.v1.ListProductMappingsRequest;
import io.eventkit.proto.v1.ListProductMappingsResponse;
import io.eventkit.proto.v1.ListUnmatchedProductsRequest;
import io.eventkit.proto.v1.ListUnmatchedProductsResponse;
import io.eventkit.proto.v1.MappingDecision;
import io.eventkit.proto.v1.MappingState;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.ProductMapping;
import io.eventkit.proto.v1.UnmatchedProduct;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "mapping",
    description = {
      "Which partner product stands for which of ours. Automatic matches (same GTIN, or same"
          + " manufacturer and model) are SUGGESTED; a planner confirms, overrides or rejects them.",
      "Confirmed and overridden mappings win in availability queries; rejected ones are never used."
    },
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      MappingCommands.ListMappings.class,
      MappingCommands.Unmatched.class,
      MappingCommands.Confirm.class,
      MappingCommands.OverrideMapping.class,
      MappingCommands.Reject.class
    })
final class MappingCommands {
  @Mixin HelpOption help;

  abstract static class PartnerCommand extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "PARTNER",
        converter = NodeIds.Converter.class,
        description = "The partner's node ID.")
    String partner;

    @Override
    Duration defaultTimeout() {
      return Duration.ofSeconds(30);
    }
  }

  abstract static class PagedCommand extends PartnerCommand {
    @Option(
        names = "--page-size",
        paramLabel = "N",
        description = "Rows per page (default 50, max 500).")
    int pageSize;

    @Option(names = "--page-token", paramLabel = "TOKEN", description = "From the previous page.")
    String pageToken = "";

    @Option(
        names = "--no-refresh",
        description = "List what is stored; do not re-read the partner's catalogue first.")
    boolean noRefresh;

    PageRequest page() {
      return PageRequest.newBuilder().setPageSize(pageSize).setPageToken(pageToken).build();
    }

    @Override
    void validate() {
      if (pageSize < 0) {
        throw usage("--page-size must not be negative");
      }
    }

    void footer(String next, String refreshError) {
      if (!refreshError.isBlank()) {
        out().println("Note: suggestions may be stale: " + refreshError);
      }
      if (!next.isEmpty()) {
        out().println("More: --page-token " + next);
      }
    }
  }

  @Command(
      name = "list",
      description = "The mappings with one partner (the first page refreshes suggestions).")
  static final class ListMappings extends PagedCommand {
    @Option(
        names = "--state",
        paramLabel = "STATE",
        description = "Only SUGGESTED, CONFIRMED, OVERRIDDEN or REJECTED (repeatable).")
    List<String> states = new ArrayList<>();

    @Option(names = "--product", paramLabel = "ID", description = "Only this local product.")
    String product;

    private final List<MappingState> parsed = new ArrayList<>();

    @Override
    void validate() {
      super.validate();
      for (String s : states) {
        try {
          MappingState st = MappingState.valueOf("MAPPING_STATE_" + s.toUpperCase(Locale.ROOT));
          if (st == MappingState.MAPPING_STATE_UNSPECIFIED) {
            throw new IllegalArgumentException();
          }
          parsed.add(st);
        } catch (IllegalArgumentException e) {
          throw usage("--state must be SUGGESTED, CONFIRMED, OVERRIDDEN or REJECTED: '" + s + "'");
        }
      }
      if (product != null) {
        uuid(this, product, "--product");
      }
    }

    @Override
    int run(NodeClient client) {
      ListProductMappingsRequest.Builder b =
          ListProductMappingsRequest.newBuilder()
              .setPartnerNodeId(partner)
              .setPage(page())
              .setSkipRefresh(noRefresh)
              .addAllStates(parsed);
      if (product != null) {
        b.setProductId(product);
      }
      ListProductMappingsResponse r =
          client.call(FederationQueryServiceGrpc.getListProductMappingsMethod(), b.build());
      if (json()) {
        printJson(r);
        return 0;
      }
      if (r.getMappingsCount() == 0) {
        out().println("No mappings with " + partner + ".");
      } else {
        Text.Table t =
            new Text.Table(
                "PRODUCT", "PRODUCT ID", "PARTNER PRODUCT", "STATE", "MATCH", "DECIDED BY");
        for (ProductMapping m : r.getMappingsList()) {
          t.row(
              m.getProductName(),
              m.getProductId(),
              AvailabilityCommands.productLabel(m.getPartnerProduct()),
              state(m.getState()),
              AvailabilityCommands.match(m.getMatch()),
              Text.orNone(m.getDecidedBy()));
        }
        t.print(out());
      }
      footer(r.getPage().getNextPageToken(), r.getRefreshError());
      return 0;
    }
  }

  @Command(name = "unmatched", description = "Our products with no usable mapping to the partner.")
  static final class Unmatched extends PagedCommand {
    @Override
    int run(NodeClient client) {
      ListUnmatchedProductsResponse r =
          client.call(
              FederationQueryServiceGrpc.getListUnmatchedProductsMethod(),
              ListUnmatchedProductsRequest.newBuilder()
                  .setPartnerNodeId(partner)
                  .setPage(page())
                  .setSkipRefresh(noRefresh)
                  .build());
      if (json()) {
        printJson(r);
        return 0;
      }
      if (r.getProductsCount() == 0) {
        out().println("Every product has a mapping with " + partner + ".");
      } else {
        Text.Table t = new Text.Table("PRODUCT", "PRODUCT ID", "MANUFACTURER", "MODEL", "GTIN");
        for (UnmatchedProduct p : r.getProductsList()) {
          t.row(
              p.getName(),
              p.getProductId(),
              p.getManufacturer(),
              p.getModel(),
              Text.orNone(p.getGtin()));
        }
        t.print(out());
      }
      footer(r.getPage().getNextPageToken(), r.getRefreshError());
      return 0;
    }
  }

  abstract static class DecideCommand extends PartnerCommand {
    @Parameters(index = "1", paramLabel = "PRODUCT", description = "Our product ID.")
    String product;

    @Parameters(
        index = "2",
        paramLabel = "PARTNER_PRODUCT",
        description = "The partner's product ID.")
    String partnerProduct;

    abstract MappingDecision decision();

    @Override
    void validate() {
      uuid(this, product, "PRODUCT");
      if (partnerProduct.isBlank() || partnerProduct.length() > 100) {
        throw usage("PARTNER_PRODUCT must be 1 to 100 characters");
      }
    }

    @Override
    int run(NodeClient client) {
      DecideProductMappingResponse r =
          client.call(
              FederationQueryServiceGrpc.getDecideProductMappingMethod(),
              DecideProductMappingRequest.newBuilder()
                  .setPartnerNodeId(partner)
                  .setProductId(product)
                  .setPartnerProductId(partnerProduct)
                  .setDecision(decision())
                  .build());
      if (json()) {
        printJson(r);
        return 0;
      }
      ProductMapping m = r.getMapping();
      out()
          .println(
              m.getProductName()
                  + " -> "
                  + partner
                  + " "
                  + AvailabilityCommands.productLabel(m.getPartnerProduct())
                  + ": "
                  + state(m.getState()));
      return 0;
    }
  }

  @Command(name = "confirm", description = "Confirm a suggested (or rejected) mapping.")
  static final class Confirm extends DecideCommand {
    @Override
    MappingDecision decision() {
      return MappingDecision.MAPPING_DECISION_CONFIRM;
    }
  }

  @Command(
      name = "override",
      description = "Map our product to a partner product of your choice (it must be shared).")
  static final class OverrideMapping extends DecideCommand {
    @Override
    MappingDecision decision() {
      return MappingDecision.MAPPING_DECISION_OVERRIDE;
    }
  }

  @Command(name = "reject", description = "Never use this pair in availability queries.")
  static final class Reject extends DecideCommand {
    @Override
    MappingDecision decision() {
      return MappingDecision.MAPPING_DECISION_REJECT;
    }
  }

  static String state(MappingState s) {
    return s.name().replace("MAPPING_STATE_", "");
  }

  static void uuid(ApiCommand c, String s, String what) {
    try {
      UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw c.usage(what + " must be an ID (UUID): '" + s + "'");
    }
  }

  private MappingCommands() {}
}
