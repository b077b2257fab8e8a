package io.eventkit.node.platform.api;

import static io.eventkit.node.testing.InventoryFixture.bulk;
import static io.eventkit.node.testing.InventoryFixture.event;
import static io.eventkit.node.testing.InventoryFixture.iv;
import static io.eventkit.node.testing.InventoryFixture.jdbi;
import static io.eventkit.node.testing.InventoryFixture.node;
import static io.eventkit.node.testing.InventoryFixture.planningApi;
import static io.eventkit.node.testing.InventoryFixture.warn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import build.buf.protovalidate.ValidatorFactory;
import build.buf.validate.ValidateProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.eventkit.node.planning.EventStatus;
import io.eventkit.node.testing.Domain;
import io.eventkit.proto.v1.AddBookingLineRequest;
import io.eventkit.proto.v1.BulkQuantity;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The proto files' field rules (buf.validate): they compile for every request of every eventkit.v1
 * service, and a broken rule reaches clients exactly like a hand-written check.
 */
class ProtoRulesTest {
  private static final Path PROTO_ROOT = Path.of("../proto");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Domain m = warn();

  private static long bookingLines() {
    return jdbi()
        .withHandle(
            h -> h.createQuery("SELECT count(*) FROM booking_line").mapTo(Long.class).one());
  }

  /** Every eventkit.v1 file, by the outer class its java_outer_classname names. */
  private static List<FileDescriptor> apiFiles() throws Exception {
    Pattern outer = Pattern.compile("option java_outer_classname = \"(\\w+)\";");
    List<FileDescriptor> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(PROTO_ROOT.resolve("src/main/proto/eventkit/v1"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".proto")).sorted().toList()) {
        Matcher mt = outer.matcher(Files.readString(f));
        assertThat(mt.find()).as("%s names its java_outer_classname", f).isTrue();
        Class<?> c = Class.forName("io.eventkit.proto.v1." + mt.group(1));
        out.add((FileDescriptor) c.getMethod("getDescriptor").invoke(null));
      }
    }
    return out;
  }

  @Test
  void theRulesOfEveryRequestOfEveryServiceCompile() throws Exception {
    Set<Descriptor> requests = new LinkedHashSet<>();
    int rules = 0;
    for (FileDescriptor file : apiFiles()) {
      for (ServiceDescriptor service : file.getServices()) {
        for (MethodDescriptor method : service.getMethods()) {
          requests.add(method.getInputType());
        }
      }
    }
    for (Descriptor d : requests) {
      for (FieldDescriptor f : d.getFields()) {
        if (f.getOptions().hasExtension(ValidateProto.field)) {
          rules++;
        }
      }
    }
    assertThat(requests).hasSizeGreaterThan(100);
    assertThat(rules).as("fields of requests with a buf.validate rule").isGreaterThan(50);
    // Eager, and no lazy fallback: a rule that does not compile throws here, naming it.
    ValidatorFactory.newBuilder().buildWithDescriptors(new ArrayList<>(requests), true);
  }

  @Test
  void theVendoredValidateProtoIsTheOneInTheJar() throws IOException {
    try (InputStream in =
        ValidateProto.class.getClassLoader().getResourceAsStream("buf/validate/validate.proto")) {
      assertThat(in).isNotNull();
      assertThat(Files.readAllBytes(PROTO_ROOT.resolve("third_party/buf/validate/validate.proto")))
          .as("proto/third_party/buf/validate/validate.proto, for buf: copy it from the jar")
          .isEqualTo(in.readAllBytes());
    }
  }

  @Test
  void aBrokenRuleIsInvalidArgumentNamingTheFieldOverGrpcAndNothingIsBooked() {
    io.eventkit.node.inventory.Product p = bulk(m, 3);
    io.eventkit.node.planning.Event e =
        event(m, EventStatus.CONFIRMED, iv("2035-01-01T00:00:00Z", "2035-01-02T00:00:00Z"));
    long before = bookingLines();
    StatusRuntimeException x =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                planningApi()
                    .addBookingLine(
                        AddBookingLineRequest.newBuilder()
                            .setEventId(e.id().toString())
                            .setProduct(
                                BulkQuantity.newBuilder().setProductId("not-a-uuid").setQuantity(0))
                            .build()));
    assertThat(x.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(x.getStatus().getDescription())
        .startsWith("invalid request: ")
        .contains("product.product_id must be an ID (UUID); got 'not-a-uuid'")
        .contains("product.quantity must be greater than 0")
        .contains("(was 0)");
    assertThat(bookingLines()).isEqualTo(before);
  }

  @Test
  void aBrokenRuleAndAHandWrittenCheckAreOneAnswerOverConnectJson() throws Exception {
    long before = bookingLines();
    // event_id breaks a rule; the missing item is the feature validator's (a oneof).
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            node().baseUrl() + "/eventkit.v1.PlanningService/AddBookingLine"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + node().adminToken())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"eventId\":\"12\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode j = JSON.readTree(r.body());
    assertThat(j.path("code").asText()).isEqualTo("invalid_argument");
    assertThat(j.path("message").asText())
        .isEqualTo(
            "invalid request: event_id must be an ID (UUID); got '12'; item is required"
                + " (product, asset_id or case_id)");
    assertThat(bookingLines()).isEqualTo(before);
  }

  @Test
  void aRequiredEnumNamesItsChoicesAndALengthRuleItsLimit() {
    StatusRuntimeException x =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                planningApi()
                    .setEventStatus(
                        io.eventkit.proto.v1.SetEventStatusRequest.newBuilder()
                            .setId(java.util.UUID.randomUUID().toString())
                            .build()));
    assertThat(x.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(x.getStatus().getDescription())
        .startsWith("invalid request: status is required (EVENT_STATUS_")
        .contains(" or EVENT_STATUS_");
    StatusRuntimeException y =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                io.eventkit.node.testing.InventoryFixture.inventoryApi()
                    .updateLocation(
                        io.eventkit.proto.v1.UpdateLocationRequest.newBuilder()
                            .setId(java.util.UUID.randomUUID().toString())
                            .setCode("C".repeat(41))
                            .setName("Main")
                            .build()));
    assertThat(y.getStatus().getDescription())
        .isEqualTo("invalid request: code must be at most 40 characters");
  }
}
