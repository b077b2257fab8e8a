package io.eventkit.node.subhire;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.inventory.InventoryConfig;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.testing.Domain;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AcceptInvitationRequest;
import io.eventkit.proto.v1.CreateInvitationRequest;
import io.eventkit.proto.v1.NegotiationState;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.QuoteSubHireRequest;
import io.eventkit.proto.v1.RequestLine;
import io.eventkit.proto.v1.RequestSubHireRequest;
import io.eventkit.proto.v1.SubHire;
import io.eventkit.proto.v1.SubHireServiceGrpc;
import io.eventkit.proto.v1.TrustLevel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One sub-hire is one trace over both companies: borrower B and supplier S export their spans over
 * OTLP/HTTP to a collector on loopback (a real HTTP server reading the collector's own protobuf
 * messages). B's request, its outbox message to S and S's handling of it carry the trace B's caller
 * started; S's quote, its message back to B and B's handling carry the trace of S's caller.
 */
class SubHireTraceTest {
  /** What the collector received: each span with the node (service.instance.id) that sent it. */
  record Exported(String node, Span span) {
    String traceId() {
      return HexFormat.of().formatHex(span.getTraceId().toByteArray());
    }

    String spanId() {
      return HexFormat.of().formatHex(span.getSpanId().toByteArray());
    }

    String parentId() {
      return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
    }
  }

  private static final List<Exported> EXPORTED = new CopyOnWriteArrayList<>();
  private static HttpServer collector;
  private static TestNode s;
  private static TestNode b;

