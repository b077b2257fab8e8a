package io.eventkit.node.federation.availability;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.node.federation.availability.FederatedAvailability.Outcome;
import io.eventkit.node.federation.availability.FederatedAvailability.PartnerResult;
import io.eventkit.node.federation.availability.FederatedAvailability.Wanted;
import io.eventkit.node.federation.channels.PartnerStats;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.PartnerState;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.kernel.Interval;
import io.eventkit.proto.v1.AvailabilityAnswer;
import io.eventkit.proto.v1.AvailabilityLineStatus;
import io.eventkit.proto.v1.ListSharedProductsResponse;
import io.eventkit.proto.v1.QueryAvailabilityResponse;
import io.eventkit.proto.v1.SharedProduct;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fan-out against scripted fake partners (in-process gRPC): deadline, bulkhead, circuit
 * breaker, caching and eligibility, without certificates in the way.
 */
class FanOutTest {
  private static final Interval JULY =
      new Interval(Instant.parse("2031-07-01T00:00:00Z"), Instant.parse("2031-07-02T00:00:00Z"));
  private static final List<Wanted> MIC = List.of(new Wanted("", "Shure", "SM58", "", 4));

  private final Map<String, FakeCatalogPartner> fakes = new LinkedHashMap<>();
  private final Map<String, PartnerLinks.Link> links = new LinkedHashMap<>();
  private final List<Partner> partners = new ArrayList<>();
  private final List<Server> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private FederatedAvailability fanOut;

  @AfterEach
  void stop() {
    if (fanOut != null) {
      fanOut.close();
    }
    channels.forEach(ManagedChannel::shutdownNow);
    servers.forEach(Server::shutdownNow);
    fakes.forEach((id, f) -> assertThat(f.unexpected).as("unexpected calls to %s", id).isEmpty());
  }

  private static Partner partner(String id, TrustLevel received) {
    return new Partner(
        id,
        PartnerState.ACTIVE,
        id + ":9443",
        TrustLevel.AVAILABILITY,
        received,
        0,
        0,
        "",
        100,
        "",
        1,
        null,
        null,
        null,
        null,
        null,
        "");
  }

