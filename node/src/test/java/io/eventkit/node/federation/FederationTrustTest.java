package io.eventkit.node.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.testing.SettableClock;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AcceptInvitationRequest;
import io.eventkit.proto.v1.CreateInvitationRequest;
import io.eventkit.proto.v1.GetPartnerRequest;
import io.eventkit.proto.v1.Invitation;
import io.eventkit.proto.v1.ListTrustAuditRequest;
import io.eventkit.proto.v1.Partner;
import io.eventkit.proto.v1.PartnerActionRequest;
import io.eventkit.proto.v1.PartnerState;
import io.eventkit.proto.v1.TrustLevel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Handshake, refusals and offboarding between real nodes over real mTLS. */
class FederationTrustTest {
  private static TestNode a;
  private static TestNode b;
  private static TestNode c;
  private static final SettableClock cClock = new SettableClock();

  @BeforeAll
  static void start() {
    a = TestNode.start("a.test");
    b = TestNode.start("b.test");
    // c issues the invitation that expiredInvitationIsRefused lets expire: its clock moves on.
    try {
      c =
          TestNode.start(
              TestNode.config("c.test", Files.createTempDirectory("eventkit-c.test")), cClock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stop() {
    for (TestNode n : new TestNode[] {a, b, c}) {
      if (n != null) {
        n.close();
      }
    }
  }

  private static String invite(TestNode from, TestNode to, TrustLevel level, long ttlSeconds) {
    return from.trust()
        .createInvitation(
            CreateInvitationRequest.newBuilder()
                .setPartnerNodeId(to.nodeId())
                .setLevel(level)
                .setTtlSeconds(ttlSeconds)
                .build())
        .getInvitation();
  }

  private static Partner accept(TestNode node, String invitation) {
    return node.trust()
        .acceptInvitation(AcceptInvitationRequest.newBuilder().setInvitation(invitation).build())
        .getPartner();
  }

  private static Partner partner(TestNode on, TestNode of) {
    return on.trust().getPartner(GetPartnerRequest.newBuilder().setNodeId(of.nodeId()).build());
  }

  private static Status.Code codeOf(Runnable r) {
    try {
      r.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private static String tamper(
      String invitation, java.util.function.UnaryOperator<Invitation.Builder> f) throws Exception {
    Invitation inv =
        Invitation.parseFrom(
            Base64.getUrlDecoder().decode(invitation.substring("ekinv1.".length())));
    return "ekinv1."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(f.apply(inv.toBuilder()).build().toByteArray());
  }

  @Test
  void inviteAcceptMakesBothSidesActiveAndRefusalsChangeNothing() throws Exception {
    String invitation = invite(a, b, TrustLevel.TRUST_LEVEL_AVAILABILITY, 900);
    assertThat(partner(a, b).getState()).isEqualTo(PartnerState.PARTNER_STATE_INVITED);

    // Fingerprint mismatch: refused at TLS by the invitee, nothing consumed.
    String wrongPin = tamper(invitation, i -> i.setRootCaFingerprintSha256("00".repeat(32)));
    assertThatThrownBy(() -> accept(b, wrongPin))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains("root fingerprint mismatch");
            });
    // Wrong secret.
    String wrongSecret = tamper(invitation, i -> i.setSecret("AAAA" + i.getSecret().substring(4)));
    assertThatThrownBy(() -> accept(b, wrongSecret))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    // Another node presenting B's invitation as its own.
    String forC = tamper(invitation, i -> i.setPartnerNodeId(c.nodeId()));
    assertThatThrownBy(() -> accept(c, forC))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription())
                  .contains("the invitation is for another partner: it names b.test, not c.test");
            });
    assertThat(partner(a, b).getState()).isEqualTo(PartnerState.PARTNER_STATE_INVITED);

    // Two concurrent accepts of one invitation: exactly one wins.
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Status.Code>> results = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Callable<Status.Code> task =
          () -> {
            go.await();
            return codeOf(() -> accept(b, invitation));
          };
      results.add(pool.submit(task));
    }
    go.countDown();
    List<Status.Code> codes = new ArrayList<>();
    for (Future<Status.Code> f : results) {
      codes.add(f.get());
    }
    pool.shutdown();
    assertThat(codes).containsOnlyOnce(Status.Code.OK);

    assertThat(partner(a, b).getState()).isEqualTo(PartnerState.PARTNER_STATE_ACTIVE);
    assertThat(partner(b, a).getState()).isEqualTo(PartnerState.PARTNER_STATE_ACTIVE);
    assertThat(partner(a, b).getGrantedLevel()).isEqualTo(TrustLevel.TRUST_LEVEL_AVAILABILITY);
    assertThat(partner(b, a).getReceivedLevel()).isEqualTo(TrustLevel.TRUST_LEVEL_AVAILABILITY);
    assertThat(a.federation().channels().ping(b.nodeId()).getNodeId()).isEqualTo("b.test");
    assertThat(b.federation().channels().ping(a.nodeId()).getNodeId()).isEqualTo("a.test");

