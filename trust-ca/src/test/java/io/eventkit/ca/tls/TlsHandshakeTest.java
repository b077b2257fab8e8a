package io.eventkit.ca.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventkit.ca.Csrs;
import io.eventkit.ca.KeyPairs;
import io.eventkit.ca.MutableClock;
import io.eventkit.ca.NodeId;
import io.eventkit.ca.RevocationChecker;
import io.eventkit.ca.RevokedSerials;
import io.eventkit.ca.TestPki;
import io.eventkit.ca.TestPki.Issued;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real JDK TLS handshakes on loopback with the reloading managers on both sides. */
class TlsHandshakeTest {
  static final NodeId A = NodeId.of("a.example");
  static final NodeId B = NodeId.of("b.example");

  final MutableClock clock = new MutableClock(Instant.now());
  final TestPki pki = TestPki.create("a.example", clock);
  final ExecutorService executor = Executors.newSingleThreadExecutor();
  ReloadingTrustManager serverTrust;
  SSLServerSocket server;

  /** What the server saw: the client's leaf, or the failure message chain. */
  record Outcome(X509Certificate peer, String failure) {}

  @BeforeEach
  void startServer() throws Exception {
    KeyPair serverKey = KeyPairs.generateP256();
    X509Certificate serverCert =
        pki.issuing()
            .issueNodeServerCertificate(
                serverKey.getPublic(), List.of("localhost", "127.0.0.1"), Duration.ofHours(24));
    serverTrust =
        new ReloadingTrustManager(TrustSource.of(pki.bundle(), RevocationChecker.none(), clock));
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(
        new KeyManager[] {
          new ReloadingKeyManager(
              serverKey.getPrivate(), List.of(serverCert, pki.issuing().certificate()))
        },
        new TrustManager[] {serverTrust},
        null);
    server =
        (SSLServerSocket)
            ctx.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server.setNeedClientAuth(true);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    executor.shutdownNow();
  }

  @Test
  void acceptsClientCertificateFromTheFederationCa() throws Exception {
    Issued client = pki.partnerCert("b.example", Duration.ofHours(24));
    Outcome o = handshake(new ReloadingKeyManager(client.keyPair().getPrivate(), client.chain()));
    assertThat(o.failure()).isNull();
    assertThat(o.peer()).isEqualTo(client.leaf());
    assertThat(serverTrust.validateClient(new X509Certificate[] {o.peer()}))
        .hasToString("spiffe://a.example/partner/b.example");
  }

  @Test
  void refusesCertificateFromAnotherCa() throws Exception {
    Issued other =
        TestPki.create("c.example", clock).partnerCert("b.example", Duration.ofHours(24));
    assertRefused(other, "UNTRUSTED_ISSUER");
  }

  @Test
  void refusesSelfSignedCertificate() throws Exception {
    Issued self =
        TestPki.selfSigned(
            "spiffe://a.example/partner/b.example",
            clock.instant().minusSeconds(60),
            clock.instant().plusSeconds(3600));
    assertRefused(self, "UNTRUSTED_ISSUER");
  }

  @Test
  void refusesExpiredCertificateBeyondSkew() throws Exception {
    MutableClock past = new MutableClock(clock.instant().minus(Duration.ofHours(3)));
    KeyPair kp = KeyPairs.generateP256();
    X509Certificate expired =
        pki.issuing()
            .withClock(past)
            .signPartnerCsr(
                Csrs.createPartnerCsr(kp, A, B), B, Duration.ofHours(1), Duration.ofDays(1));
    assertRefused(new Issued(kp, List.of(expired, pki.issuing().certificate())), "EXPIRED");
  }

  @Test
  void refusesClientWithoutCertificate() throws Exception {
    Outcome o = handshake(null);
    assertThat(o.failure()).isNotNull();
  }

  @Test
  void keyManagerUpdatePresentsTheNewCertificate() throws Exception {
    Issued first = pki.partnerCert("b.example", Duration.ofHours(24));
    Issued renewed = pki.partnerCert("b.example", Duration.ofHours(24));
    ReloadingKeyManager km = new ReloadingKeyManager(first.keyPair().getPrivate(), first.chain());
    assertThat(handshake(km).peer()).isEqualTo(first.leaf());
    km.update(renewed.keyPair().getPrivate(), renewed.chain());
    assertThat(km.currentCertificate()).isEqualTo(renewed.leaf());
    assertThat(handshake(km).peer()).isEqualTo(renewed.leaf());
  }

  @Test
  void revocationUpdateRefusesTheNextHandshake() throws Exception {
    Issued client = pki.partnerCert("b.example", Duration.ofHours(24));
    ReloadingKeyManager km = new ReloadingKeyManager(client.keyPair().getPrivate(), client.chain());
    assertThat(handshake(km).failure()).isNull();
    serverTrust.update(
        serverTrust
            .current()
            .withRevocation(
                RevokedSerials.of(
                    pki.issuing().certificate(), List.of(client.leaf().getSerialNumber()))));
    assertThat(handshake(km).failure()).contains("REVOKED");
  }

  @Test
  void clientRefusesServerOutsideThePinnedBundle() throws Exception {
    Issued client = pki.partnerCert("b.example", Duration.ofHours(24));
    TestPki other = TestPki.create("c.example", clock);
    // the client pins c.example's bundle while talking to a.example
    Outcome o =
        handshake(
            new ReloadingKeyManager(client.keyPair().getPrivate(), client.chain()),
            new ReloadingTrustManager(
                TrustSource.of(other.bundle(), RevocationChecker.none(), clock)));
    assertThat(o.failure()).isNotNull();
  }

  private void assertRefused(Issued client, String reason) throws Exception {
    Outcome o = handshake(new ReloadingKeyManager(client.keyPair().getPrivate(), client.chain()));
    assertThat(o.peer()).isNull();
    assertThat(o.failure()).contains(reason);
  }

  private Outcome handshake(ReloadingKeyManager clientKeys) throws Exception {
    return handshake(
        clientKeys,
        new ReloadingTrustManager(TrustSource.of(pki.bundle(), RevocationChecker.none(), clock)));
  }

  /** One connection; a fresh client context each time (no session resumption across calls). */
  private Outcome handshake(ReloadingKeyManager clientKeys, ReloadingTrustManager clientTrust)
      throws Exception {
    Future<Outcome> serverSide =
        executor.submit(
            () -> {
              try (SSLSocket s = (SSLSocket) server.accept()) {
                s.setSoTimeout(5000);
                s.startHandshake();
                X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
                s.getOutputStream().write(42);
                s.getOutputStream().flush();
                return new Outcome(peer, null);
              } catch (Exception e) {
                return new Outcome(null, messages(e));
              }
            });
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(
        clientKeys == null ? null : new KeyManager[] {clientKeys},
        new TrustManager[] {clientTrust},
        null);
    try (SSLSocket c =
        (SSLSocket)
            ctx.getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
      c.setSoTimeout(5000);
      c.startHandshake();
      c.getInputStream().read();
    } catch (Exception e) {
      // the server-side outcome says why; a client-side trust failure leaves the server failing too
    }
    return serverSide.get(10, TimeUnit.SECONDS);
  }

  private static String messages(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t).append(" <- ");
    }
    return sb.toString();
  }
}
