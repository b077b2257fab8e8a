package io.eventkit.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
  static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  static final NodeId A = NodeId.of("a.example");
  static final NodeId B = NodeId.of("b.example");

  final MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");
  final TestPki pki = TestPki.create("a.example", clock);

  @Test
  void rootProfile() throws Exception {
    X509Certificate root = pki.root().certificate();
    assertThat(root.getSubjectX500Principal())
        .isEqualTo(new X500Principal("CN=EventKit Root CA a.example, O=a.example"));
    assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
    assertThat(root.getBasicConstraints()).isEqualTo(1);
    assertThat(root.getCriticalExtensionOIDs())
        .contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
    assertThat(usages(root)).containsExactly(5, 6); // keyCertSign, cRLSign
    assertThat(root.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(Duration.between(root.getNotBefore().toInstant(), root.getNotAfter().toInstant()))
        .isEqualTo(Duration.ofDays(3650).plusMinutes(1));
    assertThat(root.getNotBefore().toInstant()).isEqualTo(clock.instant().minusSeconds(60));
    assertThat(aki(root)).isEqualTo(ski(root));
    assertThat(root.getSerialNumber().signum()).isPositive();
    assertThat(root.getSerialNumber().bitLength()).isLessThanOrEqualTo(128);
    root.verify(root.getPublicKey());
  }

  @Test
  void issuingProfile() throws Exception {
    X509Certificate ca = pki.issuing().certificate();
    assertThat(ca.getBasicConstraints()).isZero();
    assertThat(ca.getIssuerX500Principal())
        .isEqualTo(pki.root().certificate().getSubjectX500Principal());
    assertThat(ca.getSubjectX500Principal().getName())
        .startsWith("CN=EventKit Federation CA a.example ");
    assertThat(usages(ca)).containsExactly(0, 5, 6);
    assertThat(aki(ca)).isEqualTo(ski(pki.root().certificate()));
    assertThat(ca.getCriticalExtensionOIDs()).contains(Extension.nameConstraints.getId());
    NameConstraints nc =
        NameConstraints.getInstance(
            ASN1OctetString.getInstance(ca.getExtensionValue(Extension.nameConstraints.getId()))
                .getOctets());
    GeneralSubtree[] permitted = nc.getPermittedSubtrees();
    assertThat(permitted).hasSize(1);
    assertThat(permitted[0].getBase().getTagNo()).isEqualTo(GeneralName.uniformResourceIdentifier);
    assertThat(permitted[0].getBase().getName().toString()).isEqualTo("a.example");
    assertThat(nc.getExcludedSubtrees()).isNull();
    assertThat(ca.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(365)));
    ca.verify(pki.root().certificate().getPublicKey());
    // two generations never share a DN
    assertThat(
            pki.root().createIssuingCa(Duration.ofDays(1)).certificate().getSubjectX500Principal())
        .isNotEqualTo(ca.getSubjectX500Principal());
    // an issuing CA (pathLen 0) cannot mint another CA
    assertRefused(
        () -> pki.issuing().createIssuingCa(Duration.ofDays(1)),
        CaException.Reason.INVALID_ARGUMENT);
  }

  @Test
  void nodeServerProfile() throws Exception {
    KeyPair kp = KeyPairs.generateP256();
    X509Certificate cert =
        pki.issuing()
            .issueNodeServerCertificate(
                kp.getPublic(),
                List.of("localhost", "a.example", "127.0.0.1"),
                Duration.ofHours(24));
    assertThat(cert.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(usages(cert)).containsExactly(0);
    assertThat(cert.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(
            List.of(2, "localhost"),
            List.of(2, "a.example"),
            List.of(7, "127.0.0.1"),
            List.of(6, "spiffe://a.example/node"));
    assertThat(aki(cert)).isEqualTo(ski(pki.issuing().certificate()));
    assertThat(cert.getNotBefore().toInstant()).isEqualTo(clock.instant().minusSeconds(60));
    assertThat(cert.getNotAfter().toInstant())
        .isEqualTo(clock.instant().plus(Duration.ofHours(24)));
    cert.verify(pki.issuing().certificate().getPublicKey());
    assertRefused(
        () ->
            pki.issuing()
                .issueNodeServerCertificate(
                    kp.getPublic(), List.of("bad host"), Duration.ofHours(1)),
        CaException.Reason.INVALID_ARGUMENT);
  }

  @Test
  void partnerClientProfile() throws Exception {
    KeyPair kp = KeyPairs.generateP256();
    String csr = Csrs.createPartnerCsr(kp, A, B);
    assertThat(csr).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
    X509Certificate cert =
        pki.issuing().signPartnerCsr(csr, B, Duration.ofHours(24), Duration.ofDays(7));
    assertThat(cert.getPublicKey()).isEqualTo(kp.getPublic());
    assertThat(cert.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(usages(cert)).containsExactly(0);
    assertThat(cert.getSubjectAlternativeNames())
        .containsExactly(List.of(6, "spiffe://a.example/partner/b.example"));
    assertThat(cert.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=b.example"));
    assertThat(aki(cert)).isEqualTo(ski(pki.issuing().certificate()));
    assertThat(ski(cert)).isNotNull();
    cert.verify(pki.issuing().certificate().getPublicKey());
  }

  @Test
  void csrWithoutUriSanIsRefused() throws Exception {
    KeyPair kp = KeyPairs.generateP256();
    PKCS10CertificationRequest csr = Csrs.create(kp, "whatever", null);
    assertRefused(
        () -> pki.issuing().signPartnerCsr(csr, B, Duration.ofHours(1), Duration.ofDays(7)),
        CaException.Reason.SAN_MISSING);
  }

  @Test
  void rsa2048CsrIsAccepted() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    X509Certificate cert =
        pki.issuing()
            .signPartnerCsr(
                Csrs.createPartnerCsr(g.generateKeyPair(), A, B),
                B,
                Duration.ofHours(1),
                Duration.ofDays(7));
    assertThat(usages(cert)).containsExactly(0, 2);
  }

  @Test
  void leafNeverOutlivesItsIssuer() {
    CertificateAuthority shortCa = pki.root().createIssuingCa(Duration.ofHours(2));
    X509Certificate cert =
        shortCa.signPartnerCsr(
            Csrs.createPartnerCsr(KeyPairs.generateP256(), A, B),
            B,
            Duration.ofDays(1),
            Duration.ofDays(7));
    assertThat(cert.getNotAfter()).isEqualTo(shortCa.certificate().getNotAfter());
  }

  @Test
  void customBackdate() {
    X509Certificate cert =
        pki.issuing()
            .withBackdate(Duration.ofMinutes(5))
            .signPartnerCsr(
                Csrs.createPartnerCsr(KeyPairs.generateP256(), A, B),
                B,
                Duration.ofDays(1),
                Duration.ofDays(7));
    assertThat(cert.getNotBefore().toInstant())
        .isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));
  }

  @Test
  void refusesCsrWithTamperedSignature() throws Exception {
    PKCS10CertificationRequest csr = Csrs.create(KeyPairs.generateP256(), "b.example", null);
    byte[] der = csr.getEncoded().clone();
    der[der.length - 1] ^= 0x01; // last byte of the ECDSA signature's s
    PKCS10CertificationRequest tampered = new PKCS10CertificationRequest(der);
    assertRefused(
        () -> pki.issuing().signPartnerCsr(tampered, B, Duration.ofHours(1), Duration.ofDays(7)),
        CaException.Reason.BAD_CSR_SIGNATURE);
    // tampering with the signed part (the subject) fails the same way
    byte[] der2 = csr.getEncoded().clone();
    int at = indexOf(der2, "b.example".getBytes());
    der2[at] = 'c';
    assertRefused(
        () ->
            pki.issuing()
                .signPartnerCsr(
                    new PKCS10CertificationRequest(der2),
                    B,
                    Duration.ofHours(1),
                    Duration.ofDays(7)),
        CaException.Reason.BAD_CSR_SIGNATURE);
  }

  @Test
  void refusesCsrAskingForCa() throws Exception {
    ExtensionsGenerator ext = new ExtensionsGenerator();
    ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    assertRefused(
        () ->
            pki.issuing().signPartnerCsr(csrWith(ext), B, Duration.ofHours(1), Duration.ofDays(7)),
        CaException.Reason.CA_REQUESTED);
    ExtensionsGenerator ku = new ExtensionsGenerator();
    ku.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
    assertRefused(
        () -> pki.issuing().signPartnerCsr(csrWith(ku), B, Duration.ofHours(1), Duration.ofDays(7)),
        CaException.Reason.CA_REQUESTED);
  }

  @Test
  void refusesCsrForAnotherName() {
    // a CSR naming another issuing node, and one for another partner
    String otherNode = Csrs.createPartnerCsr(KeyPairs.generateP256(), NodeId.of("c.example"), B);
    assertRefused(
        () -> pki.issuing().signPartnerCsr(otherNode, B, Duration.ofHours(1), Duration.ofDays(7)),
        CaException.Reason.SAN_MISMATCH);
    String otherPartner = Csrs.createPartnerCsr(KeyPairs.generateP256(), A, NodeId.of("c.example"));
    assertRefused(
        () ->
            pki.issuing().signPartnerCsr(otherPartner, B, Duration.ofHours(1), Duration.ofDays(7)),
        CaException.Reason.SAN_MISMATCH);
  }

  @Test
  void refusesTooLongLifetime() {
    String csr = Csrs.createPartnerCsr(KeyPairs.generateP256(), A, B);
    assertRefused(
        () -> pki.issuing().signPartnerCsr(csr, B, Duration.ofDays(3650), Duration.ofDays(7)),
        CaException.Reason.LIFETIME_TOO_LONG);
    assertRefused(
        () -> pki.issuing().signPartnerCsr(csr, B, Duration.ZERO, Duration.ofDays(7)),
        CaException.Reason.INVALID_ARGUMENT);
  }

  @Test
  void refusesWeakKeys() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    String weakRsa = Csrs.createPartnerCsr(rsa.generateKeyPair(), A, B);
    assertRefused(
        () -> pki.issuing().signPartnerCsr(weakRsa, B, Duration.ofHours(1), Duration.ofDays(7)),
        CaException.Reason.WEAK_KEY);
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp384r1"));
    String p384 = Csrs.createPartnerCsr(ec.generateKeyPair(), A, B);
    assertRefused(
        () -> pki.issuing().signPartnerCsr(p384, B, Duration.ofHours(1), Duration.ofDays(7)),
        CaException.Reason.WEAK_KEY);
  }

  @Test
  void refusesGarbageCsr() {
    assertRefused(
        () -> pki.issuing().signPartnerCsr("garbage", B, Duration.ofHours(1), Duration.ofDays(7)),
        CaException.Reason.MALFORMED_PEM);
    assertRefused(
        () ->
            pki.issuing()
                .signPartnerCsr(
                    Pem.write(pki.root().certificate()),
                    B,
                    Duration.ofHours(1),
                    Duration.ofDays(7)),
        CaException.Reason.MALFORMED_PEM);
  }

  @Test
  void crl() throws Exception {
    var issued = pki.partnerCert("b.example", Duration.ofHours(1));
    X509CRL crl =
        pki.issuing()
            .createCrl(
                7,
                List.of(
                    new RevokedCertificate(
                        issued.leaf().getSerialNumber(),
                        clock.instant(),
                        RevocationReason.KEY_COMPROMISE)),
                Duration.ofHours(6));
    crl.verify(pki.issuing().certificate().getPublicKey());
    assertThat(crl.getThisUpdate().toInstant()).isEqualTo(clock.instant());
    assertThat(crl.getNextUpdate().toInstant())
        .isEqualTo(clock.instant().plus(Duration.ofHours(6)));
    assertThat(crl.isRevoked(issued.leaf())).isTrue();
    assertThat(Pem.readCrl(Pem.write(crl))).isEqualTo(crl);
    RevokedSerials revoked = RevokedSerials.fromCrl(crl, pki.issuing().certificate());
    assertThat(revoked.isRevoked(issued.leaf())).isTrue();
    assertThat(revoked.isRevoked(pki.partnerCert("b.example", Duration.ofHours(1)).leaf()))
        .isFalse();
    // a CRL checked against the wrong issuer is refused
    assertRefused(
        () -> RevokedSerials.fromCrl(crl, pki.root().certificate()),
        CaException.Reason.UNTRUSTED_ISSUER);
  }

  @Test
  void toStringHasNoKeyMaterial() {
    String s = pki.issuing().toString();
    assertThat(s).contains("sha256=").doesNotContain("PRIVATE");
    String keyHex = java.util.HexFormat.of().formatHex(pki.issuing().privateKey().getEncoded());
    assertThat(s).doesNotContain(keyHex.substring(keyHex.length() - 20));
  }

  @Test
  void loadsFromStoredMaterial() {
    String encrypted = KeyPairs.encryptPrivateKey(pki.issuing().privateKey(), "pw".toCharArray());
    CertificateAuthority loaded =
        CertificateAuthority.load(
            A,
            KeyPairs.decryptPrivateKey(encrypted, "pw".toCharArray()),
            Pem.readCertificates(Pem.writeCertificates(pki.issuing().chain())),
            clock);
    X509Certificate cert =
        loaded.signPartnerCsr(
            Csrs.createPartnerCsr(KeyPairs.generateP256(), A, B),
            B,
            Duration.ofHours(1),
            Duration.ofDays(7));
    assertThat(
            pki.bundle()
                .validate(
                    List.of(cert),
                    clock.instant(),
                    Duration.ofMinutes(1),
                    RevocationChecker.none()))
        .isEqualTo(SpiffeId.forPartner(A, B));
  }

  static void assertRefused(ThrowingCallable call, CaException.Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(CaException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private static List<Integer> usages(X509Certificate c) {
    boolean[] ku = c.getKeyUsage();
    List<Integer> out = new java.util.ArrayList<>();
    for (int i = 0; i < ku.length; i++) {
      if (ku[i]) {
        out.add(i);
      }
    }
    return out;
  }

  static byte[] ski(X509Certificate c) {
    byte[] ext = c.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    return ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
  }

  static byte[] aki(X509Certificate c) {
    byte[] ext = c.getExtensionValue(Extension.authorityKeyIdentifier.getId());
    return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets())
        .getKeyIdentifier();
  }

  private static PKCS10CertificationRequest csrWith(ExtensionsGenerator ext) throws Exception {
    KeyPair kp = KeyPairs.generateP256();
    return new JcaPKCS10CertificationRequestBuilder(
            new X500Principal("CN=b.example"), kp.getPublic())
        .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(Arrays.copyOfRange(haystack, i, i + needle.length), needle)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