  private static CircuitBreaker breaker(String id) {
    return CircuitBreaker.of(
        id,
        CircuitBreakerConfig.custom()
            .slidingWindowSize(4)
            .minimumNumberOfCalls(2)
            .failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofMinutes(1))
            .build());
  }

  /** A partner served by a scripted fake. */
  private FakeCatalogPartner fake(String id, TrustLevel received) throws Exception {
    String name = "fanout-" + id + "-" + UUID.randomUUID();
    FakeCatalogPartner f = new FakeCatalogPartner();
    servers.add(InProcessServerBuilder.forName(name).addService(f).build().start());
    ManagedChannel ch = InProcessChannelBuilder.forName(name).build();
    channels.add(ch);
    fakes.put(id, f);
    links.put(id, new PartnerLinks.Link(ch, breaker(id), new PartnerStats()));
    partners.add(partner(id, received));
    return f;
  }

  /** A partner nobody listens for (connection refused). */
  private void down(String id) {
    ManagedChannel ch = InProcessChannelBuilder.forName("nobody-" + UUID.randomUUID()).build();
    channels.add(ch);
    links.put(id, new PartnerLinks.Link(ch, breaker(id), new PartnerStats()));
    partners.add(partner(id, TrustLevel.AVAILABILITY));
  }

  private FederatedAvailability start(Duration deadline, int bulkhead) {
    return start(deadline, bulkhead, MappingRules.none());
  }

  private FederatedAvailability start(Duration deadline, int bulkhead, MappingRules rules) {
    PartnerLinks fakeLinks =
        new PartnerLinks() {
          @Override
          public List<Partner> active() {
            return partners;
          }

          @Override
          public Link link(String nodeId) {
            return links.get(nodeId);
          }
        };
    fanOut =
        new FederatedAvailability(
            fakeLinks,
            null,
            rules,
            new FederatedAvailability.Settings(
                deadline,
                Duration.ofSeconds(2),
                Duration.ofSeconds(60),
                Duration.ofSeconds(5),
                bulkhead),
            Clock.systemUTC());
    return fanOut;
  }

  private static void catalogue(FakeCatalogPartner f, String productId) {
    f.pages.add(
        (r, out) -> {
          out.onNext(
              ListSharedProductsResponse.newBuilder()
                  .addProducts(
                      SharedProduct.newBuilder()
                          .setId(productId)
                          .setManufacturer("SHURE")
                          .setModel("sm-58"))
                  .build());
          out.onCompleted();
        });
  }

  private static void answers(FakeCatalogPartner f, int available, long delayMillis) {
    answers(f, available, delayMillis, null);
  }

  private static void answers(
      FakeCatalogPartner f, int available, long delayMillis, CountDownLatch received) {
    f.queries.add(
        (r, out) -> {
          if (received != null) {
            received.countDown();
          }
          sleep(delayMillis);
          out.onNext(
              QueryAvailabilityResponse.newBuilder()
                  .addAnswers(
                      AvailabilityAnswer.newBuilder()
                          .setProductId(r.getLines(0).getProductId())
                          .setStatus(AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_OK)
                          .setAvailableQuantity(available))
                  .build());
          out.onCompleted();
        });
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, PartnerResult> byNode(List<PartnerResult> results) {
    return results.stream().collect(Collectors.toMap(PartnerResult::nodeId, Function.identity()));
  }

  @Test
  void aSlowPartnerNeverDelaysTheAnswerPastTheDeadline() throws Exception {
    FakeCatalogPartner fast = fake("fast.test", TrustLevel.AVAILABILITY);
    FakeCatalogPartner slow = fake("slow.test", TrustLevel.RESOLVE_ASSETS);
    fake("discover.test", TrustLevel.DISCOVER);
    down("down.test");
    catalogue(fast, "f1");
    answers(fast, 4, 0);
    catalogue(slow, "s1");
    answers(slow, 4, 2_000);
    FederatedAvailability f = start(Duration.ofMillis(300), 8);

    long start = System.nanoTime();
    Map<String, PartnerResult> r = byNode(f.query(MIC, JULY, false));
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(took).isLessThan(300 + 250);
    assertThat(r.get("fast.test").outcome()).isEqualTo(Outcome.OK);
    assertThat(r.get("fast.test").answers())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.match()).isEqualTo(FederatedAvailability.Match.MANUFACTURER_MODEL);
              assertThat(a.product().id()).isEqualTo("f1");
              assertThat(a.available()).isEqualTo(4);
            });
    assertThat(r.get("slow.test").outcome()).isEqualTo(Outcome.TIMEOUT);
    assertThat(r.get("down.test").outcome()).isEqualTo(Outcome.UNAVAILABLE);
    // Not eligible: reported, never called (its fake has nothing scripted).
    assertThat(r.get("discover.test").outcome()).isEqualTo(Outcome.DENIED);
    assertThat(links.get("fast.test").stats().lastSuccess()).isNotNull();
    assertThat(links.get("down.test").stats().lastError()).startsWith("UNAVAILABLE");

    // Within the answer TTL the fast partner is not asked again (nothing more is scripted for
    // it); failures are not cached, so the slow one is asked again until its circuit opens.
    answers(slow, 4, 2_000);
    answers(slow, 4, 2_000);
    Map<String, PartnerResult> again = byNode(f.query(MIC, JULY, false));
    assertThat(again.get("slow.test").outcome()).isIn(Outcome.TIMEOUT, Outcome.CIRCUIT_OPEN);
    assertThat(again.get("fast.test").cached()).isTrue();
    assertThat(again.get("fast.test").answers()).isEqualTo(r.get("fast.test").answers());
    // A different quantity is a different question.
    answers(fast, 2, 0);
    assertThat(
            byNode(f.query(List.of(new Wanted("", "Shure", "SM58", "", 2)), JULY, false))
                .get("fast.test")
                .cached())
        .isFalse();
  }

  @Test
  void failuresOpenTheCircuitAndAnOpenCircuitIsNotCalled() throws Exception {
    down("down.test");
    // A generous deadline: this is about the breaker, and a cold JVM can take longer than 300 ms
    // to report the refused connection (the call then ends as TIMEOUT, which also counts).
    FederatedAvailability f = start(Duration.ofSeconds(3), 8);
    assertThat(byNode(f.query(MIC, JULY, true)).get("down.test").outcome())
        .isEqualTo(Outcome.UNAVAILABLE);
    assertThat(byNode(f.query(MIC, JULY, true)).get("down.test").outcome())
        .isEqualTo(Outcome.UNAVAILABLE);
    assertThat(links.get("down.test").circuitBreaker().getState())
        .isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(byNode(f.query(MIC, JULY, true)).get("down.test").outcome())
        .isEqualTo(Outcome.CIRCUIT_OPEN);
  }

  @Test
  void aFullBulkheadAnswersBusyInsteadOfQueueing() throws Exception {
    FakeCatalogPartner p = fake("p.test", TrustLevel.AVAILABILITY);
    catalogue(p, "p1");
    CountDownLatch inFlight = new CountDownLatch(1);
    answers(p, 4, 600, inFlight);
    FederatedAvailability f = start(Duration.ofSeconds(2), 1);
    CompletableFuture<List<PartnerResult>> first =
        CompletableFuture.supplyAsync(() -> f.query(MIC, JULY, true));
    assertThat(inFlight.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(byNode(f.query(MIC, JULY, true)).get("p.test").outcome()).isEqualTo(Outcome.BUSY);
    assertThat(byNode(first.get(5, TimeUnit.SECONDS)).get("p.test").outcome())
        .isEqualTo(Outcome.OK);
  }

  @Test
  void plannerDecisionsWinOverAutomaticMatchesAndRejectedPairsAreNeverAsked() throws Exception {
    FakeCatalogPartner p = fake("p.test", TrustLevel.AVAILABILITY);
    p.pages.add(
        (r, out) -> {
          out.onNext(
              ListSharedProductsResponse.newBuilder()
                  .addProducts(
                      SharedProduct.newBuilder()
                          .setId("auto")
                          .setManufacturer("Shure")
                          .setModel("SM58"))
                  .addProducts(
                      SharedProduct.newBuilder()
                          .setId("other")
                          .setManufacturer("Shure")
                          .setModel("SM58 Beta")
                          .setName("Current name"))
                  .build());
          out.onCompleted();
        });
    UUID mine = UUID.randomUUID();
    UUID rejectedOnly = UUID.randomUUID();
    io.eventkit.node.federation.catalog.SharedProduct other =
        new io.eventkit.node.federation.catalog.SharedProduct(
            "other", "Shure", "SM58 Beta", "", "Old name", "");
    io.eventkit.node.federation.catalog.SharedProduct auto =
        new io.eventkit.node.federation.catalog.SharedProduct("auto", "Shure", "SM58", "", "", "");
    MappingRules rules =
        ids ->
            Map.of(
                "p.test",
                Map.of(
                    mine,
                    List.of(new MappingRules.Rule(other, true), new MappingRules.Rule(auto, false)),
                    rejectedOnly,
                    List.of(new MappingRules.Rule(auto, false))));
    // Only "other" is asked about: the rejected automatic match is not.
    p.queries.add(
        (r, out) -> {
          assertThat(r.getLinesList()).extracting(l -> l.getProductId()).containsExactly("other");
          out.onNext(
              QueryAvailabilityResponse.newBuilder()
                  .addAnswers(
                      AvailabilityAnswer.newBuilder()
                          .setProductId("other")
                          .setStatus(AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_OK)
                          .setAvailableQuantity(3))
                  .build());
          out.onCompleted();
        });
    FederatedAvailability f = start(Duration.ofSeconds(2), 8, rules);
    // Lines already resolved to local products (as resolve() leaves them: ID kept).
    List<FederatedAvailability.Answer> answers =
        f.queryResolved(
                List.of(
                    new Wanted(mine.toString(), "Shure", "SM58", "", 4),
                    new Wanted(rejectedOnly.toString(), "Shure", "SM58", "", 4)),
                JULY,
                true)
            .get(0)
            .answers();
    assertThat(answers).hasSize(2);
    assertThat(answers.get(0).match()).isEqualTo(FederatedAvailability.Match.MAPPED);
    // The catalogue's current fields, not the stored snapshot.
    assertThat(answers.get(0).product().name()).isEqualTo("Current name");
    assertThat(answers.get(0).available()).isEqualTo(3);
    assertThat(answers.get(1).match()).isEqualTo(FederatedAvailability.Match.NONE);
  }
}
