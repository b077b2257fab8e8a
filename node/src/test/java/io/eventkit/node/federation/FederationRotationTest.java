package io.eventkit.node.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.Duration;
import io.eventkit.ca.CertificateAuthority;
import io.eventkit.ca.Csrs;
import io.eventkit.ca.KeyPairs;
import io.eventkit.ca.NodeId;
import io.eventkit.ca.Pem;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AcceptInvitationRequest;
import io.eventkit.proto.v1.CreateInvitationRequest;
import io.eventkit.proto.v1.FederationServiceGrpc;
import io.eventkit.proto.v1.PingRequest;
import io.eventkit.proto.v1.RotateIssuingCaRequest;
import io.eventkit.proto.v1.SetPartnerLevelRequest;
import io.eventkit.proto.v1.TrustLevel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compressed time: client certificates live 6 s (renewed every ~4 s) and the clock-skew allowance
 * is 1 s, so a missed renewal or a rotation glitch shows up as failed calls.
 */
class FederationRotationTest {
  private static TestNode a;
  private static TestNode b;

  static NodeConfiguration fastConfig(String id) throws Exception {
    NodeConfiguration config = TestNode.config(id, Files.createTempDirectory("eventkit-" + id));
    config.getFederation().setClientCertificateLifetime(Duration.seconds(6));
    config.getFederation().setClockSkew(Duration.seconds(1));
    config.getFederation().setCaPublishLead(Duration.seconds(0));
    config.getFederation().setBundleRefreshInterval(Duration.seconds(1));
    return config;
  }

  @BeforeAll
  static void start() throws Exception {
    a = TestNode.start(fastConfig("rot-a.test"));
    b = TestNode.start(fastConfig("rot-b.test"));
    String invitation =
        a.trust()
            .createInvitation(
                CreateInvitationRequest.newBuilder()
                    .setPartnerNodeId("rot-b.test")
                    .setLevel(TrustLevel.TRUST_LEVEL_NONE)
                    .build())
            .getInvitation();
    b.trust()
        .acceptInvitation(AcceptInvitationRequest.newBuilder().setInvitation(invitation).build());
  }

