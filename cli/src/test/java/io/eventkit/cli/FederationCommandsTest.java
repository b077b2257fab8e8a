package io.eventkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.proto.v1.AssetClaim;
import io.eventkit.proto.v1.AssetSource;
import io.eventkit.proto.v1.AssetStatus;
import io.eventkit.proto.v1.DecideProductMappingRequest;
import io.eventkit.proto.v1.DecideProductMappingResponse;
import io.eventkit.proto.v1.FindSuppliersForShortagesRequest;
import io.eventkit.proto.v1.FindSuppliersForShortagesResponse;
import io.eventkit.proto.v1.ListProductMappingsRequest;
import io.eventkit.proto.v1.ListProductMappingsResponse;
import io.eventkit.proto.v1.ListUnmatchedProductsResponse;
import io.eventkit.proto.v1.MappingDecision;
import io.eventkit.proto.v1.MappingState;
import io.eventkit.proto.v1.PageResponse;
import io.eventkit.proto.v1.PartnerAvailability;
import io.eventkit.proto.v1.PartnerLineAnswer;
import io.eventkit.proto.v1.PartnerQueryStatus;
import io.eventkit.proto.v1.PartnerResolution;
import io.eventkit.proto.v1.ProductMapping;
import io.eventkit.proto.v1.ProductMatch;
import io.eventkit.proto.v1.QueryPartnerAvailabilityRequest;
import io.eventkit.proto.v1.QueryPartnerAvailabilityResponse;
import io.eventkit.proto.v1.ResolutionStatus;
import io.eventkit.proto.v1.ResolveLocalAssetsRequest;
import io.eventkit.proto.v1.ResolveLocalAssetsResponse;
import io.eventkit.proto.v1.ResolvedAsset;
import io.eventkit.proto.v1.SharedProduct;
import io.eventkit.proto.v1.ShortLine;
import io.eventkit.proto.v1.SupplierOption;
import io.eventkit.proto.v1.UnmatchedProduct;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code availability query|shortages}, {@code mapping ...} and {@code resolve}. */
class FederationCommandsTest {
  private static final String MIC = "7f1c1c1e-0000-4000-8000-000000000001";
  private static final String EVENT = "7f1c1c1e-0000-4000-8000-0000000000e1";
  private static final SharedProduct B_MIC =
      SharedProduct.newBuilder()
          .setId("b-mic")
          .setManufacturer("Shure")
          .setModel("SM58")
          .setName("Shure SM58")
          .build();

