package io.eventkit.node.federation.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.net.ConnectException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** How transport failures of partner calls are described (docs/federation.md §12.5). */
class TlsFailuresTest {
  private static TlsFailures.Failure classify(Status s) {
    return TlsFailures.classify("b.test", "b.test:9443", s);
  }

  private static Status unavailable(Throwable cause) {
    return Status.UNAVAILABLE
        .withDescription("io exception\nChannel Pipeline: [SslHandler#0, DefaultChannelPipeline]")
        .withCause(cause);
  }

  @Test
  void alertsAreNamedAndRevocationIsRecognised() {
    var revoked =
        classify(
            unavailable(
                new SSLHandshakeException(
                    "error:10000414:SSL routines:OPENSSL_internal:SSLV3_ALERT_CERTIFICATE_REVOKED")));
    assertThat(revoked.kind()).isEqualTo(TlsFailures.Kind.REVOKED_BY_PARTNER);
    assertThat(revoked.message())
        .contains("certificate_revoked")
        .contains("b.test has revoked this node");

    var unknownCa =
        classify(unavailable(new SSLHandshakeException("Received fatal alert: unknown_ca")));
    assertThat(unknownCa.kind()).isEqualTo(TlsFailures.Kind.OUR_CERTIFICATE_REFUSED);
    assertThat(unknownCa.message()).contains("unknown_ca").contains("b.test at b.test:9443");

    var denied = classify(Status.PERMISSION_DENIED.withDescription("partner revoked"));
    assertThat(denied.kind()).isEqualTo(TlsFailures.Kind.REVOKED_BY_PARTNER);
    assertThat(classify(Status.PERMISSION_DENIED.withDescription("partner suspended"))).isNull();
  }

  @Test
  void aTrustManagersOwnMessagePassesThrough() {
    SSLHandshakeException e = new SSLHandshakeException("General OpenSslEngine problem");
    e.initCause(
        new CertificateException(
            "SAN_MISMATCH: partner presented a certificate for spiffe://b.test/partner/x,"
                + " expected spiffe://b.test/node"));
    var f = classify(unavailable(e));
    assertThat(f.kind()).isEqualTo(TlsFailures.Kind.PARTNER_CERTIFICATE_REFUSED);
    assertThat(f.message())
        .contains("SAN_MISMATCH: partner presented a certificate for spiffe://b.test/partner/x")
        .doesNotContain("OpenSslEngine");
  }

  @Test
  void connectionFailuresNameTheEndpointAndNoLibraryInternals() {
    var refused = classify(unavailable(new ConnectException("Connection refused")));
    assertThat(refused.message())
        .isEqualTo("cannot connect to b.test at b.test:9443: connection refused");
    var reset = classify(unavailable(new java.io.IOException("Connection reset by peer")));
    assertThat(reset.message())
        .isEqualTo("the connection to b.test at b.test:9443 failed: Connection reset by peer");
    assertThat(
            TlsFailures.describe(
                "b.test",
                "b.test:9443",
                Status.UNAVAILABLE.withDescription(
                    "Connection closed while performing TLS negotiation")))
        .contains("was closed before the TLS handshake completed");
    assertThat(TlsFailures.clean("io exception\nChannel Pipeline: [SslHandler#0]"))
        .isEqualTo("io exception");
    assertThat(classify(Status.DEADLINE_EXCEEDED.withDescription("deadline"))).isNull();
  }
}