  @AfterAll
  static void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  /** Pings both ways in a loop for the given time; returns the number of failed calls. */
  private static int pingBothWaysFor(long millis, AtomicReference<String> firstError)
      throws Exception {
    AtomicInteger failures = new AtomicInteger();
    long end = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < end) {
      for (TestNode[] pair : new TestNode[][] {{a, b}, {b, a}}) {
        try {
          pair[0].federation().channels().ping(pair[1].nodeId());
        } catch (StatusRuntimeException e) {
          failures.incrementAndGet();
          firstError.compareAndSet(
              null, pair[0].nodeId() + "->" + pair[1].nodeId() + ": " + e.getStatus());
        }
      }
      Thread.sleep(20);
    }
    return failures.get();
  }

  @Test
  void renewalsAndIssuingCaRotationCauseNoFailedCalls() throws Exception {
    AtomicReference<String> error = new AtomicReference<>();
    assertThat(pingBothWaysFor(9_000, error))
        .as("failed calls across renewals: %s", error)
        .isZero();
    long renewalsAtB = b.federation().channels().channel("rot-a.test").stats().renewals();
    long renewalsAtA = a.federation().channels().channel("rot-b.test").stats().renewals();
    assertThat(renewalsAtB).as("renewals of B's certificate at A").isGreaterThanOrEqualTo(3);
    assertThat(renewalsAtA).as("renewals of A's certificate at B").isGreaterThanOrEqualTo(3);

    // Rotate A's issuing CA (prepare+publish, then activate) while calls keep flowing.
    String oldIssuer =
        a.federation().pki().slots().stream()
            .filter(s -> s.state().name().equals("ACTIVE"))
            .findFirst()
            .orElseThrow()
            .id();
    Thread rotator =
        new Thread(
            () -> {
              try {
                Thread.sleep(1000);
                a.trust().rotateIssuingCa(RotateIssuingCaRequest.getDefaultInstance());
                Thread.sleep(1500);
                a.trust().rotateIssuingCa(RotateIssuingCaRequest.getDefaultInstance());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    rotator.start();
    int failed = pingBothWaysFor(8_000, error);
    rotator.join();
    // On a loaded machine the rotator or the next renewal runs late: keep calling until B's
    // certificate and A's server certificate come from the new CA (normally at once), at most 20 s.
    for (int i = 0; i < 20 && !renewedUnderNewCa(oldIssuer); i++) {
      failed += pingBothWaysFor(1_000, error);
    }
    assertThat(failed).as("failed calls across CA rotation: %s", error).isZero();
    var slots = a.federation().pki().slots();
    assertThat(slots).anySatisfy(s -> assertThat(s.state().name()).isEqualTo("ACTIVE"));
    String newIssuer =
        slots.stream()
            .filter(s -> s.state().name().equals("ACTIVE"))
            .findFirst()
            .orElseThrow()
            .id();
    assertThat(newIssuer).isNotEqualTo(oldIssuer);
    // B's current certificate at A was issued by the new CA after a renewal.
    X509Certificate current = (X509Certificate) clientChainAt(b, "rot-a.test").get(0);
    assertThat(current.getIssuerX500Principal())
        .isEqualTo(
            a.federation().pki().slots().stream()
                .filter(s -> s.id().equals(newIssuer))
                .findFirst()
                .orElseThrow()
                .certificate()
                .getSubjectX500Principal());
    assertThat(a.federation().pki().serverCertificate().getIssuerX500Principal())
        .isEqualTo(current.getIssuerX500Principal());
  }

  /** Whether A has a new active CA and both B's client and A's server certificate come from it. */
  private static boolean renewedUnderNewCa(String oldIssuer) {
    var active =
        a.federation().pki().slots().stream()
            .filter(s -> s.state().name().equals("ACTIVE") && !s.id().equals(oldIssuer))
            .findFirst();
    if (active.isEmpty()) {
      return false;
    }
    var subject = active.get().certificate().getSubjectX500Principal();
    return subject.equals(clientChainAt(b, "rot-a.test").get(0).getIssuerX500Principal())
        && subject.equals(a.federation().pki().serverCertificate().getIssuerX500Principal());
  }

  private static List<X509Certificate> clientChainAt(TestNode node, String partner) {
    PartnerRegistry.ClientCredentials creds =
        node.federation().partners().clientCredentials(partner).orElseThrow();
    return Pem.readCertificates(creds.chainPem());
  }

  private static PrivateKey clientKeyAt(TestNode node, String partner) {
    PartnerRegistry.ClientCredentials creds =
        node.federation().partners().clientCredentials(partner).orElseThrow();
    return node.federation().pki().vault().decrypt(creds.encryptedKey());
  }

  /** Calls A's federation port presenting the given client credentials. */
  private static Status.Code pingAWith(PrivateKey key, List<X509Certificate> chain)
      throws Exception {
    ManagedChannel ch =
        NettyChannelBuilder.forAddress("127.0.0.1", a.federation().server().port())
            .sslContext(
                GrpcSslContexts.forClient()
                    .keyManager(key, chain.toArray(new X509Certificate[0]))
                    .trustManager(
                        new io.eventkit.ca.tls.ReloadingTrustManager(
                            io.eventkit.ca.tls.TrustSource.of(
                                a.federation().pki().bundle(),
                                io.eventkit.ca.RevocationChecker.none(),
                                Clock.systemUTC())))
                    .build())
            .overrideAuthority("localhost")
            .build();
    try {
      FederationServiceGrpc.newBlockingStub(ch)
          .withDeadlineAfter(3, TimeUnit.SECONDS)
          .ping(PingRequest.getDefaultInstance());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      System.out.println("pingAWith: " + e.getStatus() + " cause " + e.getCause());
      return e.getStatus().getCode();
    } finally {
      ch.shutdownNow();
    }
  }

  @Test
  void foreignSelfSignedExpiredAndRevokedClientCertificatesAreRefusedAtTls() throws Exception {
    // Control: B's real credentials work on a fresh connection.
    assertThat(pingAWith(clientKeyAt(b, "rot-a.test"), clientChainAt(b, "rot-a.test")))
        .isEqualTo(Status.Code.OK);

    // A certificate naming B, from another CA.
    CertificateAuthority evilRoot =
        CertificateAuthority.createRoot(
            NodeId.of("rot-a.test"), java.time.Duration.ofDays(1), Clock.systemUTC());
    CertificateAuthority evil = evilRoot.createIssuingCa(java.time.Duration.ofDays(1));
    KeyPair kp = KeyPairs.generateP256();
    X509Certificate forged =
        evil.signPartnerCsr(
            Csrs.createPartnerCsr(kp, NodeId.of("rot-a.test"), NodeId.of("rot-b.test")),
            NodeId.of("rot-b.test"),
            java.time.Duration.ofHours(1),
            java.time.Duration.ofHours(1));
    assertThat(pingAWith(kp.getPrivate(), List.of(forged, evil.certificate())))
        .isEqualTo(Status.Code.UNAVAILABLE);

    // Self-signed.
    assertThat(pingAWith(evilRoot.privateKey(), List.of(evilRoot.certificate())))
        .isEqualTo(Status.Code.UNAVAILABLE);

    // Expired beyond the skew: issued by A's own CA for 1 s.
    KeyPair shortKey = KeyPairs.generateP256();
    List<X509Certificate> shortLived =
        a.runtime()
            .jdbi()
            .inTransaction(
                h ->
                    a.federation()
                        .pki()
                        .issuePartnerCertificate(
                            h,
                            Csrs.createPartnerCsr(
                                shortKey, NodeId.of("rot-a.test"), NodeId.of("rot-b.test")),
                            NodeId.of("rot-b.test"),
                            java.time.Duration.ofSeconds(1),
                            java.time.Duration.ofSeconds(1)));
    Thread.sleep(2_600);
    assertThat(pingAWith(shortKey.getPrivate(), shortLived)).isEqualTo(Status.Code.UNAVAILABLE);

    // Level: B is granted NONE; raising and lowering applies to the next call.
    a.trust()
        .setPartnerLevel(
            SetPartnerLevelRequest.newBuilder()
                .setNodeId("rot-b.test")
                .setLevel(TrustLevel.TRUST_LEVEL_DISCOVER)
                .setRateLimitPerSecond(5)
                .build());
    // Flood above the partner's rate limit: RESOURCE_EXHAUSTED, then it recovers.
    int exhausted = 0;
    for (int i = 0; i < 20; i++) {
      try {
        b.federation().channels().ping("rot-a.test");
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        exhausted++;
      }
    }
    assertThat(exhausted).isGreaterThan(0);
    Thread.sleep(1100);
    assertThat(b.federation().channels().ping("rot-a.test").getGrantedLevel())
        .isEqualTo(TrustLevel.TRUST_LEVEL_DISCOVER);
    a.trust()
        .setPartnerLevel(
            SetPartnerLevelRequest.newBuilder()
                .setNodeId("rot-b.test")
                .setLevel(TrustLevel.TRUST_LEVEL_NONE)
                .setRateLimitPerSecond(1000)
                .build());
  }
}
