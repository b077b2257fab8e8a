package io.eventkit.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdentityTest {

  @Test
  void validNodeIds() {
    assertThat(NodeId.isValid("acme-av.example")).isTrue();
    assertThat(NodeId.isValid("node1.test")).isTrue();
    assertThat(NodeId.isValid("localhost")).isTrue();
    assertThat(NodeId.isValid("a".repeat(63) + ".example")).isTrue();
  }

  @Test
  void invalidNodeIds() {
    for (String bad :
        new String[] {
          "",
          "Acme.example",
          "acme_av.example",
          "-acme.example",
          "acme-.example",
          "a..b",
          ".a",
          "a.",
          "a".repeat(64) + ".example",
          ("a".repeat(50) + ".").repeat(5) + "abc",
          "a b"
        }) {
      assertThat(NodeId.isValid(bad)).as(bad).isFalse();
    }
    assertThatThrownBy(() -> NodeId.of("Bad"))
        .isInstanceOfSatisfying(
            CaException.class,
            e -> assertThat(e.reason()).isEqualTo(CaException.Reason.INVALID_ARGUMENT));
  }

  @Test
  void spiffeIds() {
    SpiffeId id = SpiffeId.forPartner(NodeId.of("a.example"), NodeId.of("b.example"));
    assertThat(id.toString()).isEqualTo("spiffe://a.example/partner/b.example");
    assertThat(SpiffeId.parse(id.toString())).isEqualTo(id);
    assertThat(PartnerIdentity.fromSpiffeId(id))
        .isEqualTo(new PartnerIdentity(NodeId.of("a.example"), NodeId.of("b.example")));
    assertThat(SpiffeId.forNode(NodeId.of("a.example")).toString())
        .isEqualTo("spiffe://a.example/node");
    for (String bad :
        new String[] {
          "https://a.example/node",
          "spiffe://A.example/node",
          "spiffe://a.example:8443/node",
          "spiffe://a.example/node?x=1",
          "spiffe:///node",
          "spiffe://a.example",
          "not a uri"
        }) {
      assertThatThrownBy(() -> SpiffeId.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              CaException.class,
              e -> assertThat(e.reason()).isEqualTo(CaException.Reason.BAD_IDENTITY));
    }
    assertThatThrownBy(
            () -> PartnerIdentity.fromSpiffeId(SpiffeId.parse("spiffe://a.example/node")))
        .isInstanceOfSatisfying(
            CaException.class,
            e -> assertThat(e.reason()).isEqualTo(CaException.Reason.BAD_IDENTITY));
  }

  @Test
  void partnerIdentityFromIssuedCertificate() {
    TestPki pki = TestPki.create("a.example", MutableClock.at("2030-01-01T00:00:00Z"));
    var issued = pki.partnerCert("b.example", Duration.ofHours(24));
    assertThat(PartnerIdentity.fromCertificate(issued.leaf()))
        .isEqualTo(new PartnerIdentity(NodeId.of("a.example"), NodeId.of("b.example")));
    // a server cert carries /node, not a partner ID
    var server =
        pki.issuing()
            .issueNodeServerCertificate(
                KeyPairs.generateP256().getPublic(),
                java.util.List.of("localhost"),
                Duration.ofHours(1));
    assertThatThrownBy(() -> PartnerIdentity.fromCertificate(server))
        .isInstanceOfSatisfying(
            CaException.class,
            e -> assertThat(e.reason()).isEqualTo(CaException.Reason.BAD_IDENTITY));
  }
}
