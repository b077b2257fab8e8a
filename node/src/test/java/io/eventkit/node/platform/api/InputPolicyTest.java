package io.eventkit.node.platform.api;

import static io.eventkit.node.testing.InventoryFixture.inventoryApi;
import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.node;
import static io.eventkit.node.testing.InventoryFixture.planningApi;
import static io.eventkit.node.testing.InventoryFixture.protoPeriod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import io.eventkit.node.testing.InventoryFixture;
import io.eventkit.proto.v1.CreateEventRequest;
import io.eventkit.proto.v1.Event;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.PlanningServiceGrpc;
import io.eventkit.proto.v1.SearchRequest;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The text-input policy (issue 14, items 2, 3 and 10) at the edges a client sees: Connect JSON,
 * Connect binary and gRPC. {@link HostileInputTest} sweeps every RPC; this pins the messages.
 */
class InputPolicyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static long events() {
    return jdbi()
        .withHandle(h -> h.createQuery("SELECT count(*) FROM event").mapTo(Long.class).one());
  }

  private static HttpResponse<String> post(String method, String contentType, byte[] body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(node().baseUrl() + "/eventkit.v1." + method))
            .header("Content-Type", contentType)
            .header("Authorization", "Bearer " + node().adminToken())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] concat(String a, byte[] middle, String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[x.length + middle.length + y.length];
    System.arraycopy(x, 0, out, 0, x.length);
    System.arraycopy(middle, 0, out, x.length, middle.length);
    System.arraycopy(y, 0, out, x.length + middle.length, y.length);
    return out;
  }

  private static void assertInvalid(HttpResponse<String> r, String... parts) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode j = JSON.readTree(r.body());
    assertThat(j.path("code").asText()).isEqualTo("invalid_argument");
    for (String p : parts) {
      assertThat(j.path("message").asText()).contains(p);
    }
  }

  private static final String PERIOD =
      "\"period\":{\"start\":\"2032-05-01T09:00:00Z\",\"end\":\"2032-05-02T09:00:00Z\"}";

  @Test
  void connectJsonWithInvalidUtf8IsRefusedNotStoredWithReplacementCharacters() throws Exception {
    long before = events();
    byte[] body =
        concat("{\"name\":\"Gala ", new byte[] {(byte) 0xFF, (byte) 0xFE}, "\"," + PERIOD + "}");
    assertInvalid(
        post("PlanningService/CreateEvent", "application/json", body),
        "not valid UTF-8",
        "offset 14");
    // A UTF-8-encoded surrogate (CESU-8) is not UTF-8 either.
    body =
        concat(
            "{\"name\":\"Gala ",
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            "\"," + PERIOD + "}");
    assertInvalid(post("PlanningService/CreateEvent", "application/json", body), "UTF-8");
    // And an escaped lone surrogate, which decodes to a string with no UTF-8 form.
    assertInvalid(
        post(
            "PlanningService/CreateEvent",
            "application/json",
            ("{\"name\":\"Gala \\ud800\"," + PERIOD + "}").getBytes(StandardCharsets.UTF_8)),
        "name contains an unpaired UTF-16 surrogate");
    assertThat(events()).isEqualTo(before);
  }

  @Test
  void aConnectGetWhoseJsonMessageIsNotUtf8IsRefused() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        node().baseUrl()
                            + "/eventkit.v1.InventoryService/Search?encoding=json&message="
                            + "%7B%22query%22%3A%22mic%FF%22%7D"))
                .header("Authorization", "Bearer " + node().adminToken())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    // The filter reads the raw query and decodes the message to bytes, so it is refused as the
    // body case above (HttpSurfaceTest checks the error's shape).
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    // The same query, well-formed, works.
    r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        node().baseUrl()
                            + "/eventkit.v1.InventoryService/Search?encoding=json&message="
                            + "%7B%22query%22%3A%22mic%C3%A9%22%7D"))
                .header("Authorization", "Bearer " + node().adminToken())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void binaryProtoAndGrpcWithInvalidUtf8AreInvalidArgument() throws Exception {
    long before = events();
    byte[] valid =
        CreateEventRequest.newBuilder()
            .setName("Gala QQ")
            .setPeriod(protoPeriod("2032-05-01T09:00:00Z", "2032-05-02T09:00:00Z"))
            .build()
            .toByteArray();
    byte[] bad = valid.clone();
    for (int i = 0; i < bad.length - 1; i++) {
      if (bad[i] == 'Q' && bad[i + 1] == 'Q') {
        bad[i] = (byte) 0xFF;
        bad[i + 1] = (byte) 0xFE;
        break;
      }
    }
    assertInvalid(
        post("PlanningService/CreateEvent", "application/proto", bad), "cannot decode", "UTF-8");
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + node().adminToken());
    MethodDescriptor.Marshaller<byte[]> raw =
        new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
          }

          @Override
          public byte[] parse(InputStream stream) {
            try {
              return stream.readAllBytes();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    MethodDescriptor<byte[], byte[]> method =
        MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(PlanningServiceGrpc.getCreateEventMethod().getFullMethodName())
            .setRequestMarshaller(raw)
            .setResponseMarshaller(raw)
            .build();
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                ClientCalls.blockingUnaryCall(
                    ClientInterceptors.intercept(
                        node().channel(), MetadataUtils.newAttachHeadersInterceptor(md)),
                    method,
                    CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                    bad));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("does not decode");
    assertThat(events()).isEqualTo(before);
  }

  @Test
  void impossibleDatesInConnectJsonAreRefusedNotRolledOver() throws Exception {
    long before = events();
    for (String bad :
        new String[] {"2032-12-32T09:00:00Z", "2032-02-30T09:00:00Z", "2032-05-01T25:00:00Z"}) {
      assertInvalid(
          post(
              "PlanningService/CreateEvent",
              "application/json",
              ("{\"name\":\"Gala\",\"period\":{\"start\":\""
                      + bad
                      + "\",\"end\":\"2033-01-05T09:00:00Z\"}}")
                  .getBytes(StandardCharsets.UTF_8)),
          "period.start: '" + bad + "' is not a valid date-time");
    }
    assertInvalid(
        post(
            "PlanningService/CreateEvent",
            "application/json",
            ("{\"name\":\"Gala\",\"period\":{\"start\":\"1969-12-31T09:00:00Z\","
                    + "\"end\":\"2033-01-05T09:00:00Z\"}}")
                .getBytes(StandardCharsets.UTF_8)),
        "period.start must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z");
    assertThat(events()).isEqualTo(before);
  }

  @Test
  void validDatesWithOffsetsAndFractionsInConnectJsonAreAccepted() throws Exception {
    for (String[] ok :
        new String[][] {
          {"2032-06-01T10:00:00.5+02:00", "2032-06-01T08:00:00.500Z"},
          {"2032-06-01T09:00:00.123456789Z", "2032-06-01T09:00:00.123456789Z"},
          {"2032-06-01T04:30:00-04:30", "2032-06-01T09:00:00Z"},
          {"2032-02-29T09:00:00Z", "2032-02-29T09:00:00Z"}
        }) {
      HttpResponse<String> r =
          post(
              "PlanningService/CreateEvent",
              "application/json",
              ("{\"name\":\"Gala\",\"period\":{\"start\":\""
                      + ok[0]
                      + "\",\"end\":\"2033-01-05T09:00:00Z\"}}")
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(ok[0] + ": " + r.body()).isEqualTo(200);
      assertThat(Instant.parse(JSON.readTree(r.body()).path("period").path("start").asText()))
          .as(ok[0])
          .isEqualTo(Instant.parse(ok[1]));
    }
  }

  @Test
  void timestampsOutOfRangeOrWithBadNanosAreRefusedOverGrpc() {
    long before = events();
    var plan = planningApi();
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                plan.createEvent(
                    CreateEventRequest.newBuilder()
                        .setName("Gala")
                        .setPeriod(
                            Period.newBuilder()
                                .setStart(
                                    Timestamp.newBuilder()
                                        .setSeconds(1_950_000_000L)
                                        .setNanos(2_000_000_000))
                                .setEnd(Timestamp.newBuilder().setSeconds(253_402_300_800L)))
                        .build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription())
        .contains("period.start.nanos must be between 0 and 999999999 (was 2000000000)")
        .contains("period.end must be between 1970-01-01T00:00:00Z and 9999-12-31");
    assertThat(events()).isEqualTo(before);
  }

  @Test
  void namesAreTrimmedControlCharactersRefusedAndNotesMayHoldLineBreaks() {
    var plan = planningApi();
    Event created =
        plan.createEvent(
            CreateEventRequest.newBuilder()
                .setName("  Summer gala \t")
                .setNotes("load-in at 7\n\tback door")
                .setPeriod(protoPeriod("2032-06-01T09:00:00Z", "2032-06-02T09:00:00Z"))
                .build());
    assertThat(created.getName()).isEqualTo("Summer gala");
    assertThat(created.getNotes()).isEqualTo("load-in at 7\n\tback door");
    long before = events();
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                plan.createEvent(
                    CreateEventRequest.newBuilder()
                        .setName("Summer\ngala")
                        .setVenue("Hall \u0000 B")
                        .setNotes("x".repeat(10_001))
                        .setPeriod(protoPeriod("2032-06-01T09:00:00Z", "2032-06-02T09:00:00Z"))
                        .build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription())
        .contains("name contains a control character (U+000A) at position 7")
        .contains("venue contains a control character (U+0000) at position 6")
        .contains("notes must be at most 10000 characters (was 10001)");
    assertThat(events()).isEqualTo(before);
  }

  @Test
  void aSubHireReasonOrReturnNoteMayHoldLineBreaks() throws Exception {
    // The reason is the decline / cancel reason and the return note: free text on the wire
    // (2,000 characters, checked by the sub-hire itself). It passes the input policy and reaches
    // the
    // service, which knows no such negotiation.
    String unknown = "0b7c56c1-3c59-4a3c-9a53-111111111111";
    for (String method : new String[] {"ReturnSubHire", "DeclineSubHire", "CancelSubHire"}) {
      HttpResponse<String> r =
          post(
              "SubHireService/" + method,
              "application/json",
              ("{\"negotiationId\":\""
                      + unknown
                      + "\",\"reason\":\"2 pallets\\n\\tone cable damaged\"}")
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(method + ": " + r.body()).isEqualTo(404);
    }
    HttpResponse<String> tooLong =
        post(
            "SubHireService/ReturnSubHire",
            "application/json",
            ("{\"negotiationId\":\"" + unknown + "\",\"reason\":\"" + "x".repeat(10_001) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertInvalid(tooLong, "reason must be at most 10000 characters");
    // A revocation's reason goes to the partner, which refuses control characters: one line here.
    assertInvalid(
        post(
            "TrustService/RevokePartner",
            "application/json",
            "{\"nodeId\":\"other.example\",\"reason\":\"key leaked\\nsee ticket\"}"
                .getBytes(StandardCharsets.UTF_8)),
        "reason contains a control character (U+000A)");
  }

  @Test
  void aSearchOfSpacesControlCharactersOrPunctuationIsRefusedNotEverything() {
    var inv = inventoryApi();
    String[][] cases = {
      {"   ", "query is required"},
      {"\u0001\u0002", "query contains a control character (U+0001)"},
      {" \u0007 ", "query contains a control character (U+0007)"},
      {"%%", "query must contain at least one letter or digit"},
      {"x".repeat(201), "query must be at most 200 characters"},
    };
    for (String[] c : cases) {
      StatusRuntimeException e =
          catchThrowableOfType(
              StatusRuntimeException.class,
              () -> inv.search(SearchRequest.newBuilder().setQuery(c[0]).build()));
      assertThat(e).as(c[0]).isNotNull();
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).contains(c[1]);
    }
  }

  @Test
  void extremeNumbersAreRefusedWithTheirLimits() {
    var inv = inventoryApi();
    long products =
        jdbi()
            .withHandle(h -> h.createQuery("SELECT count(*) FROM product").mapTo(Long.class).one());
    io.eventkit.proto.v1.ProductFields.Builder huge =
        io.eventkit.proto.v1.ProductFields.newBuilder()
            .setManufacturer("Testco")
            .setModel(InventoryFixture.unique("M"))
            .setName("Huge")
            .setCategory("Test")
            .setRentalPrice(
                io.eventkit.proto.v1.Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(1))
            .setReplacementValue(
                io.eventkit.proto.v1.Money.newBuilder().setCurrencyCode("EUR").setMinorUnits(1))
            .setWeightGrams(Long.MAX_VALUE)
            .setBufferBeforeSeconds(Long.MAX_VALUE)
            .setTracking(io.eventkit.proto.v1.Tracking.TRACKING_BULK);
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                inv.createProduct(
                    io.eventkit.proto.v1.CreateProductRequest.newBuilder()
                        .setProduct(huge)
                        .build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription())
        .contains("product.buffer_before_seconds must be at most 31622400 (366 days)")
        .contains("product.weight_grams must be at most");
    // Money is bounded by the input policy, for every request that carries one.
    huge.setWeightGrams(1)
        .setBufferBeforeSeconds(0)
        .setRentalPrice(
            io.eventkit.proto.v1.Money.newBuilder()
                .setCurrencyCode("EUR")
                .setMinorUnits(Long.MAX_VALUE));
    e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                inv.createProduct(
                    io.eventkit.proto.v1.CreateProductRequest.newBuilder()
                        .setProduct(huge)
                        .build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription())
        .contains(
            "product.rental_price.minor_units must be at most 1000000000000 in absolute value");
    long productsAfter =
        jdbi()
            .withHandle(h -> h.createQuery("SELECT count(*) FROM product").mapTo(Long.class).one());
    assertThat(productsAfter).isEqualTo(products);
    e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                inv.adjustStock(
                    io.eventkit.proto.v1.AdjustStockRequest.newBuilder()
                        .setProductId(java.util.UUID.randomUUID().toString())
                        .setLocationId(java.util.UUID.randomUUID().toString())
                        .setDelta(Integer.MIN_VALUE)
                        .setReason("count")
                        .build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription())
        .contains("delta must be between -1000000 and 1000000");
  }
}
