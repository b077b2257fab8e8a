package io.eventkit.node.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.ca.CertificateAuthority;
import io.eventkit.ca.Csrs;
import io.eventkit.ca.KeyPairs;
import io.eventkit.ca.NodeId;
import io.eventkit.ca.Pem;
import io.eventkit.ca.tls.ReloadingKeyManager;
import io.eventkit.node.NodeConfiguration;
import io.eventkit.node.inventory.InventoryConfig;
import io.eventkit.node.inventory.Product;
import io.eventkit.node.testing.Domain;
import io.eventkit.node.testing.InventoryFixture;
import io.eventkit.node.testing.TestNode;
import io.eventkit.proto.v1.AcceptInvitationRequest;
import io.eventkit.proto.v1.CreateInvitationRequest;
import io.eventkit.proto.v1.FederationQueryServiceGrpc;
import io.eventkit.proto.v1.FederationServiceGrpc;
import io.eventkit.proto.v1.FederationTrustServiceGrpc;
import io.eventkit.proto.v1.GetPartnerRequest;
import io.eventkit.proto.v1.ListPartnerHealthRequest;
import io.eventkit.proto.v1.ListPartnerProductsRequest;
import io.eventkit.proto.v1.ListTrustAuditRequest;
import io.eventkit.proto.v1.NotifyRevocationRequest;
import io.eventkit.proto.v1.PartnerActionRequest;
import io.eventkit.proto.v1.PartnerAvailabilityLine;
import io.eventkit.proto.v1.PartnerHealth;
import io.eventkit.proto.v1.PartnerState;
import io.eventkit.proto.v1.Period;
import io.eventkit.proto.v1.PingRequest;
import io.eventkit.proto.v1.QueryPartnerAvailabilityRequest;
import io.eventkit.proto.v1.SharedProduct;
import io.eventkit.proto.v1.TrustAuditEntry;
import io.eventkit.proto.v1.TrustLevel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Federation operations between real nodes over real mTLS (issue 27 items 4, 13, 15; issue 14 items
 * 15, 17, 19): clock offsets, catalogue freshness, reconnecting after a partner restart, TLS alerts
 * and failure messages, and revocation as both sides see it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationOpsTest {
  private static final Duration C_CLOCK_AHEAD = Duration.ofSeconds(45);

  private static TestNode a;
  private static TestNode b;
  private static TestNode c;
  private static NodeConfiguration bConfig;

  @BeforeAll
  static void start() throws IOException {
    a = TestNode.start("a.ops.test");
    // B restarts during the test: a fixed federation port keeps the endpoint A holds valid.
    bConfig = TestNode.config("b.ops.test", Files.createTempDirectory("eventkit-b.ops.test"));
    bConfig.getFederation().setPort(freePort());
    bConfig.getFederation().setEnrollmentPort(0);
    bConfig.setDisplayName("Bravo Sound & Light");
    b = TestNode.start(bConfig);
    // C's clock runs 45 s ahead: inside the 60 s skew allowance, above the 30 s warning.
    NodeConfiguration cc =
        TestNode.config("c.ops.test", Files.createTempDirectory("eventkit-c.ops.test"));
    cc.setClockOffset(C_CLOCK_AHEAD);
    c = TestNode.start(cc);
    partner(a, b);
    partner(c, a);
  }

  @AfterAll
  static void stop() {
    for (TestNode n : new TestNode[] {a, b, c}) {
      if (n != null) {
        n.close();
      }
    }
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** {@code from} invites {@code to} (SUBHIRE_REQUEST); {@code to} accepts. */
  private static void partner(TestNode from, TestNode to) {
    String invitation =
        from.trust()
            .createInvitation(
                CreateInvitationRequest.newBuilder()
                    .setPartnerNodeId(to.nodeId())
                    .setLevel(TrustLevel.TRUST_LEVEL_SUBHIRE_REQUEST)
                    .build())
            .getInvitation();
    to.trust()
        .acceptInvitation(AcceptInvitationRequest.newBuilder().setInvitation(invitation).build());
  }

  private static PartnerState state(TestNode on, TestNode of) {
    return on.trust()
        .getPartner(GetPartnerRequest.newBuilder().setNodeId(of.nodeId()).build())
        .getState();
  }

  private static PartnerHealth health(TestNode on, TestNode of) {
    return on
        .trust()
        .listPartnerHealth(ListPartnerHealthRequest.getDefaultInstance())
        .getPartnersList()
        .stream()
        .filter(h -> h.getNodeId().equals(of.nodeId()))
        .findFirst()
        .orElseThrow();
  }

  private static void refresh(TestNode on, TestNode of) {
    on.trust().refreshPartner(PartnerActionRequest.newBuilder().setNodeId(of.nodeId()).build());
  }

  private static void revoke(TestNode on, TestNode of, String reason) {
    on.trust()
        .revokePartner(
            PartnerActionRequest.newBuilder().setNodeId(of.nodeId()).setReason(reason).build());
  }

  private static void eventually(Duration within, BooleanSupplier condition, String what)
      throws InterruptedException {
    Instant end = Instant.now().plus(within);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("not within " + within + ": " + what);
      }
      Thread.sleep(100);
    }
  }

  private static String metrics(TestNode n) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(n.metricsUrl())).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  // ---- issue 14.17: clock offsets -------------------------------------------------------------

  @Test
  @Order(1)
  void aPartnersClockOffsetIsEstimatedShownWarnedAndExported() throws Exception {
    c.federation().channels().ping(a.nodeId());
    a.federation().channels().ping(c.nodeId());

    PartnerHealth atA = health(a, c);
    assertThat(atA.hasClockOffsetMs()).isTrue();
    assertThat(atA.getClockOffsetMs()).isBetween(44_000L, 46_000L);
    assertThat(atA.getClockOffsetWarning()).isTrue();
    assertThat(atA.hasClockOffsetMeasuredAt()).isTrue();
    // Seen from C, A is behind.
    assertThat(health(c, a).getClockOffsetMs()).isBetween(-46_000L, -44_000L);
    // B's clock is ours: small offset, no warning.
    a.federation().channels().ping(b.nodeId());
    PartnerHealth bAtA = health(a, b);
    assertThat(Math.abs(bAtA.getClockOffsetMs())).isLessThan(1_000L);
    assertThat(bAtA.getClockOffsetWarning()).isFalse();

    // Every EventKit response carries the callee's time: a bundle refresh also measures it.
    a.federation().channels().refreshBundle(c.nodeId());
    assertThat(health(a, c).getClockOffsetMs()).isBetween(44_000L, 46_000L);

    assertThat(metrics(a))
        .containsPattern(
            "eventkit_federation_partner_clock_offset_seconds\\{partner=\"c.ops.test\"\\} 4[456]\\.");
  }

  // ---- issue 14.19: partner catalogues --------------------------------------------------------

  private static Domain inventory(TestNode n) {
    return Domain.create(n.runtime().jdbi(), Clock.systemUTC(), n.nodeId(), new InventoryConfig());
  }

  private static FederationQueryServiceGrpc.FederationQueryServiceBlockingStub query(TestNode n) {
    Metadata md = new Metadata();
    md.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + n.adminToken());
    return FederationQueryServiceGrpc.newBlockingStub(n.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static List<String> catalogueAtA(TestNode partner, boolean fresh) {
    return query(a)
        .listPartnerProducts(
            ListPartnerProductsRequest.newBuilder()
                .setPartnerNodeId(partner.nodeId())
                .setFresh(fresh)
                .build())
        .getProductsList()
        .stream()
        .map(SharedProduct::getModel)
        .toList();
  }

  @Test
  @Order(2)
  void freshReReadsAPartnersCatalogueAndANewCatalogueVersionDropsTheCachedCopy() throws Exception {
    Domain cm = inventory(c);
    InventoryFixture.product(cm, "Acme", "One", true, 5, Product.Tracking.BULK);
    assertThat(catalogueAtA(c, false)).containsExactly("One");

    // C shares a second product: the 60 s copy still says one...
    InventoryFixture.product(cm, "Acme", "Two", true, 5, Product.Tracking.BULK);
    assertThat(catalogueAtA(c, false)).containsExactly("One");
    // ...unless asked afresh.
    assertThat(catalogueAtA(c, true)).containsExactly("One", "Two");

    // A third one: any availability answer of C carries its catalogue version, and a version
    // other than the cached copy's drops that copy.
    InventoryFixture.product(cm, "Acme", "Three", true, 5, Product.Tracking.BULK);
    assertThat(catalogueAtA(c, false)).containsExactly("One", "Two");
    Instant start = Instant.parse("2031-07-01T08:00:00Z");
    query(a)
        .queryPartnerAvailability(
            QueryPartnerAvailabilityRequest.newBuilder()
                .addLines(
                    PartnerAvailabilityLine.newBuilder()
                        .setManufacturer("Acme")
                        .setModel("One")
                        .setQuantity(1))
                .setPeriod(
                    Period.newBuilder()
                        .setStart(
                            com.google.protobuf.Timestamp.newBuilder()
                                .setSeconds(start.getEpochSecond()))
                        .setEnd(
                            com.google.protobuf.Timestamp.newBuilder()
                                .setSeconds(start.plusSeconds(86_400).getEpochSecond())))
                .build());
    assertThat(catalogueAtA(c, false)).containsExactly("One", "Three", "Two");
  }

  // ---- issue 27.15 and 27.13: reconnecting after a restart, clean failure messages -----------

  @Test
  @Order(3)
  void refreshReconnectsAtOnceWhenThePartnerIsBackAndSaysWhyWhileItIsDown() throws Exception {
    refresh(a, b);
    b.close();
    // While B is down, the channel's connect backoff grows (1 s, 1.6 s, 2.6 s, 4.1 s, 6.6 s…).
    Instant downUntil = Instant.now().plusSeconds(10);
    while (Instant.now().isBefore(downUntil)) {
      assertThatThrownBy(() -> refresh(a, b))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                // Names the failed check, no library internals.
                assertThat(e.getStatus().getDescription())
                    .contains("cannot connect to b.ops.test at ")
                    .contains("connection refused")
                    .doesNotContain("Channel Pipeline")
                    .doesNotContain("io exception");
              });
      Thread.sleep(1_000);
    }
    // The failed refreshes count in the error rate people see beside the latencies.
    PartnerHealth whileDown = health(a, b);
    assertThat(whileDown.getRecentCalls()).isGreaterThan(2);
    assertThat(whileDown.getErrorRate()).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
    b = TestNode.start(bConfig);
    // The admin's refresh right after the partner is back works the first time.
    refresh(a, b);
    assertThat(state(a, b)).isEqualTo(PartnerState.PARTNER_STATE_ACTIVE);
    assertThat(health(a, b).getErrorRate()).isLessThan(whileDown.getErrorRate());
  }

  @Test
  @Order(3)
  void eachSideKnowsTheOthersCompanyNameFromItsVerifiedPing() {
    // B announced its configured name; A has none configured, so it announces its node ID.
    assertThat(
            a.trust()
                .getPartner(GetPartnerRequest.newBuilder().setNodeId(b.nodeId()).build())
                .getDisplayName())
        .isEqualTo("Bravo Sound & Light");
    assertThat(health(a, b).getDisplayName()).isEqualTo("Bravo Sound & Light");
    assertThat(
            b.trust()
                .getPartner(GetPartnerRequest.newBuilder().setNodeId(a.nodeId()).build())
                .getDisplayName())
        .isEqualTo(a.nodeId());
  }

  // ---- issue 27.13: TLS alerts that say why ---------------------------------------------------

  /**
   * The TLS alert A's federation port sends to a client presenting {@code chain} (JDK client: its
   * message is "Received fatal alert: &lt;alert&gt;"), or "no alert".
   */
  private static String alertFrom(TestNode server, PrivateKey key, List<X509Certificate> chain)
      throws Exception {
    return alertFrom(server, clientContext(key, chain));
  }

  /** A JDK client TLS context; reusing it across connections offers its cached TLS sessions. */
  private static SSLContext clientContext(PrivateKey key, List<X509Certificate> chain)
      throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
    ctx.init(
        new KeyManager[] {new ReloadingKeyManager(key, chain)},
        new TrustManager[] {new TrustAll()},
        null);
    return ctx;
  }

  private static String alertFrom(TestNode server, SSLContext ctx) throws Exception {
    try (SSLSocket s =
        (SSLSocket)
            ctx.getSocketFactory().createSocket("127.0.0.1", server.federation().server().port())) {
      s.setSoTimeout(5_000);
      SSLParameters p = s.getSSLParameters();
      p.setApplicationProtocols(new String[] {"h2"});
      s.setSSLParameters(p);
      s.startHandshake();
      // In TLS 1.3 the server judges the client's certificate after the client's handshake is
      // done, so its alert may already be on the way: read it first. Writing first could hit the
      // closed connection (broken pipe) before the alert is read.
      s.setSoTimeout(1_000);
      try {
        s.getInputStream().read();
        return "no alert";
      } catch (java.net.SocketTimeoutException quiet) {
        // Nothing yet: talk HTTP/2 so that an accepting server answers.
      }
      s.setSoTimeout(5_000);
      s.getOutputStream()
          .write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      s.getInputStream().read();
      return "no alert";
    } catch (SSLException e) {
      return e.getMessage();
    }
  }

  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** A self-signed clientAuth certificate for spiffe://a.ops.test/partner/x.ops.test. */
  private static X509Certificate selfSigned(KeyPair kp) throws Exception {
    var name = new org.bouncycastle.asn1.x500.X500Name("CN=x.ops.test");
    Instant now = Instant.now();
    var builder =
        new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
            name,
            java.math.BigInteger.valueOf(now.toEpochMilli()),
            java.util.Date.from(now.minusSeconds(60)),
            java.util.Date.from(now.plusSeconds(3600)),
            name,
            kp.getPublic());
    builder.addExtension(
        org.bouncycastle.asn1.x509.Extension.keyUsage,
        true,
        new org.bouncycastle.asn1.x509.KeyUsage(
            org.bouncycastle.asn1.x509.KeyUsage.digitalSignature));
    builder.addExtension(
        org.bouncycastle.asn1.x509.Extension.extendedKeyUsage,
        false,
        new org.bouncycastle.asn1.x509.ExtendedKeyUsage(
            org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth));
    builder.addExtension(
        org.bouncycastle.asn1.x509.Extension.subjectAlternativeName,
        false,
        new org.bouncycastle.asn1.x509.GeneralNames(
            new org.bouncycastle.asn1.x509.GeneralName(
                org.bouncycastle.asn1.x509.GeneralName.uniformResourceIdentifier,
                "spiffe://a.ops.test/partner/x.ops.test")));
    var signer =
        new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
            .build(kp.getPrivate());
    return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
        .getCertificate(builder.build(signer));
  }

  @Test
  @Order(4)
  void aForeignOrSelfSignedClientCertificateGetsUnknownCa() throws Exception {
    CertificateAuthority impostor =
        CertificateAuthority.createRoot(
                NodeId.of(a.nodeId()), Duration.ofDays(1), Clock.systemUTC())
            .createIssuingCa(Duration.ofDays(1));
    KeyPair kp = KeyPairs.generateP256();
    X509Certificate leaf =
        impostor.signPartnerCsr(
            Csrs.createPartnerCsr(kp, NodeId.of(a.nodeId()), NodeId.of("x.ops.test")),
            NodeId.of("x.ops.test"),
            Duration.ofHours(1),
            Duration.ofDays(1));
    assertThat(alertFrom(a, kp.getPrivate(), List.of(leaf, impostor.certificate())))
        .contains("unknown_ca");
    // Self-signed: a client certificate that is its own issuer, with A's partner SAN.
    KeyPair self = KeyPairs.generateP256();
    assertThat(alertFrom(a, self.getPrivate(), List.of(selfSigned(self)))).contains("unknown_ca");
    // Control: B's real certificate from A opens the port.
    var creds = b.federation().partners().clientCredentials(a.nodeId()).orElseThrow();
    assertThat(
            alertFrom(
                a,
                b.federation().pki().vault().decrypt(creds.encryptedKey()),
                Pem.readCertificates(creds.chainPem())))
        .isEqualTo("no alert");
  }

  // ---- issue 27.4, 14.15, 27.13: revocation -------------------------------------------------

  /** A channel of our own with B's client certificate from A (B's real credentials). */
  private static ManagedChannel channelAsB() throws Exception {
    var creds = b.federation().partners().clientCredentials(a.nodeId()).orElseThrow();
    return NettyChannelBuilder.forAddress("127.0.0.1", a.federation().server().port())
        .sslContext(
            GrpcSslContexts.forClient()
                .keyManager(
                    b.federation().pki().vault().decrypt(creds.encryptedKey()),
                    Pem.readCertificates(creds.chainPem()).toArray(new X509Certificate[0]))
                .trustManager(new TrustAll())
                .build())
        .overrideAuthority("localhost")
        .build();
  }

  private static List<TrustAuditEntry> audit(TestNode on, TestNode of) {
    return on.trust()
        .listTrustAudit(ListTrustAuditRequest.newBuilder().setNodeId(of.nodeId()).build())
        .getEntriesList();
  }

  @Test
  @Order(5)
  void revokingClosesTheConnectionsTellsThePartnerAndANewInvitationWorksFromEitherSide()
      throws Exception {
    refresh(b, a);
    ManagedChannel asB = channelAsB();
    var creds = b.federation().partners().clientCredentials(a.nodeId()).orElseThrow();
    try {
      FederationServiceGrpc.newBlockingStub(asB)
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .ping(PingRequest.getDefaultInstance());
      assertThat(asB.getState(false)).isEqualTo(ConnectivityState.READY);
      // A TLS client that keeps its session cache: a session (ticket) from before the revocation.
      SSLContext resuming =
          clientContext(
              b.federation().pki().vault().decrypt(creds.encryptedKey()),
              Pem.readCertificates(creds.chainPem()));
      assertThat(alertFrom(a, resuming)).isEqualTo("no alert");

      // A notice whose reason would forge log lines is refused and changes nothing.
      assertThatThrownBy(
              () ->
                  FederationTrustServiceGrpc.newBlockingStub(asB)
                      .withDeadlineAfter(5, TimeUnit.SECONDS)
                      .notifyRevocation(
                          NotifyRevocationRequest.newBuilder()
                              .setReason("bye\nWARN partner c.ops.test has revoked this node")
                              .build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription()).contains("control character");
              });
      assertThat(state(a, b)).isEqualTo(PartnerState.PARTNER_STATE_ACTIVE);

      // The moment A's connections to B are closed (the partner-change listeners run), a new
      // handshake with B's certificate is already refused: B cannot slip in before the revocation
      // list is reloaded (and get a fresh resumable session).
      AtomicReference<String> handshakeAtClose = new AtomicReference<>();
      a.federation()
          .partners()
          .onChange(
              id -> {
                if (id.equals(b.nodeId())
                    && a.federation().partners().find(id).orElseThrow().state().ended()) {
                  try {
                    handshakeAtClose.compareAndSet(
                        null,
                        alertFrom(
                            a,
                            b.federation().pki().vault().decrypt(creds.encryptedKey()),
                            Pem.readCertificates(creds.chainPem())));
                  } catch (Exception e) {
                    handshakeAtClose.compareAndSet(null, e.toString());
                  }
                }
              });

      revoke(a, b, "contract ended");
      assertThat(handshakeAtClose.get()).contains("certificate_revoked");

      // Resuming the earlier session would skip certificate validation: A allows no resumption.
      assertThat(alertFrom(a, resuming)).contains("certificate_revoked");

      // §12.2: the partner's connections are closed, not only its calls.
      eventually(
          Duration.ofSeconds(3),
          () -> asB.getState(false) != ConnectivityState.READY,
          "the revoked partner's connection is closed");
      // §12.4: B was told, and says so.
      eventually(
          Duration.ofSeconds(5),
          () -> state(b, a) == PartnerState.PARTNER_STATE_REVOKED_BY_PARTNER,
          "B marks A REVOKED_BY_PARTNER");
      assertThat(audit(a, b))
          .anySatisfy(
              e -> {
                assertThat(e.getAction()).isEqualTo("REVOCATION_NOTICE");
                assertThat(e.getDetail()).startsWith("delivered to b.ops.test");
              });
      assertThat(audit(b, a))
          .anySatisfy(
              e -> {
                assertThat(e.getAction()).isEqualTo("REVOKED_BY_PARTNER");
                assertThat(e.getActor()).isEqualTo("partner:a.ops.test");
                assertThat(e.getDetail()).contains("contract ended");
              });
      assertThat(health(b, a).getState()).isEqualTo(PartnerState.PARTNER_STATE_REVOKED_BY_PARTNER);
      assertThatThrownBy(() -> refresh(b, a))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e ->
                  assertThat(e.getStatus().getDescription())
                      .contains("a.ops.test has revoked this node"));
    } finally {
      asB.shutdownNow();
    }

    // §2.5/27.13: the revoked certificate now gets certificate_revoked at TLS.
    assertThat(
            alertFrom(
                a,
                b.federation().pki().vault().decrypt(creds.encryptedKey()),
                Pem.readCertificates(creds.chainPem())))
        .contains("certificate_revoked");

    // The revoked side invites: works without revoking first.
    partner(b, a);
    assertThat(state(a, b)).isEqualTo(PartnerState.PARTNER_STATE_ACTIVE);
    assertThat(state(b, a)).isEqualTo(PartnerState.PARTNER_STATE_ACTIVE);
    // And the revoking side can invite again too.
    revoke(b, a, "again");
    eventually(
        Duration.ofSeconds(5),
        () -> state(a, b) == PartnerState.PARTNER_STATE_REVOKED_BY_PARTNER,
        "A marks B REVOKED_BY_PARTNER");
    partner(b, a);
    assertThat(state(a, b)).isEqualTo(PartnerState.PARTNER_STATE_ACTIVE);
    assertThat(state(b, a)).isEqualTo(PartnerState.PARTNER_STATE_ACTIVE);
  }

  @Test
  @Order(6)
  void aLostNoticeIsLearntFromTheTlsRefusal() throws Exception {
    // A cannot reach B when it revokes (B's endpoint at A points nowhere): the notice is lost.
    String endpoint = a.federation().partners().find(b.nodeId()).orElseThrow().federationEndpoint();
    a.runtime()
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE partner SET federation_endpoint = ? WHERE node_id = ?",
                    "127.0.0.1:" + freePort(),
                    b.nodeId()));
    a.federation().channels().open(b.nodeId());
    revoke(a, b, "lost notice");
    assertThat(audit(a, b))
        .anySatisfy(
            e -> {
              assertThat(e.getAction()).isEqualTo("REVOCATION_NOTICE");
              assertThat(e.getDetail()).startsWith("not delivered to b.ops.test");
            });
    assertThat(state(b, a)).isEqualTo(PartnerState.PARTNER_STATE_ACTIVE);
    assertThat(endpoint).isNotBlank();

    // B's next call is refused at TLS as revoked: the message says so, and B records it.
    b.federation().channels().open(a.nodeId());
    assertThatThrownBy(() -> refresh(b, a))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.getStatus().getDescription())
                  .contains("certificate_revoked")
                  .contains("a.ops.test has revoked this node")
                  .doesNotContain("Channel Pipeline");
            });
    eventually(
        Duration.ofSeconds(5),
        () -> state(b, a) == PartnerState.PARTNER_STATE_REVOKED_BY_PARTNER,
        "B marks A REVOKED_BY_PARTNER after the TLS refusal");
    assertThat(audit(b, a))
        .anySatisfy(
            e -> {
              assertThat(e.getAction()).isEqualTo("REVOKED_BY_PARTNER");
              assertThat(e.getActor()).isEqualTo("system");
            });
  }
}
