package io.eventkit.node.federation.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.federation.availability.FederatedAvailability.Outcome;
import io.eventkit.node.federation.catalog.AvailabilityLine;
import io.eventkit.node.federation.catalog.LineAnswer;
import io.eventkit.node.kernel.Interval;
import io.eventkit.proto.v1.AvailabilityAnswer;
import io.eventkit.proto.v1.AvailabilityLineStatus;
import io.eventkit.proto.v1.ListSharedProductsResponse;
import io.eventkit.proto.v1.QueryAvailabilityResponse;
import io.eventkit.proto.v1.SharedProduct;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client edge against a scripted fake partner: every call must have been scripted (anything
 * else fails the test), and every failure or malformed answer becomes a classified outcome.
 */
class PartnerCatalogClientTest {
  private static final Interval JULY =
      new Interval(Instant.parse("2031-07-01T00:00:00Z"), Instant.parse("2031-07-02T00:00:00Z"));
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private FakeCatalogPartner fake;
  private Server server;
  private ManagedChannel channel;
  private PartnerCatalogClient client;

  @BeforeEach
  void start() throws Exception {
    String name = "fake-partner-" + UUID.randomUUID();
    fake = new FakeCatalogPartner();
    server = InProcessServerBuilder.forName(name).addService(fake).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    client = new PartnerCatalogClient(id -> channel);
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
    assertThat(fake.unexpected).as("calls the fake partner was not told to expect").isEmpty();
  }

  private static <T> void reply(StreamObserver<T> out, T value) {
    out.onNext(value);
    out.onCompleted();
  }

  private static SharedProduct product(String id) {
    return SharedProduct.newBuilder().setId(id).setManufacturer("M").setModel(id).build();
  }

  private static AvailabilityAnswer ok(String id, int n) {
    return AvailabilityAnswer.newBuilder()
        .setProductId(id)
        .setStatus(AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_OK)
        .setAvailableQuantity(n)
        .build();
  }

  private Outcome outcomeOf(Runnable r) {
    try {
      r.run();
      return Outcome.OK;
    } catch (PartnerCallException e) {
      return e.outcome();
    }
  }

  @Test
  void readsEveryPageOfTheCatalogue() {
    fake.pages.add(
        (r, out) -> {
          assertThat(r.getPageSize()).isEqualTo(500);
          reply(
              out,
              ListSharedProductsResponse.newBuilder()
                  .addProducts(product("p1"))
                  .setNextPageToken("t1")
                  .build());
        });
    fake.pages.add(
        (r, out) -> {
          assertThat(r.getPageToken()).isEqualTo("t1");
          reply(out, ListSharedProductsResponse.newBuilder().addProducts(product("p2")).build());
        });
    assertThat(client.sharedCatalogue("x", SECOND))
        .extracting(io.eventkit.node.federation.catalog.SharedProduct::id)
        .containsExactly("p1", "p2");
  }

  @Test
  void refusesOversizedPagesAndTokensThatDoNotAdvance() {
    ListSharedProductsResponse.Builder huge = ListSharedProductsResponse.newBuilder();
    for (int i = 0; i < 501; i++) {
      huge.addProducts(product("p" + i));
    }
    fake.pages.add((r, out) -> reply(out, huge.build()));
    assertThatThrownBy(() -> client.sharedCatalogue("x", SECOND))
        .isInstanceOfSatisfying(
            PartnerCallException.class,
            e -> {
              assertThat(e.outcome()).isEqualTo(Outcome.ERROR);
              assertThat(e.getMessage()).contains("501 products");
            });

    fake.pages.add(
        (r, out) ->
            reply(out, ListSharedProductsResponse.newBuilder().setNextPageToken("t").build()));
    fake.pages.add(
        (r, out) ->
            reply(out, ListSharedProductsResponse.newBuilder().setNextPageToken("t").build()));
    assertThat(outcomeOf(() -> client.sharedCatalogue("x", SECOND))).isEqualTo(Outcome.ERROR);
  }

