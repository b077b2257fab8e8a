package io.eventkit.ca;

import java.io.IOException;
import java.security.PublicKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Keys this CA certifies: EC P-256, or RSA of at least 2048 bits (accepted so that another
 * implementation of the federation spec may use RSA). Everything else is {@code WEAK_KEY}.
 */
final class KeyPolicy {
  static final int MIN_RSA_BITS = 2048;

  private KeyPolicy() {}

  static void check(PublicKey key) {
    check(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
  }

  static void check(SubjectPublicKeyInfo spki) {
    ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(alg)) {
      if (!X9ObjectIdentifiers.prime256v1.equals(spki.getAlgorithm().getParameters())) {
        throw new CaException(
            CaException.Reason.WEAK_KEY,
            "EC key on curve " + spki.getAlgorithm().getParameters() + ": only P-256 is accepted");
      }
      return;
    }
    if (PKCSObjectIdentifiers.rsaEncryption.equals(alg)) {
      int bits;
      try {
        bits = RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus().bitLength();
      } catch (IOException | IllegalArgumentException e) {
        throw new CaException(CaException.Reason.WEAK_KEY, "unreadable RSA public key");
      }
      if (bits < MIN_RSA_BITS) {
        throw new CaException(
            CaException.Reason.WEAK_KEY,
            "RSA key of " + bits + " bits: at least " + MIN_RSA_BITS + " are required");
      }
      return;
    }
    throw new CaException(
        CaException.Reason.WEAK_KEY,
        "key algorithm " + alg + " is not accepted (only EC P-256 and RSA >= 2048)");
  }
}
