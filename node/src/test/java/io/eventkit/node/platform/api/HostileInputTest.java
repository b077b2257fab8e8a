package io.eventkit.node.platform.api;

import static io.eventkit.node.testing.InventoryFixture.protoProductFields;
import static io.eventkit.node.testing.InventoryFixture.protoTs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AdjustStockRequest;
import io.eventkit.proto.v1.CaseKind;
import io.eventkit.proto.v1.CreateAssetRequest;
import io.eventkit.proto.v1.CreateCaseRequest;
import io.eventkit.proto.v1.CreateEventRequest;
import io.eventkit.proto.v1.CreateLocationRequest;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.LocationKind;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.PlanningServiceGrpc;
import io.eventkit.proto.v1.Tracking;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "Bad input, systematically": every unary RPC of the local API (enumerated from the
 * running node, so new RPCs are covered by construction) gets a table of hostile values over
 * Connect JSON, Connect binary and gRPC. Requests start from a plausible valid request built
 * generically from the descriptor (fixture IDs for {@code *_id} fields), then one field at a time,
 * at any depth, is made hostile.
 *
 * <p>Values that are never acceptable (invalid UTF-8, control characters, lone surrogates,
 * over-long strings, unknown enum numbers, impossible or out-of-range timestamps) must be refused
 * with a 4xx / a client-error gRPC code and a message, and change no row of any table. Values that
 * a field may legitimately accept (negative and huge numbers, white space, a missing field) must
 * never produce a server error, and when refused must change nothing either.
 */
class HostileInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Status.Code> SERVER_ERRORS =
      Set.of(
          Status.Code.INTERNAL,
          Status.Code.UNKNOWN,
          Status.Code.DATA_LOSS,
          Status.Code.UNAVAILABLE,
          Status.Code.UNIMPLEMENTED);

  /** Replaced by invalid UTF-8 bytes (same length) in the encoded request. */
  private static final String MARK = "QQMARKQQ";

  private static final byte[] MARK_BYTES = MARK.getBytes(StandardCharsets.US_ASCII);

  /** A Timestamp whose JSON form is replaced by an impossible date string. */
  private static final Timestamp SENTINEL_TIME =
      Timestamp.newBuilder()
          .setSeconds(Instant.parse("2100-01-01T00:00:00Z").getEpochSecond())
          .build();

  private static final String SENTINEL_JSON = "\"2100-01-01T00:00:00Z\"";

  private static TestNode node;
  private static HttpClient http;
  private static io.grpc.Channel grpc;
  private static Fixture fx;
  private static List<String> tables;

  private record Fixture(
      String location,
      String otherLocation,
      String product,
      String serialised,
      String asset,
      String event,
      String kase) {}

  /** How a hostile request is encoded; not every case exists in every protocol. */
  enum Protocol {
    CONNECT_JSON,
    CONNECT_PROTO,
    GRPC
  }

  /** One request to send: the message plus byte-level edits of its encoded form. */
  private record Case(
      String method,
      String what,
      boolean mustRefuse,
      Supplier<Message> message,
      Set<Protocol> protocols,
      byte[] markReplacement,
      String jsonMarkReplacement,
      String jsonTimeReplacement) {}

  @BeforeAll
  static void start() {
    node = TestNode.start("hostile.test");
    http = HttpClient.newHttpClient();
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + node.adminToken());
    grpc =
        ClientInterceptors.intercept(node.channel(), MetadataUtils.newAttachHeadersInterceptor(md));
    fx = fixture();
    tables =
        node.runtime()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            // subhire_relay_instance is the outbox relay's heartbeat, the
                            // stored shortages (V88) are recomputed in the background after an
                            // accepted booking, cluster_job is the background jobs' schedule, and
                            // api_rate_bucket (shared rate limits) counts every call: all change
                            // by themselves while the test runs.
                            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                                + " AND tablename NOT LIKE 'flyway%'"
                                + " AND tablename NOT IN ('subhire_relay_instance',"
                                + " 'shortage_dirty', 'shortage_segment', 'cluster_job',"
                                + " 'api_rate_bucket') ORDER BY tablename")
                        .mapTo(String.class)
                        .list());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static Fixture fixture() {
    var inv = InventoryServiceGrpc.newBlockingStub(grpc).withDeadlineAfter(30, TimeUnit.SECONDS);
    var plan = PlanningServiceGrpc.newBlockingStub(grpc).withDeadlineAfter(30, TimeUnit.SECONDS);
    String location =
        inv.createLocation(
                CreateLocationRequest.newBuilder()
                    .setKind(LocationKind.LOCATION_KIND_WAREHOUSE)
                    .setCode("W1")
                    .setName("Warehouse")
                    .build())
            .getId();
    String otherLocation =
        inv.createLocation(
                CreateLocationRequest.newBuilder()
                    .setKind(LocationKind.LOCATION_KIND_WAREHOUSE)
                    .setCode("W2")
                    .setName("Second warehouse")
                    .build())
            .getId();
    String bulk =
        inv.createProduct(
                CreateProductRequest.newBuilder()
                    .setProduct(
                        protoProductFields("BULK-1").setTracking(Tracking.TRACKING_BULK).build())
                    .build())
            .getId();
    inv.adjustStock(
        AdjustStockRequest.newBuilder()
            .setProductId(bulk)
            .setLocationId(location)
            .setDelta(10)
            .setReason("initial count")
            .build());
    String serialised =
        inv.createProduct(
                CreateProductRequest.newBuilder()
                    .setProduct(
                        protoProductFields("SER-1")
                            .setTracking(Tracking.TRACKING_SERIALISED)
                            .build())
                    .build())
            .getId();
    String asset =
        inv.createAsset(
                CreateAssetRequest.newBuilder()
                    .setProductId(serialised)
                    .setBarcode("A0001")
                    .setHomeLocationId(location)
                    .build())
            .getId();
    String event =
        plan.createEvent(
                CreateEventRequest.newBuilder()
                    .setName("Fixture event")
                    .setPeriod(period())
                    .build())
            .getId();
    String kase =
        inv.createCase(
                CreateCaseRequest.newBuilder()
                    .setBarcode("C0001")
                    .setName("Case")
                    .setKind(CaseKind.CASE_KIND_PERMANENT)
                    .setLocationId(location)
                    .build())
            .getId();
    return new Fixture(location, otherLocation, bulk, serialised, asset, event, kase);
  }

  private static Period period() {
    return Period.newBuilder()
        .setStart(protoTs("2031-03-01T09:00:00Z"))
        .setEnd(protoTs("2031-03-03T18:00:00Z"))
        .build();
  }

  // ---- the methods and their valid base requests ----

  private static List<ServerMethodDefinition<?, ?>> methods() {
    return node.runtime().api().methods().values().stream()
        .filter(m -> m.getMethodDescriptor().getType() == MethodDescriptor.MethodType.UNARY)
        .filter(m -> !m.getMethodDescriptor().getFullMethodName().startsWith("grpc."))
        .sorted(
            (a, b) ->
                a.getMethodDescriptor()
                    .getFullMethodName()
                    .compareTo(b.getMethodDescriptor().getFullMethodName()))
        .toList();
  }

  private static Descriptor requestType(ServerMethodDefinition<?, ?> m) {
    var s = (ProtoMethodDescriptorSupplier) m.getMethodDescriptor().getSchemaDescriptor();
    return s.getMethodDescriptor().getInputType();
  }

  private static Message prototype(ServerMethodDefinition<?, ?> m) {
    var marshaller =
        (MethodDescriptor.PrototypeMarshaller<?>) m.getMethodDescriptor().getRequestMarshaller();
    return (Message) marshaller.getMessagePrototype();
  }

  /** Destructive methods get unknown IDs, so the fixtures survive the run. */
  private static boolean destructive(String method) {
    String name = method.substring(method.indexOf('/') + 1);
    return name.startsWith("Delete")
        || name.startsWith("Remove")
        || name.startsWith("Revoke")
        || name.startsWith("Cancel")
        || name.startsWith("Suspend");
  }

  /** A plausible valid request: fresh unique strings, fixture IDs, a future period. */
  private static Message base(ServerMethodDefinition<?, ?> m) {
    String method = m.getMethodDescriptor().getFullMethodName();
    Message.Builder b = prototype(m).newBuilderForType();
    fill(b, method, destructive(method), 0);
    return b.build();
  }

  private static void fill(Message.Builder b, String method, boolean unknownIds, int depth) {
    Descriptor d = b.getDescriptorForType();
    if (d.getFullName().equals(Period.getDescriptor().getFullName())) {
      b.mergeFrom(period());
      return;
    }
    Set<String> oneofsDone = new java.util.HashSet<>();
    for (FieldDescriptor fd : d.getFields()) {
      if (fd.getRealContainingOneof() != null
          && !oneofsDone.add(fd.getRealContainingOneof().getName())) {
        continue;
      }
      Object v = plausible(b, fd, method, unknownIds, depth);
      if (v == null) {
        continue;
      }
      if (fd.isRepeated()) {
        b.addRepeatedField(fd, v);
      } else {
        b.setField(fd, v);
      }
    }
  }

  private static Object plausible(
      Message.Builder parent, FieldDescriptor fd, String method, boolean unknownIds, int depth) {
    String n = fd.getName();
    switch (fd.getJavaType()) {
      case STRING:
        return plausibleString(parent.getDescriptorForType().getName(), n, method, unknownIds);
      case INT:
      case LONG:
        if (n.contains("page_size")) {
          return cast(fd, 10);
        }
        if (n.contains("ttl")) {
          return cast(fd, 3600);
        }
        if (n.contains("buffer") || n.contains("sequence")) {
          return null;
        }
        if (n.contains("minor_units")) {
          return cast(fd, 100);
        }
        return cast(fd, 1);
      case ENUM:
        return fd.getEnumType().getValues().stream()
            .filter(x -> x.getNumber() != 0)
            .findFirst()
            .orElse(null);
      case MESSAGE:
        if (fd.getMessageType().getFullName().equals(Timestamp.getDescriptor().getFullName())) {
          return protoTs("2031-03-01T09:00:00Z");
        }
        if (depth > 3) {
          return null;
        }
        Message.Builder sub = parent.newBuilderForField(fd);
        fill(sub, method, unknownIds, depth + 1);
        return sub.build();
      default:
        return null;
    }
  }

  private static Object cast(FieldDescriptor fd, long v) {
    return fd.getJavaType() == FieldDescriptor.JavaType.INT ? (Object) (int) v : (Object) v;
  }

  private static String plausibleString(
      String messageName, String n, String method, boolean unknownIds) {
    String unique = UUID.randomUUID().toString().substring(0, 8);
    if (n.equals("page_token") || n.equals("invitation")) {
      return null;
    }
    if (n.equals("id") || n.endsWith("_id") || n.endsWith("_ids")) {
      if (unknownIds || n.startsWith("negotiation") || n.startsWith("partner_product")) {
        return UUID.randomUUID().toString();
      }
      if (n.contains("node")) {
        return "partner.example";
      }
      String key = n.equals("id") ? messageName.toLowerCase(Locale.ROOT) : n;
      if (n.equals("parent_id")) {
        return null;
      }
      if (n.equals("to_location_id")) {
        return fx.otherLocation();
      }
      if (key.contains("location")) {
        return fx.location();
      }
      if (key.contains("product")) {
        // Bulk where a quantity goes with it, serialised where assets or tracking do.
        return method.contains("Asset") || messageName.equals("UpdateProductRequest")
            ? fx.serialised()
            : fx.product();
      }
      if (key.contains("asset")) {
        return fx.asset();
      }
      if (key.contains("case")) {
        return fx.kase();
      }
      if (key.contains("event")) {
        return fx.event();
      }
      return UUID.randomUUID().toString();
    }
    return switch (n) {
      case "barcode", "barcodes" -> "B" + unique;
      case "currency_code" -> "EUR";
      case "time_zone" -> "Europe/Berlin";
      case "query" -> "testco";
      case "contact_email" -> "ops@example.com";
      case "gtin" -> "";
      default -> "Test " + unique;
    };
  }

  // ---- hostile values ----

  /** Every field path of a request type (nested messages included, Timestamps as leaves). */
  private static void paths(
      Descriptor d, List<FieldDescriptor> prefix, List<List<FieldDescriptor>> out) {
    for (FieldDescriptor fd : d.getFields()) {
      List<FieldDescriptor> p = new ArrayList<>(prefix);
      p.add(fd);
      if (fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          && !fd.getMessageType().getFullName().equals(Timestamp.getDescriptor().getFullName())) {
        if (p.size() < 4) {
          paths(fd.getMessageType(), p, out);
        }
      } else {
        out.add(p);
      }
    }
  }

  /**
   * The request with the field at {@code path} set to {@code value} (null: cleared; oneof siblings
   * are cleared by the setter), creating the first element of repeated and map fields on the way.
   */
  private static Message with(Message msg, List<FieldDescriptor> path, Object value) {
    FieldDescriptor fd = path.get(0);
    Message.Builder b = msg.toBuilder();
    if (path.size() == 1) {
      if (value == null) {
        b.clearField(fd);
      } else if (fd.isRepeated()) {
        b.clearField(fd);
        b.addRepeatedField(fd, value);
      } else {
        b.setField(fd, value);
      }
      return b.build();
    }
    List<FieldDescriptor> rest = path.subList(1, path.size());
    if (fd.isRepeated()) {
      int n = b.getRepeatedFieldCount(fd);
      Message first =
          n > 0 ? (Message) b.getRepeatedField(fd, 0) : b.newBuilderForField(fd).build();
      Message updated = with(first, rest, value);
      b.clearField(fd);
      b.addRepeatedField(fd, updated);
    } else {
      Message sub = b.hasField(fd) ? (Message) b.getField(fd) : b.newBuilderForField(fd).build();
      b.setField(fd, with(sub, rest, value));
    }
    return b.build();
  }

  private static String pathName(List<FieldDescriptor> path) {
    return String.join(".", path.stream().map(FieldDescriptor::getName).toList());
  }

  private static final Set<Protocol> ALL = Set.of(Protocol.values());
  private static final Set<Protocol> BYTES = Set.of(Protocol.CONNECT_PROTO, Protocol.GRPC);
  private static final Set<Protocol> JSON_ONLY = Set.of(Protocol.CONNECT_JSON);

  private static List<Case> cases(ServerMethodDefinition<?, ?> m) {
    String method = m.getMethodDescriptor().getFullMethodName();
    List<Case> out = new ArrayList<>();
    out.add(new Case(method, "valid base", false, () -> base(m), ALL, null, null, null));
    out.add(new Case(method, "empty request", false, () -> prototype(m), ALL, null, null, null));
    List<List<FieldDescriptor>> paths = new ArrayList<>();
    paths(requestType(m), new ArrayList<>(), paths);
    for (List<FieldDescriptor> p : paths) {
      String f = pathName(p);
      FieldDescriptor leaf = p.get(p.size() - 1);
      out.add(
          new Case(
              method, f + " missing", false, () -> with(base(m), p, null), ALL, null, null, null));
      switch (leaf.getJavaType()) {
        case STRING -> {
          out.add(
              refuse(
                  method,
                  f + " = invalid UTF-8 (FF FE)",
                  () -> with(base(m), p, MARK),
                  ALL,
                  new byte[] {'Q', (byte) 0xFF, (byte) 0xFE, 'Q', 'Q', 'Q', 'Q', 'Q'},
                  null));
          out.add(
              refuse(
                  method,
                  f + " = UTF-8-encoded surrogate (ED A0 80)",
                  () -> with(base(m), p, MARK),
                  ALL,
                  new byte[] {'Q', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'Q', 'Q', 'Q', 'Q'},
                  null));
          out.add(
              refuse(
                  method,
                  f + " = overlong NUL (C0 80)",
                  () -> with(base(m), p, MARK),
                  ALL,
                  new byte[] {'Q', (byte) 0xC0, (byte) 0x80, 'Q', 'Q', 'Q', 'Q', 'Q'},
                  null));
          out.add(
              refuse(
                  method,
                  f + " = JSON lone surrogate \\ud800",
                  () -> with(base(m), p, MARK),
                  JSON_ONLY,
                  null,
                  "\\ud800"));
          out.add(
              refuse(method, f + " = NUL", () -> with(base(m), p, "a\u0000b"), ALL, null, null));
          out.add(
              refuse(method, f + " = BEL only", () -> with(base(m), p, "\u0007"), ALL, null, null));
          out.add(
              refuse(
                  method,
                  f + " = ESC sequence",
                  () -> with(base(m), p, "x\u001b[31m"),
                  ALL,
                  null,
                  null));
          out.add(
              refuse(
                  method,
                  f + " = DEL/C1",
                  () -> with(base(m), p, "x\u007f\u0085"),
                  ALL,
                  null,
                  null));
          out.add(
              refuse(
                  method,
                  f + " = 10 001 characters",
                  () -> with(base(m), p, "x".repeat(10_001)),
                  ALL,
                  null,
                  null));
          out.add(
              new Case(
                  method,
                  f + " = white space only",
                  false,
                  () -> with(base(m), p, " \t "),
                  ALL,
                  null,
                  null,
                  null));
        }
        case INT -> {
          for (int v : new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            out.add(
                new Case(
                    method,
                    f + " = " + v,
                    false,
                    () -> with(base(m), p, v),
                    ALL,
                    null,
                    null,
                    null));
          }
        }
        case LONG -> {
          for (long v : new long[] {-1, Long.MIN_VALUE, Long.MAX_VALUE, 9_007_199_254_740_993L}) {
            out.add(
                new Case(
                    method,
                    f + " = " + v,
                    false,
                    () -> with(base(m), p, v),
                    ALL,
                    null,
                    null,
                    null));
          }
        }
        case DOUBLE, FLOAT -> {
          for (double v : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY, 1e308}) {
            Object o =
                leaf.getJavaType() == FieldDescriptor.JavaType.FLOAT ? (Object) (float) v : v;
            out.add(
                new Case(
                    method,
                    f + " = " + v,
                    false,
                    () -> with(base(m), p, o),
                    ALL,
                    null,
                    null,
                    null));
          }
        }
        case ENUM -> {
          EnumValueDescriptor unknown = leaf.getEnumType().findValueByNumberCreatingIfUnknown(999);
          out.add(
              refuse(
                  method,
                  f + " = unknown enum 999",
                  () -> with(base(m), p, unknown),
                  ALL,
                  null,
                  null));
        }
        case MESSAGE -> {
          // A Timestamp.
          out.add(
              refuse(
                  method,
                  f + " = nanos 2e9",
                  () ->
                      with(
                          base(m),
                          p,
                          Timestamp.newBuilder()
                              .setSeconds(1_900_000_000L)
                              .setNanos(2_000_000_000)
                              .build()),
                  BYTES,
                  null,
                  null));
          out.add(
              refuse(
                  method,
                  f + " = nanos -1",
                  () ->
                      with(
                          base(m),
                          p,
                          Timestamp.newBuilder().setSeconds(1_900_000_000L).setNanos(-1).build()),
                  BYTES,
                  null,
                  null));
          out.add(
              refuse(
                  method,
                  f + " = year 10000",
                  () ->
                      with(base(m), p, Timestamp.newBuilder().setSeconds(253_402_300_800L).build()),
                  BYTES,
                  null,
                  null));
          out.add(
              refuse(
                  method,
                  f + " = Long.MAX_VALUE seconds",
                  () -> with(base(m), p, Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build()),
                  BYTES,
                  null,
                  null));
          out.add(
              refuse(
                  method,
                  f + " = before 1970",
                  () -> with(base(m), p, Timestamp.newBuilder().setSeconds(-1).build()),
                  BYTES,
                  null,
                  null));
          for (String bad :
              List.of(
                  "2026-12-32T00:00:00Z",
                  "2026-02-30T10:00:00Z",
                  "2026-12-01T25:00:00Z",
                  "2026-12-01T10:00:00",
                  "1969-12-31T23:59:59Z",
                  "10000-01-01T00:00:00Z")) {
            out.add(
                new Case(
                    method,
                    f + " = JSON \"" + bad + "\"",
                    true,
                    () -> with(base(m), p, SENTINEL_TIME),
                    JSON_ONLY,
                    null,
                    null,
                    "\"" + bad + "\""));
          }
        }
        default -> {}
      }
    }
    return out;
  }

  private static Case refuse(
      String method,
      String what,
      Supplier<Message> msg,
      Set<Protocol> protocols,
      byte[] mark,
      String jsonMark) {
    return new Case(method, what, true, msg, protocols, mark, jsonMark, null);
  }

  // ---- sending ----

  private record Outcome(boolean ok, boolean serverError, String code, String message) {}

  private static byte[] replace(byte[] in, byte[] what, byte[] with) {
    for (int i = 0; i + what.length <= in.length; i++) {
      if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
        byte[] out = new byte[in.length - what.length + with.length];
        System.arraycopy(in, 0, out, 0, i);
        System.arraycopy(with, 0, out, i, with.length);
        System.arraycopy(in, i + what.length, out, i + with.length, in.length - i - what.length);
        return out;
      }
    }
    throw new AssertionError("marker not found in the encoded request");
  }

  private static byte[] encode(Case c, Protocol p) {
    Message message = c.message().get();
    if (p == Protocol.CONNECT_JSON) {
      String json;
      try {
        json = JsonFormat.printer().print(message);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (c.jsonTimeReplacement() != null) {
        assertThat(json).contains(SENTINEL_JSON);
        json = json.replace(SENTINEL_JSON, c.jsonTimeReplacement());
      }
      if (c.jsonMarkReplacement() != null) {
        json = json.replace(MARK, c.jsonMarkReplacement());
      }
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      return c.markReplacement() == null ? bytes : replace(bytes, MARK_BYTES, c.markReplacement());
    }
    byte[] bytes = message.toByteArray();
    return c.markReplacement() == null ? bytes : replace(bytes, MARK_BYTES, c.markReplacement());
  }

  private static Outcome send(Case c, Protocol p) throws Exception {
    byte[] body = encode(c, p);
    if (p == Protocol.GRPC) {
      MethodDescriptor<byte[], byte[]> md =
          MethodDescriptor.<byte[], byte[]>newBuilder()
              .setType(MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(c.method())
              .setRequestMarshaller(RAW)
              .setResponseMarshaller(RAW)
              .build();
      try {
        ClientCalls.blockingUnaryCall(
            grpc, md, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), body);
        return new Outcome(true, false, "OK", null);
      } catch (StatusRuntimeException e) {
        return new Outcome(
            false,
            SERVER_ERRORS.contains(e.getStatus().getCode()),
            e.getStatus().getCode().name(),
            e.getStatus().getDescription());
      }
    }
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(node.baseUrl() + "/" + c.method()))
            .header(
                "Content-Type",
                p == Protocol.CONNECT_JSON ? "application/json" : "application/proto")
            .header("Authorization", "Bearer " + node.adminToken())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 200) {
      return new Outcome(true, false, "200", null);
    }
    String code = null;
    String message = null;
    try {
      JsonNode j = JSON.readTree(r.body());
      code = j.path("code").asText(null);
      message = j.path("message").asText(null);
    } catch (IOException e) {
      message = null;
    }
    boolean serverError =
        r.statusCode() >= 500
            || r.statusCode() < 400
            || "internal".equals(code)
            || "unknown".equals(code);
    return new Outcome(false, serverError, r.statusCode() + " " + code, message);
  }

  private static final MethodDescriptor.Marshaller<byte[]> RAW =
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

  /**
   * Waits until every recorded domain event has been fanned out. An accepted call may record an
   * event, and the fan-out then writes (marks it, adds notifications and mails) in the background,
   * after the call returned: without this wait those writes would land during the next call and be
   * blamed on it.
   */
  private static void awaitFanOut() throws InterruptedException {
    long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (node.runtime()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT EXISTS (SELECT 1 FROM domain_event WHERE fanned_out_at IS NULL)")
                        .mapTo(Boolean.class)
                        .one())
        && System.nanoTime() < until) {
      Thread.sleep(10);
    }
  }

  /** Where PostgreSQL's write-ahead log ends: any write, committed or not, moves it. */
  private static String walPosition() {
    return node.runtime()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT pg_current_wal_insert_lsn()::text")
                    .mapTo(String.class)
                    .one());
  }

  /**
   * Per table, a digest of all its rows: any insert, update or delete changes it. {@code
   * last_used_at} is left out: authenticating a call moves an API token's (at most once a minute),
   * which is bookkeeping of the caller, not a write by the refused call.
   */
  private static Map<String, String> snapshot() {
    StringBuilder sql = new StringBuilder();
    for (String t : tables) {
      if (sql.length() > 0) {
        sql.append(" UNION ALL ");
      }
      sql.append("SELECT '")
          .append(t)
          .append(
              "' AS t, count(*) || ':' || coalesce(md5(string_agg((to_jsonb(x) - 'last_used_at')::text, ',' ORDER BY (to_jsonb(x) - 'last_used_at')::text)), '') AS d FROM \"")
          .append(t)
          .append("\" x");
    }
    return node.runtime()
        .jdbi()
        .withHandle(
            h -> {
              Map<String, String> out = new TreeMap<>();
              h.createQuery(sql.toString())
                  .map((rs, ctx) -> Map.entry(rs.getString("t"), rs.getString("d")))
                  .forEach(e -> out.put(e.getKey(), e.getValue()));
              return out;
            });
  }

  /**
   * The refusals that write: a credential check that fails (a login, a password-reset token, the
   * current password of a password change, an SSO completion) appends its failure to the auth
   * audit, and nothing else.
   */
  private static final Map<String, String> AUDITED_FAILURES =
      Map.of(
          "eventkit.v1.AuthService/Login", "LOGIN_FAILED",
          "eventkit.v1.AuthService/CompleteSsoLogin", "LOGIN_FAILED",
          "eventkit.v1.AuthService/ResetPassword", "PASSWORD_RESET_FAILED",
          "eventkit.v1.AuthService/ChangePassword", "PASSWORD_CHANGE_FAILED");

  private static boolean auditedFailedLogin(
      Case c, Outcome o, Map<String, String> before, Map<String, String> after) {
    String action = AUDITED_FAILURES.get(c.method());
    String code = String.valueOf(o.code()).toLowerCase(java.util.Locale.ROOT);
    if (action == null
        || !(code.contains("unauthenticated") || code.contains("permission"))
        || !List.of("auth_audit", "login_throttle").containsAll(changed(before, after))
        || !changed(before, after).contains("auth_audit")) {
      return false;
    }
    return node.runtime()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT action FROM auth_audit ORDER BY id DESC LIMIT 1")
                    .mapTo(String.class)
                    .one())
        .equals(action);
  }

  private static List<String> changed(Map<String, String> before, Map<String, String> after) {
    return before.keySet().stream().filter(t -> !before.get(t).equals(after.get(t))).toList();
  }

  @Test
  void everyRpcRefusesHostileInputWithAClientErrorAndWritesNothing() throws Exception {
    List<ServerMethodDefinition<?, ?>> methods = methods();
    assertThat(methods).hasSizeGreaterThan(60);
    List<String> failures = new ArrayList<>();
    Map<String, Integer> sent = new LinkedHashMap<>();
    Map<String, String> before = snapshot();
    String lsn = walPosition();
    for (ServerMethodDefinition<?, ?> m : methods) {
      for (Case c : cases(m)) {
        for (Protocol p : Protocol.values()) {
          if (!c.protocols().contains(p)) {
            continue;
          }
          Outcome o = send(c, p);
          sent.merge(c.method(), 1, Integer::sum);
          awaitFanOut();
          // Nothing was written (not even an aborted insert) while the WAL stood still, so the
          // digest of every table is only recomputed when it moved.
          String lsnAfter = walPosition();
          Map<String, String> after = lsnAfter.equals(lsn) ? before : snapshot();
          lsn = lsnAfter;
          String where = c.method() + " " + c.what() + " over " + p;
          if (o.ok()
              && !c.mustRefuse()
              && c.what().matches(".* = -?[0-9].*|.* = (NaN|Infinity).*")) {
            System.out.println("ACCEPTED " + where);
          }
          if (c.what().equals("valid base") && p == Protocol.GRPC) {
            System.out.println("BASE " + where + ": " + o.code() + " " + o.message());
          }
          if (o.serverError()) {
            failures.add(where + ": server error " + o.code() + " " + o.message());
          } else if (!o.ok() && (o.message() == null || o.message().isBlank())) {
            failures.add(where + ": refused (" + o.code() + ") without a message");
          } else if (c.mustRefuse() && o.ok()) {
            failures.add(where + ": accepted (must be refused)");
          }
          if (!o.ok() && !after.equals(before) && !auditedFailedLogin(c, o, before, after)) {
            failures.add(where + ": refused but changed " + changed(before, after));
          }
          before = after;
        }
      }
    }
    System.out.println(
        "HostileInputTest: "
            + sent.values().stream().mapToInt(i -> i).sum()
            + " requests to "
            + sent.size()
            + " methods");
    failures.forEach(f -> System.out.println("HOSTILE " + f));
    assertThat(failures).isEmpty();
  }
}
