package io.eventkit.ca;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/** A node's root + issuing CA for tests, and rogue certificates built around the CA's policy. */
public record TestPki(NodeId node, CertificateAuthority root, CertificateAuthority issuing) {

  public static TestPki create(String node, Clock clock) {
    CertificateAuthority root =
        CertificateAuthority.createRoot(
            NodeId.of(node), CertificateAuthority.DEFAULT_ROOT_LIFETIME, clock);
    return new TestPki(
        NodeId.of(node), root, root.createIssuingCa(CertificateAuthority.DEFAULT_ISSUING_LIFETIME));
  }

  public TrustBundle bundle() {
    return new TrustBundle(node, 1, List.of(root.certificate(), issuing.certificate()));
  }

  /** A partner client certificate issued through the normal CSR path. */
  public Issued partnerCert(String partner, Duration lifetime) {
    KeyPair kp = KeyPairs.generateP256();
    X509Certificate cert =
        issuing.signPartnerCsr(
            Csrs.createPartnerCsr(kp, node, NodeId.of(partner)),
            NodeId.of(partner),
            lifetime,
            Duration.ofDays(7));
    return new Issued(kp, List.of(cert, issuing.certificate()));
  }

  /**
   * A leaf with an arbitrary URI SAN and clientAuth, signed by {@code signer}, no policy checks.
   */
  public static Issued rogueLeaf(CertificateAuthority signer, String uri, Instant nb, Instant na) {
    KeyPair kp = KeyPairs.generateP256();
    X509Certificate cert =
        Certificates.build(
            new X500Principal("CN=rogue"),
            kp.getPublic(),
            signer.certificate(),
            signer.privateKey(),
            nb,
            na,
            ext -> {
              ext.add(Extension.basicConstraints, true, new BasicConstraints(false));
              ext.add(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
              ext.add(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
            });
    return new Issued(kp, List.of(cert, signer.certificate()));
  }

  /** A self-signed leaf with a valid-looking partner SAN. */
  public static Issued selfSigned(String uri, Instant nb, Instant na) {
    KeyPair kp = KeyPairs.generateP256();
    X509Certificate cert =
        Certificates.build(
            new X500Principal("CN=self"),
            kp.getPublic(),
            null,
            kp.getPrivate(),
            nb,
            na,
            ext -> {
              ext.add(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
              ext.add(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
            });
    return new Issued(kp, List.of(cert));
  }

  /** A key pair and the chain issued for it (leaf first). */
  public record Issued(KeyPair keyPair, List<X509Certificate> chain) {
    public X509Certificate leaf() {
      return chain.get(0);
    }

    @Override
    public String toString() {
      return "Issued[" + leaf().getSubjectX500Principal() + "]";
    }
  }
}
