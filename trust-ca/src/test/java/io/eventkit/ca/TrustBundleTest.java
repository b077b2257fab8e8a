package io.eventkit.ca;

import static io.eventkit.ca.CertificateAuthorityTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustBundleTest {
  static final Duration SKEW = Duration.ofSeconds(60);
  static final NodeId A = NodeId.of("a.example");

  final MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");
  final TestPki pki = TestPki.create("a.example", clock);
  final TrustBundle bundle = pki.bundle();

  SpiffeId validate(List<java.security.cert.X509Certificate> chain) {
    return bundle.validate(chain, clock.instant(), SKEW, RevocationChecker.none());
  }

  @Test
  void validatesPartnerChainWithOrWithoutIntermediate() {
    var issued = pki.partnerCert("b.example", Duration.ofHours(24));
    SpiffeId expected = SpiffeId.forPartner(A, NodeId.of("b.example"));
    assertThat(validate(issued.chain())).isEqualTo(expected);
    assertThat(validate(List.of(issued.leaf()))).isEqualTo(expected);
    assertThat(
            bundle.validate(
                issued.chain(),
                clock.instant(),
                SKEW,
                RevocationChecker.none(),
                KeyPurpose.CLIENT_AUTH))
        .isEqualTo(expected);
    assertRefused(
        () ->
            bundle.validate(
                issued.chain(),
                clock.instant(),
                SKEW,
                RevocationChecker.none(),
                KeyPurpose.SERVER_AUTH),
        CaException.Reason.WRONG_KEY_PURPOSE);
  }

  @Test
  void validatesServerChain() {
    var cert =
        pki.issuing()
            .issueNodeServerCertificate(
                KeyPairs.generateP256().getPublic(), List.of("localhost"), Duration.ofHours(24));
    assertThat(
            bundle.validate(
                List.of(cert),
                clock.instant(),
                SKEW,
                RevocationChecker.none(),
                KeyPurpose.SERVER_AUTH))
        .isEqualTo(SpiffeId.forNode(A));
  }

  @Test
  void expiryWithinSkewIsAcceptedBeyondIsRefused() {
    var issued = pki.partnerCert("b.example", Duration.ofHours(1));
    Instant notAfter = issued.leaf().getNotAfter().toInstant();
    clock.set(notAfter.plusSeconds(59));
    assertThat(validate(issued.chain())).isNotNull();
    clock.set(notAfter.plusSeconds(60));
    assertThat(validate(issued.chain())).isNotNull();
    clock.set(notAfter.plusSeconds(61));
    assertRefused(() -> validate(issued.chain()), CaException.Reason.EXPIRED);
    // without skew, one second after expiry is refused
    assertRefused(
        () ->
            bundle.validate(
                issued.chain(), notAfter.plusSeconds(1), Duration.ZERO, RevocationChecker.none()),
        CaException.Reason.EXPIRED);
  }

  @Test
  void notYetValidWithinSkewIsAcceptedBeyondIsRefused() {
    var issued = pki.partnerCert("b.example", Duration.ofHours(1));
    Instant notBefore = issued.leaf().getNotBefore().toInstant(); // now - 1 min (backdated)
    clock.set(notBefore.minusSeconds(30));
    assertThat(validate(issued.chain())).isNotNull();
    clock.set(notBefore.minusSeconds(61));
    assertRefused(() -> validate(issued.chain()), CaException.Reason.NOT_YET_VALID);
  }

  @Test
  void expiredIssuingCaIsRefused() {
    CertificateAuthority shortCa = pki.root().createIssuingCa(Duration.ofHours(2));
    TrustBundle b = bundle.withAdded(shortCa.certificate());
    var leaf =
        shortCa.signPartnerCsr(
            Csrs.createPartnerCsr(KeyPairs.generateP256(), A, NodeId.of("b.example")),
            NodeId.of("b.example"),
            Duration.ofHours(1),
            Duration.ofDays(1));
    assertRefused(
        () ->
            b.validate(
                List.of(leaf),
                clock.instant().plus(Duration.ofHours(3)),
                SKEW,
                RevocationChecker.none()),
        CaException.Reason.EXPIRED);
  }

  @Test
  void chainFromAnotherTrustDomainIsRefused() {
    TestPki other = TestPki.create("c.example", clock);
    var issued = other.partnerCert("b.example", Duration.ofHours(1));
    assertRefused(() -> validate(issued.chain()), CaException.Reason.UNTRUSTED_ISSUER);
    // even when the peer sends its whole chain including its root
    var full = new java.util.ArrayList<>(issued.chain());
    full.add(other.root().certificate());
    assertRefused(() -> validate(full), CaException.Reason.UNTRUSTED_ISSUER);
  }

  @Test
  void selfSignedLeafIsRefused() {
    var self =
        TestPki.selfSigned(
            "spiffe://a.example/partner/b.example",
            clock.instant().minusSeconds(60),
            clock.instant().plusSeconds(3600));
    assertRefused(() -> validate(self.chain()), CaException.Reason.UNTRUSTED_ISSUER);
  }

  @Test
  void forgedIssuersWithTheSameNamesAreRefused() {
    // an attacker copies our root's and issuing CA's DNs, with its own keys
    var attacker = KeyPairs.generateP256();
    Instant nb = clock.instant().minusSeconds(60);
    Instant na = clock.instant().plus(Duration.ofDays(1));
    var fakeRoot =
        Certificates.build(
            pki.root().certificate().getSubjectX500Principal(),
            attacker.getPublic(),
            null,
            attacker.getPrivate(),
            nb,
            na,
            ext ->
                ext.add(
                    org.bouncycastle.asn1.x509.Extension.basicConstraints,
                    true,
                    new org.bouncycastle.asn1.x509.BasicConstraints(1)));
    var fakeIssuingKey = KeyPairs.generateP256();
    var fakeIssuing =
        Certificates.build(
            pki.issuing().certificate().getSubjectX500Principal(),
            fakeIssuingKey.getPublic(),
            fakeRoot,
            attacker.getPrivate(),
            nb,
            na,
            ext ->
                ext.add(
                    org.bouncycastle.asn1.x509.Extension.basicConstraints,
                    true,
                    new org.bouncycastle.asn1.x509.BasicConstraints(0)));
    var fakeCa =
        CertificateAuthority.load(
            A, fakeIssuingKey.getPrivate(), List.of(fakeIssuing, fakeRoot), clock);
    var leaf = TestPki.rogueLeaf(fakeCa, "spiffe://a.example/partner/b.example", nb, na);
    assertRefused(() -> validate(leaf.chain()), CaException.Reason.UNTRUSTED_ISSUER);
    assertRefused(() -> validate(List.of(leaf.leaf())), CaException.Reason.UNTRUSTED_ISSUER);
  }

  @Test
  void issuingCaNameConstraintsAreEnforcedByJdkPkix() {
    var leaf =
        TestPki.rogueLeaf(
            pki.issuing(),
            "spiffe://other.example/partner/b.example",
            clock.instant().minusSeconds(60),
            clock.instant().plusSeconds(3600));
    assertRefused(() -> validate(leaf.chain()), CaException.Reason.NAME_CONSTRAINT_VIOLATION);
    // a subdomain is not within the constraint either
    var sub =
        TestPki.rogueLeaf(
            pki.issuing(),
            "spiffe://x.a.example/node",
            clock.instant().minusSeconds(60),
            clock.instant().plusSeconds(3600));
    assertRefused(() -> validate(sub.chain()), CaException.Reason.NAME_CONSTRAINT_VIOLATION);
  }

  @Test
  void leafNamingAnotherTrustDomainIsRefused() {
    // signed by the (unconstrained) root: passes PKIX, fails the trust-domain check
    var leaf =
        TestPki.rogueLeaf(
            pki.root(),
            "spiffe://other.example/partner/b.example",
            clock.instant().minusSeconds(60),
            clock.instant().plusSeconds(3600));
    assertRefused(() -> validate(leaf.chain()), CaException.Reason.WRONG_TRUST_DOMAIN);
  }

  @Test
  void revokedSerialIsRefused() {
    var issued = pki.partnerCert("b.example", Duration.ofHours(1));
    var other = pki.partnerCert("b.example", Duration.ofHours(1));
    RevokedSerials revoked =
        RevokedSerials.of(pki.issuing().certificate(), List.of(issued.leaf().getSerialNumber()));
    assertRefused(
        () -> bundle.validate(issued.chain(), clock.instant(), SKEW, revoked),
        CaException.Reason.REVOKED);
    assertThat(bundle.validate(other.chain(), clock.instant(), SKEW, revoked)).isNotNull();
    // a revoked intermediate takes its leaves with it
    RevokedSerials caRevoked =
        RevokedSerials.of(
            pki.root().certificate(), List.of(pki.issuing().certificate().getSerialNumber()));
    assertRefused(
        () -> bundle.validate(other.chain(), clock.instant(), SKEW, caRevoked),
        CaException.Reason.REVOKED);
  }

  @Test
  void emptyChainIsRefused() {
    assertRefused(() -> validate(List.of()), CaException.Reason.INVALID_ARGUMENT);
  }

  @Test
  void textRoundTrip() {
    TrustBundle b = bundle.withAdded(pki.root().createIssuingCa(Duration.ofDays(1)).certificate());
    String text = b.toText();
    assertThat(text)
        .startsWith(
            "# eventkit-trust-bundle v1\ntrust-domain: a.example\nsequence: 2\n-----BEGIN CERTIFICATE-----");
    TrustBundle parsed = TrustBundle.parse(text);
    assertThat(parsed).isEqualTo(b);
    assertThat(parsed.toText()).isEqualTo(text);
    assertThat(parsed.roots()).containsExactly(pki.root().certificate());
    assertThat(parsed.intermediates()).hasSize(2);
  }

  @Test
  void garbageBundleTextIsRefused() {
    for (String bad :
        new String[] {
          "",
          "garbage",
          "# eventkit-trust-bundle v1\ntrust-domain: a.example\nsequence: x\n",
          "# eventkit-trust-bundle v1\ntrust-domain: A!\nsequence: 1\n"
              + Pem.write(pki.root().certificate()),
          "# eventkit-trust-bundle v1\ntrust-domain: a.example\nsequence: 1\n",
          "# eventkit-trust-bundle v1\ntrust-domain: a.example\nsequence: 1\n"
              + Pem.write(pki.issuing().certificate()), // no root
        }) {
      assertRefused(() -> TrustBundle.parse(bad), CaException.Reason.MALFORMED_BUNDLE);
    }
  }

  @Test
  void bundleWhoseCaIsConstrainedToAnotherDomainIsRefused() {
    String mislabelled =
        bundle.toText().replace("trust-domain: a.example", "trust-domain: x.example");
    assertRefused(() -> TrustBundle.parse(mislabelled), CaException.Reason.WRONG_TRUST_DOMAIN);
  }

  @Test
  void sequenceIncreasesOnEveryChange() {
    var extra = pki.root().createIssuingCa(Duration.ofDays(1)).certificate();
    TrustBundle added = bundle.withAdded(extra);
    assertThat(added.sequence()).isEqualTo(2);
    assertThat(added.withAdded(extra)).isSameAs(added);
    assertThat(added.withRemoved(extra).sequence()).isEqualTo(3);
    assertRefused(
        () -> bundle.withRemoved(pki.root().certificate()), CaException.Reason.INVALID_ARGUMENT);
  }

  @Test
  void rootRotationOverlap() {
    // a new root (same node) with its own issuing CA, published alongside the old one
    CertificateAuthority newRoot =
        CertificateAuthority.createRoot(A, CertificateAuthority.DEFAULT_ROOT_LIFETIME, clock);
    CertificateAuthority newIssuing = newRoot.createIssuingCa(Duration.ofDays(365));
    TestPki next = new TestPki(A, newRoot, newIssuing);
    var oldLeaf = pki.partnerCert("b.example", Duration.ofHours(24));
    var newLeaf = next.partnerCert("b.example", Duration.ofHours(24));

    TrustBundle overlap =
        bundle.withAdded(newRoot.certificate()).withAdded(newIssuing.certificate());
    assertThat(overlap.roots()).hasSize(2);
    assertThat(overlap.validate(oldLeaf.chain(), clock.instant(), SKEW, RevocationChecker.none()))
        .isNotNull();
    assertThat(overlap.validate(newLeaf.chain(), clock.instant(), SKEW, RevocationChecker.none()))
        .isNotNull();
    // leaf-only presentation also finds the right issuer among two issuing CAs
    assertThat(
            overlap.validate(
                List.of(newLeaf.leaf()), clock.instant(), SKEW, RevocationChecker.none()))
        .isNotNull();

    TrustBundle retired =
        overlap.withRemoved(pki.issuing().certificate()).withRemoved(pki.root().certificate());
    assertThat(retired.sequence()).isEqualTo(bundle.sequence() + 4);
    assertThat(retired.validate(newLeaf.chain(), clock.instant(), SKEW, RevocationChecker.none()))
        .isNotNull();
    assertRefused(
        () -> retired.validate(oldLeaf.chain(), clock.instant(), SKEW, RevocationChecker.none()),
        CaException.Reason.UNTRUSTED_ISSUER);
  }
}
