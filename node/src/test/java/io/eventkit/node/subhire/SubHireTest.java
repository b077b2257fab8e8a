package io.eventkit.node.subhire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.inventory.Asset;
import io.eventkit.node.inventory.Assets;
import io.eventkit.node.inventory.InventoryConfig;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.inventory.Stock;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.kernel.Money;
import io.eventkit.node.testing.Domain;
import io.eventkit.node.testing.EventRows;
import io.eventkit.node.testing.InventoryFixture;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AcceptInvitationRequest;
import io.eventkit.proto.v1.CreateInvitationRequest;
import io.eventkit.proto.v1.DispatchSubHireRequest;
import io.eventkit.proto.v1.FederationSubHireServiceGrpc;
import io.eventkit.proto.v1.GetSubHireRequest;
import io.eventkit.proto.v1.ListSubHiresRequest;
import io.eventkit.proto.v1.NegotiationState;
import io.eventkit.proto.v1.QuoteSubHireRequest;
import io.eventkit.proto.v1.RequestLine;
import io.eventkit.proto.v1.RequestSubHireRequest;
import io.eventkit.proto.v1.SetPartnerLevelRequest;
import io.eventkit.proto.v1.SubHire;
import io.eventkit.proto.v1.SubHireAck;
import io.eventkit.proto.v1.SubHireActionRequest;
import io.eventkit.proto.v1.SubHireCancelBody;
import io.eventkit.proto.v1.SubHireEnvelope;
import io.eventkit.proto.v1.SubHireRole;
import io.eventkit.proto.v1.SubHireServiceGrpc;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sub-hire negotiation between real nodes over real mTLS: supplier S, borrower B (granted
 * SUBHIRE_REQUEST at S) and borrower A (granted SUBHIRE_AUTO_CONFIRM at S, at most 5 units). Every
 * case asserts the negotiation state on both nodes and the stock effects.
 */
class SubHireTest {
  private static final Interval USAGE =
      new Interval(Instant.parse("2032-03-10T08:00:00Z"), Instant.parse("2032-03-12T20:00:00Z"));

  private static NodeConfiguration sConfig;
  private static TestNode s;
  private static TestNode b;
  private static TestNode a;
  private static Domain sm;
  private static Domain bm;
  private static Domain am;

  @BeforeAll
  static void start() throws IOException {
    sConfig = TestNode.config("s.sh.test", Files.createTempDirectory("eventkit-s.sh.test"));
    sConfig.getFederation().setPort(freePort());
    sConfig.getFederation().setEnrollmentPort(0);
    sConfig.setDisplayName("S Rentals");
    fast(sConfig);
    s = TestNode.start(sConfig);
    NodeConfiguration bc = TestNode.config("b.sh.test", Files.createTempDirectory("eventkit-b"));
    fast(bc);
    b = TestNode.start(bc);
    NodeConfiguration ac = TestNode.config("a.sh.test", Files.createTempDirectory("eventkit-a"));
    fast(ac);
    a = TestNode.start(ac);
    sm = module(s);
    bm = module(b);
    am = module(a);
    grant(s, b, TrustLevel.TRUST_LEVEL_SUBHIRE_REQUEST);
    grant(s, a, TrustLevel.TRUST_LEVEL_SUBHIRE_REQUEST);
    s.trust()
        .setPartnerLevel(
            SetPartnerLevelRequest.newBuilder()
                .setNodeId(a.nodeId())
                .setLevel(TrustLevel.TRUST_LEVEL_SUBHIRE_AUTO_CONFIRM)
                .setAutoConfirm(
                    io.eventkit.proto.v1.AutoConfirmLimits.newBuilder().setMaxQuantityPerRequest(5))
                .build());
  }

  static void fast(NodeConfiguration c) {
    c.getSubhire().setBackoffBase(io.dropwizard.util.Duration.milliseconds(200));
    c.getSubhire().setBackoffMax(io.dropwizard.util.Duration.seconds(2));
    c.getSubhire().setPollInterval(io.dropwizard.util.Duration.milliseconds(200));
    c.getSubhire().setSweepInterval(io.dropwizard.util.Duration.milliseconds(300));
  }

  @AfterAll
  static void stop() {
    for (TestNode n : new TestNode[] {a, b, s}) {
      if (n != null) {
        n.close();
      }
    }
  }

  // ---- the happy path ----

  @Test
  void fullNegotiationMovesStockOnBothSides() {
    Product sMic = shared(sm, "Mic", 10, Product.Tracking.BULK);
    Product sDesk = shared(sm, "Desk", 0, Product.Tracking.SERIALISED);
    Asset desk = asset(sm, sDesk, "DESK-" + UUID.randomUUID().toString().substring(0, 8));
    Product bMic = local(bm, "Mic");
    Product bDesk = local(bm, "Desk");

    // A hire that has begun (it ends only once begun): return and check-in are allowed.
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Interval running = new Interval(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(2)));
    SubHire req =
        api(b)
            .requestSubHire(
                request(s, List.of(line(sMic, bMic, 4), line(sDesk, bDesk, 1)))
                    .setUsagePeriod(period(running))
                    .build());
    assertThat(req.getState()).isEqualTo(NegotiationState.REQUESTED);
    String id = req.getNegotiationId();

    awaitState(b, id, NegotiationState.ACKNOWLEDGED);
    awaitState(s, id, NegotiationState.ACKNOWLEDGED);
    SubHire atSupplier = get(s, id);
    assertThat(atSupplier.getRole()).isEqualTo(SubHireRole.SUPPLIER);
    assertThat(atSupplier.getRequestingCompany()).isEqualTo("Borrower Ltd");
    assertThat(atSupplier.getLinesList()).extracting(l -> l.getQuantity()).containsExactly(4, 1);

    api(s)
        .quoteSubHire(
            QuoteSubHireRequest.newBuilder()
                .setNegotiationId(id)
                .putUnitPrices(sMic.id().toString(), money("EUR", 1500))
                .build());
    SubHire quoted = awaitState(b, id, NegotiationState.QUOTED);
    assertThat(quoted.getQuoteTotal().getMinorUnits()).isEqualTo(4 * 1500 + 1000);
    assertThat(quoted.hasQuoteValidUntil()).isTrue();

    api(b).acceptSubHire(action(id));
    awaitState(s, id, NegotiationState.ACCEPTED);
    assertThat(available(sm, sMic, running)).isEqualTo(10);
    assertThat(available(bm, bMic, running)).isEqualTo(2);

