package io.eventkit.ca;

import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Low-level certificate building shared by the profiles. */
final class Certificates {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Certificates() {}

  /** Random positive serial of at most 128 bits (<= 17 DER octets, under RFC 5280's 20). */
  static BigInteger randomSerial() {
    BigInteger serial = new BigInteger(128, RANDOM);
    return serial.signum() == 0 ? BigInteger.ONE : serial;
  }

  static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default ->
          throw new CaException(
              CaException.Reason.WEAK_KEY, "unsupported signing key " + key.getAlgorithm());
    };
  }

  static JcaX509ExtensionUtils extensionUtils() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Extension sink that hides BC's checked exception. */
  interface Extensions {
    void add(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value);
  }

  /**
   * Builds and signs a certificate. {@code issuerCert} null means self-signed. SKI and AKI are
   * always added; {@code extensions} adds the profile's own.
   */
  static X509Certificate build(
      X500Principal subject,
      PublicKey subjectKey,
      X509Certificate issuerCert,
      PrivateKey issuerKey,
      Instant notBefore,
      Instant notAfter,
      Consumer<Extensions> extensions) {
    try {
      X500Principal issuer = issuerCert == null ? subject : issuerCert.getSubjectX500Principal();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer,
              randomSerial(),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              subjectKey);
      JcaX509ExtensionUtils utils = extensionUtils();
      b.addExtension(
          org.bouncycastle.asn1.x509.Extension.subjectKeyIdentifier,
          false,
          utils.createSubjectKeyIdentifier(subjectKey));
      b.addExtension(
          org.bouncycastle.asn1.x509.Extension.authorityKeyIdentifier,
          false,
          issuerCert == null
              ? utils.createAuthorityKeyIdentifier(subjectKey)
              : utils.createAuthorityKeyIdentifier(issuerCert));
      RuntimeException[] failure = new RuntimeException[1];
      extensions.accept(
          (oid, critical, value) -> {
            try {
              b.addExtension(oid, critical, value);
            } catch (CertIOException e) {
              failure[0] = new CaException(CaException.Reason.INTERNAL, "bad extension " + oid, e);
            }
          });
      if (failure[0] != null) {
        throw failure[0];
      }
      var signer = new JcaContentSignerBuilder(signatureAlgorithm(issuerKey)).build(issuerKey);
      return Pem.toX509(b.build(signer).getEncoded());
    } catch (CertificateEncodingException | OperatorCreationException | java.io.IOException e) {
      throw new CaException(CaException.Reason.INTERNAL, "certificate signing failed", e);
    }
  }

  static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
