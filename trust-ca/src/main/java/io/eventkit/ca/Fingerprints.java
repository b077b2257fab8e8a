package io.eventkit.ca;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** SHA-256 fingerprints as lowercase hex (64 chars, no separators), as printed in invitations. */
public final class Fingerprints {
  private Fingerprints() {}

  /** SHA-256 over the certificate's DER encoding (same as {@code openssl x509 -fingerprint}). */
  public static String sha256Hex(X509Certificate cert) {
    try {
      return sha256Hex(cert.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new CaException(CaException.Reason.INTERNAL, "certificate encoding failed", e);
    }
  }

  /** SHA-256 over the DER SubjectPublicKeyInfo (stable across re-issuance with the same key). */
  public static String spkiSha256Hex(PublicKey key) {
    return sha256Hex(key.getEncoded());
  }

  public static String spkiSha256Hex(X509Certificate cert) {
    return spkiSha256Hex(cert.getPublicKey());
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
