package io.eventkit.node.federation.handshake;

import io.eventkit.ca.CaException;
import io.eventkit.ca.Fingerprints;
import io.eventkit.ca.KeyPurpose;
import io.eventkit.ca.NodeId;
import io.eventkit.ca.RevocationChecker;
import io.eventkit.ca.SpiffeId;
import io.eventkit.ca.TrustBundle;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Client-side trust for enrolment: the server's chain must contain the root whose SHA-256
 * fingerprint the invitation pinned; that root is the only anchor, the chain must validate to it
 * for serverAuth, and the leaf must be {@code spiffe://<issuer>/node}. No trust on first use. The
 * reason of the last refusal is kept for a precise error message.
 */
final class PinnedRootTrustManager extends X509ExtendedTrustManager {
  private final NodeId issuer;
  private final String fingerprint;
  private final Clock clock;
  private final Duration skew;
  private volatile String failure;
  private volatile X509Certificate root;

  PinnedRootTrustManager(NodeId issuer, String fingerprint, Clock clock, Duration skew) {
    this.issuer = issuer;
    this.fingerprint = fingerprint;
    this.clock = clock;
    this.skew = skew;
  }

  String failure() {
    return failure;
  }

  X509Certificate root() {
    return root;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    X509Certificate pinned = null;
    for (X509Certificate c : chain) {
      if (Fingerprints.sha256Hex(c).equalsIgnoreCase(fingerprint)) {
        pinned = c;
      }
    }
    if (pinned == null) {
      failure =
          "root fingerprint mismatch: the invitation pins "
              + fingerprint
              + " but the server presented "
              + Fingerprints.sha256Hex(chain[chain.length - 1]);
      throw new CertificateException(failure);
    }
    try {
      SpiffeId id =
          new TrustBundle(issuer, 0, List.of(pinned))
              .validate(
                  List.of(chain),
                  clock.instant(),
                  skew,
                  RevocationChecker.none(),
                  KeyPurpose.SERVER_AUTH);
      if (!id.equals(SpiffeId.forNode(issuer))) {
        failure = "the server identifies as " + id + ", not as node " + issuer.value();
        throw new CertificateException(failure);
      }
    } catch (CaException e) {
      failure = "the server's certificate chain is not valid: " + e.getMessage();
      throw new CertificateException(failure, e);
    }
    root = pinned;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("client side only");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("client side only");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("client side only");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
