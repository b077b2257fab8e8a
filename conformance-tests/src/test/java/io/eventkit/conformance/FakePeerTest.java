package io.eventkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.eventkit.ca.CertificateAuthority;
import io.eventkit.ca.Csrs;
import io.eventkit.ca.KeyPairs;
import io.eventkit.ca.NodeId;
import io.eventkit.ca.tls.ReloadingKeyManager;
import io.eventkit.conformance.harness.Api;
import io.eventkit.conformance.harness.Cli;
import io.eventkit.conformance.harness.Deployer;
import io.eventkit.conformance.harness.FakePeer;
import io.eventkit.conformance.harness.FakePeer.Reply;
import io.eventkit.conformance.harness.NodeHandle;
import io.eventkit.conformance.harness.Scenario;
import io.eventkit.proto.v1.AvailabilityAnswer;
import io.eventkit.proto.v1.AvailabilityLineStatus;
import io.eventkit.proto.v1.AvailabilityQueryLine;
import io.eventkit.proto.v1.EnrollRequest;
import io.eventkit.proto.v1.GetTrustBundleRequest;
import io.eventkit.proto.v1.ListSharedProductsRequest;
import io.eventkit.proto.v1.ListSharedProductsResponse;
import io.eventkit.proto.v1.PartnerAvailability;
import io.eventkit.proto.v1.PartnerQueryStatus;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.PingRequest;
import io.eventkit.proto.v1.Product;
import io.eventkit.proto.v1.QueryAvailabilityRequest;
import io.eventkit.proto.v1.QueryAvailabilityResponse;
import io.eventkit.proto.v1.SharedProduct;
import io.eventkit.proto.v1.TrustLevel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Cases 3, 4, 5 and 20 against real nodes A and B, with a scripted {@link FakePeer} that enrolled
 * with both through the public invitation flow. Everything the fake does is what another
 * implementation could do on the wire; the nodes are driven through their admin APIs only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FakePeerTest {
  private static final String FAKE = "fake.test";
  private static final Duration ANSWER_BOUND = Duration.ofMillis(500 + 1500);

  private static Deployer deployer;
  private static List<NodeHandle> nodes;
  private static NodeHandle a;
  private static NodeHandle b;
  private static FakePeer fake;
  private static String aFederation;
  private static String aEnrollment;
  private static Product aMic;

  @BeforeAll
  static void deploy() {
    deployer = Deployer.fromSystemProperty();
    assumeTrue(deployer.local(), "needs nodes on this machine's loopback (fault proxy, fake peer)");
    nodes = deployer.deploy(2);
    a = nodes.get(0);
    b = nodes.get(1);
    fake = FakePeer.start(FAKE);
    try (Api api = new Api(a);
        Api bApi = new Api(b)) {
      // A and B are partners; the fake is a partner of both (A grants it AVAILABILITY, and it
      // grants A AVAILABILITY so that A's fan-out calls it).
      bApi.accept(api.invite(b.nodeId(), TrustLevel.TRUST_LEVEL_NONE), TrustLevel.TRUST_LEVEL_NONE);
      String inv = api.invite(FAKE, TrustLevel.TRUST_LEVEL_AVAILABILITY);
      aEnrollment = FakePeer.parseInvitation(inv).getEnrollmentEndpoint();
      fake.acceptInvitation(inv, TrustLevel.TRUST_LEVEL_AVAILABILITY);
      fake.acceptInvitation(
          bApi.invite(FAKE, TrustLevel.TRUST_LEVEL_NONE), TrustLevel.TRUST_LEVEL_NONE);
      aFederation = api.info().getFederationEndpoint();
      aMic = api.sharedProduct("Shure", "SM58", 5);
    }
  }

  @AfterAll
  static void teardown() {
    if (fake != null) {
      fake.close();
    }
    if (deployer != null) {
      deployer.close();
    }
  }

  private static Status.Code pingWith(ReloadingKeyManager clientKeys) {
    ManagedChannel ch = FakePeer.tlsChannel(aFederation, a.nodeId(), clientKeys, null);
    try {
      FakePeer.callRaw(ch, FakePeer.PING, PingRequest.getDefaultInstance().toByteArray());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      ch.shutdownNow();
    }
  }

  private static Status.Code code(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  @Order(1)
  void fakePeerEnrolledThroughThePublicFlow() {
    Scenario.named("fake peer enrolment", nodes)
        .step(
            "A and B hold the fake as ACTIVE",
            () -> {
              for (NodeHandle n : nodes) {
                assertThat(Cli.run(n, "trust", "show", FAKE).json().get("state").getAsString())
                    .isEqualTo("PARTNER_STATE_ACTIVE");
              }
            })
        .step(
            "the fake pings A and B over mTLS with the certificates they issued it",
            () -> {
              assertThat(fake.ping(a.nodeId()).getNodeId()).isEqualTo(a.nodeId());
              assertThat(fake.ping(b.nodeId()).getNodeId()).isEqualTo(b.nodeId());
            })
        .step(
            "A's refresh pings the fake",
            () -> assertThat(Cli.run(a, "trust", "refresh", FAKE).exitCode()).isZero())
        .step("nothing unexpected reached the fake", fake::verifyNoUnexpectedCalls);
  }

  @Test
  @Order(2)
  void case3_foreignSelfSignedOrNoClientCertificateIsRefusedAtTls() {
    Scenario.named("case 3: client certificates A did not issue", nodes)
        .step(
            "no client certificate: refused",
            () -> assertThat(pingWith(null)).isEqualTo(Status.Code.UNAVAILABLE))
        .step(
            "self-signed certificate: refused",
            () -> {
              CertificateAuthority self =
                  CertificateAuthority.createRoot(
                      NodeId.of(FAKE), Duration.ofDays(1), java.time.Clock.systemUTC());
              assertThat(
                      pingWith(
                          new ReloadingKeyManager(self.privateKey(), List.of(self.certificate()))))
                  .isEqualTo(Status.Code.UNAVAILABLE);
            })
        .step(
            "certificate from an impostor CA named like A, with A's partner SAN: refused",
            () -> {
              CertificateAuthority impostor = FakePeer.impostorCa(a.nodeId());
              KeyPair kp = KeyPairs.generateP256();
              var leaf =
                  impostor.signPartnerCsr(
                      Csrs.createPartnerCsr(kp, NodeId.of(a.nodeId()), NodeId.of(FAKE)),
                      NodeId.of(FAKE),
                      Duration.ofHours(1),
                      Duration.ofDays(1));
              assertThat(
                      pingWith(
                          new ReloadingKeyManager(
                              kp.getPrivate(), List.of(leaf, impostor.certificate()))))
                  .isEqualTo(Status.Code.UNAVAILABLE);
            })
        .step(
            "control: the certificate A issued works on the same path",
            () -> assertThat(pingWith(fake.credentialsFrom(a.nodeId()))).isEqualTo(Status.Code.OK));
  }

  @Test
  @Order(3)
  void case4_aCertificateIssuedByBIsRefusedByA() {
    Scenario.named("case 4: bundles never merge", nodes)
        .step(
            "the fake's B-issued certificate works at B",
            () -> assertThat(fake.ping(b.nodeId()).getNodeId()).isEqualTo(b.nodeId()))
        .step(
            "the same certificate is refused at A's TLS handshake, though A and B are partners",
            () ->
                assertThat(pingWith(fake.credentialsFrom(b.nodeId())))
                    .isEqualTo(Status.Code.UNAVAILABLE));
  }

  private static QueryAvailabilityRequest query(String productId) {
    Instant start = Instant.now().plus(Duration.ofDays(300));
    return QueryAvailabilityRequest.newBuilder()
        .addLines(AvailabilityQueryLine.newBuilder().setProductId(productId).setQuantity(2))
        .setPeriod(
            Period.newBuilder()
                .setStart(
                    com.google.protobuf.Timestamp.newBuilder().setSeconds(start.getEpochSecond()))
                .setEnd(
                    com.google.protobuf.Timestamp.newBuilder()
                        .setSeconds(start.plus(Duration.ofDays(2)).getEpochSecond())))
        .build();
  }

  @Test
  @Order(4)
  void case5_eachLevelAllowsExactlyItsRpcs() {
    String[] levels = {
      "none",
      "discover",
      "availability",
      "resolve-assets",
      "subhire-request",
      "subhire-auto-confirm"
    };
    Scenario s = Scenario.named("case 5: trust levels vs federation RPCs", nodes);
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      int rank = i;
      s.step(
          "A grants the fake " + level,
          () -> {
            Cli.Result r = Cli.run(a, "trust", "set-level", FAKE, level);
            assertThat(r.exitCode()).as("%s", r).isZero();
          });
      s.step(
          "at "
              + level
              + ": Ping and GetTrustBundle OK, catalogue "
              + (rank >= 1 ? "OK" : "denied")
              + ", availability "
              + (rank >= 2 ? "OK" : "denied"),
          () -> {
            assertThat(code(() -> fake.ping(a.nodeId()))).isEqualTo(Status.Code.OK);
            assertThat(
                    code(
                        () ->
                            fake.callRaw(
                                a.nodeId(),
                                FakePeer.GET_TRUST_BUNDLE,
                                GetTrustBundleRequest.getDefaultInstance().toByteArray())))
                .isEqualTo(Status.Code.OK);
            Status.Code catalogue =
                code(
                    () -> {
                      byte[] page =
                          fake.callRaw(
                              a.nodeId(),
                              FakePeer.LIST_SHARED_PRODUCTS,
                              ListSharedProductsRequest.getDefaultInstance().toByteArray());
                      try {
                        assertThat(ListSharedProductsResponse.parseFrom(page).getProductsList())
                            .extracting(SharedProduct::getId)
                            .contains(aMic.getId());
                      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new AssertionError(e);
                      }
                    });
            assertThat(catalogue)
                .isEqualTo(rank >= 1 ? Status.Code.OK : Status.Code.PERMISSION_DENIED);
            Status.Code availability =
                code(
                    () ->
                        fake.callRaw(
                            a.nodeId(),
                            FakePeer.QUERY_AVAILABILITY,
                            query(aMic.getId()).toByteArray()));
            assertThat(availability)
                .isEqualTo(rank >= 2 ? Status.Code.OK : Status.Code.PERMISSION_DENIED);
          });
    }
    s.step(
            "an RPC A does not serve is refused, not crashed on",
            () ->
                assertThat(
                        code(
                            () ->
                                fake.callRaw(
                                    a.nodeId(),
                                    "eventkit.v1.FederationService/NoSuchMethod",
                                    new byte[0])))
                    .isIn(Status.Code.UNIMPLEMENTED, Status.Code.PERMISSION_DENIED))
        .step(
            "back to availability",
            () ->
                assertThat(Cli.run(a, "trust", "set-level", FAKE, "availability").exitCode())
                    .isZero());
  }

  private static void assertHealthy(NodeHandle n) throws Exception {
    HttpResponse<String> live =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(n.httpUrl() + "/health/live")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(live.statusCode()).isEqualTo(200);
    try (Api api = new Api(n)) {
      assertThat(api.info().getNodeId()).isEqualTo(n.nodeId());
    }
  }

  /** Writes garbage on a raw TCP connection; the peer must close it (read sees EOF or reset). */
  private static void garbageIsClosed(String endpoint) throws Exception {
    int colon = endpoint.lastIndexOf(':');
    try (Socket s = new Socket()) {
      s.connect(
          new InetSocketAddress(
              endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1))),
          2_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      byte[] junk = new byte[4096];
      Arrays.fill(junk, (byte) 0x17);
      out.write(
          "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.write(junk);
      out.flush();
      InputStream in = s.getInputStream();
      try {
        byte[] buf = new byte[1024];
        while (in.read(buf) >= 0) {
          // drain whatever alert it sends until it closes
        }
      } catch (java.net.SocketException reset) {
        // closed with a reset: fine
      }
    }
  }

  @Test
  @Order(5)
  void case20_malformedAndOversizedRequestsGetACleanErrorAndTheNodeStaysHealthy() {
    Scenario.named("case 20: malformed and oversized messages to A", nodes)
        .step(
            "invalid field values: INVALID_ARGUMENT",
            () ->
                assertThat(
                        code(
                            () ->
                                fake.callRaw(
                                    a.nodeId(),
                                    FakePeer.QUERY_AVAILABILITY,
                                    QueryAvailabilityRequest.getDefaultInstance().toByteArray())))
                    .isEqualTo(Status.Code.INVALID_ARGUMENT))
        .step(
            "5 MiB message on the federation port (limit 4 MiB): RESOURCE_EXHAUSTED",
            () ->
                assertThat(
                        code(
                            () ->
                                fake.callRaw(
                                    a.nodeId(), FakePeer.QUERY_AVAILABILITY, new byte[5 << 20])))
                    .isEqualTo(Status.Code.RESOURCE_EXHAUSTED))
        .step(
            "300 KiB Enroll on the enrolment listener (limit 256 KiB): RESOURCE_EXHAUSTED",
            () -> {
              ManagedChannel enrol = FakePeer.tlsChannel(aEnrollment, a.nodeId(), null, null);
              try {
                byte[] big =
                    EnrollRequest.newBuilder()
                        .setInvitationId("x")
                        .setTrustBundle("x".repeat(300 * 1024))
                        .build()
                        .toByteArray();
                assertThat(
                        code(
                            () ->
                                FakePeer.callRaw(
                                    enrol, "eventkit.v1.FederationEnrollmentService/Enroll", big)))
                    .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
              } finally {
                enrol.shutdownNow();
              }
            })
        .step(
            "garbage bytes on the federation port: connection closed",
            () -> garbageIsClosed(aFederation))
        .step(
            "garbage bytes on the enrolment listener: connection closed",
            () -> garbageIsClosed(aEnrollment))
        .step(
            "A is healthy and still serves the fake",
            () -> {
              assertHealthy(a);
              assertThat(fake.ping(a.nodeId()).getNodeId()).isEqualTo(a.nodeId());
            })
        .step("nothing unexpected reached the fake", fake::verifyNoUnexpectedCalls);
  }

  private static Reply answer(byte[] request, int quantity) throws Exception {
    QueryAvailabilityRequest q = QueryAvailabilityRequest.parseFrom(request);
    QueryAvailabilityResponse.Builder r = QueryAvailabilityResponse.newBuilder();
    for (AvailabilityQueryLine l : q.getLinesList()) {
      r.addAnswers(
          AvailabilityAnswer.newBuilder()
              .setProductId(l.getProductId())
              .setStatus(AvailabilityLineStatus.AVAILABILITY_LINE_STATUS_OK)
              .setAvailableQuantity(Math.min(quantity, l.getQuantity())));
    }
    return Reply.of(r.build());
  }

  private static PartnerAvailability fakeInFanOut() {
    try (Api api = new Api(a)) {
      long t0 = System.nanoTime();
      var r = api.queryPartners("shure", "sm58", 4);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("%s", r).isLessThan(ANSWER_BOUND);
      return r.getPartnersList().stream()
          .filter(p -> p.getPartnerNodeId().equals(FAKE))
          .findFirst()
          .orElseThrow();
    }
  }

  /**
   * A's fan-out gets the fake's good answer (7 available, 4 asked), tried again until it does: on a
   * loaded machine A's deadline can pass while it fetches the fake's catalogue, before it calls the
   * query. Each try first drops the script no call took, so that it can't answer a later call.
   */
  private static PartnerAvailability okThroughFanOut() throws Exception {
    AtomicReference<PartnerAvailability> got = new AtomicReference<>();
    Scenario.eventually(
        Duration.ofSeconds(20),
        () -> {
          fake.forgetOnce(FakePeer.QUERY_AVAILABILITY);
          fake.once(FakePeer.QUERY_AVAILABILITY, req -> answer(req, 7));
          PartnerAvailability r = fakeInFanOut();
          assertThat(r.getStatus())
              .as("%s", r)
              .isEqualTo(PartnerQueryStatus.PARTNER_QUERY_STATUS_OK);
          got.set(r);
        });
    return got.get();
  }

  /** Two good answers before each bad one keep the fake's circuit breaker closed (< 50 %). */
  private static void goodThenBad(FakePeer.Responder bad, PartnerQueryStatus expected)
      throws Exception {
    for (int i = 0; i < 2; i++) {
      var unused = okThroughFanOut();
    }
    fake.forgetOnce(FakePeer.QUERY_AVAILABILITY);
    fake.once(FakePeer.QUERY_AVAILABILITY, bad);
    PartnerAvailability r = fakeInFanOut();
    assertThat(r.getStatus()).as("%s", r).isEqualTo(expected);
  }

  @Test
  @Order(6)
  void case20_malformedOversizedOrSlowPartnerAnswersAreContained() {
    fake.always(
        FakePeer.LIST_SHARED_PRODUCTS,
        req ->
            Reply.of(
                ListSharedProductsResponse.newBuilder()
                    .addProducts(
                        SharedProduct.newBuilder()
                            .setId("fake-sm58")
                            .setManufacturer("Shure")
                            .setModel("SM58")
                            .setName("Shure SM58")
                            .setCategory("audio"))
                    .build()));
    Scenario.named("case 20: a partner answering A's fan-out badly", nodes)
        .step(
            "the fake answers A's fan-out",
            () -> assertThat(okThroughFanOut().getLines(0).getAvailableQuantity()).isEqualTo(4))
        .step(
            "a wrong number of answers: ERROR",
            () ->
                goodThenBad(
                    req -> Reply.of(QueryAvailabilityResponse.getDefaultInstance()),
                    PartnerQueryStatus.PARTNER_QUERY_STATUS_ERROR))
        .step(
            "an oversized (5 MiB) answer: ERROR",
            () ->
                goodThenBad(
                    req -> Reply.raw(new byte[5 << 20]),
                    PartnerQueryStatus.PARTNER_QUERY_STATUS_ERROR))
        .step(
            "an answer after 2 s: TIMEOUT, within A's deadline",
            () ->
                goodThenBad(
                    req -> answer(req, 7).after(Duration.ofSeconds(2)),
                    PartnerQueryStatus.PARTNER_QUERY_STATUS_TIMEOUT))
        .step(
            "A is healthy and the fake answers again",
            () -> {
              assertHealthy(a);
              var unused = okThroughFanOut();
            })
        .step("nothing unexpected reached the fake", fake::verifyNoUnexpectedCalls);
  }

  /**
   * Known deviation of the reference node (found by this suite): the request is not decoded until
   * half-close, the parse exception escapes the federation server's interceptors, and grpc-java
   * closes the call with UNKNOWN (the node logs it as an unexpected ERROR). The node stays healthy.
   */
  @Test
  @Order(7)
  void case20_undecodableRequestIsInvalidArgument() {
    Scenario.named("case 20: undecodable request to A", nodes)
        .step(
            "undecodable protobuf: INVALID_ARGUMENT",
            () -> {
              byte[] garbage = new byte[64];
              Arrays.fill(garbage, (byte) 0xff);
              assertThat(code(() -> fake.callRaw(a.nodeId(), FakePeer.QUERY_AVAILABILITY, garbage)))
                  .isEqualTo(Status.Code.INVALID_ARGUMENT);
            })
        .step("A is healthy", () -> assertHealthy(a));
  }

  /**
   * grpc-java cancels a call whose answer does not decode (CANCELLED "Failed to read message"); the
   * fan-out reports that as the partner's ERROR, not as a TIMEOUT.
   */
  @Test
  @Order(8)
  void case20_undecodablePartnerAnswerIsError() {
    Scenario.named("case 20: undecodable answer from a partner", nodes)
        .step(
            "garbage bytes as the answer: ERROR",
            () -> {
              byte[] garbage = new byte[32];
              Arrays.fill(garbage, (byte) 0xff);
              goodThenBad(req -> Reply.raw(garbage), PartnerQueryStatus.PARTNER_QUERY_STATUS_ERROR);
            });
  }

  @Test
  @Order(9)
  void aPartnerPresentingAnUnpinnedServerCertificateIsRefused() {
    Scenario.named("wrong server certificate from a partner", nodes)
        .step("the fake switches to a CA A never pinned", fake::presentForeignServerCertificate)
        .step(
            "A's refresh of the fake fails: it cannot verify the fake",
            () -> {
              Cli.Result r = Cli.run(a, "trust", "refresh", FAKE);
              assertThat(r.exitCode()).as("%s", r).isNotZero();
              assertThat(r.err().toLowerCase(Locale.ROOT)).as("%s", r).contains(FAKE);
            })
        .step(
            "A's fan-out reports the fake UNAVAILABLE within the deadline",
            () -> {
              PartnerAvailability r = fakeInFanOut();
              assertThat(r.getStatus())
                  .as("%s", r)
                  .isIn(
                      PartnerQueryStatus.PARTNER_QUERY_STATUS_UNAVAILABLE,
                      PartnerQueryStatus.PARTNER_QUERY_STATUS_CIRCUIT_OPEN);
            })
        .step("the fake presents its own certificate again", fake::presentOwnServerCertificate)
        .step(
            "A reaches the fake again",
            () ->
                Scenario.eventually(
                    Duration.ofSeconds(30),
                    () -> assertThat(Cli.run(a, "trust", "refresh", FAKE).exitCode()).isZero()));
  }
}