  @BeforeAll
  static void start() throws IOException {
    collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in);
            for (ResourceSpans rs : request.getResourceSpansList()) {
              String node =
                  rs.getResource().getAttributesList().stream()
                      .filter(a -> a.getKey().equals("service.instance.id"))
                      .map(a -> a.getValue().getStringValue())
                      .findFirst()
                      .orElse("?");
              for (ScopeSpans ss : rs.getScopeSpansList()) {
                ss.getSpansList().forEach(span -> EXPORTED.add(new Exported(node, span)));
              }
            }
          }
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces";

    NodeConfiguration sc =
        TestNode.config("s.trace.test", Files.createTempDirectory("eventkit-s.trace"));
    traced(sc, endpoint);
    s = TestNode.start(sc);
    NodeConfiguration bc =
        TestNode.config("b.trace.test", Files.createTempDirectory("eventkit-b.trace"));
    traced(bc, endpoint);
    b = TestNode.start(bc);
    String invitation =
        s.trust()
            .createInvitation(
                CreateInvitationRequest.newBuilder()
                    .setPartnerNodeId(b.nodeId())
                    .setLevel(TrustLevel.TRUST_LEVEL_SUBHIRE_REQUEST)
                    .build())
            .getInvitation();
    b.trust()
        .acceptInvitation(AcceptInvitationRequest.newBuilder().setInvitation(invitation).build());
  }

  private static void traced(NodeConfiguration c, String endpoint) {
    SubHireTest.fast(c);
    c.getTracing().setEndpoint(endpoint);
    c.getTracing().setExportDelay(io.dropwizard.util.Duration.milliseconds(100));
  }

  @AfterAll
  static void stop() {
    for (TestNode n : new TestNode[] {b, s}) {
      if (n != null) {
        n.close();
      }
    }
    if (collector != null) {
      collector.stop(0);
    }
  }

  @Test
  void aSubHireRequestAndTheSuppliersAnswerAreEachOneTraceAcrossBothNodes() {
    Domain sm =
        Domain.create(s.runtime().jdbi(), Clock.systemUTC(), s.nodeId(), new InventoryConfig());
    Domain bm =
        Domain.create(b.runtime().jdbi(), Clock.systemUTC(), b.nodeId(), new InventoryConfig());
    Product sMic = SubHireTest.product(sm, "Mic", 10, Product.Tracking.BULK, true);
    Product bMic = SubHireTest.product(bm, "Mic", 2, Product.Tracking.BULK, false);
    String traceId = HexFormat.of().formatHex(randomBytes(16));
    String callerSpan = HexFormat.of().formatHex(randomBytes(8));

    Logger rpcLog = (Logger) LoggerFactory.getLogger("eventkit.rpc");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    rpcLog.addAppender(lines);
    SubHire requested;
    try {
      Instant start =
          Instant.now()
              .plus(Duration.ofDays(30))
              .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      requested =
          api(b, traceId, callerSpan)
              .requestSubHire(
                  RequestSubHireRequest.newBuilder()
                      .setSupplierNodeId(s.nodeId())
                      .setRequestingCompany("Borrower Ltd")
                      .setContactName("Pat Planner")
                      .setContactEmail("pat@borrower.test")
                      .setEventName("Traced Gala")
                      .setUsagePeriod(
                          Period.newBuilder()
                              .setStart(ts(start))
                              .setEnd(ts(start.plus(Duration.ofDays(2)))))
                      .addLines(
                          RequestLine.newBuilder()
                              .setSupplierProductId(sMic.id().toString())
                              .setLocalProductId(bMic.id().toString())
                              .setQuantity(3))
                      .build());
    } finally {
      rpcLog.detachAppender(lines);
    }
    String id = requested.getNegotiationId();
    SubHireTest.awaitState(s, id, NegotiationState.ACKNOWLEDGED);

    // The request log line of the call carries its trace.
    assertThat(lines.list)
        .filteredOn(e -> e.getFormattedMessage().contains("SubHireService/RequestSubHire"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMDCPropertyMap()).containsEntry("trace_id", traceId));

    List<Exported> trace = awaitSpans(traceId, s, "eventkit.v1.FederationSubHireService/Order");
    Exported bRequest =
        one(trace, b, "eventkit.v1.SubHireService/RequestSubHire", Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(bRequest.parentId()).isEqualTo(callerSpan);
    Exported bOrder =
        one(trace, b, "eventkit.v1.FederationSubHireService/Order", Span.SpanKind.SPAN_KIND_CLIENT);
    Exported sOrder =
        one(trace, s, "eventkit.v1.FederationSubHireService/Order", Span.SpanKind.SPAN_KIND_SERVER);
    // The relay sent the message after the request had ended, inside the request's trace.
    assertThat(bOrder.parentId()).isEqualTo(bRequest.spanId());
    assertThat(sOrder.parentId()).isEqualTo(bOrder.spanId());
    assertThat(attribute(sOrder.span(), "eventkit.transport")).isEqualTo("federation");
    assertThat(attribute(bOrder.span(), "eventkit.partner")).isEqualTo(s.nodeId());
    assertThat(trace).hasSize(3);

    // The supplier's answer: its user's call, its outbox message to B and B's handling of it.
    String answerTrace = HexFormat.of().formatHex(randomBytes(16));
    String answerCaller = HexFormat.of().formatHex(randomBytes(8));
    api(s, answerTrace, answerCaller)
        .quoteSubHire(
            QuoteSubHireRequest.newBuilder()
                .setNegotiationId(id)
                .putUnitPrices(
                    sMic.id().toString(),
                    io.eventkit.proto.v1.Money.newBuilder()
                        .setCurrencyCode("EUR")
                        .setMinorUnits(1500)
                        .build())
                .build());
    SubHireTest.awaitState(b, id, NegotiationState.QUOTED);
    List<Exported> answer =
        awaitSpans(answerTrace, b, "eventkit.v1.FederationSubHireService/Respond");
    Exported sQuote =
        one(answer, s, "eventkit.v1.SubHireService/QuoteSubHire", Span.SpanKind.SPAN_KIND_SERVER);
    Exported sRespond =
        one(
            answer,
            s,
            "eventkit.v1.FederationSubHireService/Respond",
            Span.SpanKind.SPAN_KIND_CLIENT);
    Exported bRespond =
        one(
            answer,
            b,
            "eventkit.v1.FederationSubHireService/Respond",
            Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(sQuote.parentId()).isEqualTo(answerCaller);
    assertThat(sRespond.parentId()).isEqualTo(sQuote.spanId());
    assertThat(bRespond.parentId()).isEqualTo(sRespond.spanId());
    assertThat(answer).hasSize(3);
    assertThat(List.of(trace, answer))
        .allSatisfy(
            spans ->
                assertThat(spans)
                    .allSatisfy(
                        e ->
                            assertThat(e.span().getStatus().getCode())
                                .isNotEqualTo(
                                    io.opentelemetry.proto.trace.v1.Status.StatusCode
                                        .STATUS_CODE_ERROR)));
  }

  /** The sub-hire API of {@code node} as its admin, continuing the caller's trace. */
  private static SubHireServiceGrpc.SubHireServiceBlockingStub api(
      TestNode node, String traceId, String parentSpan) {
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + node.adminToken());
    md.put(
        Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER),
        "00-" + traceId + "-" + parentSpan + "-01");
    return SubHireServiceGrpc.newBlockingStub(node.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @Test
  void withoutACallerTraceEachRequestStartsItsOwnTrace() {
    String before = EXPORTED.stream().map(Exported::traceId).collect(Collectors.joining(","));
    b.nodeService().getNodeInfo(io.eventkit.proto.v1.GetNodeInfoRequest.getDefaultInstance());
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      List<Exported> fresh =
          EXPORTED.stream()
              .filter(e -> e.span().getName().equals("eventkit.v1.NodeService/GetNodeInfo"))
              .filter(e -> !before.contains(e.traceId()))
              .toList();
      if (!fresh.isEmpty()) {
        assertThat(fresh.get(0).node()).isEqualTo(b.nodeId());
        assertThat(fresh.get(0).span().getParentSpanId().isEmpty()).isTrue();
        return;
      }
      sleep(50);
    }
    throw new AssertionError("GetNodeInfo's span never reached the collector");
  }

  /** The trace's spans once {@code lastNode}'s SERVER span {@code last} has arrived. */
  private static List<Exported> awaitSpans(String traceId, TestNode lastNode, String last) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    List<Exported> trace = List.of();
    while (System.nanoTime() < end) {
      trace = EXPORTED.stream().filter(e -> e.traceId().equals(traceId)).toList();
      if (!spans(trace, lastNode, last, Span.SpanKind.SPAN_KIND_SERVER).isEmpty()) {
        sleep(300); // the batch that holds the callers' spans may still be on its way
        return EXPORTED.stream().filter(e -> e.traceId().equals(traceId)).toList();
      }
      sleep(50);
    }
    throw new AssertionError("the trace never completed; spans so far: " + describe(trace));
  }

  private static List<Exported> spans(
      List<Exported> trace, TestNode node, String name, Span.SpanKind kind) {
    return trace.stream()
        .filter(e -> e.node().equals(node.nodeId()))
        .filter(e -> e.span().getName().equals(name) && e.span().getKind() == kind)
        .toList();
  }

  private static Exported one(
      List<Exported> trace, TestNode node, String name, Span.SpanKind kind) {
    List<Exported> found = spans(trace, node, name, kind);
    assertThat(found)
        .as("%s %s on %s in %s", kind, name, node.nodeId(), describe(trace))
        .hasSize(1);
    return found.get(0);
  }

  private static String attribute(Span span, String key) {
    return span.getAttributesList().stream()
        .filter(a -> a.getKey().equals(key))
        .map(KeyValue::getValue)
        .map(v -> v.getStringValue())
        .findFirst()
        .orElse(null);
  }

  private static String describe(List<Exported> trace) {
    return trace.stream()
        .map(e -> e.node() + " " + e.span().getKind() + " " + e.span().getName())
        .collect(Collectors.joining("; "));
  }

  private static com.google.protobuf.Timestamp ts(Instant i) {
    return com.google.protobuf.Timestamp.newBuilder().setSeconds(i.getEpochSecond()).build();
  }

  private static byte[] randomBytes(int n) {
    byte[] out = new byte[n];
    new java.security.SecureRandom().nextBytes(out);
    return out;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