    // Reuse after success.
    assertThatThrownBy(() -> accept(c, invitation)).isInstanceOf(StatusRuntimeException.class);
    assertThat(
            a.trust()
                .listTrustAudit(ListTrustAuditRequest.newBuilder().setNodeId("b.test").build())
                .getEntriesList())
        .extracting(e -> e.getAction())
        .contains("INVITE", "ENROLL", "COMPLETE_ENROLLMENT", "ACTIVATE");

    // Suspend: the next call is refused; resume: allowed again.
    a.trust()
        .suspendPartner(
            PartnerActionRequest.newBuilder()
                .setNodeId("b.test")
                .setReason("late payment")
                .build());
    assertThatThrownBy(() -> b.federation().channels().ping("a.test"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription()).contains("suspended");
            });
    assertThatThrownBy(() -> b.federation().channels().renew("a.test"))
        .isInstanceOf(StatusRuntimeException.class);
    a.trust().resumePartner(PartnerActionRequest.newBuilder().setNodeId("b.test").build());
    assertThat(b.federation().channels().ping("a.test").getNodeId()).isEqualTo("a.test");

    // Garbage on the federation port does not hurt the node.
    try (Socket s = new Socket("127.0.0.1", a.federation().server().port())) {
      OutputStream out = s.getOutputStream();
      out.write(
          "GET / HTTP/1.1\r\n\r\n\u0000\u0001garbage"
              .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      out.flush();
    }
    assertThat(b.federation().channels().ping("a.test").getNodeId()).isEqualTo("a.test");

    // Revoke: final; the next call is refused, also on a fresh connection.
    a.trust()
        .revokePartner(
            PartnerActionRequest.newBuilder()
                .setNodeId("b.test")
                .setReason("contract ended")
                .build());
    assertThat(codeOf(() -> b.federation().channels().ping("a.test")))
        .isIn(Status.Code.PERMISSION_DENIED, Status.Code.UNAVAILABLE);
    b.federation().channels().open("a.test");
    assertThat(codeOf(() -> b.federation().channels().ping("a.test")))
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(
            codeOf(
                () ->
                    a.trust()
                        .resumePartner(
                            PartnerActionRequest.newBuilder().setNodeId("b.test").build())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);

    // B's calls to A now fail: B is degraded (still 200), not down.
    var health =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(b.baseUrl() + "/health"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"DEGRADED\"").contains("a.test");
  }

  @Test
  void expiredInvitationIsRefused() throws Exception {
    String invitation = invite(c, a, TrustLevel.TRUST_LEVEL_DISCOVER, 1);
    cClock.advance(Duration.ofSeconds(2));
    assertThatThrownBy(() -> accept(a, invitation))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getDescription()).contains("expired"));
    assertThat(partner(c, a).getState()).isEqualTo(PartnerState.PARTNER_STATE_INVITED);
  }

  @Test
  void badRequestsAreRefusedClearly() {
    assertThat(
            codeOf(
                () ->
                    a.trust()
                        .createInvitation(
                            CreateInvitationRequest.newBuilder()
                                .setPartnerNodeId("Not A Node!")
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            codeOf(
                () ->
                    a.trust()
                        .createInvitation(
                            CreateInvitationRequest.newBuilder()
                                .setPartnerNodeId("a.test")
                                .build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(codeOf(() -> accept(a, "hello"))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            codeOf(
                () ->
                    a.trust()
                        .getPartner(
                            GetPartnerRequest.newBuilder().setNodeId("nobody.test").build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void aCertificateIssuedByAnotherPartnerDoesNotOpenOurPort() throws Exception {
    // C becomes B's partner, so C holds a client certificate issued by B's CA
    // (spiffe://b/partner/c).
    String invitation = invite(b, c, TrustLevel.TRUST_LEVEL_AVAILABILITY, 900);
    accept(c, invitation);
    var creds = c.federation().partners().clientCredentials(b.nodeId()).orElseThrow();
    var chain = io.eventkit.ca.Pem.readCertificates(creds.chainPem());
    var key = c.federation().pki().vault().decrypt(creds.encryptedKey());
    // C presents it to A: A validates client certificates against its own bundle only.
    io.grpc.ManagedChannel ch =
        io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress(
                "127.0.0.1", a.federation().server().port())
            .sslContext(
                io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.forClient()
                    .keyManager(key, chain.toArray(new java.security.cert.X509Certificate[0]))
                    .trustManager(
                        new io.eventkit.ca.tls.ReloadingTrustManager(
                            io.eventkit.ca.tls.TrustSource.of(
                                a.federation().pki().bundle(),
                                io.eventkit.ca.RevocationChecker.none(),
                                java.time.Clock.systemUTC())))
                    .build())
            .overrideAuthority("localhost")
            .build();
    try {
      assertThat(
              codeOf(
                  () ->
                      io.eventkit.proto.v1.FederationServiceGrpc.newBlockingStub(ch)
                          .withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS)
                          .ping(io.eventkit.proto.v1.PingRequest.getDefaultInstance())))
          .isEqualTo(Status.Code.UNAVAILABLE);
    } finally {
      ch.shutdownNow();
    }
    // The same certificate works where it belongs.
    assertThat(c.federation().channels().ping(b.nodeId()).getNodeId()).isEqualTo("b.test");
  }
}
