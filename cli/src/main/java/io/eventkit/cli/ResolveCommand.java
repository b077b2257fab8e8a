package io.eventkit.cli;

import io.eventkit.proto.v1.AssetClaim;
import io.eventkit.proto.v1.AssetResolutionServiceGrpc;
import io.eventkit.proto.v1.PartnerQueryStatus;
import io.eventkit.proto.v1.PartnerResolution;
import io.eventkit.proto.v1.ResolveLocalAssetsRequest;
import io.eventkit.proto.v1.ResolveLocalAssetsResponse;
import io.eventkit.proto.v1.ResolvedAsset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "resolve",
    description = {
      "Whose asset is this barcode? This node's own assets first, then the manifests of active"
          + " sub-hires, then partners that grant this node RESOLVE_ASSETS.",
      "A barcode two owners claim is AMBIGUOUS (both are shown; none is chosen). An unknown"
          + " barcode is NOT_FOUND (exit 0)."
    })
final class ResolveCommand extends ApiCommand {
  @Parameters(arity = "1..*", paramLabel = "BARCODE", description = "1 to 1000 barcodes.")
  List<String> barcodes = new ArrayList<>();

  @Option(names = "--fresh", description = "Skip the positive and negative caches.")
  boolean fresh;

  @Override
  void validate() {
    if (barcodes.size() > 1000) {
      throw usage("at most 1000 barcodes per call");
    }
    for (String b : barcodes) {
      if (b.isBlank() || b.length() > 128) {
        throw usage("a barcode must be 1 to 128 characters: '" + b + "'");
      }
    }
  }

  @Override
  Duration defaultTimeout() {
    return Duration.ofSeconds(30);
  }

  @Override
  int run(NodeClient client) {
    ResolveLocalAssetsResponse r =
        client.call(
            AssetResolutionServiceGrpc.getResolveAssetsMethod(),
            ResolveLocalAssetsRequest.newBuilder()
                .addAllBarcodes(barcodes)
                .setBypassCache(fresh)
                .build());
    if (json()) {
      printJson(r);
      return 0;
    }
    Text.Table t =
        new Text.Table("BARCODE", "STATUS", "SOURCE", "OWNER", "ASSET", "PRODUCT", "ASSET STATUS");
    for (ResolvedAsset a : r.getAssetsList()) {
      String status =
          a.getStatus().name().replace("RESOLUTION_STATUS_", "")
              + (a.getCached() ? " (cached)" : "");
      if (a.getClaimsCount() == 0) {
        t.row(a.getBarcode(), status, Text.NONE, Text.NONE, Text.NONE, Text.NONE, Text.NONE);
      }
      for (AssetClaim c : a.getClaimsList()) {
        t.row(
            a.getBarcode(),
            status,
            c.getSource().name().replace("ASSET_SOURCE_", ""),
            c.getOwnerNodeId(),
            c.getAssetRef(),
            c.hasProduct() ? AvailabilityCommands.productLabel(c.getProduct()) : Text.NONE,
            c.getAssetStatus().name().replace("ASSET_STATUS_", "").replace("UNSPECIFIED", "-"));
      }
    }
    t.print(out());
    List<PartnerResolution> failed =
        r.getPartnersList().stream()
            .filter(
                p ->
                    p.getStatus() != PartnerQueryStatus.PARTNER_QUERY_STATUS_OK
                        && !p.getDetail().startsWith("not called"))
            .toList();
    if (!failed.isEmpty()) {
      out().println();
      out().println("Partners without an answer (a NOT_FOUND may be incomplete):");
      for (PartnerResolution p : failed) {
        out()
            .println(
                "  "
                    + p.getPartnerNodeId()
                    + "  "
                    + AvailabilityCommands.status(p.getStatus())
                    + "  "
                    + p.getDetail());
      }
    }
    return 0;
  }
}
