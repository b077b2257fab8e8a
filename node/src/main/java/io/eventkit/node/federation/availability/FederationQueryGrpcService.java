package io.eventkit.node.federation.availability;

import io.eventkit.node.federation.catalog.FederationCatalogGrpcService;
import io.eventkit.node.inventory.InventoryProtos;
import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.node.kernel.Validation;
import io.eventkit.node.platform.api.grpc.ProtoTime;
import io.eventkit.node.platform.api.grpc.RequestValidators;
import io.eventkit.proto.v1.AvailabilityLineStatus;
import io.eventkit.proto.v1.DecideProductMappingRequest;
import io.eventkit.proto.v1.DecideProductMappingResponse;
import io.eventkit.proto.v1.FederationQueryServiceGrpc;
import io.eventkit.proto.v1.FindSuppliersForShortagesRequest;
import io.eventkit.proto.v1.FindSuppliersForShortagesResponse;
import io.eventkit.proto.v1.ListPartnerProductsRequest;
import io.eventkit.proto.v1.ListPartnerProductsResponse;
import io.eventkit.proto.v1.ListProductMappingsRequest;
import io.eventkit.proto.v1.ListProductMappingsResponse;
import io.eventkit.proto.v1.ListUnmatchedProductsRequest;
import io.eventkit.proto.v1.ListUnmatchedProductsResponse;
import io.eventkit.proto.v1.MappingDecision;
import io.eventkit.proto.v1.MappingState;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.PartnerAvailability;
import io.eventkit.proto.v1.PartnerLineAnswer;
import io.eventkit.proto.v1.PartnerQueryStatus;
import io.eventkit.proto.v1.ProductMapping;
import io.eventkit.proto.v1.ProductMatch;
import io.eventkit.proto.v1.QueryPartnerAvailabilityRequest;
import io.eventkit.proto.v1.QueryPartnerAvailabilityResponse;
import io.eventkit.proto.v1.ShortLine;
import io.eventkit.proto.v1.SupplierOption;
import io.eventkit.proto.v1.UnmatchedProduct;
import io.grpc.stub.StreamObserver;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** gRPC adapter for {@code eventkit.v1.FederationQueryService} (local API, any token). */
final class FederationQueryGrpcService
    extends FederationQueryServiceGrpc.FederationQueryServiceImplBase {
  private final FederatedAvailability availability;
  private final ProductMappings mappings;
  private final ShortageSuppliers shortages;

  public FederationQueryGrpcService(
      FederatedAvailability availability, ProductMappings mappings, ShortageSuppliers shortages) {
    this.availability = availability;
    this.mappings = mappings;
    this.shortages = shortages;
  }

  /** Request rules checked before a method runs (the validation interceptor). */
  public static void registerValidators(RequestValidators r) {
    r.register(
            FindSuppliersForShortagesRequest.getDefaultInstance(),
            m -> id(new Validation(), m.getEventId(), "event_id").throwIfInvalid())
        .register(
            ListProductMappingsRequest.getDefaultInstance(),
            m -> {
              Validation v = partner(new Validation(), m.getPartnerNodeId());
              page(v, m.getPage());
              if (!m.getProductId().isEmpty()) {
                id(v, m.getProductId(), "product_id");
              }
              for (int i = 0; i < m.getStatesCount(); i++) {
                v.check(
                    m.getStates(i) != MappingState.MAPPING_STATE_UNSPECIFIED
                        && m.getStates(i) != MappingState.UNRECOGNIZED,
                    "states[" + i + "]",
                    "must be SUGGESTED, CONFIRMED, OVERRIDDEN or REJECTED");
              }
              v.throwIfInvalid();
            })
        .register(
            ListPartnerProductsRequest.getDefaultInstance(),
            m -> {
              Validation v = partner(new Validation(), m.getPartnerNodeId());
              page(v, m.getPage()).throwIfInvalid();
            })
        .register(
            ListUnmatchedProductsRequest.getDefaultInstance(),
            m -> {
              Validation v = partner(new Validation(), m.getPartnerNodeId());
              page(v, m.getPage()).throwIfInvalid();
            })
        .register(
            DecideProductMappingRequest.getDefaultInstance(),
            m -> {
              Validation v = partner(new Validation(), m.getPartnerNodeId());
              id(v, m.getProductId(), "product_id")
                  .notBlank(m.getPartnerProductId(), "partner_product_id")
                  .maxLength(m.getPartnerProductId(), 100, "partner_product_id")
                  .check(
                      m.getDecision() != MappingDecision.MAPPING_DECISION_UNSPECIFIED
                          && m.getDecision() != MappingDecision.UNRECOGNIZED,
                      "decision",
                      "must be CONFIRM, OVERRIDE or REJECT")
                  .throwIfInvalid();
            });
  }

  private static Validation partner(Validation v, String nodeId) {
    return v.notBlank(nodeId, "partner_node_id").maxLength(nodeId, 253, "partner_node_id");
  }

  private static Validation id(Validation v, String value, String field) {
    return v.check(Ids.valid(value), field, "must be an ID (UUID); got '" + value + "'");
  }

  private static Validation page(Validation v, PageRequest p) {
    return v.check(p.getPageSize() >= 0, "page.page_size", "must not be negative")
        .maxLength(p.getPageToken(), 2000, "page.page_token");
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
      PartnerAvailability.Builder pb = partnerStatus(p);
      for (FederatedAvailability.Answer a : p.answers()) {
        PartnerLineAnswer.Builder ab =
            PartnerLineAnswer.newBuilder()
                .setLineIndex(a.lineIndex())
                .setMatch(match(a.match()))
                .setAvailableQuantity(a.available());
        if (a.dailyRate() != null) {
          ab.setDailyRate(InventoryProtos.money(a.dailyRate()));
        }
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

  static PartnerAvailability.Builder partnerStatus(FederatedAvailability.PartnerResult p) {
    return PartnerAvailability.newBuilder()
        .setPartnerNodeId(p.nodeId())
        .setPartnerName(p.partnerName())
        .setStatus(PartnerQueryStatus.valueOf("PARTNER_QUERY_STATUS_" + p.outcome().name()))
        .setDetail(p.detail())
        .setLatencyMs(p.latencyMs())
        .setCached(p.cached());
  }

  static ProductMatch match(FederatedAvailability.Match m) {
    return ProductMatch.valueOf("PRODUCT_MATCH_" + m.name());
  }

  @Override
  public void findSuppliersForShortages(
      FindSuppliersForShortagesRequest r, StreamObserver<FindSuppliersForShortagesResponse> out) {
    ShortageSuppliers.Result res =
        shortages.find(UUID.fromString(r.getEventId()), r.getBypassCache());
    FindSuppliersForShortagesResponse.Builder b =
        FindSuppliersForShortagesResponse.newBuilder()
            .setEventId(res.eventId().toString())
            .setEventName(res.eventName())
            .setPeriod(InventoryProtos.period(res.period()));
    for (ShortageSuppliers.ShortLine l : res.lines()) {
      ShortLine.Builder lb =
          ShortLine.newBuilder()
              .setProductId(l.productId().toString())
              .setProductName(l.productName())
              .setRequested(l.requested())
              .setShortfall(l.shortfall());
      for (ShortageSuppliers.Option o : l.suppliers()) {
        SupplierOption.Builder ob =
            SupplierOption.newBuilder()
                .setPartnerNodeId(o.partnerNodeId())
                .setMatch(match(o.match()))
                .setProduct(FederationCatalogGrpcService.toProto(o.product()))
                .setAvailableQuantity(o.available())
                .setFills(o.fills());
        if (o.dailyRate() != null) {
          ob.setDailyRate(InventoryProtos.money(o.dailyRate()));
        }
        lb.addSuppliers(ob);
      }
      b.addLines(lb);
    }
    res.partners().forEach(p -> b.addPartners(partnerStatus(p)));
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void listProductMappings(
      ListProductMappingsRequest r, StreamObserver<ListProductMappingsResponse> out) {
    Set<ProductMappings.State> states = EnumSet.noneOf(ProductMappings.State.class);
    r.getStatesList()
        .forEach(s -> states.add(ProductMappings.State.valueOf(s.name().substring(14))));
    ProductMappings.Listed<ProductMappings.Mapping> l =
        mappings.list(
            r.getPartnerNodeId(),
            states,
            r.getProductId().isEmpty() ? null : UUID.fromString(r.getProductId()),
            InventoryProtos.page(r.getPage(), 3),
            r.getSkipRefresh());
    ListProductMappingsResponse.Builder b =
        ListProductMappingsResponse.newBuilder()
            .setPage(InventoryProtos.pageResponse(l.page().nextToken()))
            .setRefreshError(l.refreshError());
    l.page().items().forEach(m -> b.addMappings(toProto(m)));
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void listUnmatchedProducts(
      ListUnmatchedProductsRequest r, StreamObserver<ListUnmatchedProductsResponse> out) {
    ProductMappings.Listed<ProductMappings.Unmatched> l =
        mappings.unmatched(
            r.getPartnerNodeId(), InventoryProtos.page(r.getPage(), 2), r.getSkipRefresh());
    ListUnmatchedProductsResponse.Builder b =
        ListUnmatchedProductsResponse.newBuilder()
            .setPage(InventoryProtos.pageResponse(l.page().nextToken()))
            .setRefreshError(l.refreshError());
    for (ProductMappings.Unmatched u : l.page().items()) {
      b.addProducts(
          UnmatchedProduct.newBuilder()
              .setProductId(u.id().toString())
              .setManufacturer(u.manufacturer())
              .setModel(u.model())
              .setName(u.name())
              .setGtin(u.gtin()));
    }
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void listPartnerProducts(
      ListPartnerProductsRequest r, StreamObserver<ListPartnerProductsResponse> out) {
    PageSpec.Page<io.eventkit.node.federation.catalog.SharedProduct> p =
        mappings.partnerProducts(
            r.getPartnerNodeId(), InventoryProtos.page(r.getPage(), 2), r.getFresh());
    ListPartnerProductsResponse.Builder b =
        ListPartnerProductsResponse.newBuilder()
            .setPage(InventoryProtos.pageResponse(p.nextToken()));
    p.items().forEach(x -> b.addProducts(FederationCatalogGrpcService.toProto(x)));
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void decideProductMapping(
      DecideProductMappingRequest r, StreamObserver<DecideProductMappingResponse> out) {
    ProductMappings.Mapping m =
        mappings.decide(
            r.getPartnerNodeId(),
            UUID.fromString(r.getProductId()),
            r.getPartnerProductId(),
            ProductMappings.Decision.valueOf(r.getDecision().name().substring(17)));
    out.onNext(DecideProductMappingResponse.newBuilder().setMapping(toProto(m)).build());
    out.onCompleted();
  }

  private static ProductMapping toProto(ProductMappings.Mapping m) {
    ProductMapping.Builder b =
        ProductMapping.newBuilder()
            .setPartnerNodeId(m.partnerNodeId())
            .setProductId(m.productId().toString())
            .setProductName(m.productName())
            .setPartnerProduct(FederationCatalogGrpcService.toProto(m.partnerProduct()))
            .setState(MappingState.valueOf("MAPPING_STATE_" + m.state().name()))
            .setMatch(match(m.match()))
            .setDecidedBy(m.decidedBy());
    if (m.decidedAt() != null) {
      b.setDecidedAt(ProtoTime.timestamp(m.decidedAt()));
    }
    return b.build();
  }
}
