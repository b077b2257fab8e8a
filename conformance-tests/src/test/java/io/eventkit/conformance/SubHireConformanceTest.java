package io.eventkit.conformance;

import static io.eventkit.conformance.SubHireApi.action;
import static io.eventkit.conformance.SubHireApi.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.conformance.harness.Cli;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.conformance.harness.Scenario;
import io.eventkit.proto.v1.DispatchSubHireRequest;
import io.eventkit.proto.v1.ListSubHiresRequest;
import io.eventkit.proto.v1.NegotiationState;
import io.eventkit.proto.v1.Product;
import io.eventkit.proto.v1.QuoteSubHireRequest;
import io.eventkit.proto.v1.SubHire;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Sub-hire conformance cases (federation brief 6, 11, 13, 14, 16, 17, 19) on real nodes through the
 * public APIs only. node1 supplies; node2 may request (SUBHIRE_REQUEST); node3 is auto-confirmed up
 * to 5 units (SUBHIRE_AUTO_CONFIRM). Every case asserts state and stock on both sides.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SubHireConformanceTest {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static Deployer deployer;
  private static List<NodeHandle> nodes;
  private static NodeHandle supplier;
  private static NodeHandle borrower;
  private static NodeHandle auto;
  private static SubHireApi api;

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    nodes = deployer.deploy(3);
    supplier = nodes.get(0);
    borrower = nodes.get(1);
    auto = nodes.get(2);
    api = new SubHireApi();
    trust(supplier, borrower, "subhire-request");
    trust(supplier, auto, "subhire-auto-confirm");
    Cli.Result r =
        Cli.run(
            supplier,
            "trust",
            "set-level",
            auto.nodeId(),
            "subhire-auto-confirm",
            "--max-quantity",
            "5");
    assertThat(r.exitCode()).as("%s", r).isZero();
  }

  @AfterAll
  static void teardown() {
    if (api != null) {
      api.close();
    }
    deployer.close();
  }

  private static void trust(NodeHandle from, NodeHandle to, String level) {
    String inv =
        Cli.run(from, "trust", "invite", "--partner", to.nodeId(), "--level", level)
            .json()
            .get("invitation")
            .getAsString();
    Cli.Result r = Cli.run(to, "trust", "accept", inv);
    assertThat(r.exitCode()).as("%s", r).isZero();
  }

  @Test
  @Order(1)
  void case11_fullSubHireHappyPath() {
    String[] id = new String[1];
    String[] barcode = new String[1];
    Product[] p = new Product[4];
    Scenario.named("case 11: sub-hire happy path", nodes)
        .step(
            "supplier shares 10 mixers and one serialised stage box; borrower owns 2 mixers",
            () -> {
              p[0] = api.bulk(supplier, "Mixer", 10, true);
              p[1] = api.serialised(supplier, "StageBox", List.of("SB-" + System.nanoTime()));
              p[2] = api.bulk(borrower, "Mixer", 2, false);
              p[3] = api.bulk(borrower, "StageBox", 0, false);
            })
        .step(
            "borrower requests 4 mixers and the stage box; both sides see ACKNOWLEDGED",
            () -> {
              id[0] =
                  api.request(borrower, supplier, line(p[0], p[2], 4), line(p[1], p[3], 1))
                      .getNegotiationId();
              await(borrower, id[0], NegotiationState.ACKNOWLEDGED);
              await(supplier, id[0], NegotiationState.ACKNOWLEDGED);
            })
        .step(
            "supplier quotes; borrower sees the quote",
            () -> {
              api.subHire(supplier)
                  .quoteSubHire(QuoteSubHireRequest.newBuilder().setNegotiationId(id[0]).build());
              SubHire q = await(borrower, id[0], NegotiationState.QUOTED);
              assertThat(q.getQuoteTotal().getMinorUnits()).isEqualTo(5 * 2500);
            })
        .step(
            "borrower accepts, supplier confirms: stock moves on both sides",
            () -> {
              api.subHire(borrower).acceptSubHire(action(id[0]));
              await(supplier, id[0], NegotiationState.ACCEPTED);
              assertThat(api.available(supplier, p[0])).isEqualTo(10);
              api.subHire(supplier).confirmSubHire(action(id[0]));
              await(borrower, id[0], NegotiationState.CONFIRMED);
              assertThat(api.available(supplier, p[0])).isEqualTo(6);
              assertThat(api.available(supplier, p[1])).isZero();
              assertThat(api.available(borrower, p[2])).isEqualTo(6);
              assertThat(api.available(borrower, p[3])).isEqualTo(1);
            })
        .step(
            "supplier dispatches with the stage box on the manifest",
            () -> {
              barcode[0] =
                  api.inventory(supplier)
                      .listAssets(
                          io.eventkit.proto.v1.ListAssetsRequest.newBuilder()
                              .setProductId(p[1].getId())
                              .build())
                      .getAssets(0)
                      .getBarcode();
              api.subHire(supplier)
                  .dispatchSubHire(
                      DispatchSubHireRequest.newBuilder()
                          .setNegotiationId(id[0])
                          .addBarcodes(barcode[0])
                          .build());
              // The usage period has begun, so the supplier moves it ON_HIRE straight after.
              SubHire d =
                  awaitThat(
                      borrower,
                      id[0],
                      x ->
                          x.getState() == NegotiationState.DISPATCHED
                              || x.getState() == NegotiationState.ON_HIRE);
              assertThat(d.getManifestList())
                  .extracting(m -> m.getBarcode())
                  .containsExactly(barcode[0]);
              assertThat(d.getManifest(0).getAssetRef()).startsWith(supplier.nodeId() + "/");
            })
        .step(
            "supplier stops; the borrower scans the partner's stage box out to its event and back,"
                + " resolved from the manifest it holds",
            () -> {
              String event;
              try (io.eventkit.conformance.harness.Api a =
                  new io.eventkit.conformance.harness.Api(borrower)) {
                event =
                    a.planning()
                        .createEvent(
                            io.eventkit.proto.v1.CreateEventRequest.newBuilder()
                                .setName("Festival stage")
                                .setPeriod(SubHireApi.usage())
                                .setStatus(io.eventkit.proto.v1.EventStatus.EVENT_STATUS_CONFIRMED)
                                .build())
                        .getId();
                a.planning()
                    .addBookingLine(
                        io.eventkit.proto.v1.AddBookingLineRequest.newBuilder()
                            .setEventId(event)
                            .setProduct(
                                io.eventkit.proto.v1.BulkQuantity.newBuilder()
                                    .setProductId(p[3].getId())
                                    .setQuantity(1))
                            .build());
              }
              supplier.stop();
              Cli.Result out = Cli.runWithInput(borrower, barcode[0] + "\n", "scan", "out", event);
              assertThat(out.exitCode()).as("%s", out).isZero();
              assertThat(out.out())
                  .contains("ok    OK")
                  .contains(supplier.nodeId())
                  .contains("1/1");
              Cli.Result report = Cli.run(borrower, "scan", "report", event);
              assertThat(report.json().getAsJsonArray("items").get(0).getAsJsonObject())
                  .satisfies(
                      i ->
                          assertThat(i.get("assetRef").getAsString())
                              .startsWith(supplier.nodeId() + "/"));
              Cli.Result back = Cli.runWithInput(borrower, barcode[0] + "\n", "scan", "in", event);
              assertThat(back.exitCode()).as("%s", back).isZero();
              assertThat(
                      Cli.run(borrower, "scan", "report", event).json().get("state").getAsString())
                  .isEqualTo("FULFILMENT_STATE_RETURNED");
            })
        .step("supplier starts again", supplier::start)
        .step(
            "borrower returns: its temporary stock ends; supplier holds until check-in",
            () -> {
              api.subHire(borrower).returnSubHire(action(id[0]));
              assertThat(api.available(borrower, p[2])).isEqualTo(2);
              await(supplier, id[0], NegotiationState.RETURNED);
              assertThat(api.available(supplier, p[0])).isEqualTo(6);
            })
        .step(
            "supplier checks in: CLOSED on both sides, stock back",
            () -> {
              api.subHire(supplier).checkInSubHire(action(id[0]));
              await(borrower, id[0], NegotiationState.CLOSED);
              assertThat(api.available(supplier, p[0])).isEqualTo(10);
              assertThat(api.available(supplier, p[1])).isEqualTo(1);
              assertThat(api.get(supplier, id[0]).getHistoryCount()).isGreaterThanOrEqualTo(8);
            });
  }

  @Test
  @Order(2)
  void case19_autoConfirmOnlyWithinLimitsAndOnlyForThatPartner() {
    Product[] p = new Product[3];
    Scenario.named("case 19: auto-confirm", nodes)
        .step(
            "products",
            () -> {
              p[0] = api.bulk(supplier, "Speaker", 20, true);
              p[1] = api.bulk(auto, "Speaker", 0, false);
              p[2] = api.bulk(borrower, "Speaker", 0, false);
            })
        .step(
            "the auto-confirm partner gets 3 confirmed without a person",
            () -> {
              String id = api.request(auto, supplier, line(p[0], p[1], 3)).getNegotiationId();
              await(auto, id, NegotiationState.CONFIRMED);
              assertThat(api.get(supplier, id).getState()).isEqualTo(NegotiationState.CONFIRMED);
              assertThat(api.available(supplier, p[0])).isEqualTo(17);
              assertThat(api.available(auto, p[1])).isEqualTo(3);
            })
        .step(
            "6 units exceed its limit: waits for a person",
            () -> {
              String id = api.request(auto, supplier, line(p[0], p[1], 6)).getNegotiationId();
              await(auto, id, NegotiationState.ACKNOWLEDGED);
              assertThat(api.available(supplier, p[0])).isEqualTo(17);
            })
        .step(
            "a SUBHIRE_REQUEST partner is never auto-confirmed",
            () -> {
              String id = api.request(borrower, supplier, line(p[0], p[2], 1)).getNegotiationId();
              await(borrower, id, NegotiationState.ACKNOWLEDGED);
              Thread.sleep(500);
              assertThat(api.get(supplier, id).getState()).isEqualTo(NegotiationState.ACKNOWLEDGED);
              assertThat(api.available(supplier, p[0])).isEqualTo(17);
            });
  }

  @Test
  @Order(3)
  void case16_expiredQuoteCannotBeAccepted() {
    String[] id = new String[1];
    Scenario.named("case 16: expired quote", nodes)
        .step(
            "a quote valid for 2 s",
            () -> {
              Product s = api.bulk(supplier, "Light", 4, true);
              Product b = api.bulk(borrower, "Light", 0, false);
              id[0] = api.request(borrower, supplier, line(s, b, 1)).getNegotiationId();
              await(supplier, id[0], NegotiationState.ACKNOWLEDGED);
              api.subHire(supplier)
                  .quoteSubHire(
                      QuoteSubHireRequest.newBuilder()
                          .setNegotiationId(id[0])
                          .setValidUntil(SubHireApi.ts(Instant.now().plusSeconds(2)))
                          .build());
              await(borrower, id[0], NegotiationState.QUOTED);
            })
        .step(
            "after expiry, accepting is refused and both sides end EXPIRED",
            () -> {
              Thread.sleep(2200);
              assertThatThrownBy(() -> api.subHire(borrower).acceptSubHire(action(id[0])))
                  .isInstanceOfSatisfying(
                      StatusRuntimeException.class,
                      e ->
                          assertThat(e.getStatus().getCode())
                              .isEqualTo(Status.Code.FAILED_PRECONDITION));
              await(supplier, id[0], NegotiationState.EXPIRED);
              await(borrower, id[0], NegotiationState.EXPIRED);
            });
  }

  @Test
  @Order(4)
  void case17_concurrentCancelAndConfirmConverge() {
    String[] id = new String[1];
    Product[] p = new Product[2];
    Scenario.named("case 17: cancel and confirm at once", nodes)
        .step(
            "an accepted quote",
            () -> {
              p[0] = api.bulk(supplier, "Truss", 8, true);
              p[1] = api.bulk(borrower, "Truss", 0, false);
              id[0] = api.request(borrower, supplier, line(p[0], p[1], 3)).getNegotiationId();
              await(supplier, id[0], NegotiationState.ACKNOWLEDGED);
              api.subHire(supplier)
                  .quoteSubHire(QuoteSubHireRequest.newBuilder().setNegotiationId(id[0]).build());
              await(borrower, id[0], NegotiationState.QUOTED);
              api.subHire(borrower).acceptSubHire(action(id[0]));
              await(supplier, id[0], NegotiationState.ACCEPTED);
            })
        .step(
            "supplier confirms while borrower cancels; both converge with stock released",
            () -> {
              CompletableFuture<Void> c1 =
                  CompletableFuture.runAsync(
                      () -> quietly(() -> api.subHire(supplier).confirmSubHire(action(id[0]))));
              CompletableFuture<Void> c2 =
                  CompletableFuture.runAsync(
                      () -> quietly(() -> api.subHire(borrower).cancelSubHire(action(id[0]))));
              CompletableFuture.allOf(c1, c2).join();
              await(supplier, id[0], NegotiationState.CANCELLED);
              await(borrower, id[0], NegotiationState.CANCELLED);
              assertThat(api.available(supplier, p[0])).isEqualTo(8);
              assertThat(api.available(borrower, p[1])).isZero();
            });
  }

  @Test
  @Order(5)
  void case6_downgradeDeclinesOpenNegotiations() {
    String[] id = new String[1];
    Scenario.named("case 6: level downgrade mid negotiation", nodes)
        .step(
            "an open negotiation from the auto partner (over its limit)",
            () -> {
              Product s = api.bulk(supplier, "Screen", 10, true);
              Product b = api.bulk(auto, "Screen", 0, false);
              id[0] = api.request(auto, supplier, line(s, b, 8)).getNegotiationId();
              await(auto, id[0], NegotiationState.ACKNOWLEDGED);
            })
        .step(
            "supplier lowers the partner to availability: DECLINED on both sides",
            () -> {
              Cli.Result r = Cli.run(supplier, "trust", "set-level", auto.nodeId(), "availability");
              assertThat(r.exitCode()).as("%s", r).isZero();
              SubHire d = await(auto, id[0], NegotiationState.DECLINED);
              assertThat(d.getReason()).contains("trust level lowered");
              assertThat(api.get(supplier, id[0]).getState()).isEqualTo(NegotiationState.DECLINED);
            });
  }

  @Test
  @Order(6)
  void case14_supplierDownThenBack() {
    String[] id = new String[1];
    Scenario.named("case 14: send while the supplier is down", nodes)
        .step(
            "supplier stops; borrower requests",
            () -> {
              Product s = api.bulk(supplier, "Cable", 50, true);
              Product b = api.bulk(borrower, "Cable", 0, false);
              supplier.stop();
              id[0] = api.request(borrower, supplier, line(s, b, 10)).getNegotiationId();
            })
        .step(
            "the borrower retries with backoff, visible in the negotiation",
            () -> {
              SubHire w = awaitThat(borrower, id[0], x -> x.getDelivery().getAttempts() >= 2);
              assertThat(w.getState()).isEqualTo(NegotiationState.REQUESTED);
              assertThat(w.getDelivery().getPendingMessages()).isEqualTo(1);
              assertThat(w.getDelivery().getLastError()).isNotBlank();
              assertThat(w.getDelivery().hasNextAttemptAt()).isTrue();
            })
        .step("supplier starts again", supplier::start)
        .step(
            "the request arrives once and both sides agree",
            () -> {
              await(borrower, id[0], NegotiationState.ACKNOWLEDGED);
              assertThat(api.get(supplier, id[0]).getState())
                  .isEqualTo(NegotiationState.ACKNOWLEDGED);
            });
  }

  @Test
  @Order(7)
  void case13_borrowerKilledAfterCommitBeforeSend() {
    String[] id = new String[1];
    Scenario.named("case 13: borrower dies with an unsent message", nodes)
        .step(
            "supplier stops so the committed request cannot leave; borrower requests, then dies",
            () -> {
              Product s = api.bulk(supplier, "Hazer", 5, true);
              Product b = api.bulk(borrower, "Hazer", 0, false);
              supplier.stop();
              id[0] = api.request(borrower, supplier, line(s, b, 1)).getNegotiationId();
              killOrStop(borrower);
            })
        .step("supplier starts", supplier::start)
        .step("borrower starts on its data", borrower::start)
        .step(
            "the request is delivered exactly once",
            () -> {
              await(borrower, id[0], NegotiationState.ACKNOWLEDGED);
              List<SubHire> atSupplier =
                  api.subHire(supplier)
                      .listSubHires(
                          ListSubHiresRequest.newBuilder()
                              .setPartnerNodeId(borrower.nodeId())
                              .build())
                      .getSubHiresList();
              assertThat(atSupplier).filteredOn(x -> x.getNegotiationId().equals(id[0])).hasSize(1);
              assertThat(api.get(supplier, id[0]).getHistoryList())
                  .filteredOn(h -> h.getToState() == NegotiationState.REQUESTED)
                  .hasSize(1);
            });
  }

  private static void killOrStop(NodeHandle n) {
    try {
      n.kill();
    } catch (UnsupportedOperationException e) {
      n.stop(); // in-JVM: a stop leaves the same committed-but-unsent row
    }
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }
  }

  private static SubHire await(NodeHandle n, String id, NegotiationState state) throws Exception {
    return awaitThat(n, id, x -> x.getState() == state);
  }

  private static SubHire awaitThat(NodeHandle n, String id, Predicate<SubHire> ok)
      throws Exception {
    SubHire[] last = new SubHire[1];
    Scenario.eventually(
        WAIT,
        () -> {
          last[0] = api.get(n, id);
          assertThat(ok.test(last[0])).as("%s on %s: %s", id, n.nodeId(), last[0]).isTrue();
        });
    return last[0];
  }
}
