package io.eventkit.node.federation.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.inventory.InventoryConfig;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.inventory.Stock;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.testing.Domain;
import io.eventkit.node.testing.InventoryFixture;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AcceptInvitationRequest;
import io.eventkit.proto.v1.AvailabilityAnswer;
import io.eventkit.proto.v1.AvailabilityLineStatus;
import io.eventkit.proto.v1.AvailabilityQueryLine;
import io.eventkit.proto.v1.CreateInvitationRequest;
import io.eventkit.proto.v1.FederationCatalogServiceGrpc;
import io.eventkit.proto.v1.FederationQueryServiceGrpc;
import io.eventkit.proto.v1.ListSharedProductsRequest;
import io.eventkit.proto.v1.PartnerAvailability;
import io.eventkit.proto.v1.PartnerAvailabilityLine;
import io.eventkit.proto.v1.PartnerLineAnswer;
import io.eventkit.proto.v1.PartnerQueryStatus;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.ProductMatch;
import io.eventkit.proto.v1.QueryAvailabilityRequest;
import io.eventkit.proto.v1.QueryPartnerAvailabilityRequest;
import io.eventkit.proto.v1.QueryPartnerAvailabilityResponse;
import io.eventkit.proto.v1.SetPartnerLevelRequest;
import io.eventkit.proto.v1.SharedProduct;
import io.eventkit.proto.v1.TrustLevel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * Federated availability across four real nodes over real mTLS: B and C grant A AVAILABILITY, D
 * grants A only DISCOVER. Each node shares some products and keeps one unshared.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederatedAvailabilityTest {
  private static final Duration DEADLINE = Duration.ofMillis(1500);
  private static final Interval JULY =
      new Interval(Instant.parse("2031-07-01T08:00:00Z"), Instant.parse("2031-07-03T20:00:00Z"));
  private static final String GTIN = "4006381333931";

  private static TestNode a;
  private static TestNode b;
  private static TestNode c;
  private static TestNode d;
  private static NodeConfiguration cConfig;
  private static Domain am;
  private static Domain bm;
  private static Domain cm;
  private static Domain dm;
  private static Product aMic;
  private static Product bMic;
  private static Product bHidden;
  private static Product cMic;
  private static Product cLamp;
  private static Product dMic;

  @BeforeAll
  static void start() throws IOException {
    // A slightly longer deadline than the 500 ms default: the machine running the tests is shared.
    NodeConfiguration ac =
        TestNode.config("a.fa.test", Files.createTempDirectory("eventkit-a.fa.test"));
    ac.getFederation().setAvailabilityDeadline(io.dropwizard.util.Duration.milliseconds(1500));
    a = TestNode.start(ac);
    b = TestNode.start("b.fa.test");
    // C restarts during the test: a fixed federation port keeps the endpoint A holds valid.
    cConfig = TestNode.config("c.fa.test", Files.createTempDirectory("eventkit-c.fa.test"));
    cConfig.getFederation().setPort(freePort());
    cConfig.getFederation().setEnrollmentPort(0);
    c = TestNode.start(cConfig);
    d = TestNode.start("d.fa.test");
    am = module(a);
    bm = module(b);
    cm = module(c);
    dm = module(d);
    grant(b, a, TrustLevel.TRUST_LEVEL_AVAILABILITY);
    grant(c, a, TrustLevel.TRUST_LEVEL_AVAILABILITY);
    grant(d, a, TrustLevel.TRUST_LEVEL_DISCOVER);

    aMic = product(am, "shure", "SM 58", "", false, 2);
    bMic = product(bm, "Shure", "SM58", "", true, 10);
    bHidden = product(bm, "Shure", "Beta 58A", "", false, 4);
    cMic = product(cm, "SHURE ", "sm-58", "", true, 3);
    cLamp = product(cm, "Acme", "Lamp X", GTIN, true, 6);
    product(cm, "Acme", "Lamp Y", "", false, 6);
    dMic = product(dm, "Shure", "SM58", "", true, 7);
  }

  @AfterAll
  static void stop() {
    for (TestNode n : new TestNode[] {a, b, c, d}) {
      if (n != null) {
        n.close();
      }
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Domain module(TestNode n) {
    return Domain.create(n.runtime().jdbi(), Clock.systemUTC(), n.nodeId(), new InventoryConfig());
  }

  /** {@code from} invites {@code to} at {@code level}; {@code to} accepts. */
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

  private static Product product(
      Domain m, String manufacturer, String model, String gtin, boolean shared, int qty) {
    Product p =
        m.catalog.create(
            new Product.ProductFields(
                manufacturer,
                model,
                manufacturer.strip() + " " + model,
                "Audio",
                "",
                gtin.isEmpty() ? null : gtin,
                new Money("EUR", 1000),
                new Money("EUR", 50000),
                500,
                Duration.ZERO,
                Duration.ZERO,
                Product.Tracking.BULK,
                shared));
    m.stock.adjust(
        new Stock.NewAdjustment(p.id(), InventoryFixture.warehouse(m).id(), qty, "purchase", ""));
    return p;
  }

  private static Period period(Interval i) {
    return Period.newBuilder().setStart(ts(i.start())).setEnd(ts(i.end())).build();
  }

  private static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).build();
  }

  private static FederationQueryServiceGrpc.FederationQueryServiceBlockingStub query(TestNode n) {
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + n.adminToken());
    return FederationQueryServiceGrpc.newBlockingStub(n.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** A's mTLS stub to a partner's catalogue service (A's own client certificate for it). */
  private static FederationCatalogServiceGrpc.FederationCatalogServiceBlockingStub catalogAt(
      TestNode partner) {
    return FederationCatalogServiceGrpc.newBlockingStub(
            a.federation().channels().channel(partner.nodeId()).channel())
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static QueryPartnerAvailabilityRequest request(boolean bypassCache) {
    return QueryPartnerAvailabilityRequest.newBuilder()
        .addLines(
            PartnerAvailabilityLine.newBuilder().setProductId(aMic.id().toString()).setQuantity(8))
        .addLines(
            PartnerAvailabilityLine.newBuilder()
                .setManufacturer("Other brand")
                .setModel("Other model")
                .setGtin(GTIN)
                .setQuantity(2))
        .addLines(
            PartnerAvailabilityLine.newBuilder()
                .setManufacturer("Nobody")
                .setModel("Nothing")
                .setQuantity(1))
        .setPeriod(period(JULY))
        .setBypassCache(bypassCache)
        .build();
  }

  private static Map<String, PartnerAvailability> byPartner(QueryPartnerAvailabilityResponse r) {
    return r.getPartnersList().stream()
        .collect(Collectors.toMap(PartnerAvailability::getPartnerNodeId, Function.identity()));
  }

  /** The first query may meet cold catalogues and connections: retry (bounded) until B and C OK. */
  private static Map<String, PartnerAvailability> warmQuery() throws InterruptedException {
    Map<String, PartnerAvailability> r = Map.of();
    for (int i = 0; i < 20; i++) {
      r = byPartner(query(a).queryPartnerAvailability(request(true)));
      if (r.get(b.nodeId()).getStatus() == PartnerQueryStatus.PARTNER_QUERY_STATUS_OK
          && r.get(c.nodeId()).getStatus() == PartnerQueryStatus.PARTNER_QUERY_STATUS_OK) {
        return r;
      }
      Thread.sleep(250);
    }
    return r;
  }

  private static List<PartnerLineAnswer> line(PartnerAvailability p, int index) {
    return p.getLinesList().stream().filter(l -> l.getLineIndex() == index).toList();
  }

  private static int engine(Domain m, Product p) {
    return m.availability.forProduct(p.id(), JULY).available();
  }

  @Test
  @Order(1)
  void seesSharedAvailabilityOfBAndCButNotD() throws Exception {
    Map<String, PartnerAvailability> r = warmQuery();
    assertThat(r.keySet()).containsExactlyInAnyOrder(b.nodeId(), c.nodeId(), d.nodeId());

    PartnerAvailability atB = r.get(b.nodeId());
    assertThat(atB.getStatus()).isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_OK);
    assertThat(line(atB, 0)).hasSize(1);
    PartnerLineAnswer bm0 = line(atB, 0).get(0);
    assertThat(bm0.getMatch()).isEqualTo(ProductMatch.PRODUCT_MATCH_MANUFACTURER_MODEL);
    assertThat(bm0.getProduct().getId()).isEqualTo(bMic.id().toString());
    assertThat(bm0.getStatus()).isEqualTo(AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_OK);
    assertThat(bm0.getAvailableQuantity()).isEqualTo(Math.min(8, engine(bm, bMic))).isEqualTo(8);
    // B grants A AVAILABILITY, below SUBHIRE_REQUEST: stock, but no prices.
    assertThat(bm0.hasDailyRate()).isFalse();
    // B announced no display name, so its node ID is its name (what people see beside the answer).
    assertThat(atB.getPartnerName()).isEqualTo(b.nodeId());
    assertThat(line(atB, 1).get(0).getMatch()).isEqualTo(ProductMatch.PRODUCT_MATCH_NONE);
    assertThat(line(atB, 2).get(0).getMatch()).isEqualTo(ProductMatch.PRODUCT_MATCH_NONE);

    PartnerAvailability atC = r.get(c.nodeId());
    assertThat(atC.getStatus()).isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_OK);
    PartnerLineAnswer cm0 = line(atC, 0).get(0);
    assertThat(cm0.getProduct().getId()).isEqualTo(cMic.id().toString());
    // C has only 3: the answer says so, capped below the 8 asked.
    assertThat(cm0.getAvailableQuantity()).isEqualTo(engine(cm, cMic)).isEqualTo(3);
    PartnerLineAnswer cm1 = line(atC, 1).get(0);
    assertThat(cm1.getMatch()).isEqualTo(ProductMatch.PRODUCT_MATCH_GTIN);
    assertThat(cm1.getProduct().getId()).isEqualTo(cLamp.id().toString());
    assertThat(cm1.getAvailableQuantity()).isEqualTo(2);
    assertThat(line(atC, 2).get(0).getMatch()).isEqualTo(ProductMatch.PRODUCT_MATCH_NONE);

    // D grants A only DISCOVER: listed, not called, nothing of its stock revealed.
    PartnerAvailability atD = r.get(d.nodeId());
    assertThat(atD.getStatus()).isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_DENIED);
    assertThat(atD.getLinesList()).isEmpty();
    assertThat(atD.getDetail()).contains("DISCOVER");

    // Unshared products never appear.
    for (PartnerAvailability p : r.values()) {
      for (PartnerLineAnswer l : p.getLinesList()) {
        assertThat(l.getProduct().getId()).isNotEqualTo(bHidden.id().toString());
      }
    }

    // Within the answer TTL a repeated query is served from the cache.
    PartnerAvailability again =
        byPartner(query(a).queryPartnerAvailability(request(false))).get(b.nodeId());
    assertThat(again.getCached()).isTrue();
    assertThat(line(again, 0).get(0).getAvailableQuantity()).isEqualTo(8);

    // A booking on B reduces what A sees (asked afresh).
    var event = InventoryFixture.event(bm, EventStatus.CONFIRMED, JULY);
    InventoryFixture.book(bm, event, bMic, 5, null);
    assertThat(engine(bm, bMic)).isEqualTo(5);
    PartnerAvailability after =
        byPartner(query(a).queryPartnerAvailability(request(true))).get(b.nodeId());
    assertThat(after.getStatus()).isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_OK);
    assertThat(after.getCached()).isFalse();
    assertThat(line(after, 0).get(0).getAvailableQuantity()).isEqualTo(5);
    // The fan-out fed B's partner health.
    assertThat(a.federation().channels().channel(b.nodeId()).stats().lastSuccess()).isNotNull();
  }

  @Test
  @Order(2)
  void catalogueAtDiscoverButAvailabilityNeedsAvailability() {
    // Conformance case 5 for the new RPCs: D grants A DISCOVER.
    List<SharedProduct> atD =
        catalogAt(d)
            .listSharedProducts(ListSharedProductsRequest.getDefaultInstance())
            .getProductsList();
    assertThat(atD).extracting(SharedProduct::getId).containsExactly(dMic.id().toString());
    assertThatThrownBy(
            () ->
                catalogAt(d)
                    .queryAvailability(
                        QueryAvailabilityRequest.newBuilder()
                            .addLines(line(dMic.id().toString(), 1))
                            .setPeriod(period(JULY))
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription()).contains("AVAILABILITY");
            });

    // B lists only its shared product; pages are bounded and chained by token.
    var first =
        catalogAt(b)
            .listSharedProducts(
                ListSharedProductsRequest.newBuilder().setPageSize(100_000).build());
    assertThat(first.getProductsList())
        .extracting(SharedProduct::getId)
        .containsExactly(bMic.id().toString());
    assertThat(first.getProducts(0).getManufacturer()).isEqualTo("Shure");
    assertThat(first.getNextPageToken()).isEmpty();
    var paged =
        catalogAt(c)
            .listSharedProducts(ListSharedProductsRequest.newBuilder().setPageSize(1).build());
    assertThat(paged.getProductsCount()).isEqualTo(1);
    var rest =
        catalogAt(c)
            .listSharedProducts(
                ListSharedProductsRequest.newBuilder()
                    .setPageSize(1)
                    .setPageToken(paged.getNextPageToken())
                    .build());
    assertThat(rest.getProductsCount()).isEqualTo(1);
    assertThat(rest.getNextPageToken()).isEmpty();
    assertThat(List.of(paged.getProducts(0).getId(), rest.getProducts(0).getId()))
        .containsExactlyInAnyOrder(cMic.id().toString(), cLamp.id().toString());

    // Unknown, malformed and unshared IDs are per-line NOT_FOUND; answers are capped at the ask.
    List<AvailabilityAnswer> answers =
        catalogAt(b)
            .queryAvailability(
                QueryAvailabilityRequest.newBuilder()
                    .addLines(line(bMic.id().toString(), 2))
                    .addLines(line(bHidden.id().toString(), 1))
                    .addLines(line(java.util.UUID.randomUUID().toString(), 1))
                    .addLines(line("not-a-uuid", 1))
                    .addLines(line(bMic.id().toString(), 1000))
                    .setPeriod(period(JULY))
                    .build())
            .getAnswersList();
    assertThat(answers)
        .extracting(AvailabilityAnswer::getStatus)
        .containsExactly(
            AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_OK,
            AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_NOT_FOUND,
            AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_NOT_FOUND,
            AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_NOT_FOUND,
            AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_OK);
    assertThat(answers)
        .extracting(AvailabilityAnswer::getAvailableQuantity)
        .containsExactly(2, 0, 0, 0, engine(bm, bMic));

    // Every answer carries the catalogue version, the same as the list's (§8.4.6), also when none
    // of its lines is a shared product.
    String listed =
        catalogAt(b)
            .listSharedProducts(ListSharedProductsRequest.newBuilder().setPageSize(1).build())
            .getCatalogueVersion();
    assertThat(listed).isNotEmpty();
    for (Product asked : List.of(bMic, bHidden)) {
      String answered =
          catalogAt(b)
              .queryAvailability(
                  QueryAvailabilityRequest.newBuilder()
                      .addLines(line(asked.id().toString(), 1))
                      .setPeriod(period(JULY))
                      .build())
              .getCatalogueVersion();
      assertThat(answered).as(asked.fields().model()).isEqualTo(listed);
    }
  }

  private static AvailabilityQueryLine line(String productId, int quantity) {
    return AvailabilityQueryLine.newBuilder().setProductId(productId).setQuantity(quantity).build();
  }

  private static Status.Code codeOf(Runnable r) {
    try {
      r.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  @Order(3)
  void badInputIsRefusedWholeOnBothSides() {
    int before = engine(bm, bMic);
    Period reversed = Period.newBuilder().setStart(ts(JULY.end())).setEnd(ts(JULY.start())).build();
    Period tooLong = period(new Interval(JULY.start(), JULY.start().plus(Duration.ofDays(401))));
    QueryAvailabilityRequest ok =
        QueryAvailabilityRequest.newBuilder()
            .addLines(line(bMic.id().toString(), 1))
            .setPeriod(period(JULY))
            .build();
    QueryAvailabilityRequest.Builder tooMany = ok.toBuilder().clearLines();
    for (int i = 0; i < 501; i++) {
      tooMany.addLines(line(bMic.id().toString(), 1));
    }
    for (QueryAvailabilityRequest bad :
        List.of(
            ok.toBuilder().setPeriod(reversed).build(),
            ok.toBuilder().setPeriod(tooLong).build(),
            ok.toBuilder().clearPeriod().build(),
            ok.toBuilder().setLines(0, line(bMic.id().toString(), 0)).build(),
            ok.toBuilder().setLines(0, line(bMic.id().toString(), -3)).build(),
            ok.toBuilder().setLines(0, line("", 1)).build(),
            ok.toBuilder().clearLines().build(),
            tooMany.build())) {
      assertThat(codeOf(() -> catalogAt(b).queryAvailability(bad)))
          .as("%s", bad.getLinesCount() > 5 ? "501 lines" : bad)
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
    assertThat(
            codeOf(
                () ->
                    catalogAt(b)
                        .listSharedProducts(
                            ListSharedProductsRequest.newBuilder().setPageSize(-1).build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            codeOf(
                () ->
                    catalogAt(b)
                        .listSharedProducts(
                            ListSharedProductsRequest.newBuilder()
                                .setPageToken("garbage!")
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);

    // The same rules on the local API, plus its own.
    QueryPartnerAvailabilityRequest good = request(true);
    QueryPartnerAvailabilityRequest.Builder tooManyLocal = good.toBuilder().clearLines();
    for (int i = 0; i < 501; i++) {
      tooManyLocal.addLines(good.getLines(2));
    }
    for (QueryPartnerAvailabilityRequest bad :
        List.of(
            good.toBuilder().setPeriod(reversed).build(),
            good.toBuilder().clearPeriod().build(),
            good.toBuilder().setLines(0, good.getLines(0).toBuilder().setQuantity(0)).build(),
            good.toBuilder().setLines(0, good.getLines(0).toBuilder().setModel("x")).build(),
            good.toBuilder().setLines(2, good.getLines(2).toBuilder().setModel("")).build(),
            good.toBuilder().setLines(1, good.getLines(1).toBuilder().setGtin("12ab")).build(),
            good.toBuilder().setLines(0, good.getLines(0).toBuilder().setProductId("nope")).build(),
            good.toBuilder().clearLines().build(),
            tooManyLocal.build())) {
      assertThat(codeOf(() -> query(a).queryPartnerAvailability(bad)))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
    assertThat(
            codeOf(
                () ->
                    query(a)
                        .queryPartnerAvailability(
                            good.toBuilder()
                                .setLines(
                                    0,
                                    good.getLines(0).toBuilder()
                                        .setProductId(java.util.UUID.randomUUID().toString()))
                                .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(engine(bm, bMic)).isEqualTo(before);
  }

  /** Runs {@code body} while B grants A {@code level}, then puts AVAILABILITY back. */
  private static void whileBGrantsA(TrustLevel level, Runnable body) {
    try {
      b.trust()
          .setPartnerLevel(
              SetPartnerLevelRequest.newBuilder().setNodeId(a.nodeId()).setLevel(level).build());
      body.run();
    } finally {
      b.trust()
          .setPartnerLevel(
              SetPartnerLevelRequest.newBuilder()
                  .setNodeId(a.nodeId())
                  .setLevel(TrustLevel.TRUST_LEVEL_AVAILABILITY)
                  .build());
    }
  }

  @Test
  @Order(4)
  void aPartnerThatRefusesIsDeniedWhileOthersAnswer() throws Exception {
    warmQuery();
    // B lowers A to DISCOVER; A's view of its level is stale, so A calls and is refused.
    whileBGrantsA(
        TrustLevel.TRUST_LEVEL_DISCOVER,
        () -> {
          Map<String, PartnerAvailability> r =
              byPartner(query(a).queryPartnerAvailability(request(true)));
          assertThat(r.get(b.nodeId()).getStatus())
              .isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_DENIED);
          assertThat(r.get(b.nodeId()).getDetail()).contains("PERMISSION_DENIED");
          assertThat(r.get(b.nodeId()).getLinesList()).isEmpty();
          assertThat(r.get("c.fa.test").getStatus())
              .isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_OK);
        });
  }

  @Test
  @Order(4)
  void aPartnerAllowedToRequestSubHiresSeesListPricesOthersDoNot() {
    whileBGrantsA(
        TrustLevel.TRUST_LEVEL_SUBHIRE_REQUEST,
        () -> {
          Map<String, PartnerAvailability> r =
              byPartner(query(a).queryPartnerAvailability(request(true)));
          PartnerLineAnswer atB = line(r.get(b.nodeId()), 0).get(0);
          assertThat(atB.getDailyRate().getCurrencyCode()).isEqualTo("EUR");
          assertThat(atB.getDailyRate().getMinorUnits())
              .isEqualTo(bMic.fields().rentalPrice().minorUnits())
              .isEqualTo(1000);
          // C still grants only AVAILABILITY.
          assertThat(line(r.get(c.nodeId()), 0).get(0).hasDailyRate()).isFalse();
        });
  }

  @Test
  @Order(5)
  void aStoppedPartnerIsReportedWithinTheDeadlineAndRecoversAfterRestart() throws Exception {
    warmQuery();
    c.close();
    c = null;
    long start = System.nanoTime();
    Map<String, PartnerAvailability> r =
        byPartner(query(a).queryPartnerAvailability(request(true)));
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(took).isLessThan(DEADLINE.toMillis() + 1000);
    assertThat(r.get("c.fa.test").getStatus())
        .isIn(
            PartnerQueryStatus.PARTNER_QUERY_STATUS_UNAVAILABLE,
            PartnerQueryStatus.PARTNER_QUERY_STATUS_TIMEOUT);
    assertThat(r.get("c.fa.test").getLinesList()).isEmpty();
    assertThat(r.get(b.nodeId()).getStatus()).isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_OK);
    assertThat(a.federation().channels().channel("c.fa.test").stats().lastError()).isNotEmpty();
    // A partner down degrades A (still 200), it does not take it down.
    var health =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(a.baseUrl() + "/health"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"DEGRADED\"").contains("c.fa.test");

    // Restarted on the same data and port, C answers again once its circuit lets calls through.
    c = TestNode.start(cConfig);
    PartnerAvailability atC = null;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (System.nanoTime() < until) {
      atC = byPartner(query(a).queryPartnerAvailability(request(true))).get(c.nodeId());
      if (atC.getStatus() == PartnerQueryStatus.PARTNER_QUERY_STATUS_OK) {
        break;
      }
      Thread.sleep(500);
    }
    assertThat(atC.getStatus()).isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_OK);
    assertThat(line(atC, 0).get(0).getAvailableQuantity()).isEqualTo(3);
  }
}
