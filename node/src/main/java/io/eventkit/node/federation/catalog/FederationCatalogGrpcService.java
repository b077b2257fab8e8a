package io.eventkit.node.federation.catalog;

import io.eventkit.node.federation.api.FederationMethods;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.inventory.InventoryProtos;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.proto.v1.AvailabilityAnswer;
import io.eventkit.proto.v1.AvailabilityLineStatus;
import io.eventkit.proto.v1.AvailabilityQueryLine;
import io.eventkit.proto.v1.FederationCatalogServiceGrpc;
import io.eventkit.proto.v1.ListSharedProductsRequest;
import io.eventkit.proto.v1.ListSharedProductsResponse;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.QueryAvailabilityRequest;
import io.eventkit.proto.v1.QueryAvailabilityResponse;
import io.grpc.stub.StreamObserver;
import java.time.DateTimeException;
import java.util.List;

/**
 * gRPC adapter for {@code eventkit.v1.FederationCatalogService} on the mTLS port. The auth
 * interceptor has already checked the caller's state and level before a method runs.
 */
public final class FederationCatalogGrpcService
    extends FederationCatalogServiceGrpc.FederationCatalogServiceImplBase {
  private final SharedCatalog catalog;

  public FederationCatalogGrpcService(SharedCatalog catalog) {
    this.catalog = catalog;
  }

  /** Registers the minimum level of each method (§8.2). */
  public static void register(FederationMethods methods) {
    methods
        .require(
            FederationCatalogServiceGrpc.getListSharedProductsMethod().getFullMethodName(),
            TrustLevel.DISCOVER)
        .require(
            FederationCatalogServiceGrpc.getQueryAvailabilityMethod().getFullMethodName(),
            TrustLevel.AVAILABILITY);
  }

  @Override
  public void listSharedProducts(
      ListSharedProductsRequest r, StreamObserver<ListSharedProductsResponse> out) {
    PageSpec.Page<SharedProduct> page = catalog.list(r.getPageSize(), r.getPageToken());
    ListSharedProductsResponse.Builder b =
        ListSharedProductsResponse.newBuilder()
            .setNextPageToken(page.nextToken())
            .setCatalogueVersion(catalog.version());
    page.items().forEach(p -> b.addProducts(toProto(p)));
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void queryAvailability(
      QueryAvailabilityRequest r, StreamObserver<QueryAvailabilityResponse> out) {
    List<AvailabilityLine> lines =
        r.getLinesList().stream()
            .map(l -> new AvailabilityLine(l.getProductId(), l.getQuantity()))
            .toList();
    SharedCatalog.Answered answered =
        catalog.query(lines, r.hasPeriod() ? period(r.getPeriod()) : null);
    // Prices are for partners that may request a sub-hire (§8.4): below that, none.
    boolean prices =
        io.eventkit.node.federation.api.FederationPeer.current()
            .partner()
            .grantedLevel()
            .allows(TrustLevel.SUBHIRE_REQUEST);
    QueryAvailabilityResponse.Builder b =
        QueryAvailabilityResponse.newBuilder().setCatalogueVersion(answered.version());
    for (LineAnswer a : answered.lines()) {
      AvailabilityAnswer.Builder ab =
          AvailabilityAnswer.newBuilder()
              .setProductId(a.productId())
              .setStatus(
                  a.found()
                      ? AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_OK
                      : AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_NOT_FOUND)
              .setAvailableQuantity(a.available());
      if (prices && a.found() && a.dailyRate() != null) {
        ab.setDailyRate(InventoryProtos.money(a.dailyRate()));
      }
      b.addAnswers(ab);
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  /** The domain period; INVALID_ARGUMENT when incomplete, reversed or out of range. */
  public static Interval period(Period p) {
    try {
      return InventoryProtos.interval(p, "period");
    } catch (DateTimeException | ArithmeticException e) {
      throw DomainException.invalid("period is out of range");
    }
  }

  public static io.eventkit.proto.v1.SharedProduct toProto(SharedProduct p) {
    return io.eventkit.proto.v1.SharedProduct.newBuilder()
        .setId(p.id())
        .setManufacturer(p.manufacturer())
        .setModel(p.model())
        .setCategory(p.category())
        .setName(p.name())
        .setGtin(p.gtin())
        .build();
  }

  public static SharedProduct fromProto(io.eventkit.proto.v1.SharedProduct p) {
    return new SharedProduct(
        p.getId(), p.getManufacturer(), p.getModel(), p.getCategory(), p.getName(), p.getGtin());
  }

  static AvailabilityQueryLine toProto(AvailabilityLine l) {
    return AvailabilityQueryLine.newBuilder()
        .setProductId(l.productId())
        .setQuantity(l.quantity())
        .build();
  }
}