    api(s).confirmSubHire(action(id));
    awaitState(b, id, NegotiationState.CONFIRMED);
    // Names for people: the borrower's own products, the supplier's booking event.
    assertThat(get(b, id).getLinesList())
        .extracting(l -> l.getLocalProductName())
        .containsExactly(bMic.fields().name(), bDesk.fields().name());
    // The borrower has the supplier's display name from its snapshots; the supplier the company.
    assertThat(get(b, id).getPartnerName()).isEqualTo("S Rentals");
    assertThat(get(s, id).getPartnerName()).isEqualTo("Borrower Ltd");
    assertThat(get(s, id).getSupplierEventName())
        .isEqualTo("Sub-hire: Spring Gala (" + b.nodeId() + ")");
    assertThat(available(sm, sMic, running)).isEqualTo(6);
    assertThat(available(bm, bMic, running)).isEqualTo(6);
    assertThat(available(bm, bDesk, running)).isEqualTo(3);

    api(s)
        .dispatchSubHire(
            DispatchSubHireRequest.newBuilder()
                .setNegotiationId(id)
                .addBarcodes(desk.barcode())
                .build());
    // The usage period has begun, so the supplier moves it ON_HIRE at once.
    SubHire dispatched =
        await(
            b,
            id,
            x ->
                x.getState() == NegotiationState.DISPATCHED
                    || x.getState() == NegotiationState.ON_HIRE);
    assertThat(dispatched.getManifestList()).hasSize(1);
    assertThat(dispatched.getManifest(0).getBarcode()).isEqualTo(desk.barcode());
    assertThat(dispatched.getManifest(0).getAssetRef()).isEqualTo(s.nodeId() + "/" + desk.id());

