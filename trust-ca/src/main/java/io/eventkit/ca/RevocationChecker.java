package io.eventkit.ca;

import java.security.cert.X509Certificate;

/**
 * Decides whether a certificate of a validated path (leaf or intermediate) is revoked. Called by
 * {@link TrustBundle#validate} after PKIX path validation succeeded, on every certificate of the
 * path except the trust anchor. Must be fast and thread-safe: it runs on every TLS handshake.
 */
@FunctionalInterface
public interface RevocationChecker {
  boolean isRevoked(X509Certificate cert);

  static RevocationChecker none() {
    return cert -> false;
  }
}
