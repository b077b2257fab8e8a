package io.eventkit.conformance;

import com.google.protobuf.Timestamp;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.proto.v1.AdjustStockRequest;
import io.eventkit.proto.v1.CreateAssetRequest;
import io.eventkit.proto.v1.CreateLocationRequest;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.GetAvailabilityRequest;
import io.eventkit.proto.v1.GetSubHireRequest;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.LocationKind;
import io.eventkit.proto.v1.Money;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.Product;
import io.eventkit.proto.v1.ProductFields;
import io.eventkit.proto.v1.RequestLine;
import io.eventkit.proto.v1.RequestSubHireRequest;
import io.eventkit.proto.v1.SubHire;
import io.eventkit.proto.v1.SubHireActionRequest;
import io.eventkit.proto.v1.SubHireServiceGrpc;
import io.eventkit.proto.v1.Tracking;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Inventory and sub-hire through a node's public gRPC API (admin token), for the mesh tests. */
final class SubHireApi implements AutoCloseable {
  // A hire that has begun: it can be returned and checked in (not before its usage starts, §17.2).
  static final Instant USAGE_START =
      Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minusSeconds(3600);
  static final Instant USAGE_END = USAGE_START.plus(java.time.Duration.ofDays(3));

  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  /** One plaintext channel per node, shut down by {@link #close}. */
  ManagedChannel channel(NodeHandle n) {
    return channels.computeIfAbsent(
        n.grpcTarget(), t -> ManagedChannelBuilder.forTarget(t).usePlaintext().build());
  }

  private Metadata auth(NodeHandle n) {
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + n.adminToken());
    return md;
  }

  SubHireServiceGrpc.SubHireServiceBlockingStub subHire(NodeHandle n) {
    return SubHireServiceGrpc.newBlockingStub(channel(n))
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(n)))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  InventoryServiceGrpc.InventoryServiceBlockingStub inventory(NodeHandle n) {
    return InventoryServiceGrpc.newBlockingStub(channel(n))
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth(n)))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  /** A bulk product with {@code quantity} in a new warehouse. */
  Product bulk(NodeHandle n, String model, int quantity, boolean shared) {
    Product p =
        inventory(n)
            .createProduct(
                CreateProductRequest.newBuilder()
                    .setProduct(fields(model, Tracking.TRACKING_BULK, shared))
                    .build());
    if (quantity > 0) {
      inventory(n)
          .adjustStock(
              AdjustStockRequest.newBuilder()
                  .setProductId(p.getId())
                  .setLocationId(warehouse(n))
                  .setDelta(quantity)
                  .setReason("purchase")
                  .build());
    }
    return p;
  }

  /** A shared serialised product with one asset per barcode. */
  Product serialised(NodeHandle n, String model, List<String> barcodes) {
    Product p =
        inventory(n)
            .createProduct(
                CreateProductRequest.newBuilder()
                    .setProduct(fields(model, Tracking.TRACKING_SERIALISED, true))
                    .build());
    String w = warehouse(n);
    for (String b : barcodes) {
      inventory(n)
          .createAsset(
              CreateAssetRequest.newBuilder()
                  .setProductId(p.getId())
                  .setBarcode(b)
                  .setSerial(b)
                  .setHomeLocationId(w)
                  .build());
    }
    return p;
  }

  int available(NodeHandle n, Product p) {
    return inventory(n)
        .getAvailability(
            GetAvailabilityRequest.newBuilder().setProductId(p.getId()).setPeriod(usage()).build())
        .getAvailable();
  }

  SubHire request(NodeHandle borrower, NodeHandle supplier, RequestLine... lines) {
    return subHire(borrower)
        .requestSubHire(
            RequestSubHireRequest.newBuilder()
                .setSupplierNodeId(supplier.nodeId())
                .setRequestingCompany("Borrower Events Ltd")
                .setContactName("Pat Planner")
                .setContactEmail("pat@example.test")
                .setEventName("Summer Festival")
                .setEventReference("SF-2033")
                .setUsagePeriod(usage())
                .setLocation("Field 3")
                .addAllLines(List.of(lines))
                .build());
  }

  static RequestLine line(Product supplierProduct, Product mine, int quantity) {
    return RequestLine.newBuilder()
        .setSupplierProductId(supplierProduct.getId())
        .setLocalProductId(mine.getId())
        .setQuantity(quantity)
        .build();
  }

  SubHire get(NodeHandle n, String id) {
    return subHire(n).getSubHire(GetSubHireRequest.newBuilder().setNegotiationId(id).build());
  }

  /** Waits up to {@code within} until the negotiation is in {@code state} on {@code n}. */
  SubHire await(
      NodeHandle n,
      String id,
      io.eventkit.proto.v1.NegotiationState state,
      java.time.Duration within)
      throws Exception {
    SubHire[] last = new SubHire[1];
    io.eventkit.conformance.harness.Scenario.eventually(
        within,
        () -> {
          last[0] = get(n, id);
          org.assertj.core.api.Assertions.assertThat(last[0].getState())
              .as("%s on %s: %s", id, n.grpcTarget(), last[0])
              .isEqualTo(state);
        });
    return last[0];
  }

  /** {@code from} invites {@code to} at {@code level} (a CLI level name); {@code to} accepts. */
  static void partners(NodeHandle from, NodeHandle to, String level) {
    String inv =
        io.eventkit.conformance.harness.Cli.run(
                from, "trust", "invite", "--partner", to.nodeId(), "--level", level)
            .json()
            .get("invitation")
            .getAsString();
    io.eventkit.conformance.harness.Cli.Result r =
        io.eventkit.conformance.harness.Cli.run(to, "trust", "accept", inv);
    org.assertj.core.api.Assertions.assertThat(r.exitCode()).as("%s", r).isZero();
  }

  /** How many times the negotiation's history entered {@code state} (a redelivery adds one). */
  static long timesEntered(SubHire s, io.eventkit.proto.v1.NegotiationState state) {
    return s.getHistoryList().stream().filter(e -> e.getToState() == state).count();
  }

  static SubHireActionRequest action(String id) {
    return SubHireActionRequest.newBuilder().setNegotiationId(id).build();
  }

  static Period usage() {
    return Period.newBuilder().setStart(ts(USAGE_START)).setEnd(ts(USAGE_END)).build();
  }

  static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  private String warehouse(NodeHandle n) {
    return inventory(n)
        .createLocation(
            CreateLocationRequest.newBuilder()
                .setKind(LocationKind.LOCATION_KIND_WAREHOUSE)
                .setCode("W-" + UUID.randomUUID().toString().substring(0, 8))
                .setName("Warehouse")
                .build())
        .getId();
  }

  private static ProductFields fields(String model, Tracking tracking, boolean shared) {
    return ProductFields.newBuilder()
        .setManufacturer("Conformance")
        .setModel(model + "-" + UUID.randomUUID().toString().substring(0, 6))
        .setName("Conformance " + model)
        .setCategory("Audio")
        .setRentalPrice(Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(2500))
        .setReplacementValue(Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(90000))
        .setWeightGrams(1000)
        .setTracking(tracking)
        .setShared(shared)
        .build();
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
  }
}
