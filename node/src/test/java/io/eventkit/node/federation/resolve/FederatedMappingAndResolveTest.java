package io.eventkit.node.federation.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.inventory.Asset;
import io.eventkit.node.inventory.Assets;
import io.eventkit.node.inventory.InventoryConfig;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.testing.Domain;
import io.eventkit.node.testing.InventoryFixture;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AcceptInvitationRequest;
import io.eventkit.proto.v1.AssetResolutionServiceGrpc;
import io.eventkit.proto.v1.AssetSource;
import io.eventkit.proto.v1.AssetStatus;
import io.eventkit.proto.v1.CreateInvitationRequest;
import io.eventkit.proto.v1.DecideProductMappingRequest;
import io.eventkit.proto.v1.FederationQueryServiceGrpc;
import io.eventkit.proto.v1.FederationResolveServiceGrpc;
import io.eventkit.proto.v1.FindSuppliersForShortagesRequest;
import io.eventkit.proto.v1.FindSuppliersForShortagesResponse;
import io.eventkit.proto.v1.ListProductMappingsRequest;
import io.eventkit.proto.v1.ListUnmatchedProductsRequest;
import io.eventkit.proto.v1.MappingDecision;
import io.eventkit.proto.v1.MappingState;
import io.eventkit.proto.v1.PageRequest;
import io.eventkit.proto.v1.PartnerAvailability;
import io.eventkit.proto.v1.PartnerAvailabilityLine;
import io.eventkit.proto.v1.PartnerLineAnswer;
import io.eventkit.proto.v1.PartnerQueryStatus;
import io.eventkit.proto.v1.PartnerResolution;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.ProductMapping;
import io.eventkit.proto.v1.ProductMatch;
import io.eventkit.proto.v1.QueryPartnerAvailabilityRequest;
import io.eventkit.proto.v1.ResolutionStatus;
import io.eventkit.proto.v1.ResolveAssetRequest;
import io.eventkit.proto.v1.ResolveAssetsRequest;
import io.eventkit.proto.v1.ResolveLocalAssetsRequest;
import io.eventkit.proto.v1.ResolveLocalAssetsResponse;
import io.eventkit.proto.v1.ResolvedAsset;
import io.eventkit.proto.v1.ShortLine;
import io.eventkit.proto.v1.SupplierOption;
import io.eventkit.proto.v1.TrustLevel;
import io.eventkit.proto.v1.UnmatchedProduct;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractBlockingStub;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Product mapping, shortages → suppliers and asset resolution across four real nodes over mTLS: B
 * and C grant A RESOLVE_ASSETS, D grants A only AVAILABILITY.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederatedMappingAndResolveTest {
  private static final Interval JULY =
      new Interval(Instant.parse("2031-07-01T08:00:00Z"), Instant.parse("2031-07-03T20:00:00Z"));

  private static TestNode a;
  private static TestNode b;
  private static TestNode c;
  private static TestNode d;
  private static Domain am;
  private static Domain bm;
  private static Domain cm;
  private static Domain dm;
  private static Product aMic;
  private static Product aBox;
  private static Product bMic;
  private static Product bMicBeta;
  private static Product bHidden;
  private static Product bStand;
  private static Product cMic;
  private static Asset aAsset;
  private static Asset cAsset;
  private static Asset cDup;
  private static Asset bDup;

  @BeforeAll
  static void start() throws IOException {
    NodeConfiguration ac =
        TestNode.config("a.mr.test", Files.createTempDirectory("eventkit-a.mr.test"));
    // The machine running the tests is shared: a longer per-partner deadline than 500 ms.
    ac.getFederation().setAvailabilityDeadline(io.dropwizard.util.Duration.milliseconds(2000));
    a = TestNode.start(ac);
    b = TestNode.start("b.mr.test");
    c = TestNode.start("c.mr.test");
    d = TestNode.start("d.mr.test");
    am = module(a);
    bm = module(b);
    cm = module(c);
    dm = module(d);
    grant(b, a, TrustLevel.TRUST_LEVEL_RESOLVE_ASSETS);
    grant(c, a, TrustLevel.TRUST_LEVEL_RESOLVE_ASSETS);
    grant(d, a, TrustLevel.TRUST_LEVEL_AVAILABILITY);

    aMic = InventoryFixture.product(am, "Shure", "SM58", false, 2, Product.Tracking.BULK);
    aBox = InventoryFixture.product(am, "Acme", "Box One", false, 1, Product.Tracking.BULK);
    bMic = InventoryFixture.product(bm, "shure", "sm-58", true, 10, Product.Tracking.BULK);
    bMicBeta = InventoryFixture.product(bm, "Shure", "Beta 58A", true, 4, Product.Tracking.BULK);
    bHidden =
        InventoryFixture.product(bm, "Shure", "Hidden", false, 0, Product.Tracking.SERIALISED);
    cMic = InventoryFixture.product(cm, "SHURE", "SM 58", true, 0, Product.Tracking.SERIALISED);
    Product aSer =
        InventoryFixture.product(am, "Acme", "Scanner", false, 0, Product.Tracking.SERIALISED);
    Product bSer =
        InventoryFixture.product(bm, "Acme", "Stand", true, 0, Product.Tracking.SERIALISED);
    bStand = bSer;
    Product dSer =
        InventoryFixture.product(dm, "Acme", "Light", true, 0, Product.Tracking.SERIALISED);
    aAsset = asset(am, aSer, "MR-A-1");
    bDup = asset(bm, bSer, "MR-DUP-1");
    asset(bm, bHidden, "MR-B-HIDDEN");
    cDup = asset(cm, cMic, "MR-DUP-1");
    cAsset = asset(cm, cMic, "MR-C-1");
    asset(dm, dSer, "MR-D-1");
  }

  @AfterAll
  static void stop() {
    for (TestNode n : new TestNode[] {a, b, c, d}) {
      if (n != null) {
        n.close();
      }
    }
  }

  private static Domain module(TestNode n) {
    return Domain.create(n.runtime().jdbi(), Clock.systemUTC(), n.nodeId(), new InventoryConfig());
  }

  private static void grant(TestNode from, TestNode to, TrustLevel level) {
    String invitation =
        from.trust()
            .createInvitation(
                CreateInvitationRequest.newBuilder()
                    .setPartnerNodeId(to.nodeId())
                    .setLevel(level)
                    .build())
            .getInvitation();
    to.trust()
        .acceptInvitation(AcceptInvitationRequest.newBuilder().setInvitation(invitation).build());
  }

  private static Asset asset(Domain m, Product p, String barcode) {
    return m.assets.create(
        new Assets.NewAsset(
            p.id(),
            barcode,
            "SN-" + barcode,
            InventoryFixture.warehouse(m).id(),
            Asset.Status.AVAILABLE,
            ""));
  }

  private static <S extends AbstractBlockingStub<S>> S authed(S stub, TestNode n) {
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + n.adminToken());
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static FederationQueryServiceGrpc.FederationQueryServiceBlockingStub query() {
    return authed(FederationQueryServiceGrpc.newBlockingStub(a.channel()), a);
  }

  private static AssetResolutionServiceGrpc.AssetResolutionServiceBlockingStub resolver() {
    return authed(AssetResolutionServiceGrpc.newBlockingStub(a.channel()), a);
  }

  private static Status.Code codeOf(Runnable r) {
    try {
      r.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private static Period period(Interval i) {
    return Period.newBuilder().setStart(ts(i.start())).setEnd(ts(i.end())).build();
  }

  private static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).build();
  }

  /** A's fan-out for aMic × 4 at B, retried (bounded) past cold catalogues and connections. */
  private static List<PartnerLineAnswer> micAtB() throws InterruptedException {
    QueryPartnerAvailabilityRequest r =
        QueryPartnerAvailabilityRequest.newBuilder()
            .addLines(
                PartnerAvailabilityLine.newBuilder()
                    .setProductId(aMic.id().toString())
                    .setQuantity(4))
            .setPeriod(period(JULY))
            .setBypassCache(true)
            .build();
    PartnerAvailability atB = null;
    for (int i = 0; i < 20; i++) {
      atB =
          query().queryPartnerAvailability(r).getPartnersList().stream()
              .filter(p -> p.getPartnerNodeId().equals(b.nodeId()))
              .findFirst()
              .orElseThrow();
      if (atB.getStatus() == PartnerQueryStatus.PARTNER_QUERY_STATUS_OK) {
        return atB.getLinesList();
      }
      Thread.sleep(250);
    }
    throw new AssertionError("B never answered: " + atB);
  }

  private static List<ProductMapping> mappings(TestNode partner, boolean skipRefresh) {
    return query()
        .listProductMappings(
            ListProductMappingsRequest.newBuilder()
                .setPartnerNodeId(partner.nodeId())
                .setSkipRefresh(skipRefresh)
                .build())
        .getMappingsList();
  }

  private static ProductMapping decide(
      TestNode partner, Product mine, Product theirs, MappingDecision decision) {
    return query()
        .decideProductMapping(
            DecideProductMappingRequest.newBuilder()
                .setPartnerNodeId(partner.nodeId())
                .setProductId(mine.id().toString())
                .setPartnerProductId(theirs.id().toString())
                .setDecision(decision)
                .build())
        .getMapping();
  }

  private static List<String> unmatched(TestNode partner) {
    return query()
        .listUnmatchedProducts(
            ListUnmatchedProductsRequest.newBuilder().setPartnerNodeId(partner.nodeId()).build())
        .getProductsList()
        .stream()
        .map(UnmatchedProduct::getProductId)
        .toList();
  }

  @Test
  @Order(1)
  void mappingsAreSuggestedThenConfirmedOverriddenOrRejectedAndTheFanOutFollows() throws Exception {
    micAtB(); // warm: B's catalogue is cached at A
    List<ProductMapping> withB = mappings(b, false);
    assertThat(withB).hasSize(1);
    ProductMapping s = withB.get(0);
    assertThat(s.getProductId()).isEqualTo(aMic.id().toString());
    assertThat(s.getPartnerProduct().getId()).isEqualTo(bMic.id().toString());
    assertThat(s.getState()).isEqualTo(MappingState.MAPPING_STATE_SUGGESTED);
    assertThat(s.getMatch()).isEqualTo(ProductMatch.PRODUCT_MATCH_MANUFACTURER_MODEL);
    assertThat(s.getProductName()).isEqualTo("Shure SM58");
    // B's shared catalogue as A reads it: by name, paged; the unshared product is not there.
    var catalogue =
        query()
            .listPartnerProducts(
                io.eventkit.proto.v1.ListPartnerProductsRequest.newBuilder()
                    .setPartnerNodeId(b.nodeId())
                    .setPage(PageRequest.newBuilder().setPageSize(1))
                    .build());
    assertThat(catalogue.getProductsList())
        .extracting(x -> x.getId())
        .containsExactly(bStand.id().toString()); // "Acme Stand" < "Shure Beta 58A" < "shure sm-58"
    var rest =
        query()
            .listPartnerProducts(
                io.eventkit.proto.v1.ListPartnerProductsRequest.newBuilder()
                    .setPartnerNodeId(b.nodeId())
                    .setPage(
                        PageRequest.newBuilder()
                            .setPageSize(10)
                            .setPageToken(catalogue.getPage().getNextPageToken()))
                    .build());
    assertThat(rest.getProductsList())
        .extracting(x -> x.getId())
        .containsExactly(bMicBeta.id().toString(), bMic.id().toString());
    assertThat(rest.getPage().getNextPageToken()).isEmpty();
    // Per partner: C has its own suggestion for the same local product.
    assertThat(mappings(c, false))
        .singleElement()
        .satisfies(m -> assertThat(m.getPartnerProduct().getId()).isEqualTo(cMic.id().toString()));
    // Unmatched: every product of A without a usable mapping to B.
    assertThat(unmatched(b)).contains(aBox.id().toString()).doesNotContain(aMic.id().toString());

    // Suggested: the fan-out uses the automatic match.
    assertThat(micAtB())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.getMatch()).isEqualTo(ProductMatch.PRODUCT_MATCH_MANUFACTURER_MODEL);
              assertThat(l.getProduct().getId()).isEqualTo(bMic.id().toString());
            });

    // Rejected: never used; aMic is unmatched with B now; a refresh does not re-suggest it.
    ProductMapping rejected = decide(b, aMic, bMic, MappingDecision.MAPPING_DECISION_REJECT);
    assertThat(rejected.getState()).isEqualTo(MappingState.MAPPING_STATE_REJECTED);
    assertThat(rejected.getDecidedBy()).isNotEmpty();
    assertThat(rejected.hasDecidedAt()).isTrue();
    assertThat(micAtB())
        .singleElement()
        .satisfies(l -> assertThat(l.getMatch()).isEqualTo(ProductMatch.PRODUCT_MATCH_NONE));
    assertThat(unmatched(b)).contains(aMic.id().toString());
    assertThat(mappings(b, false))
        .singleElement()
        .satisfies(m -> assertThat(m.getState()).isEqualTo(MappingState.MAPPING_STATE_REJECTED));

    // Overridden: the planner's pick, reported as MAPPED.
    ProductMapping over = decide(b, aMic, bMicBeta, MappingDecision.MAPPING_DECISION_OVERRIDE);
    assertThat(over.getState()).isEqualTo(MappingState.MAPPING_STATE_OVERRIDDEN);
    assertThat(over.getPartnerProduct().getModel()).isEqualTo("Beta 58A");
    assertThat(micAtB())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.getMatch()).isEqualTo(ProductMatch.PRODUCT_MATCH_MAPPED);
              assertThat(l.getProduct().getId()).isEqualTo(bMicBeta.id().toString());
              assertThat(l.getAvailableQuantity()).isEqualTo(4);
            });
    assertThat(unmatched(b)).doesNotContain(aMic.id().toString());

    // Confirmed (the rejected suggestion, reconsidered): both decided products are asked.
    decide(b, aMic, bMic, MappingDecision.MAPPING_DECISION_CONFIRM);
    assertThat(micAtB())
        .extracting(l -> l.getProduct().getId(), PartnerLineAnswer::getMatch)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                bMic.id().toString(), ProductMatch.PRODUCT_MATCH_MAPPED),
            org.assertj.core.groups.Tuple.tuple(
                bMicBeta.id().toString(), ProductMatch.PRODUCT_MATCH_MAPPED));

    // Paging: two mappings with B, one per page, chained by token; filters by state.
    var first =
        query()
            .listProductMappings(
                ListProductMappingsRequest.newBuilder()
                    .setPartnerNodeId(b.nodeId())
                    .setPage(PageRequest.newBuilder().setPageSize(1))
                    .build());
    assertThat(first.getMappingsCount()).isEqualTo(1);
    assertThat(first.getRefreshError()).isEmpty();
    var second =
        query()
            .listProductMappings(
                ListProductMappingsRequest.newBuilder()
                    .setPartnerNodeId(b.nodeId())
                    .setPage(
                        PageRequest.newBuilder()
                            .setPageSize(1)
                            .setPageToken(first.getPage().getNextPageToken()))
                    .build());
    assertThat(second.getMappingsCount()).isEqualTo(1);
    assertThat(second.getPage().getNextPageToken()).isEmpty();
    assertThat(
            List.of(
                first.getMappings(0).getPartnerProduct().getId(),
                second.getMappings(0).getPartnerProduct().getId()))
        .containsExactlyInAnyOrder(bMic.id().toString(), bMicBeta.id().toString());
    assertThat(
            query()
                .listProductMappings(
                    ListProductMappingsRequest.newBuilder()
                        .setPartnerNodeId(b.nodeId())
                        .addStates(MappingState.MAPPING_STATE_OVERRIDDEN)
                        .build())
                .getMappingsList())
        .extracting(m -> m.getPartnerProduct().getId())
        .containsExactly(bMicBeta.id().toString());
  }

  @Test
  @Order(2)
  void badMappingRequestsAreRefusedAndChangeNothing() {
    List<ProductMapping> before = mappings(b, true);
    DecideProductMappingRequest ok =
        DecideProductMappingRequest.newBuilder()
            .setPartnerNodeId(b.nodeId())
            .setProductId(aMic.id().toString())
            .setPartnerProductId(bMic.id().toString())
            .setDecision(MappingDecision.MAPPING_DECISION_REJECT)
            .build();
    for (DecideProductMappingRequest bad :
        List.of(
            ok.toBuilder().clearDecision().build(),
            ok.toBuilder().setProductId("nope").build(),
            ok.toBuilder().clearPartnerNodeId().build(),
            ok.toBuilder().setPartnerProductId("x".repeat(101)).build(),
            ok.toBuilder().clearPartnerProductId().build())) {
      assertThat(codeOf(() -> query().decideProductMapping(bad)))
          .as("%s", bad)
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
    // Unknown product, pair, partner product, partner.
    assertThat(
            codeOf(
                () ->
                    query()
                        .decideProductMapping(
                            ok.toBuilder()
                                .setProductId(java.util.UUID.randomUUID().toString())
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            codeOf(
                () ->
                    query()
                        .decideProductMapping(
                            ok.toBuilder()
                                .setProductId(aBox.id().toString())
                                .setDecision(MappingDecision.MAPPING_DECISION_CONFIRM)
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            codeOf(
                () ->
                    query()
                        .decideProductMapping(
                            ok.toBuilder()
                                .setPartnerProductId(bHidden.id().toString())
                                .setDecision(MappingDecision.MAPPING_DECISION_OVERRIDE)
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            codeOf(
                () ->
                    query()
                        .decideProductMapping(
                            ok.toBuilder().setPartnerNodeId("nobody.mr.test").build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            codeOf(
                () ->
                    query()
                        .listProductMappings(
                            ListProductMappingsRequest.newBuilder()
                                .setPartnerNodeId(b.nodeId())
                                .setPage(PageRequest.newBuilder().setPageToken("garbage"))
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            codeOf(
                () ->
                    query()
                        .listUnmatchedProducts(
                            ListUnmatchedProductsRequest.newBuilder()
                                .setPartnerNodeId(b.nodeId())
                                .setPage(PageRequest.newBuilder().setPageSize(-1))
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(mappings(b, true)).isEqualTo(before);
  }

  @Test
  @Order(3)
  void shortLinesOfAnEventShowWhichPartnersCouldFillThem() throws Exception {
    micAtB();
    var event = InventoryFixture.event(am, EventStatus.CONFIRMED, JULY);
    InventoryFixture.book(am, event, aMic, 5, null); // A owns 2: 3 short
    InventoryFixture.book(am, event, aBox, 1, null); // enough
    FindSuppliersForShortagesResponse r = null;
    for (int i = 0; i < 20; i++) {
      r =
          query()
              .findSuppliersForShortages(
                  FindSuppliersForShortagesRequest.newBuilder()
                      .setEventId(event.id().toString())
                      .setBypassCache(true)
                      .build());
      if (r.getPartnersList().stream()
          .allMatch(
              p ->
                  p.getStatus() == PartnerQueryStatus.PARTNER_QUERY_STATUS_OK
                      || p.getPartnerNodeId().equals(d.nodeId()))) {
        break;
      }
      Thread.sleep(250);
    }
    assertThat(r.getPeriod()).isEqualTo(period(JULY));
    assertThat(r.getEventName()).isEqualTo(event.name());
    assertThat(r.getLinesList()).hasSize(1);
    ShortLine line = r.getLines(0);
    assertThat(line.getProductId()).isEqualTo(aMic.id().toString());
    assertThat(line.getRequested()).isEqualTo(5);
    assertThat(line.getShortfall()).isEqualTo(3);
    // B (the planner's mappings: SM58 with 10 free, Beta 58A with 4) fills it; C's SM 58 (an
    // automatic match) has only its 2 serialised assets.
    Map<String, List<SupplierOption>> byPartner =
        line.getSuppliersList().stream()
            .collect(Collectors.groupingBy(SupplierOption::getPartnerNodeId));
    assertThat(byPartner.get(b.nodeId()))
        .extracting(o -> o.getProduct().getId(), SupplierOption::getAvailableQuantity)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(bMic.id().toString(), 3),
            org.assertj.core.groups.Tuple.tuple(bMicBeta.id().toString(), 3));
    assertThat(byPartner.get(b.nodeId())).allSatisfy(o -> assertThat(o.getFills()).isTrue());
    assertThat(byPartner.get(c.nodeId()))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getProduct().getId()).isEqualTo(cMic.id().toString());
              assertThat(o.getAvailableQuantity()).isEqualTo(2);
              assertThat(o.getFills()).isFalse();
            });
    // Best first: those that fill the line before C's partial offer.
    assertThat(line.getSuppliersList().get(line.getSuppliersCount() - 1).getPartnerNodeId())
        .isEqualTo(c.nodeId());
    Map<String, PartnerAvailability> partners =
        r.getPartnersList().stream()
            .collect(Collectors.toMap(PartnerAvailability::getPartnerNodeId, Function.identity()));
    assertThat(partners.get(b.nodeId()).getLinesList()).isEmpty();
    assertThat(partners.get(d.nodeId()).getStatus())
        .isIn(
            PartnerQueryStatus.PARTNER_QUERY_STATUS_OK,
            PartnerQueryStatus.PARTNER_QUERY_STATUS_TIMEOUT);

    // An event with nothing short calls nobody; an unknown event is NOT_FOUND; bad ID invalid.
    var fine = InventoryFixture.event(am, EventStatus.CONFIRMED, JULY);
    FindSuppliersForShortagesResponse none =
        query()
            .findSuppliersForShortages(
                FindSuppliersForShortagesRequest.newBuilder()
                    .setEventId(fine.id().toString())
                    .build());
    assertThat(none.getLinesList()).isEmpty();
    assertThat(none.getPartnersList()).isEmpty();
    assertThat(
            codeOf(
                () ->
                    query()
                        .findSuppliersForShortages(
                            FindSuppliersForShortagesRequest.newBuilder()
                                .setEventId(java.util.UUID.randomUUID().toString())
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            codeOf(
                () ->
                    query()
                        .findSuppliersForShortages(
                            FindSuppliersForShortagesRequest.newBuilder()
                                .setEventId("nope")
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  private static ResolveLocalAssetsResponse resolveAll(boolean bypass, String... barcodes) {
    return resolver()
        .resolveAssets(
            ResolveLocalAssetsRequest.newBuilder()
                .addAllBarcodes(List.of(barcodes))
                .setBypassCache(bypass)
                .build());
  }

  /** Bounded retry until B and C both answered (cold connections). */
  private static ResolveLocalAssetsResponse warmResolve(String... barcodes)
      throws InterruptedException {
    ResolveLocalAssetsResponse r = null;
    for (int i = 0; i < 20; i++) {
      r = resolveAll(true, barcodes);
      Map<String, PartnerResolution> p = partners(r);
      if (p.get(b.nodeId()).getStatus() == PartnerQueryStatus.PARTNER_QUERY_STATUS_OK
          && p.get(c.nodeId()).getStatus() == PartnerQueryStatus.PARTNER_QUERY_STATUS_OK) {
        return r;
      }
      Thread.sleep(250);
    }
    return r;
  }

  private static Map<String, PartnerResolution> partners(ResolveLocalAssetsResponse r) {
    return r.getPartnersList().stream()
        .collect(Collectors.toMap(PartnerResolution::getPartnerNodeId, Function.identity()));
  }

  @Test
  @Order(4)
  void barcodesResolveLocallyAtPartnersAmbiguouslyOrNotAtAll() throws Exception {
    ResolveLocalAssetsResponse r =
        warmResolve("MR-C-1", "MR-DUP-1", "MR-UNKNOWN", "MR-B-HIDDEN", "MR-D-1", "MR-A-1");
    Map<String, PartnerResolution> p = partners(r);
    // D grants A only AVAILABILITY: listed, never called.
    assertThat(p.get(d.nodeId()).getStatus())
        .isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_DENIED);
    assertThat(p.get(d.nodeId()).getDetail()).contains("RESOLVE_ASSETS");
    assertThat(p.get(d.nodeId()).getLatencyMs()).isZero();

    ResolvedAsset atC = r.getAssets(0);
    assertThat(atC.getStatus()).isEqualTo(ResolutionStatus.RESOLUTION_STATUS_FOUND);
    assertThat(atC.getClaimsList())
        .singleElement()
        .satisfies(
            cl -> {
              assertThat(cl.getSource()).isEqualTo(AssetSource.ASSET_SOURCE_PARTNER);
              assertThat(cl.getOwnerNodeId()).isEqualTo(c.nodeId());
              assertThat(cl.getAssetRef()).isEqualTo(c.nodeId() + "/" + cAsset.id());
              assertThat(cl.getProduct().getId()).isEqualTo(cMic.id().toString());
              assertThat(cl.getAssetStatus()).isEqualTo(AssetStatus.ASSET_STATUS_AVAILABLE);
            });

    ResolvedAsset dup = r.getAssets(1);
    assertThat(dup.getStatus()).isEqualTo(ResolutionStatus.RESOLUTION_STATUS_AMBIGUOUS);
    assertThat(dup.getClaimsList())
        .extracting(cl -> cl.getAssetRef())
        .containsExactlyInAnyOrder(b.nodeId() + "/" + bDup.id(), c.nodeId() + "/" + cDup.id());

    for (int i : new int[] {2, 3, 4}) {
      // Unknown; B's asset of an unshared product; D's asset (D not asked).
      assertThat(r.getAssets(i).getStatus())
          .as(r.getAssets(i).getBarcode())
          .isEqualTo(ResolutionStatus.RESOLUTION_STATUS_NOT_FOUND);
      assertThat(r.getAssets(i).getClaimsList()).isEmpty();
      assertThat(r.getAssets(i).getUnansweredPartnerNodeIdsList()).isEmpty();
    }

    ResolvedAsset mine = r.getAssets(5);
    assertThat(mine.getStatus()).isEqualTo(ResolutionStatus.RESOLUTION_STATUS_FOUND);
    assertThat(mine.getClaims(0).getSource()).isEqualTo(AssetSource.ASSET_SOURCE_LOCAL);
    assertThat(mine.getClaims(0).getAssetRef()).isEqualTo(a.nodeId() + "/" + aAsset.id());

    // A local barcode alone: no partner is asked.
    ResolveLocalAssetsResponse local = resolveAll(false, "MR-A-1");
    assertThat(local.getPartnersList()).isEmpty();
    assertThat(local.getAssets(0).getStatus()).isEqualTo(ResolutionStatus.RESOLUTION_STATUS_FOUND);

    // Single-barcode form.
    ResolvedAsset one =
        resolver().resolveAsset(ResolveAssetRequest.newBuilder().setBarcode("MR-C-1").build());
    assertThat(one.getStatus()).isEqualTo(ResolutionStatus.RESOLUTION_STATUS_FOUND);
    assertThat(one.getCached()).isTrue();
  }

  @Test
  @Order(5)
  void answersAreCachedPositiveAndNegativeUntilBypassed() throws Exception {
    warmResolve("MR-LATER-1");
    ResolveLocalAssetsResponse cached = resolveAll(false, "MR-LATER-1", "MR-C-1");
    assertThat(cached.getPartnersList()).isEmpty();
    assertThat(cached.getAssetsList()).allSatisfy(x -> assertThat(x.getCached()).isTrue());
    assertThat(cached.getAssets(0).getStatus())
        .isEqualTo(ResolutionStatus.RESOLUTION_STATUS_NOT_FOUND);

    // B gets an asset with that barcode: the negative entry still answers until bypassed.
    asset(
        bm,
        bMic.id().equals(null)
            ? null
            : InventoryFixture.product(bm, "Acme", "Later", true, 0, Product.Tracking.SERIALISED),
        "MR-LATER-1");
    assertThat(resolveAll(false, "MR-LATER-1").getAssets(0).getStatus())
        .isEqualTo(ResolutionStatus.RESOLUTION_STATUS_NOT_FOUND);
    ResolvedAsset fresh = resolveAll(true, "MR-LATER-1").getAssets(0);
    assertThat(fresh.getStatus()).isEqualTo(ResolutionStatus.RESOLUTION_STATUS_FOUND);
    assertThat(fresh.getCached()).isFalse();
    assertThat(fresh.getClaims(0).getOwnerNodeId()).isEqualTo(b.nodeId());
  }

  @Test
  @Order(6)
  void partnersEnforceTheLevelAndTheRequestRules() {
    // D grants A AVAILABILITY only: its resolve RPC refuses A (conformance case 5).
    var atD =
        FederationResolveServiceGrpc.newBlockingStub(
                a.federation().channels().channel(d.nodeId()).channel())
            .withDeadlineAfter(10, TimeUnit.SECONDS);
    StatusRuntimeException denied = null;
    try {
      atD.resolveAssets(ResolveAssetsRequest.newBuilder().addBarcodes("MR-D-1").build());
    } catch (StatusRuntimeException e) {
      denied = e;
    }
    assertThat(denied).isNotNull();
    assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(denied.getStatus().getDescription()).contains("RESOLVE_ASSETS");

    var atB =
        FederationResolveServiceGrpc.newBlockingStub(
                a.federation().channels().channel(b.nodeId()).channel())
            .withDeadlineAfter(10, TimeUnit.SECONDS);
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i < 501; i++) {
      tooMany.add("X" + i);
    }
    for (ResolveAssetsRequest bad :
        List.of(
            ResolveAssetsRequest.getDefaultInstance(),
            ResolveAssetsRequest.newBuilder().addBarcodes("").build(),
            ResolveAssetsRequest.newBuilder().addBarcodes("x".repeat(129)).build(),
            ResolveAssetsRequest.newBuilder().addAllBarcodes(tooMany).build())) {
      assertThat(codeOf(() -> atB.resolveAssets(bad))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
    // Unknown and odd barcodes are answers, not errors; order is kept.
    var answers =
        atB.resolveAssets(
                ResolveAssetsRequest.newBuilder()
                    .addBarcodes("no such")
                    .addBarcodes("MR-DUP-1")
                    .build())
            .getAnswersList();
    assertThat(answers).extracting(x -> x.getBarcode()).containsExactly("no such", "MR-DUP-1");
    assertThat(answers.get(1).getAssetRef()).isEqualTo(b.nodeId() + "/" + bDup.id());

    // The local API's rules.
    List<String> tooManyLocal = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      tooManyLocal.add("X" + i);
    }
    for (ResolveLocalAssetsRequest bad :
        List.of(
            ResolveLocalAssetsRequest.getDefaultInstance(),
            ResolveLocalAssetsRequest.newBuilder().addBarcodes(" ").build(),
            ResolveLocalAssetsRequest.newBuilder().addAllBarcodes(tooManyLocal).build())) {
      assertThat(codeOf(() -> resolver().resolveAssets(bad)))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
    assertThat(codeOf(() -> resolver().resolveAsset(ResolveAssetRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  @Order(7)
  void fanOutLatencyAndCircuitStatePerPartnerAreOnMetrics() throws Exception {
    var metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(a.metricsUrl())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains(
            "eventkit_federation_partner_call_seconds_count{call=\"ResolveAssets\",outcome=\"OK\","
                + "partner=\"b.mr.test\"}")
        .contains("eventkit_federation_partner_call_seconds_count{call=\"QueryAvailability\"")
        .contains(
            "eventkit_federation_partner_circuit_state{partner=\"b.mr.test\",state=\"CLOSED\"} 1")
        .contains(
            "eventkit_federation_partner_latency_seconds{partner=\"c.mr.test\",quantile=\"0.99\"}");
  }
}
