package io.eventkit.node.federation.resolve;

import io.eventkit.node.federation.catalog.FederationCatalogGrpcService;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.proto.v1.AssetClaim;
import io.eventkit.proto.v1.AssetResolutionServiceGrpc;
import io.eventkit.proto.v1.AssetSource;
import io.eventkit.proto.v1.PartnerQueryStatus;
import io.eventkit.proto.v1.PartnerResolution;
import io.eventkit.proto.v1.ResolutionStatus;
import io.eventkit.proto.v1.ResolveAssetRequest;
import io.eventkit.proto.v1.ResolveLocalAssetsRequest;
import io.eventkit.proto.v1.ResolveLocalAssetsResponse;
import io.eventkit.proto.v1.ResolvedAsset;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** gRPC adapter for {@code eventkit.v1.AssetResolutionService} (local API, any token). */
final class AssetResolutionGrpcService
    extends AssetResolutionServiceGrpc.AssetResolutionServiceImplBase {
  private final AssetResolver resolver;

  public AssetResolutionGrpcService(AssetResolver resolver) {
    this.resolver = resolver;
  }

  public static void registerValidators(RequestValidators r) {
    r.register(
            ResolveAssetRequest.getDefaultInstance(),
            m -> AssetResolver.validate(List.of(m.getBarcode())))
        .register(
            ResolveLocalAssetsRequest.getDefaultInstance(),
            m -> AssetResolver.validate(m.getBarcodesList()));
  }

  @Override
  public void resolveAsset(ResolveAssetRequest r, StreamObserver<ResolvedAsset> out) {
    AssetResolver.Result res = resolver.resolve(List.of(r.getBarcode()), r.getBypassCache());
    out.onNext(toProto(res.assets().get(0)));
    out.onCompleted();
  }

  @Override
  public void resolveAssets(
      ResolveLocalAssetsRequest r, StreamObserver<ResolveLocalAssetsResponse> out) {
    AssetResolver.Result res = resolver.resolve(r.getBarcodesList(), r.getBypassCache());
    ResolveLocalAssetsResponse.Builder b = ResolveLocalAssetsResponse.newBuilder();
    res.assets().forEach(a -> b.addAssets(toProto(a)));
    for (AssetResolver.PartnerCall c : res.partners()) {
      b.addPartners(
          PartnerResolution.newBuilder()
              .setPartnerNodeId(c.nodeId())
              .setStatus(PartnerQueryStatus.valueOf("PARTNER_QUERY_STATUS_" + c.outcome().name()))
              .setDetail(c.detail())
              .setLatencyMs(c.latencyMs()));
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  private static ResolvedAsset toProto(AssetResolver.Resolved r) {
    ResolvedAsset.Builder b =
        ResolvedAsset.newBuilder()
            .setBarcode(r.barcode())
            .setStatus(ResolutionStatus.valueOf("RESOLUTION_STATUS_" + r.status().name()))
            .setCached(r.cached())
            .addAllUnansweredPartnerNodeIds(r.unanswered());
    for (AssetResolver.Claim c : r.claims()) {
      AssetInfo a = c.asset();
      AssetClaim.Builder cb =
          AssetClaim.newBuilder()
              .setSource(AssetSource.valueOf("ASSET_SOURCE_" + c.source().name()))
              .setOwnerNodeId(a.ownerNodeId())
              .setAssetRef(a.assetRef())
              .setAssetId(a.assetId())
              .setAssetStatus(FederationResolveGrpcService.status(a.status()));
      if (a.product() != null) {
        cb.setProduct(FederationCatalogGrpcService.toProto(a.product()));
      }
      b.addClaims(cb);
    }
    return b.build();
  }
}
