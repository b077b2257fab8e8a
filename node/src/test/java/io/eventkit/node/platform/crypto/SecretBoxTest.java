package io.eventkit.node.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
  @Test
  void aSealedSecretOpensWithTheSamePassphraseOnly() {
    KeyVault vault = new KeyVault("correct horse battery staple".toCharArray());
    String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    String sealed = vault.encryptSecret(secret);
    assertThat(sealed).startsWith("v1:").doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    // salt 16 + iv 12 + ciphertext (38 bytes of UTF-8) + tag 16
    assertThat(Base64.getDecoder().decode(sealed.substring(3))).hasSize(16 + 12 + 38 + 16);
    assertThat(vault.decryptSecret(sealed)).isEqualTo(secret);
    assertThat(vault.decryptSecret(sealed)).isEqualTo(secret); // the cached key
    // Random salt and IV: the same secret seals differently each time.
    assertThat(vault.encryptSecret(secret)).isNotEqualTo(sealed);
    // Another node's passphrase (a new vault: no cached key) cannot open it.
    KeyVault other = new KeyVault("another passphrase".toCharArray());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> other.decryptSecret(sealed));
    assertThat(e.getMessage()).contains("passphrase");
    assertThat(new KeyVault("correct horse battery staple".toCharArray()).decryptSecret(sealed))
        .isEqualTo(secret);
  }

  @Test
  void tamperedOrForeignValuesAreRefused() {
    KeyVault vault = new KeyVault("p".toCharArray());
    String sealed = vault.encryptSecret("s3cret");
    byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
    raw[raw.length - 1] ^= 1;
    String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);
    assertThrows(IllegalArgumentException.class, () -> vault.decryptSecret(tampered));
    assertThrows(IllegalArgumentException.class, () -> vault.decryptSecret("s3cret"));
    assertThrows(IllegalArgumentException.class, () -> vault.decryptSecret("v1:AAAA"));
    assertThrows(IllegalArgumentException.class, () -> vault.decryptSecret("v1:!!"));
  }
}
