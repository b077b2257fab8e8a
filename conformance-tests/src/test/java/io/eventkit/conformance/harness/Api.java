package io.eventkit.conformance.harness;

import com.google.protobuf.Timestamp;
import io.eventkit.proto.v1.AcceptInvitationRequest;
import io.eventkit.proto.v1.AdjustStockRequest;
import io.eventkit.proto.v1.CreateInvitationRequest;
import io.eventkit.proto.v1.CreateLocationRequest;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.FederationQueryServiceGrpc;
import io.eventkit.proto.v1.GetNodeInfoRequest;
import io.eventkit.proto.v1.GetNodeInfoResponse;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.LocationKind;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.NodeServiceGrpc;
import io.eventkit.proto.v1.PartnerAvailabilityLine;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.Product;
import io.eventkit.proto.v1.ProductFields;
import io.eventkit.proto.v1.QueryPartnerAvailabilityRequest;
import io.eventkit.proto.v1.QueryPartnerAvailabilityResponse;
import io.eventkit.proto.v1.Tracking;
import io.eventkit.proto.v1.TrustLevel;
import io.eventkit.proto.v1.TrustServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A node's public gRPC API (the plaintext admin port) with its admin token: for steps that would
 * take too many CLI round trips (inventory set-up, meshes) and for the local federation queries the
 * CLI does not offer. Close it after use.
 */
public final class Api implements AutoCloseable {
  private final NodeHandle node;
  private final ManagedChannel channel;

  public Api(NodeHandle node) {
    this.node = node;
    this.channel = ManagedChannelBuilder.forTarget(node.grpcTarget()).usePlaintext().build();
  }

  private <S extends AbstractStub<S>> S auth(S stub) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + node.adminToken());
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  public TrustServiceGrpc.TrustServiceBlockingStub trust() {
    return auth(TrustServiceGrpc.newBlockingStub(channel));
  }

  public io.eventkit.proto.v1.PlanningServiceGrpc.PlanningServiceBlockingStub planning() {
    return auth(io.eventkit.proto.v1.PlanningServiceGrpc.newBlockingStub(channel));
  }

  public InventoryServiceGrpc.InventoryServiceBlockingStub inventory() {
    return auth(InventoryServiceGrpc.newBlockingStub(channel));
  }

  public FederationQueryServiceGrpc.FederationQueryServiceBlockingStub federationQuery() {
    return auth(FederationQueryServiceGrpc.newBlockingStub(channel));
  }

  public GetNodeInfoResponse info() {
    return NodeServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .getNodeInfo(GetNodeInfoRequest.getDefaultInstance());
  }

  /** Creates an invitation for {@code partnerId} at {@code level}; returns its text. */
  public String invite(String partnerId, TrustLevel level) {
    return trust()
        .createInvitation(
            CreateInvitationRequest.newBuilder()
                .setPartnerNodeId(partnerId)
                .setLevel(level)
                .build())
        .getInvitation();
  }

  /** Accepts an invitation, granting the inviter {@code level}. */
  public void accept(String invitation, TrustLevel level) {
    trust()
        .acceptInvitation(
            AcceptInvitationRequest.newBuilder().setInvitation(invitation).setLevel(level).build());
  }

  /**
   * A shared bulk product with {@code quantity} units in a new warehouse (so partners with
   * AVAILABILITY can see it).
   */
  public Product sharedProduct(String manufacturer, String model, int quantity) {
    Money price = Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(1000).build();
    Product p =
        inventory()
            .createProduct(
                CreateProductRequest.newBuilder()
                    .setProduct(
                        ProductFields.newBuilder()
                            .setManufacturer(manufacturer)
                            .setModel(model)
                            .setName(manufacturer + " " + model)
                            .setCategory("audio")
                            .setRentalPrice(price)
                            .setReplacementValue(price)
                            .setTracking(Tracking.TRACKING_BULK)
                            .setShared(true))
                    .build());
    String location =
        inventory()
            .createLocation(
                CreateLocationRequest.newBuilder()
                    .setKind(LocationKind.LOCATION_KIND_WAREHOUSE)
                    .setCode("WH-" + Long.toHexString(System.nanoTime()))
                    .setName("warehouse")
                    .build())
            .getId();
    inventory()
        .adjustStock(
            AdjustStockRequest.newBuilder()
                .setProductId(p.getId())
                .setLocationId(location)
                .setDelta(quantity)
                .setReason("purchase")
                .build());
    return p;
  }

  /** This node's fan-out: who of its partners has {@code quantity} of the product next year. */
  public QueryPartnerAvailabilityResponse queryPartners(
      String manufacturer, String model, int quantity) {
    Instant start = Instant.now().plusSeconds(365L * 24 * 3600);
    return federationQuery()
        .queryPartnerAvailability(
            QueryPartnerAvailabilityRequest.newBuilder()
                .addLines(
                    PartnerAvailabilityLine.newBuilder()
                        .setManufacturer(manufacturer)
                        .setModel(model)
                        .setQuantity(quantity))
                .setPeriod(
                    Period.newBuilder()
                        .setStart(ts(start))
                        .setEnd(ts(start.plusSeconds(2 * 24 * 3600))))
                .setBypassCache(true)
                .build());
  }

  private static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).build();
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
