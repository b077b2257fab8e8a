package io.eventkit.node.federation.resolve;

import io.eventkit.node.federation.api.FederationMethods;
import io.eventkit.node.federation.catalog.FederationCatalogGrpcService;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.proto.v1.AssetAnswer;
import io.eventkit.proto.v1.AssetAnswerStatus;
import io.eventkit.proto.v1.AssetStatus;
import io.eventkit.proto.v1.FederationResolveServiceGrpc;
import io.eventkit.proto.v1.ResolveAssetsRequest;
import io.eventkit.proto.v1.ResolveAssetsResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;

/**
 * gRPC adapter for {@code eventkit.v1.FederationResolveService} on the mTLS port (supplier side).
 * The auth interceptor has already checked the caller's state and RESOLVE_ASSETS level.
 */
final class FederationResolveGrpcService
    extends FederationResolveServiceGrpc.FederationResolveServiceImplBase {
  private final AssetDirectory directory;

  public FederationResolveGrpcService(AssetDirectory directory) {
    this.directory = directory;
  }

  /** Registers the minimum level of each method (§8.2). */
  public static void register(FederationMethods methods) {
    methods.require(
        FederationResolveServiceGrpc.getResolveAssetsMethod().getFullMethodName(),
        TrustLevel.RESOLVE_ASSETS);
  }

  @Override
  public void resolveAssets(ResolveAssetsRequest r, StreamObserver<ResolveAssetsResponse> out) {
    List<String> barcodes = r.getBarcodesList();
    AssetDirectory.validateWire(barcodes);
    Map<String, AssetInfo> found = directory.lookup(barcodes, true);
    ResolveAssetsResponse.Builder b = ResolveAssetsResponse.newBuilder();
    for (String code : barcodes) {
      AssetInfo a = found.get(code);
      AssetAnswer.Builder ab = AssetAnswer.newBuilder().setBarcode(code);
      if (a == null) {
        ab.setStatus(AssetAnswerStatus.ASSET_ANSWER_STATUS_NOT_FOUND);
      } else {
        ab.setStatus(AssetAnswerStatus.ASSET_ANSWER_STATUS_FOUND)
            .setAssetRef(a.assetRef())
            .setAssetId(a.assetId())
            .setProduct(FederationCatalogGrpcService.toProto(a.product()))
            .setAssetStatus(status(a.status()));
      }
      b.addAnswers(ab);
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  static AssetStatus status(io.eventkit.node.inventory.Asset.Status s) {
    return s == null
        ? AssetStatus.ASSET_STATUS_UNSPECIFIED
        : AssetStatus.valueOf("ASSET_STATUS_" + s.name());
  }
}