    // Case 18, manifest first: B resolves the borrowed stage box from the manifest.
    var resolved =
        io.eventkit.proto.v1.AssetResolutionServiceGrpc.newBlockingStub(b.channel())
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(b)))
            .resolveAsset(
                io.eventkit.proto.v1.ResolveAssetRequest.newBuilder()
                    .setBarcode(desk.barcode())
                    .build());
    assertThat(resolved.getStatus())
        .isEqualTo(io.eventkit.proto.v1.ResolutionStatus.RESOLUTION_STATUS_FOUND);
    assertThat(resolved.getClaims(0).getOwnerNodeId()).isEqualTo(s.nodeId());
    assertThat(resolved.getClaims(0).getAssetRef()).isEqualTo(s.nodeId() + "/" + desk.id());
    assertThat(resolved.getClaims(0).getSource().name()).contains("MANIFEST");

    api(b).returnSubHire(action(id));
    assertThat(get(b, id).getState()).isEqualTo(NegotiationState.RETURNED);
    assertThat(available(bm, bMic, running)).isEqualTo(2);
    awaitState(s, id, NegotiationState.RETURNED);
    assertThat(available(sm, sMic, running)).isEqualTo(6); // held until checked in

    api(s).checkInSubHire(action(id));
    awaitState(b, id, NegotiationState.CLOSED);
    assertThat(available(sm, sMic, running)).isEqualTo(10);
    assertThat(available(bm, bMic, running)).isEqualTo(2);

    SubHire done = get(s, id);
    assertThat(done.getHistoryList())
        .extracting(h -> h.getToState())
        .containsSubsequence(
            NegotiationState.REQUESTED,
            NegotiationState.ACKNOWLEDGED,
            NegotiationState.QUOTED,
            NegotiationState.ACCEPTED,
            NegotiationState.CONFIRMED,
            NegotiationState.DISPATCHED,
            NegotiationState.RETURNED,
            NegotiationState.CLOSED);
    assertThat(done.getHistoryList()).allMatch(h -> !h.getActor().isEmpty() && h.hasAt());
    assertThat(get(b, id).getDelivery().getPendingMessages()).isZero();

    // The supplier's booking event stays: the sub-hire's record refers to it.
    var planning =
        io.eventkit.proto.v1.PlanningServiceGrpc.newBlockingStub(s.channel())
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(s)));
    io.grpc.StatusRuntimeException kept =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.grpc.StatusRuntimeException.class,
            () ->
                planning.deleteEvent(
                    io.eventkit.proto.v1.DeleteEventRequest.newBuilder()
                        .setId(done.getSupplierEventId())
                        .build()));
    assertThat(kept.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.FAILED_PRECONDITION);
    assertThat(
            planning
                .getEvent(
                    io.eventkit.proto.v1.GetEventRequest.newBuilder()
                        .setId(done.getSupplierEventId())
                        .build())
                .getEvent()
                .getName())
        .isEqualTo(done.getSupplierEventName());
  }

  @Test
  void aHireCannotBeReturnedOrCheckedInBeforeItsUsagePeriodStarts() {
    Product sDesk = shared(sm, "EarlyDesk", 0, Product.Tracking.SERIALISED);
    Asset desk = asset(sm, sDesk, "ED-" + UUID.randomUUID().toString().substring(0, 8));
    String id =
        api(b)
            .requestSubHire(request(s, List.of(line(sDesk, local(bm, "EarlyDesk"), 1))).build())
            .getNegotiationId();
    awaitState(s, id, NegotiationState.ACKNOWLEDGED);
    api(s).quoteSubHire(QuoteSubHireRequest.newBuilder().setNegotiationId(id).build());
    awaitState(b, id, NegotiationState.QUOTED);
    api(b).acceptSubHire(action(id));
    awaitState(s, id, NegotiationState.ACCEPTED);
    api(s).confirmSubHire(action(id));
    api(s)
        .dispatchSubHire(
            DispatchSubHireRequest.newBuilder()
                .setNegotiationId(id)
                .addBarcodes(desk.barcode())
                .build());
    awaitState(b, id, NegotiationState.DISPATCHED);
    for (Runnable early :
        List.<Runnable>of(
            () -> api(b).returnSubHire(action(id)), () -> api(s).checkInSubHire(action(id)))) {
      assertThatThrownBy(early::run)
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                assertThat(e.getStatus().getDescription())
                    .contains("before its usage period starts at " + USAGE.start());
              });
    }
    assertThat(get(b, id).getState()).isEqualTo(NegotiationState.DISPATCHED);
    assertThat(get(s, id).getState()).isEqualTo(NegotiationState.DISPATCHED);
    // A return_goods message that arrives early (another implementation) is answered REJECTED.
    SubHireAck ack =
        rawStub(b, s)
            .order(
                SubHireEnvelope.newBuilder()
                    .setNegotiationId(id)
                    .setMessageId(UUID.randomUUID().toString())
                    .setSequence(3)
                    .setReturnGoods(io.eventkit.proto.v1.SubHireReturnBody.getDefaultInstance())
                    .build());
    assertThat(ack.getOutcome()).isEqualTo(SubHireAck.Outcome.REJECTED);
    assertThat(ack.getReason()).contains("usage period starts at " + USAGE.start());
    assertThat(get(s, id).getState()).isEqualTo(NegotiationState.DISPATCHED);
  }

  @Test
  void suppliersPartnerViewIsTheLastStateTheBorrowerAcknowledged() {
    Product sMic = shared(sm, "ViewMic", 10, Product.Tracking.BULK);
    String id =
        api(b)
            .requestSubHire(request(s, List.of(line(sMic, local(bm, "ViewMic"), 2))).build())
            .getNegotiationId();
    awaitState(s, id, NegotiationState.ACKNOWLEDGED);
    assertThat(get(s, id).getPeerState()).isEqualTo(NegotiationState.REQUESTED);
    api(s).quoteSubHire(QuoteSubHireRequest.newBuilder().setNegotiationId(id).build());
    awaitState(b, id, NegotiationState.QUOTED);
    await(s, id, x -> x.getPeerState() == NegotiationState.QUOTED);
    api(b).acceptSubHire(action(id));
    SubHire accepted = awaitState(s, id, NegotiationState.ACCEPTED);
    assertThat(accepted.getPeerState()).isEqualTo(NegotiationState.ACCEPTED);
    api(s).confirmSubHire(action(id));
    awaitState(b, id, NegotiationState.CONFIRMED);
    SubHire confirmed = await(s, id, x -> x.getPeerState() == NegotiationState.CONFIRMED);
    assertThat(confirmed.getState()).isEqualTo(NegotiationState.CONFIRMED);
    // The supplier's version stays its own (the borrower's acknowledgement is not a change).
    assertThat(confirmed.getVersion()).isEqualTo(get(b, id).getVersion());
    api(b).cancelSubHire(action(id));
    awaitState(b, id, NegotiationState.CANCELLED);
    await(s, id, x -> x.getPeerState() == NegotiationState.CANCEL_REQUESTED);
  }

  @Test
  void quoteNeedsFreeStockAndDispatchNeedsABarcodePerSerialisedUnit() {
    Product sAmp = shared(sm, "FewAmp", 2, Product.Tracking.BULK);
    String tooMany =
        api(b)
            .requestSubHire(request(s, List.of(line(sAmp, local(bm, "FewAmp"), 3))).build())
            .getNegotiationId();
    awaitState(s, tooMany, NegotiationState.ACKNOWLEDGED);
    assertThatThrownBy(
            () ->
                api(s)
                    .quoteSubHire(
                        QuoteSubHireRequest.newBuilder().setNegotiationId(tooMany).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription())
                  .contains("cannot quote")
                  .contains(sAmp.label())
                  .contains("1 of 3 are not free");
            });
    assertThat(get(s, tooMany).getState()).isEqualTo(NegotiationState.ACKNOWLEDGED);

    Product sDesk = shared(sm, "TwoDesk", 0, Product.Tracking.SERIALISED);
    Asset d1 = asset(sm, sDesk, "TD-" + UUID.randomUUID().toString().substring(0, 8));
    Asset d2 = asset(sm, sDesk, "TD-" + UUID.randomUUID().toString().substring(0, 8));
    String id =
        api(b)
            .requestSubHire(request(s, List.of(line(sDesk, local(bm, "TwoDesk"), 2))).build())
            .getNegotiationId();
    awaitState(s, id, NegotiationState.ACKNOWLEDGED);
    api(s).quoteSubHire(QuoteSubHireRequest.newBuilder().setNegotiationId(id).build());
    awaitState(b, id, NegotiationState.QUOTED);
    api(b).acceptSubHire(action(id));
    awaitState(s, id, NegotiationState.ACCEPTED);
    api(s).confirmSubHire(action(id));
    for (List<String> barcodes : List.of(List.<String>of(), List.of(d1.barcode()))) {
      assertThatThrownBy(
              () ->
                  api(s)
                      .dispatchSubHire(
                          DispatchSubHireRequest.newBuilder()
                              .setNegotiationId(id)
                              .addAllBarcodes(barcodes)
                              .build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription())
                    .contains(sDesk.label() + " is serialised: 2 confirmed, " + barcodes.size());
              });
      assertThat(get(s, id).getState()).isEqualTo(NegotiationState.CONFIRMED);
      assertThat(get(s, id).getManifestList()).isEmpty();
    }
    api(s)
        .dispatchSubHire(
            DispatchSubHireRequest.newBuilder()
                .setNegotiationId(id)
                .addBarcodes(d1.barcode())
                .addBarcodes(d2.barcode())
                .build());
    assertThat(awaitState(b, id, NegotiationState.DISPATCHED).getManifestList()).hasSize(2);
  }

  @Test
  void changeBeforeAcceptanceWithdrawsTheQuoteAndIsRefusedAfter() {
    Product sMic = shared(sm, "ChangeMic", 10, Product.Tracking.BULK);
    Product bMic = local(bm, "ChangeMic");
    String id =
        api(b).requestSubHire(request(s, List.of(line(sMic, bMic, 2))).build()).getNegotiationId();
    awaitState(s, id, NegotiationState.ACKNOWLEDGED);
    api(s).quoteSubHire(QuoteSubHireRequest.newBuilder().setNegotiationId(id).build());
    awaitState(b, id, NegotiationState.QUOTED);

    Instant later = USAGE.end().plusSeconds(86_400);
    api(b)
        .changeSubHire(
            io.eventkit.proto.v1.ChangeSubHireRequest.newBuilder()
                .setNegotiationId(id)
                .putQuantities(sMic.id().toString(), 3)
                .setUsagePeriod(
                    io.eventkit.proto.v1.Period.newBuilder()
                        .setStart(ts(USAGE.start()))
                        .setEnd(ts(later)))
                .build());
    SubHire changed = await(s, id, x -> x.getLines(0).getQuantity() == 3);
    assertThat(changed.getState()).isEqualTo(NegotiationState.ACKNOWLEDGED);
    assertThat(changed.hasQuoteValidUntil()).isFalse();
    assertThat(changed.getUsagePeriod().getEnd().getSeconds()).isEqualTo(later.getEpochSecond());
    SubHire atBorrower = await(b, id, x -> x.getState() == NegotiationState.ACKNOWLEDGED);
    assertThat(atBorrower.getLines(0).getQuantity()).isEqualTo(3);
    assertThat(atBorrower.getUsagePeriod().getEnd().getSeconds()).isEqualTo(later.getEpochSecond());

    api(s).quoteSubHire(QuoteSubHireRequest.newBuilder().setNegotiationId(id).build());
    awaitState(b, id, NegotiationState.QUOTED);
    api(b).acceptSubHire(action(id));
    awaitState(s, id, NegotiationState.ACCEPTED);
    assertCode(
        () ->
            api(b)
                .changeSubHire(
                    io.eventkit.proto.v1.ChangeSubHireRequest.newBuilder()
                        .setNegotiationId(id)
                        .putQuantities(sMic.id().toString(), 1)
                        .build()),
        Status.Code.FAILED_PRECONDITION);
    assertThat(get(s, id).getLines(0).getQuantity()).isEqualTo(3);
  }

  // ---- auto-confirm ----

  @Test
  void autoConfirmWithinLimitsOnlyForThatPartner() {
    Product sMic = shared(sm, "AutoMic", 10, Product.Tracking.BULK);
    Product aMic = local(am, "AutoMic");
    Product bMic = local(bm, "AutoMic");

    String within =
        api(a).requestSubHire(request(s, List.of(line(sMic, aMic, 3))).build()).getNegotiationId();
    awaitState(a, within, NegotiationState.CONFIRMED);
    assertThat(get(s, within).getState()).isEqualTo(NegotiationState.CONFIRMED);
    assertThat(get(s, within).getHistoryList()).anyMatch(h -> h.getActor().equals("auto-confirm"));
    assertThat(available(sm, sMic)).isEqualTo(7);
    assertThat(available(am, aMic)).isEqualTo(5);

    String over =
        api(a).requestSubHire(request(s, List.of(line(sMic, aMic, 6))).build()).getNegotiationId();
    awaitState(a, over, NegotiationState.ACKNOWLEDGED);
    assertThat(get(s, over).getHistoryList())
        .anyMatch(h -> h.getDetail().contains("not auto-confirmed: 6 units exceed the limit of 5"));

    String other =
        api(b).requestSubHire(request(s, List.of(line(sMic, bMic, 1))).build()).getNegotiationId();
    awaitState(b, other, NegotiationState.ACKNOWLEDGED);
    assertThat(available(sm, sMic)).isEqualTo(7);
  }

  @Test
  void borrowedUnitsFillTheBorrowersShortage() {
    Product sMic = shared(sm, "ShortMic", 10, Product.Tracking.BULK);
    Product aMic = local(am, "ShortMic");
    io.eventkit.node.planning.Event show =
        am.planning.createEvent(
            new io.eventkit.node.planning.Planning.NewEvent(
                "Big show",
                "Client",
                "Arena",
                "UTC",
                USAGE,
                io.eventkit.node.planning.EventStatus.CONFIRMED,
                0,
                ""));
    am.planning.addLine(
        new io.eventkit.node.planning.Planning.NewLine(
            show.id(), aMic.id(), 5, null, null, null, null));
    assertThat(shortfall(am, aMic)).isEqualTo(3);

    String id =
        api(a).requestSubHire(request(s, List.of(line(sMic, aMic, 3))).build()).getNegotiationId();
    awaitState(a, id, NegotiationState.CONFIRMED);
    assertThat(shortfall(am, aMic)).isZero();
    assertThat(am.planning.checkPullList(show.id()))
        .allSatisfy(item -> assertThat(item.shortfall()).isZero());
  }

  private static int shortfall(Domain m, Product p) {
    return m.planning.shortages(USAGE, io.eventkit.node.kernel.PageSpec.first(500)).items().stream()
        .filter(x -> x.productId().equals(p.id()))
        .mapToInt(x -> x.shortfall())
        .sum();
  }

  // ---- messaging failures ----

  @Test
  void duplicateMessageGetsTheSameAckAndReusedIdWithOtherContentIsRefused() {
    Product sMic = shared(sm, "DupMic", 5, Product.Tracking.BULK);
    Product bMic = local(bm, "DupMic");
    String id =
        api(b).requestSubHire(request(s, List.of(line(sMic, bMic, 1))).build()).getNegotiationId();
    awaitState(b, id, NegotiationState.ACKNOWLEDGED);

    // Straight to S with B's own client certificate: a cancel, delivered twice.
    var raw = rawStub(b, s);
    SubHireEnvelope cancel =
        SubHireEnvelope.newBuilder()
            .setNegotiationId(id)
            .setMessageId(UUID.randomUUID().toString())
            .setSequence(2)
            .setCancel(SubHireCancelBody.newBuilder().setReason("double"))
            .build();
    SubHireAck first = raw.order(cancel);
    SubHireAck again = raw.order(cancel);
    assertThat(again).isEqualTo(first);
    assertThat(first.getOutcome()).isEqualTo(SubHireAck.Outcome.APPLIED);
    assertThat(get(s, id).getState()).isEqualTo(NegotiationState.CANCELLED);
    assertThat(get(s, id).getHistoryList())
        .filteredOn(h -> h.getToState() == NegotiationState.CANCELLED)
        .hasSize(1);

    // Domain events, recorded in the transactions that applied the messages: the duplicate
    // cancel was answered from the inbox and recorded nothing.
    List<EventRows.Row> requested = EventRows.of(s.runtime().jdbi(), "subhire.requested", id);
    assertThat(requested).hasSize(1);
    assertThat(requested.get(0).subjectKind()).isEqualTo("subhire");
    assertThat(requested.get(0).payload())
        .containsEntry("subhireId", id)
        .containsEntry("role", "SUPPLIER")
        .containsEntry("partner", b.nodeId())
        .containsEntry("lines", 1)
        .doesNotContainKeys("contactEmail", "contactPhone");
    List<EventRows.Row> supplierSide =
        EventRows.of(s.runtime().jdbi(), "subhire.state_changed", id);
    assertThat(supplierSide)
        .extracting(r -> r.payload().get("to"))
        .containsExactly("ACKNOWLEDGED", "CANCELLED");
    assertThat(supplierSide.get(1).payload())
        .containsEntry("from", "ACKNOWLEDGED")
        .containsEntry("role", "SUPPLIER");
    List<EventRows.Row> borrowerSide =
        EventRows.of(b.runtime().jdbi(), "subhire.state_changed", id);
    assertThat(borrowerSide)
        .filteredOn(r -> "ACKNOWLEDGED".equals(r.payload().get("to")))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.payload())
                    .containsEntry("role", "BORROWER")
                    .containsEntry("from", "REQUESTED")
                    .containsEntry("partner", s.nodeId())
                    .containsEntry("partnerName", "S Rentals"));
    assertThat(EventRows.of(b.runtime().jdbi(), "subhire.requested", id)).isEmpty();

    SubHireEnvelope changed =
        cancel.toBuilder().setCancel(SubHireCancelBody.newBuilder().setReason("other")).build();
    assertThatThrownBy(() -> raw.order(changed))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
              assertThat(e.getStatus().getDescription()).contains("different content");
            });
  }

  @Test
  void outOfOrderSequenceIsRefusedAndNothingChanges() {
    Product sMic = shared(sm, "SeqMic", 5, Product.Tracking.BULK);
    Product bMic = local(bm, "SeqMic");
    String id =
        api(b).requestSubHire(request(s, List.of(line(sMic, bMic, 1))).build()).getNegotiationId();
    awaitState(s, id, NegotiationState.ACKNOWLEDGED);
    SubHireEnvelope skip =
        SubHireEnvelope.newBuilder()
            .setNegotiationId(id)
            .setMessageId(UUID.randomUUID().toString())
            .setSequence(5)
            .setCancel(SubHireCancelBody.newBuilder().setReason("early"))
            .build();
    assertThatThrownBy(() -> rawStub(b, s).order(skip))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains("next expected is 2");
            });
    assertThat(get(s, id).getState()).isEqualTo(NegotiationState.ACKNOWLEDGED);
  }

  @Test
  void malformedAndForeignMessagesGetCleanErrors() {
    var raw = rawStub(b, s);
    assertCode(
        () ->
            raw.order(
                SubHireEnvelope.newBuilder()
                    .setNegotiationId("x")
                    .setMessageId("y")
                    .setSequence(1)
                    .build()),
        Status.Code.INVALID_ARGUMENT);
    assertCode(
        () ->
            raw.order(
                SubHireEnvelope.newBuilder()
                    .setNegotiationId(UUID.randomUUID().toString())
                    .setMessageId(UUID.randomUUID().toString())
                    .setSequence(1)
                    .setCancel(SubHireCancelBody.getDefaultInstance())
                    .build()),
        Status.Code.NOT_FOUND);
    // A negotiation between S and B is invisible to A.
    Product sMic = shared(sm, "ForeignMic", 5, Product.Tracking.BULK);
    String id =
        api(b)
            .requestSubHire(request(s, List.of(line(sMic, local(bm, "ForeignMic"), 1))).build())
            .getNegotiationId();
    awaitState(s, id, NegotiationState.ACKNOWLEDGED);
    assertCode(
        () ->
            rawStub(a, s)
                .order(
                    SubHireEnvelope.newBuilder()
                        .setNegotiationId(id)
                        .setMessageId(UUID.randomUUID().toString())
                        .setSequence(2)
                        .setCancel(SubHireCancelBody.getDefaultInstance())
                        .build()),
        Status.Code.NOT_FOUND);
    assertThat(get(s, id).getState()).isEqualTo(NegotiationState.ACKNOWLEDGED);
    assertThat(
            s.nodeService()
                .getNodeInfo(io.eventkit.proto.v1.GetNodeInfoRequest.getDefaultInstance())
                .getNodeId())
        .isEqualTo(s.nodeId());
  }

  @Test
  void badLocalRequestsChangeNothing() {
    Product bMic = local(bm, "BadMic");
    long before = api(b).listSubHires(ListSubHiresRequest.getDefaultInstance()).getSubHiresCount();
    assertCode(
        () -> api(b).requestSubHire(request(s, List.of()).build()), Status.Code.INVALID_ARGUMENT);
    assertCode(
        () ->
            api(b)
                .requestSubHire(
                    request(
                            s,
                            List.of(
                                RequestLine.newBuilder()
                                    .setSupplierProductId("p")
                                    .setLocalProductId(bMic.id().toString())
                                    .setQuantity(0)
                                    .build()))
                        .build()),
        Status.Code.INVALID_ARGUMENT);
    assertCode(
        () ->
            api(b)
                .requestSubHire(
                    request(s, List.of(line(bMic, bMic, 1)))
                        .setSupplierNodeId("nobody.test")
                        .build()),
        Status.Code.NOT_FOUND);
    assertCode(
        () ->
            api(b)
                .requestSubHire(
                    request(s, List.of(line(bMic, bMic, 1)))
                        .setDeliveryPeriod(
                            io.eventkit.proto.v1.Period.newBuilder()
                                .setStart(ts(USAGE.start().plusSeconds(60)))
                                .setEnd(ts(USAGE.end())))
                        .build()),
        Status.Code.INVALID_ARGUMENT);
    assertCode(
        () -> api(b).acceptSubHire(action(UUID.randomUUID().toString())), Status.Code.NOT_FOUND);
    assertCode(() -> api(b).acceptSubHire(action("not-a-uuid")), Status.Code.INVALID_ARGUMENT);
    assertThat(api(b).listSubHires(ListSubHiresRequest.getDefaultInstance()).getSubHiresCount())
        .isEqualTo(before);
  }

  @Test
  void onlyTheSupplierDeclines() {
    Product sMic = shared(sm, "RoleMic", 5, Product.Tracking.BULK);
    String id =
        api(b)
            .requestSubHire(request(s, List.of(line(sMic, local(bm, "RoleMic"), 1))).build())
            .getNegotiationId();
    awaitState(b, id, NegotiationState.ACKNOWLEDGED);
    assertCode(() -> api(b).declineSubHire(action(id)), Status.Code.FAILED_PRECONDITION);
    assertCode(() -> api(b).confirmSubHire(action(id)), Status.Code.FAILED_PRECONDITION);
    assertCode(() -> api(s).acceptSubHire(action(id)), Status.Code.FAILED_PRECONDITION);
    assertThat(get(b, id).getState()).isEqualTo(NegotiationState.ACKNOWLEDGED);
  }

  @Test
  void retriedRequestWithTheSameIdCreatesOneNegotiation() {
    Product sMic = shared(sm, "IdemMic", 5, Product.Tracking.BULK);
    String key = UUID.randomUUID().toString();
    RequestSubHireRequest r =
        request(s, List.of(line(sMic, local(bm, "IdemMic"), 1))).setNegotiationId(key).build();
    assertThat(api(b).requestSubHire(r).getNegotiationId()).isEqualTo(key);
    assertThat(api(b).requestSubHire(r).getNegotiationId()).isEqualTo(key);
    awaitState(s, key, NegotiationState.ACKNOWLEDGED);
    assertThat(get(b, key).getHistoryList())
        .filteredOn(h -> h.getToState() == NegotiationState.REQUESTED)
        .hasSize(1);
  }

  @Test
  void unknownAndUnsharedProductsAreDeclinedAlike() {
    Product hidden = local(sm, "HiddenMic2");
    String unknown = UUID.randomUUID().toString();
    Product bMic = local(bm, "UnknownMic");
    String a1 =
        api(b)
            .requestSubHire(request(s, List.of(line(hidden, bMic, 1))).build())
            .getNegotiationId();
    String a2 =
        api(b)
            .requestSubHire(
                request(
                        s,
                        List.of(
                            RequestLine.newBuilder()
                                .setSupplierProductId(unknown)
                                .setLocalProductId(bMic.id().toString())
                                .setQuantity(1)
                                .build()))
                    .build())
            .getNegotiationId();
    assertThat(awaitState(b, a1, NegotiationState.DECLINED).getReason()).contains("not offered");
    assertThat(awaitState(b, a2, NegotiationState.DECLINED).getReason()).contains("not offered");
  }

  @Test
  void unsharedProductIsDeclinedWithAReason() {
    Product hidden = local(sm, "HiddenMic");
    String id =
        api(b)
            .requestSubHire(request(s, List.of(line(hidden, local(bm, "HiddenMic"), 1))).build())
            .getNegotiationId();
    SubHire declined = awaitState(b, id, NegotiationState.DECLINED);
    assertThat(declined.getReason()).contains("not offered");
  }

  @Test
  void servedOverConnectAndCountedInMetrics() throws Exception {
    Product sMic = shared(sm, "ConnectMic", 5, Product.Tracking.BULK);
    String id =
        api(b)
            .requestSubHire(request(s, List.of(line(sMic, local(bm, "ConnectMic"), 1))).build())
            .getNegotiationId();
    awaitState(b, id, NegotiationState.ACKNOWLEDGED);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpResponse<String> r =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(b.baseUrl() + "/eventkit.v1.SubHireService/GetSubHire"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + b.adminToken())
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"negotiationId\":\"" + id + "\"}"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"state\":\"ACKNOWLEDGED\"").contains("\"role\":\"BORROWER\"");
    String metrics =
        http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.metricsUrl())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains("eventkit_subhire_messages_received_total{outcome=\"applied\"}")
        .contains("eventkit_subhire_outbox_pending");
    assertThat(
            http.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(b.metricsUrl()))
                        .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString())
                .body())
        .contains("eventkit_subhire_deliveries_total{result=\"delivered\"}");
  }

  // ---- time ----

  @Test
  void expiredQuoteCannotBeAccepted() throws InterruptedException {
    Product sMic = shared(sm, "ExpMic", 5, Product.Tracking.BULK);
    String id =
        api(b)
            .requestSubHire(request(s, List.of(line(sMic, local(bm, "ExpMic"), 1))).build())
            .getNegotiationId();
    awaitState(s, id, NegotiationState.ACKNOWLEDGED);
    api(s)
        .quoteSubHire(
            QuoteSubHireRequest.newBuilder()
                .setNegotiationId(id)
                .setValidUntil(ts(Instant.now().plusMillis(1500)))
                .build());
    awaitState(b, id, NegotiationState.QUOTED);
    Thread.sleep(1600);
    assertCode(() -> api(b).acceptSubHire(action(id)), Status.Code.FAILED_PRECONDITION);
    awaitState(s, id, NegotiationState.EXPIRED);
    awaitState(b, id, NegotiationState.EXPIRED);
  }

  // ---- concurrency ----

  @Test
  void concurrentCancelAndConfirmConverge() {
    Product sMic = shared(sm, "RaceMic", 5, Product.Tracking.BULK);
    Product bMic = local(bm, "RaceMic");
    String id =
        api(b).requestSubHire(request(s, List.of(line(sMic, bMic, 2))).build()).getNegotiationId();
    awaitState(s, id, NegotiationState.ACKNOWLEDGED);
    api(s).quoteSubHire(QuoteSubHireRequest.newBuilder().setNegotiationId(id).build());
    awaitState(b, id, NegotiationState.QUOTED);
    api(b).acceptSubHire(action(id));
    awaitState(s, id, NegotiationState.ACCEPTED);

    CompletableFuture<Void> confirm =
        CompletableFuture.runAsync(() -> quietly(() -> api(s).confirmSubHire(action(id))));
    CompletableFuture<Void> cancel =
        CompletableFuture.runAsync(() -> quietly(() -> api(b).cancelSubHire(action(id))));
    CompletableFuture.allOf(confirm, cancel).join();

    // Either order ends CANCELLED: a confirmed hire may still be cancelled before dispatch.
    awaitState(s, id, NegotiationState.CANCELLED);
    awaitState(b, id, NegotiationState.CANCELLED);
    assertThat(available(sm, sMic)).isEqualTo(5);
    assertThat(available(bm, bMic)).isEqualTo(2);
  }

  // ---- outages ----

  @Test
  void messagesWaitForASupplierThatIsDownAndArriveAfterItReturns() throws Exception {
    Product sMic = shared(sm, "DownMic", 5, Product.Tracking.BULK);
    Product bMic = local(bm, "DownMic");
    s.close();
    String id;
    try {
      id =
          api(b)
              .requestSubHire(request(s, List.of(line(sMic, bMic, 1))).build())
              .getNegotiationId();
      SubHire waiting =
          await(
              b, id, x -> x.getDelivery().getAttempts() >= 2 && x.getDelivery().hasNextAttemptAt());
      assertThat(waiting.getState()).isEqualTo(NegotiationState.REQUESTED);
      assertThat(waiting.getDelivery().getPendingMessages()).isEqualTo(1);
      assertThat(waiting.getDelivery().getLastError()).startsWith("UNAVAILABLE");
    } finally {
      s = TestNode.start(sConfig);
      sm = module(s);
    }
    awaitState(b, id, NegotiationState.ACKNOWLEDGED);
    assertThat(get(s, id).getState()).isEqualTo(NegotiationState.ACKNOWLEDGED);
    assertThat(get(b, id).getDelivery().getPendingMessages()).isZero();
  }

  @Test
  void messageCommittedBeforeACrashIsDeliveredExactlyOnceAfterRestart() throws Exception {
    Product sMic = shared(sm, "CrashMic", 5, Product.Tracking.BULK);
    NodeConfiguration cc = TestNode.config("c.sh.test", Files.createTempDirectory("eventkit-c"));
    fast(cc);
    cc.getSubhire().setRelayEnabled(false);
    TestNode c = TestNode.start(cc);
    String id;
    try {
      grant(s, c, TrustLevel.TRUST_LEVEL_SUBHIRE_REQUEST);
      Domain cm = module(c);
      id =
          api(c)
              .requestSubHire(request(s, List.of(line(sMic, local(cm, "CrashMic"), 1))).build())
              .getNegotiationId();
      Thread.sleep(500);
      assertThat(get(c, id).getDelivery().getPendingMessages()).isEqualTo(1);
    } finally {
      c.close(); // committed, never sent: what a crash between commit and send leaves
    }
    cc.getSubhire().setRelayEnabled(true);
    c = TestNode.start(cc);
    try {
      awaitState(c, id, NegotiationState.ACKNOWLEDGED);
      List<SubHire> atSupplier =
          api(s)
              .listSubHires(ListSubHiresRequest.newBuilder().setPartnerNodeId("c.sh.test").build())
              .getSubHiresList();
      assertThat(atSupplier).extracting(SubHire::getNegotiationId).containsExactly(id);
      assertThat(get(s, id).getHistoryList())
          .filteredOn(h -> h.getToState() == NegotiationState.REQUESTED)
          .hasSize(1);
    } finally {
      c.close();
    }
  }

  @Test
  void claimsOfAProcessThatDiedMidSendAreTakenOverWithinSeconds() throws Exception {
    Product sMic = shared(sm, "LeaseMic", 5, Product.Tracking.BULK);
    NodeConfiguration ec = TestNode.config("e.sh.test", Files.createTempDirectory("eventkit-e"));
    fast(ec);
    ec.getSubhire().setRelayEnabled(false);
    TestNode e = TestNode.start(ec);
    String id;
    UUID dead = UUID.randomUUID();
    try {
      grant(s, e, TrustLevel.TRUST_LEVEL_SUBHIRE_REQUEST);
      id =
          api(e)
              .requestSubHire(
                  request(s, List.of(line(sMic, local(module(e), "LeaseMic"), 1))).build())
              .getNegotiationId();
      // What kill -9 in the middle of a send leaves: the row claimed for a whole lease by an
      // instance that beat a moment ago and will never beat again.
      claimMidSend(e, id, dead);
    } finally {
      e.close();
    }
    ec.getSubhire().setRelayEnabled(true);
    long restarted = System.nanoTime();
    e = TestNode.start(ec);
    try {
      awaitState(e, id, NegotiationState.ACKNOWLEDGED);
      // The dead instance's heartbeat is 6 s stale at most by then; the lease had 50 s to go.
      assertThat(Duration.ofNanos(System.nanoTime() - restarted))
          .isLessThan(Duration.ofSeconds(15));
      assertThat(get(s, id).getHistoryList())
          .filteredOn(x -> x.getToState() == NegotiationState.REQUESTED)
          .hasSize(1);
      // The first incarnation stopped cleanly and removed itself: the dead one and this one remain.
      List<UUID> instances =
          e.runtime()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT instance_id FROM subhire_relay_instance")
                          .mapTo(UUID.class)
                          .list());
      assertThat(instances).hasSize(2).contains(dead);
    } finally {
      e.close();
    }
  }

  @Test
  void aLiveReplicaWhoseClockIsBehindKeepsItsClaims() throws Exception {
    Product sMic = shared(sm, "SkewLeaseMic", 5, Product.Tracking.BULK);
    NodeConfiguration fc = TestNode.config("f.sh.test", Files.createTempDirectory("eventkit-f"));
    fast(fc);
    fc.getSubhire().setRelayEnabled(false);
    TestNode f = TestNode.start(fc);
    String id;
    UUID replica = UUID.randomUUID();
    java.util.concurrent.atomic.AtomicBoolean beating =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    try {
      grant(s, f, TrustLevel.TRUST_LEVEL_SUBHIRE_REQUEST);
      id =
          api(f)
              .requestSubHire(
                  request(s, List.of(line(sMic, local(module(f), "SkewLeaseMic"), 1))).build())
              .getNegotiationId();
      // Another replica on the same database, mid-send, beating with its own clock (which is the
      // database's here): this process's clock will run 20 s ahead of it.
      claimMidSend(f, id, replica);
      // The replica's beats can't reach the database while this node restarts (it is embedded),
      // and a restart on a loaded machine can outlast the 6 s timeout: its last beat covers the
      // restart. The beats below bring it back to the present as soon as the node is up.
      f.runtime()
          .jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "UPDATE subhire_relay_instance SET heartbeat_at = ? WHERE instance_id = ?",
                      java.sql.Timestamp.from(Instant.now().plusSeconds(30)),
                      replica));
    } finally {
      f.close();
    }
    fc.getSubhire().setRelayEnabled(true);
    fc.setClockOffset(Duration.ofSeconds(20));
    f = TestNode.start(fc);
    TestNode running = f;
    Thread beats =
        new Thread(
            () -> {
              while (beating.get()) {
                running
                    .runtime()
                    .jdbi()
                    .useHandle(
                        h ->
                            h.execute(
                                "UPDATE subhire_relay_instance SET heartbeat_at = ? WHERE"
                                    + " instance_id = ?",
                                java.sql.Timestamp.from(Instant.now()),
                                replica));
                try {
                  Thread.sleep(300);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    beats.start();
    try {
      // Well past the 6 s instance timeout: the replica beats, so its claim stands.
      Thread.sleep(8_000);
      UUID claimant =
          f.runtime()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT claim_instance FROM subhire_outbox WHERE subhire_id = ?")
                          .bind(0, UUID.fromString(id))
                          .mapTo(UUID.class)
                          .one());
      assertThat(claimant).isEqualTo(replica);
      assertThat(get(f, id).getState()).isEqualTo(NegotiationState.REQUESTED);
      // The replica dies: its claim is taken over within seconds.
      beating.set(false);
      beats.join();
      awaitState(f, id, NegotiationState.ACKNOWLEDGED);
    } finally {
      beating.set(false);
      beats.join();
      f.close();
    }
  }

  /**
   * The negotiation's outbox row as a relay instance leaves it in the middle of a send: claimed by
   * {@code instance} with a 50 s lease, the instance having beaten just now.
   */
  private static void claimMidSend(TestNode n, String id, UUID instance) {
    n.runtime()
        .jdbi()
        .useHandle(
            h -> {
              Instant now = Instant.now();
              h.execute(
                  "INSERT INTO subhire_relay_instance VALUES (?, ?, ?)",
                  instance,
                  java.sql.Timestamp.from(now),
                  java.sql.Timestamp.from(now));
              assertThat(
                      h.execute(
                          "UPDATE subhire_outbox SET attempts = 1, claim_token = ?,"
                              + " claim_instance = ?, lease_until = ? WHERE subhire_id = ?",
                          UUID.randomUUID(),
                          instance,
                          java.sql.Timestamp.from(now.plusSeconds(50)),
                          UUID.fromString(id)))
                  .isOne();
            });
  }

  // ---- trust changes ----

  @Test
  void downgradeAndRevokeLeaveDefinedStates() throws Exception {
    NodeConfiguration dc = TestNode.config("d.sh.test", Files.createTempDirectory("eventkit-d"));
    fast(dc);
    TestNode d = TestNode.start(dc);
    try {
      grant(s, d, TrustLevel.TRUST_LEVEL_SUBHIRE_REQUEST);
      Domain dm = module(d);
      Product sMic = shared(sm, "TrustMic", 5, Product.Tracking.BULK);
      Product dMic = local(dm, "TrustMic");
      // One confirmed hire, one still open.
      String committed =
          api(d)
              .requestSubHire(request(s, List.of(line(sMic, dMic, 2))).build())
              .getNegotiationId();
      awaitState(s, committed, NegotiationState.ACKNOWLEDGED);
      api(s).quoteSubHire(QuoteSubHireRequest.newBuilder().setNegotiationId(committed).build());
      awaitState(d, committed, NegotiationState.QUOTED);
      api(d).acceptSubHire(action(committed));
      awaitState(s, committed, NegotiationState.ACCEPTED);
      api(s).confirmSubHire(action(committed));
      awaitState(d, committed, NegotiationState.CONFIRMED);
      String open =
          api(d)
              .requestSubHire(request(s, List.of(line(sMic, dMic, 1))).build())
              .getNegotiationId();
      awaitState(d, open, NegotiationState.ACKNOWLEDGED);

      // Downgrade: the open one is declined on both sides; the confirmed one stands.
      s.trust()
          .setPartnerLevel(
              SetPartnerLevelRequest.newBuilder()
                  .setNodeId(d.nodeId())
                  .setLevel(TrustLevel.TRUST_LEVEL_AVAILABILITY)
                  .build());
      awaitState(d, open, NegotiationState.DECLINED);
      assertThat(get(s, open).getReason()).contains("trust level lowered");
      assertThat(get(s, committed).getState()).isEqualTo(NegotiationState.CONFIRMED);
      // New requests are refused while the level is too low (the request waits and backs off).
      String refused =
          api(d)
              .requestSubHire(request(s, List.of(line(sMic, dMic, 1))).build())
              .getNegotiationId();
      await(d, refused, x -> x.getDelivery().getLastError().startsWith("PERMISSION_DENIED"));

      // Revoke: nothing left pending; what never left the supplier is cancelled and released.
      s.trust()
          .revokePartner(
              io.eventkit.proto.v1.PartnerActionRequest.newBuilder()
                  .setNodeId(d.nodeId())
                  .setReason("test")
                  .build());
      SubHire cancelled = awaitState(s, committed, NegotiationState.CANCELLED);
      assertThat(cancelled.getReason()).contains("revoked");
      assertThat(available(sm, sMic)).isEqualTo(5);
      await(s, committed, x -> x.getDelivery().getPendingMessages() == 0);
    } finally {
      d.close();
    }
  }

  // ---- helpers ----

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (StatusRuntimeException e) {
      // the losing side of the race gets FAILED_PRECONDITION
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }
  }

  private static void assertCode(Runnable r, Status.Code code) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(code);
              assertThat(e.getStatus().getDescription()).isNotBlank();
            });
  }

  private static Metadata bearer(TestNode n) {
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + n.adminToken());
    return md;
  }

  static SubHireServiceGrpc.SubHireServiceBlockingStub api(TestNode n) {
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + n.adminToken());
    return SubHireServiceGrpc.newBlockingStub(n.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** A stub calling {@code to}'s federation port with {@code from}'s client certificate. */
  private static FederationSubHireServiceGrpc.FederationSubHireServiceBlockingStub rawStub(
      TestNode from, TestNode to) {
    return FederationSubHireServiceGrpc.newBlockingStub(
            from.federation().channels().channel(to.nodeId()).channel())
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  static SubHire get(TestNode n, String id) {
    return api(n).getSubHire(GetSubHireRequest.newBuilder().setNegotiationId(id).build());
  }

  static SubHire awaitState(TestNode n, String id, NegotiationState state) {
    return await(n, id, x -> x.getState() == state);
  }

  static SubHire await(TestNode n, String id, Predicate<SubHire> ok) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    SubHire last = null;
    while (System.nanoTime() < end) {
      try {
        last = get(n, id);
        if (ok.test(last)) {
          return last;
        }
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
          throw e;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError(
        "negotiation " + id + " on " + n.nodeId() + " never got there; last: " + last);
  }

  private static SubHireActionRequest action(String id) {
    return SubHireActionRequest.newBuilder().setNegotiationId(id).build();
  }

  private static RequestSubHireRequest.Builder request(TestNode supplier, List<RequestLine> lines) {
    return RequestSubHireRequest.newBuilder()
        .setSupplierNodeId(supplier.nodeId())
        .setRequestingCompany("Borrower Ltd")
        .setContactName("Pat Planner")
        .setContactEmail("pat@borrower.test")
        .setEventName("Spring Gala")
        .setEventReference("EV-1")
        .setUsagePeriod(
            io.eventkit.proto.v1.Period.newBuilder()
                .setStart(ts(USAGE.start()))
                .setEnd(ts(USAGE.end())))
        .setLocation("Main hall")
        .addAllLines(lines);
  }

  private static RequestLine line(Product supplierProduct, Product mine, int qty) {
    return RequestLine.newBuilder()
        .setSupplierProductId(supplierProduct.id().toString())
        .setLocalProductId(mine.id().toString())
        .setQuantity(qty)
        .build();
  }

  private static io.eventkit.proto.v1.Money money(String cur, long minor) {
    return io.eventkit.proto.v1.Money.newBuilder()
        .setCurrencyCode(cur)
        .setMinorUnits(minor)
        .build();
  }

  private static com.google.protobuf.Timestamp ts(Instant i) {
    return com.google.protobuf.Timestamp.newBuilder()
        .setSeconds(i.getEpochSecond())
        .setNanos(i.getNano())
        .build();
  }

  static int available(Domain m, Product p) {
    return available(m, p, USAGE);
  }

  static int available(Domain m, Product p, Interval period) {
    return m.availability.forProduct(p.id(), period).available();
  }

  private static io.eventkit.proto.v1.Period period(Interval i) {
    return io.eventkit.proto.v1.Period.newBuilder()
        .setStart(ts(i.start()))
        .setEnd(ts(i.end()))
        .build();
  }

  static Domain module(TestNode n) {
    return Domain.create(n.runtime().jdbi(), Clock.systemUTC(), n.nodeId(), new InventoryConfig());
  }

  private static Product shared(Domain m, String model, int qty, Product.Tracking tracking) {
    return product(m, model, qty, tracking, true);
  }

  /** A borrower's own product (2 in stock) that borrowed units count as. */
  private static Product local(Domain m, String model) {
    return product(m, model, tracking(model), 2);
  }

  private static Product.Tracking tracking(String model) {
    return Product.Tracking.BULK;
  }

  private static Product product(Domain m, String model, Product.Tracking tracking, int qty) {
    return product(m, model, qty, tracking, false);
  }

  static Product product(
      Domain m, String model, int qty, Product.Tracking tracking, boolean shared) {
    Product p =
        m.catalog.create(
            new Product.ProductFields(
                "Testco",
                model + "-" + UUID.randomUUID().toString().substring(0, 6),
                "Testco " + model,
                "Audio",
                "",
                null,
                new Money("EUR", 1000),
                new Money("EUR", 50000),
                500,
                Duration.ZERO,
                Duration.ZERO,
                tracking,
                shared));
    if (qty > 0) {
      m.stock.adjust(
          new Stock.NewAdjustment(p.id(), InventoryFixture.warehouse(m).id(), qty, "purchase", ""));
    }
    return p;
  }

  private static Asset asset(Domain m, Product p, String barcode) {
    return m.assets.create(
        new Assets.NewAsset(
            p.id(),
            barcode,
            barcode,
            InventoryFixture.warehouse(m).id(),
            Asset.Status.AVAILABLE,
            ""));
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

  private static int freePort() throws IOException {
    try (java.net.ServerSocket sock = new java.net.ServerSocket(0)) {
      return sock.getLocalPort();
    }
  }
}