  private FakeTrustService fake;
  private Cli cli;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeTrustService();
    cli = new Cli(fake.url());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      assertThat(fake.unexpected).isEmpty();
      assertThat(fake.pending()).isZero();
    } finally {
      fake.close();
    }
  }

  @Test
  void availabilityQueryListsEveryPartnerWithItsStatus() {
    fake.expect(
        "QueryPartnerAvailability",
        QueryPartnerAvailabilityResponse.newBuilder()
            .addPartners(
                PartnerAvailability.newBuilder()
                    .setPartnerNodeId("b.example")
                    .setStatus(PartnerQueryStatus.PARTNER_QUERY_STATUS_OK)
                    .setLatencyMs(12)
                    .addLines(
                        PartnerLineAnswer.newBuilder()
                            .setMatch(ProductMatch.PRODUCT_MATCH_MAPPED)
                            .setProduct(B_MIC)
                            .setAvailableQuantity(4)))
            .addPartners(
                PartnerAvailability.newBuilder()
                    .setPartnerNodeId("c.example")
                    .setStatus(PartnerQueryStatus.PARTNER_QUERY_STATUS_TIMEOUT)
                    .setDetail("no answer within 500 ms"))
            .build());

    Cli.Result r =
        cli.run(
            "availability",
            "query",
            "--product",
            MIC,
            "--qty",
            "4",
            "--from",
            "2031-07-01T08:00:00Z",
            "--to",
            "2031-07-03T20:00:00Z",
            "--fresh");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    QueryPartnerAvailabilityRequest sent =
        fake.<QueryPartnerAvailabilityRequest>requests("QueryPartnerAvailability").get(0);
    assertThat(sent.getLines(0).getProductId()).isEqualTo(MIC);
    assertThat(sent.getLines(0).getQuantity()).isEqualTo(4);
    assertThat(sent.getBypassCache()).isTrue();
    assertThat(sent.getPeriod().getStart().getSeconds())
        .isEqualTo(java.time.Instant.parse("2031-07-01T08:00:00Z").getEpochSecond());
    assertThat(r.out())
        .contains("b.example  OK")
        .contains("MAPPED")
        .contains("Shure SM58 (b-mic)")
        .contains("4/4")
        .contains("c.example  TIMEOUT")
        .contains("no answer within 500 ms");
  }

  @Test
  void availabilityQueryRefusesBadInputWithoutCalling() {
    String[][] bad = {
      {
        "availability",
        "query",
        "--qty",
        "1",
        "--from",
        "2031-07-01T08:00:00Z",
        "--to",
        "2031-07-02T08:00:00Z"
      },
      {
        "availability",
        "query",
        "--product",
        MIC,
        "--model",
        "x",
        "--qty",
        "1",
        "--from",
        "2031-07-01T08:00:00Z",
        "--to",
        "2031-07-02T08:00:00Z"
      },
      {
        "availability",
        "query",
        "--product",
        "nope",
        "--qty",
        "1",
        "--from",
        "2031-07-01T08:00:00Z",
        "--to",
        "2031-07-02T08:00:00Z"
      },
      {
        "availability",
        "query",
        "--product",
        MIC,
        "--qty",
        "0",
        "--from",
        "2031-07-01T08:00:00Z",
        "--to",
        "2031-07-02T08:00:00Z"
      },
      {
        "availability",
        "query",
        "--product",
        MIC,
        "--qty",
        "1",
        "--from",
        "July",
        "--to",
        "2031-07-02T08:00:00Z"
      },
      {
        "availability",
        "query",
        "--product",
        MIC,
        "--qty",
        "1",
        "--from",
        "2031-12-32T08:00:00Z",
        "--to",
        "2032-01-02T08:00:00Z"
      },
      {
        "availability",
        "query",
        "--product",
        MIC,
        "--qty",
        "1",
        "--from",
        "2031-07-02T08:00:00Z",
        "--to",
        "2031-07-01T08:00:00Z"
      },
      {"availability", "shortages", "nope"},
      {"mapping", "confirm", "b.example", "nope", "b-mic"},
      {"mapping", "list", "b.example", "--state", "MAYBE"},
      {"resolve", "x".repeat(129)},
    };
    for (String[] args : bad) {
      Cli.Result r = cli.run(args);
      assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
    }
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void shortagesShowWhoCouldFillEachShortLine() {
    fake.expect(
        "FindSuppliersForShortages",
        FindSuppliersForShortagesResponse.newBuilder()
            .setEventId(EVENT)
            .setEventName("Summer Gala")
            .setPeriod(
                io.eventkit.proto.v1.Period.newBuilder()
                    .setStart(com.google.protobuf.Timestamp.newBuilder().setSeconds(1796371200))
                    .setEnd(com.google.protobuf.Timestamp.newBuilder().setSeconds(1796544000)))
            .addLines(
                ShortLine.newBuilder()
                    .setProductId(MIC)
                    .setProductName("Shure SM58")
                    .setRequested(5)
                    .setShortfall(3)
                    .addSuppliers(
                        SupplierOption.newBuilder()
                            .setPartnerNodeId("b.example")
                            .setMatch(ProductMatch.PRODUCT_MATCH_MANUFACTURER_MODEL)
                            .setProduct(B_MIC)
                            .setAvailableQuantity(3)
                            .setFills(true)))
            .addPartners(
                PartnerAvailability.newBuilder()
                    .setPartnerNodeId("c.example")
                    .setStatus(PartnerQueryStatus.PARTNER_QUERY_STATUS_UNAVAILABLE)
                    .setDetail("connection refused"))
            .build());

    Cli.Result r = cli.run("availability", "shortages", EVENT);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(
            fake.<FindSuppliersForShortagesRequest>requests("FindSuppliersForShortages")
                .get(0)
                .getEventId())
        .isEqualTo(EVENT);
    assertThat(r.out())
        .startsWith(
            "Event Summer Gala (" + EVENT + "), 2026-12-04T08:00:00Z to 2026-12-06T08:00:00Z:\n")
        .contains("Shure SM58 (" + MIC + "): short 3 of 5")
        .contains("  b.example  Shure SM58 (b-mic)  3  fills it  [MANUFACTURER_MODEL]")
        .contains("Not answering:")
        .contains("c.example  UNAVAILABLE  connection refused");
  }

  @Test
  void shortagesOfAnEventWithNothingShortNameTheEvent() {
    fake.expect(
        "FindSuppliersForShortages",
        FindSuppliersForShortagesResponse.newBuilder()
            .setEventId(EVENT)
            .setEventName("Summer Gala")
            .build());

    Cli.Result r = cli.run("availability", "shortages", EVENT);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("Nothing is short for event Summer Gala (" + EVENT + ").\n");
  }

  @Test
  void mappingListUnmatchedAndDecisions() {
    ProductMapping m =
        ProductMapping.newBuilder()
            .setPartnerNodeId("b.example")
            .setProductId(MIC)
            .setProductName("Shure SM58")
            .setPartnerProduct(B_MIC)
            .setState(MappingState.MAPPING_STATE_SUGGESTED)
            .setMatch(ProductMatch.PRODUCT_MATCH_GTIN)
            .build();
    fake.expect(
            "ListProductMappings",
            ListProductMappingsResponse.newBuilder()
                .addMappings(m)
                .setPage(PageResponse.newBuilder().setNextPageToken("tok"))
                .setRefreshError("cannot read the shared catalogue of b.example: TIMEOUT")
                .build())
        .expect(
            "ListUnmatchedProducts",
            ListUnmatchedProductsResponse.newBuilder()
                .addProducts(
                    UnmatchedProduct.newBuilder()
                        .setProductId("p2")
                        .setName("Acme Box")
                        .setManufacturer("Acme")
                        .setModel("Box"))
                .build())
        .expect(
            "DecideProductMapping",
            DecideProductMappingResponse.newBuilder()
                .setMapping(m.toBuilder().setState(MappingState.MAPPING_STATE_REJECTED))
                .build())
        .expect(
            "DecideProductMapping",
            Status.NOT_FOUND.withDescription("b.example shares no product zzz"));

    Cli.Result list =
        cli.run("mapping", "list", "b.example", "--state", "suggested", "--page-size", "1");
    Cli.Result unmatched = cli.run("mapping", "unmatched", "b.example", "--no-refresh");
    Cli.Result reject = cli.run("mapping", "reject", "b.example", MIC, "b-mic");
    Cli.Result override = cli.run("mapping", "override", "b.example", MIC, "zzz");

    assertThat(list.exitCode()).as(list.toString()).isZero();
    ListProductMappingsRequest sent =
        fake.<ListProductMappingsRequest>requests("ListProductMappings").get(0);
    assertThat(sent.getStatesList()).containsExactly(MappingState.MAPPING_STATE_SUGGESTED);
    assertThat(sent.getPage().getPageSize()).isEqualTo(1);
    assertThat(list.out())
        .contains("Shure SM58")
        .contains("SUGGESTED")
        .contains("GTIN")
        .contains("Note: suggestions may be stale")
        .contains("More: --page-token tok");
    assertThat(unmatched.out()).contains("Acme Box").contains("p2");
    assertThat(reject.exitCode()).isZero();
    assertThat(reject.out()).contains("Shure SM58 -> b.example Shure SM58 (b-mic): REJECTED");
    assertThat(
            fake.<DecideProductMappingRequest>requests("DecideProductMapping").stream()
                .map(DecideProductMappingRequest::getDecision))
        .containsExactly(
            MappingDecision.MAPPING_DECISION_REJECT, MappingDecision.MAPPING_DECISION_OVERRIDE);
    assertThat(override.exitCode()).isEqualTo(1);
    assertThat(override.err()).contains("shares no product zzz");
  }

  @Test
  void resolvePrintsEveryClaimAndFlagsAmbiguity() {
    fake.expect(
        "ResolveAssets",
        ResolveLocalAssetsResponse.newBuilder()
            .addAssets(
                ResolvedAsset.newBuilder()
                    .setBarcode("DUP-1")
                    .setStatus(ResolutionStatus.RESOLUTION_STATUS_AMBIGUOUS)
                    .addClaims(claim("b.example", "b.example/1"))
                    .addClaims(claim("c.example", "c.example/2")))
            .addAssets(
                ResolvedAsset.newBuilder()
                    .setBarcode("NONE-1")
                    .setStatus(ResolutionStatus.RESOLUTION_STATUS_NOT_FOUND)
                    .setCached(true))
            .addPartners(
                PartnerResolution.newBuilder()
                    .setPartnerNodeId("d.example")
                    .setStatus(PartnerQueryStatus.PARTNER_QUERY_STATUS_DENIED)
                    .setDetail("not called: d.example grants this node AVAILABILITY"))
            .addPartners(
                PartnerResolution.newBuilder()
                    .setPartnerNodeId("e.example")
                    .setStatus(PartnerQueryStatus.PARTNER_QUERY_STATUS_TIMEOUT)
                    .setDetail("no answer within 500 ms"))
            .build());

    Cli.Result r = cli.run("resolve", "DUP-1", "NONE-1", "--fresh");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    ResolveLocalAssetsRequest sent =
        fake.<ResolveLocalAssetsRequest>requests("ResolveAssets").get(0);
    assertThat(sent.getBarcodesList()).containsExactly("DUP-1", "NONE-1");
    assertThat(sent.getBypassCache()).isTrue();
    assertThat(r.out())
        .contains("DUP-1    AMBIGUOUS")
        .contains("b.example/1")
        .contains("c.example/2")
        .contains("NONE-1   NOT_FOUND (cached)")
        .contains("e.example  TIMEOUT")
        .doesNotContain("d.example  DENIED");
  }

  private static AssetClaim claim(String owner, String ref) {
    return AssetClaim.newBuilder()
        .setSource(AssetSource.ASSET_SOURCE_PARTNER)
        .setOwnerNodeId(owner)
        .setAssetRef(ref)
        .setAssetId(ref.substring(ref.indexOf('/') + 1))
        .setProduct(B_MIC)
        .setAssetStatus(AssetStatus.ASSET_STATUS_AVAILABLE)
        .build();
  }

  @Test
  void partnersCatalogListsTheSharedProductsAndPages() {
    fake.expect(
        "ListPartnerProducts",
        io.eventkit.proto.v1.ListPartnerProductsResponse.newBuilder()
            .addProducts(B_MIC)
            .setPage(PageResponse.newBuilder().setNextPageToken("next"))
            .build());

    Cli.Result r = cli.run("partners", "catalog", "b.example", "--page-size", "1");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    var sent =
        fake.<io.eventkit.proto.v1.ListPartnerProductsRequest>requests("ListPartnerProducts")
            .get(0);
    assertThat(sent.getPartnerNodeId()).isEqualTo("b.example");
    assertThat(sent.getPage().getPageSize()).isEqualTo(1);
    assertThat(r.out())
        .contains("Shure SM58  Shure         SM58   -         -     b-mic")
        .contains("More: --page-token next");
  }

  @Test
  void partnersCatalogFreshAsksForAFreshRead() {
    fake.expect(
            "ListPartnerProducts",
            io.eventkit.proto.v1.ListPartnerProductsResponse.newBuilder()
                .addProducts(B_MIC)
                .build())
        .expect(
            "ListPartnerProducts",
            io.eventkit.proto.v1.ListPartnerProductsResponse.newBuilder()
                .addProducts(B_MIC)
                .build());

    assertThat(cli.run("partners", "catalog", "b.example", "--fresh").exitCode()).isZero();
    assertThat(cli.run("partners", "catalog", "b.example").exitCode()).isZero();

    var sent =
        fake.<io.eventkit.proto.v1.ListPartnerProductsRequest>requests("ListPartnerProducts");
    assertThat(sent.get(0).getFresh()).isTrue();
    assertThat(sent.get(1).getFresh()).isFalse();
  }
}
