package io.eventkit.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPairsTest {
  private static final char[] PASS = "correct horse battery staple".toCharArray();

  @Test
  void generatesP256() {
    KeyPair kp = KeyPairs.generateP256();
    assertThat(kp.getPublic()).isInstanceOf(ECPublicKey.class);
    assertThat(((ECPublicKey) kp.getPublic()).getParams().getCurve().getField().getFieldSize())
        .isEqualTo(256);
  }

  @Test
  void pemRoundTrips() {
    KeyPair kp = KeyPairs.generateP256();
    String pub = Pem.write(kp.getPublic());
    assertThat(pub).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(Pem.readPublicKey(pub)).isEqualTo(kp.getPublic());
    String priv = Pem.write(kp.getPrivate());
    assertThat(Pem.readPrivateKey(priv).getEncoded()).isEqualTo(kp.getPrivate().getEncoded());

    TestPki pki = TestPki.create("a.example", MutableClock.at("2030-01-01T00:00:00Z"));
    List<java.security.cert.X509Certificate> chain = pki.issuing().chain();
    assertThat(Pem.readCertificates(Pem.writeCertificates(chain))).isEqualTo(chain);
    assertThat(Pem.readCertificate(Pem.write(chain.get(0)))).isEqualTo(chain.get(0));
  }

  @Test
  void encryptedPrivateKeyRoundTrip() {
    KeyPair kp = KeyPairs.generateP256();
    String pem = KeyPairs.encryptPrivateKey(kp.getPrivate(), PASS);
    assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(KeyPairs.decryptPrivateKey(pem, PASS).getEncoded())
        .isEqualTo(kp.getPrivate().getEncoded());
  }

  @Test
  void wrongPassphraseIsRefusedWithoutLeakingKey() {
    String pem = KeyPairs.encryptPrivateKey(KeyPairs.generateP256().getPrivate(), PASS);
    assertThatThrownBy(() -> KeyPairs.decryptPrivateKey(pem, "wrong".toCharArray()))
        .isInstanceOfSatisfying(
            CaException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(CaException.Reason.WRONG_PASSPHRASE);
              assertThat(e.getMessage()).doesNotContain("BEGIN").hasSizeLessThan(200);
            });
  }

  @Test
  void garbagePemIsRefused() {
    for (String bad :
        new String[] {
          "garbage",
          "-----BEGIN CERTIFICATE-----\nAAAA!!!\n-----END CERTIFICATE-----\n",
          "-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAK\n-----END CERTIFICATE-----\n",
          ""
        }) {
      assertThatThrownBy(() -> Pem.readCertificate(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              CaException.class,
              e -> assertThat(e.reason()).isEqualTo(CaException.Reason.MALFORMED_PEM));
    }
    assertThatThrownBy(() -> Pem.readPublicKey(Pem.write(KeyPairs.generateP256().getPrivate())))
        .isInstanceOfSatisfying(
            CaException.class,
            e -> assertThat(e.reason()).isEqualTo(CaException.Reason.MALFORMED_PEM));
    assertThatThrownBy(() -> KeyPairs.decryptPrivateKey("nope", PASS))
        .isInstanceOfSatisfying(
            CaException.class,
            e -> assertThat(e.reason()).isEqualTo(CaException.Reason.MALFORMED_PEM));
  }

  @Test
  void fingerprints() throws Exception {
    TestPki pki = TestPki.create("a.example", MutableClock.at("2030-01-01T00:00:00Z"));
    var cert = pki.root().certificate();
    String expected =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    assertThat(Fingerprints.sha256Hex(cert)).isEqualTo(expected).matches("[0-9a-f]{64}");
    assertThat(Fingerprints.spkiSha256Hex(cert))
        .isEqualTo(Fingerprints.spkiSha256Hex(cert.getPublicKey()))
        .isNotEqualTo(expected)
        .matches("[0-9a-f]{64}");
  }
}
