package io.eventkit.node.federation.resolve;

import io.eventkit.node.federation.availability.FederatedAvailability.Outcome;
import io.eventkit.node.federation.availability.PartnerCallException;
import io.eventkit.node.federation.catalog.FederationCatalogGrpcService;
import io.eventkit.node.inventory.InventoryProtos;
import io.eventkit.proto.v1.AssetAnswer;
import io.eventkit.proto.v1.AssetAnswerStatus;
import io.eventkit.proto.v1.FederationResolveServiceGrpc;
import io.eventkit.proto.v1.ResolveAssetsRequest;
import io.eventkit.proto.v1.ResolveAssetsResponse;
import io.grpc.Channel;
import io.grpc.Deadline;
import io.grpc.StatusRuntimeException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The client edge of {@code FederationResolveService}: proto ↔ domain. Partner data is untrusted:
 * an answer must echo every barcode in order, and a FOUND answer must name an asset of that partner
 * ({@code <partner>/<asset-id>}) with a product; anything else makes the whole answer malformed.
 */
final class ResolveClient {
  /** A call that gave no usable answer, classified like the availability fan-out. */
  private ResolveClient() {}

  /**
   * The partner's claims among {@code barcodes}, by barcode (chunks of 500 within one deadline).
   */
  static Map<String, AssetInfo> resolve(
      Channel channel, String nodeId, List<String> barcodes, long endNanos) {
    Map<String, AssetInfo> out = new HashMap<>();
    for (int from = 0; from < barcodes.size(); from += AssetDirectory.MAX_WIRE_BARCODES) {
      List<String> chunk =
          barcodes.subList(
              from, Math.min(barcodes.size(), from + AssetDirectory.MAX_WIRE_BARCODES));
      long left = endNanos - System.nanoTime();
      if (left <= 0) {
        throw new PartnerCallException(Outcome.TIMEOUT, "deadline passed before ResolveAssets");
      }
      ResolveAssetsResponse r;
      try {
        r =
            FederationResolveServiceGrpc.newBlockingStub(channel)
                .withDeadline(Deadline.after(left, TimeUnit.NANOSECONDS))
                .resolveAssets(ResolveAssetsRequest.newBuilder().addAllBarcodes(chunk).build());
      } catch (StatusRuntimeException e) {
        throw PartnerCallException.of("ResolveAssets", nodeId, e);
      }
      if (r.getAnswersCount() != chunk.size()) {
        throw malformed(nodeId, r.getAnswersCount() + " answers to " + chunk.size() + " barcodes");
      }
      for (int i = 0; i < chunk.size(); i++) {
        AssetAnswer a = r.getAnswers(i);
        if (!a.getBarcode().equals(chunk.get(i))) {
          throw malformed(nodeId, "an answer for another barcode at position " + i);
        }
        if (a.getStatus() == AssetAnswerStatus.ASSET_ANSWER_STATUS_NOT_FOUND) {
          continue;
        }
        if (a.getStatus() != AssetAnswerStatus.ASSET_ANSWER_STATUS_FOUND
            || !validId(a.getAssetId())
            || !a.getAssetRef().equals(nodeId + "/" + a.getAssetId())
            || !a.hasProduct()
            || a.getProduct().getId().isEmpty()
            || a.getProduct().getId().length() > 100) {
          throw malformed(nodeId, "an invalid answer for barcode " + i);
        }
        out.put(
            a.getBarcode(),
            new AssetInfo(
                nodeId,
                a.getAssetRef(),
                a.getAssetId(),
                FederationCatalogGrpcService.fromProto(a.getProduct()),
                InventoryProtos.assetStatus(a.getAssetStatus())));
      }
    }
    return out;
  }

  private static boolean validId(String id) {
    if (id.isEmpty() || id.length() > 100) {
      return false;
    }
    try {
      UUID.fromString(id);
      return true;
    } catch (IllegalArgumentException e) {
      // Other implementations may use other IDs: any short, path-free token is accepted.
      return id.chars().allMatch(c -> c > ' ' && c != '/' && c < 127);
    }
  }

  private static PartnerCallException malformed(String nodeId, String what) {
    return new PartnerCallException(Outcome.ERROR, nodeId + " sent " + what);
  }
}