  @Test
  void checksAnswersAgainstTheQuestion() {
    List<AvailabilityLine> asked =
        List.of(new AvailabilityLine("p1", 4), new AvailabilityLine("p2", 2));
    fake.queries.add(
        (r, out) ->
            reply(
                out,
                QueryAvailabilityResponse.newBuilder()
                    .addAnswers(ok("p1", 3))
                    .addAnswers(
                        AvailabilityAnswer.newBuilder()
                            .setProductId("p2")
                            .setStatus(AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_NOT_FOUND))
                    .build()));
    assertThat(client.query("x", asked, JULY, SECOND))
        .containsExactly(new LineAnswer("p1", true, 3), new LineAnswer("p2", false, 0));

    // A daily rate is kept when it is a price, dropped (the answer standing) when it is not.
    fake.queries.add(
        (r, out) ->
            reply(
                out,
                QueryAvailabilityResponse.newBuilder()
                    .addAnswers(ok("p1", 3).toBuilder().setDailyRate(rate("EUR", 4500)))
                    .addAnswers(ok("p2", 2).toBuilder().setDailyRate(rate("<script>", 1)))
                    .build()));
    assertThat(client.query("x", asked, JULY, SECOND))
        .containsExactly(
            new LineAnswer("p1", true, 3, new io.eventkit.node.kernel.Money("EUR", 4500)),
            new LineAnswer("p2", true, 2));
    fake.queries.add(
        (r, out) ->
            reply(
                out,
                QueryAvailabilityResponse.newBuilder()
                    .addAnswers(ok("p1", 3).toBuilder().setDailyRate(rate("EUR", -1)))
                    .addAnswers(ok("p2", 2))
                    .build()));
    assertThat(client.query("x", asked, JULY, SECOND).get(0).dailyRate()).isNull();

    // Too few answers; an answer above what was asked (reveals stock); an ID that was not asked.
    fake.queries.add(
        (r, out) ->
            reply(out, QueryAvailabilityResponse.newBuilder().addAnswers(ok("p1", 1)).build()));
    fake.queries.add(
        (r, out) ->
            reply(
                out,
                QueryAvailabilityResponse.newBuilder()
                    .addAnswers(ok("p1", 40))
                    .addAnswers(ok("p2", 1))
                    .build()));
    fake.queries.add(
        (r, out) ->
            reply(
                out,
                QueryAvailabilityResponse.newBuilder()
                    .addAnswers(ok("p1", 1))
                    .addAnswers(ok("p9", 1))
                    .build()));
    for (int i = 0; i < 3; i++) {
      assertThat(outcomeOf(() -> client.query("x", asked, JULY, SECOND))).isEqualTo(Outcome.ERROR);
    }
  }

  @Test
  void classifiesFailures() {
    List<AvailabilityLine> asked = List.of(new AvailabilityLine("p1", 1));
    fake.queries.add(
        (r, out) ->
            out.onError(Status.PERMISSION_DENIED.withDescription("no").asRuntimeException()));
    fake.queries.add(
        (r, out) -> out.onError(Status.UNAVAILABLE.withDescription("down").asRuntimeException()));
    fake.queries.add(
        (r, out) ->
            out.onError(Status.INVALID_ARGUMENT.withDescription("bad").asRuntimeException()));
    fake.queries.add(
        (r, out) -> {
          try {
            Thread.sleep(500);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          reply(out, QueryAvailabilityResponse.newBuilder().addAnswers(ok("p1", 1)).build());
        });
    assertThat(outcomeOf(() -> client.query("x", asked, JULY, SECOND))).isEqualTo(Outcome.DENIED);
    assertThat(outcomeOf(() -> client.query("x", asked, JULY, SECOND)))
        .isEqualTo(Outcome.UNAVAILABLE);
    assertThat(outcomeOf(() -> client.query("x", asked, JULY, SECOND))).isEqualTo(Outcome.ERROR);
    long start = System.nanoTime();
    assertThat(outcomeOf(() -> client.query("x", asked, JULY, TimeUnit.MILLISECONDS.toNanos(100))))
        .isEqualTo(Outcome.TIMEOUT);
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(450));
  }

  private static io.eventkit.proto.v1.Money rate(String currency, long minor) {
    return io.eventkit.proto.v1.Money.newBuilder()
        .setCurrencyCode(currency)
        .setMinorUnits(minor)
        .build();
  }
}
