package io.eventkit.node.federation.availability;

import io.eventkit.node.federation.catalog.FederationCatalogGrpcService;
import io.eventkit.proto.v1.AvailabilityLineStatus;
import io.eventkit.proto.v1.FederationQueryServiceGrpc;
import io.eventkit.proto.v1.PartnerAvailability;
import io.eventkit.proto.v1.PartnerLineAnswer;
import io.eventkit.proto.v1.PartnerQueryStatus;
import io.eventkit.proto.v1.ProductMatch;
import io.eventkit.proto.v1.QueryPartnerAvailabilityRequest;
import io.eventkit.proto.v1.QueryPartnerAvailabilityResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** gRPC adapter for {@code eventkit.v1.FederationQueryService} (local API, any token). */
public final class FederationQueryGrpcService
    extends FederationQueryServiceGrpc.FederationQueryServiceImplBase {
  private final FederatedAvailability availability;

  public FederationQueryGrpcService(FederatedAvailability availability) {
    this.availability = availability;
  }

  @Override
  public void queryPartnerAvailability(
      QueryPartnerAvailabilityRequest r, StreamObserver<QueryPartnerAvailabilityResponse> out) {
    List<FederatedAvailability.Wanted> wanted =
        r.getLinesList().stream()
            .map(
                l ->
                    new FederatedAvailability.Wanted(
                        l.getProductId(),
                        l.getManufacturer(),
                        l.getModel(),
                        l.getGtin(),
                        l.getQuantity()))
            .toList();
    List<FederatedAvailability.PartnerResult> results =
        availability.query(
            wanted,
            r.hasPeriod() ? FederationCatalogGrpcService.period(r.getPeriod()) : null,
            r.getBypassCache());
    QueryPartnerAvailabilityResponse.Builder b = QueryPartnerAvailabilityResponse.newBuilder();
    for (FederatedAvailability.PartnerResult p : results) {
      PartnerAvailability.Builder pb =
          PartnerAvailability.newBuilder()
              .setPartnerNodeId(p.nodeId())
              .setStatus(PartnerQueryStatus.valueOf("PARTNER_QUERY_STATUS_" + p.outcome().name()))
              .setDetail(p.detail())
              .setLatencyMs(p.latencyMs())
              .setCached(p.cached());
      for (FederatedAvailability.Answer a : p.answers()) {
        PartnerLineAnswer.Builder ab =
            PartnerLineAnswer.newBuilder()
                .setLineIndex(a.lineIndex())
                .setMatch(ProductMatch.valueOf("PRODUCT_MATCH_" + a.match().name()))
                .setAvailableQuantity(a.available());
        if (a.product() != null) {
          ab.setProduct(FederationCatalogGrpcService.toProto(a.product()))
              .setStatus(
                  a.found()
                      ? AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_OK
                      : AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_NOT_FOUND);
        }
        pb.addLines(ab);
      }
      b.addPartners(pb);
    }
    out.onNext(b.build());
    out.onCompleted();
  }
}
