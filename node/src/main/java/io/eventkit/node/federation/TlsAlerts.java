package io.eventkit.node.federation;

import io.eventkit.ca.CaException;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSslCertificateException;
import io.grpc.netty.shaded.io.netty.internal.tcnative.CertificateVerifier;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Makes a refused certificate (client or server) end the handshake with the TLS alert that says why
 * (RFC 8446 §6.2): {@code unknown_ca} (48) for a foreign or self-signed chain, {@code
 * certificate_revoked} (44), {@code certificate_expired} (45), {@code unsupported_certificate} (43)
 * for a wrong key purpose, {@code bad_certificate} (42) for everything else, instead of {@code
 * internal_error} (80).
 *
 * <p>With the BoringSSL engine of grpc-netty-shaded, Netty turns an {@link
 * OpenSslCertificateException}'s X.509 error code into the alert (BoringSSL's {@code
 * ssl_verify_alarm_type}); any other {@link CertificateException} becomes {@code
 * X509_V_ERR_UNSPECIFIED}, i.e. {@code internal_error}. Without BoringSSL (JDK engine) the
 * exception passes unchanged.
 */
public final class TlsAlerts extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;

  private TlsAlerts(X509ExtendedTrustManager delegate) {
    this.delegate = delegate;
  }

  public static X509ExtendedTrustManager wrap(X509ExtendedTrustManager delegate) {
    return OpenSsl.isAvailable() ? new TlsAlerts(delegate) : delegate;
  }

  /** The X.509 verify error whose alert describes {@code reason}. */
  static int errorCode(CaException.Reason reason) {
    return switch (reason) {
      case UNTRUSTED_ISSUER -> CertificateVerifier.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
      case REVOKED -> CertificateVerifier.X509_V_ERR_CERT_REVOKED;
      case EXPIRED -> CertificateVerifier.X509_V_ERR_CERT_HAS_EXPIRED;
      case WRONG_KEY_PURPOSE -> CertificateVerifier.X509_V_ERR_INVALID_PURPOSE;
      default -> CertificateVerifier.X509_V_ERR_CERT_REJECTED;
    };
  }

  private static CertificateException translate(CertificateException e) {
    if (e instanceof OpenSslCertificateException) {
      return e;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CaException ca) {
        return new OpenSslCertificateException(e.getMessage(), e, errorCode(ca.reason()));
      }
    }
    return new OpenSslCertificateException(
        e.getMessage(), e, CertificateVerifier.X509_V_ERR_CERT_REJECTED);
  }

  private interface Check {
    void run() throws CertificateException;
  }

  private static void translated(Check check) throws CertificateException {
    try {
      check.run();
    } catch (CertificateException e) {
      throw translate(e);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    translated(() -> delegate.checkClientTrusted(chain, authType));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    translated(() -> delegate.checkClientTrusted(chain, authType, socket));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    translated(() -> delegate.checkClientTrusted(chain, authType, engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    translated(() -> delegate.checkServerTrusted(chain, authType));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    translated(() -> delegate.checkServerTrusted(chain, authType, socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    translated(() -> delegate.checkServerTrusted(chain, authType, engine));
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
