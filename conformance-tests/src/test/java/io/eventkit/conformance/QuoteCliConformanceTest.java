package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.conformance.harness.Api;
import io.eventkit.conformance.harness.Cli;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.proto.v1.AddBookingLineRequest;
import io.eventkit.proto.v1.BulkQuantity;
import io.eventkit.proto.v1.CreateCompanyRequest;
import io.eventkit.proto.v1.CreateEventRequest;
import io.eventkit.proto.v1.CrmServiceGrpc;
import io.eventkit.proto.v1.Event;
import io.eventkit.proto.v1.EventStatus;
import io.eventkit.proto.v1.GetEventRequest;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.Product;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code eventkit quotes} and {@code eventkit pricing} against a real node: a rate card, a quote
 * from an event, sent and accepted, and the event confirmed. The client is a CRM company made
 * through CrmService.
 */
class QuoteCliConformanceTest {
  private static Deployer deployer;
  private static NodeHandle node;
  private static final SubHireApi api = new SubHireApi();

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    node = deployer.deploy(1).get(0);
  }

  @AfterAll
  static void teardown() {
    deployer.close();
  }

  private static String company() {
    ManagedChannel ch = ManagedChannelBuilder.forTarget(node.grpcTarget()).usePlaintext().build();
    try {
      Metadata md = new Metadata();
      md.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
          "Bearer " + node.adminToken());
      return CrmServiceGrpc.newBlockingStub(ch)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .createCompany(
              CreateCompanyRequest.newBuilder()
                  .setName("Quote CLI client " + UUID.randomUUID().toString().substring(0, 6))
                  .setDefaultCurrency("EUR")
                  .setLanguage("en")
                  .build())
          .getId();
    } finally {
      ch.shutdownNow();
    }
  }

  @Test
  void aQuoteFromAnEventIsSentAndAcceptedAndTheEventConfirmed() {
    Product mixer =
        api.bulk(node, "QMIX-" + UUID.randomUUID().toString().substring(0, 6), 4, false);
    Cli.Result rate = Cli.run(node, "pricing", "set-rate", mixer.getId(), "--day", "120.00EUR");
    assertThat(rate.exitCode()).as(rate.toString()).isZero();
    String companyId = company();
    Event e;
    try (Api a = new Api(node)) {
      Period period =
          Period.newBuilder()
              .setStart(com.google.protobuf.Timestamp.newBuilder().setSeconds(2_100_000_000L))
              .setEnd(
                  com.google.protobuf.Timestamp.newBuilder()
                      .setSeconds(2_100_000_000L + 3 * 86_400))
              .build();
      e =
          a.planning()
              .createEvent(
                  CreateEventRequest.newBuilder()
                      .setName("Quote CLI gala")
                      .setPeriod(period)
                      .setStatus(EventStatus.EVENT_STATUS_ENQUIRY)
                      .setClientCompanyId(companyId)
                      .build());
      a.planning()
          .addBookingLine(
              AddBookingLineRequest.newBuilder()
                  .setEventId(e.getId())
                  .setProduct(BulkQuantity.newBuilder().setProductId(mixer.getId()).setQuantity(2))
                  .build());
    }
    Cli.Result created = Cli.run(node, "quotes", "create", "--event", e.getId());
    assertThat(created.exitCode()).as(created.toString()).isZero();
    String id = created.json().get("id").getAsString();
    // 2 mixers × 120.00 × 3 days charged as 2.
    assertThat(
            created
                .json()
                .getAsJsonObject("totals")
                .getAsJsonObject("net")
                .get("minorUnits")
                .getAsString())
        .isEqualTo("48000");

    Cli.Result service =
        Cli.run(
            node,
            "quotes",
            "add-line",
            id,
            "--kind",
            "service",
            "--description",
            "Crew",
            "--quantity",
            "10.5",
            "--unit",
            "hour",
            "--price",
            "45.00EUR",
            "--tax",
            "-");
    assertThat(service.exitCode()).as(service.toString()).isZero();
    Cli.Result sent = Cli.run(node, "quotes", "send", id);
    assertThat(sent.exitCode()).as(sent.toString()).isZero();
    assertThat(sent.json().getAsJsonObject("version").get("version").getAsInt()).isEqualTo(1);
    Cli.Result accepted =
        Cli.run(node, "quotes", "accept", id, "--version", "1", "--note", "signed");
    assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
    assertThat(accepted.json().get("eventConfirmed").getAsBoolean()).isTrue();
    try (Api a = new Api(node)) {
      assertThat(
              a.planning()
                  .getEvent(GetEventRequest.newBuilder().setId(e.getId()).build())
                  .getEvent()
                  .getStatus())
          .isEqualTo(EventStatus.EVENT_STATUS_CONFIRMED);
    }
    Cli.Result bad = Cli.run(node, "quotes", "accept", id, "--version", "1");
    assertThat(bad.exitCode()).isEqualTo(1);
  }
}
