package io.eventkit.ca;

import java.security.KeyPair;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** CSR creation for the partner side of an enrolment or renewal. */
public final class Csrs {
  private Csrs() {}

  /**
   * A PEM CSR for a partner client certificate: subject {@code CN=<partner>}, and an extension
   * request for the URI SAN {@code spiffe://<issuer>/partner/<partner>} (the issuing CA computes
   * the SAN itself anyway; requesting it lets it refuse a request meant for someone else).
   */
  public static String createPartnerCsr(KeyPair keyPair, NodeId issuer, NodeId partner) {
    return Pem.write(create(keyPair, partner.value(), SpiffeId.forPartner(issuer, partner)));
  }

  /** A CSR with subject {@code CN=<commonName>} and, if {@code uriSan} is non-null, a URI SAN. */
  public static PKCS10CertificationRequest create(
      KeyPair keyPair, String commonName, SpiffeId uriSan) {
    try {
      var builder =
          new JcaPKCS10CertificationRequestBuilder(
              new X500Principal("CN=" + commonName), keyPair.getPublic());
      if (uriSan != null) {
        ExtensionsGenerator ext = new ExtensionsGenerator();
        ext.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                new GeneralName(GeneralName.uniformResourceIdentifier, uriSan.toString())));
        builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
      }
      return builder.build(
          new JcaContentSignerBuilder(Certificates.signatureAlgorithm(keyPair.getPrivate()))
              .build(keyPair.getPrivate()));
    } catch (OperatorCreationException | java.io.IOException e) {
      throw new CaException(CaException.Reason.INTERNAL, "CSR creation failed", e);
    }
  }
}
