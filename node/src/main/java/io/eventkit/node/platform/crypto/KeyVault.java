package io.eventkit.node.platform.crypto;

import io.eventkit.ca.KeyPairs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts private keys for storage (encrypted PKCS#8 PEM) with the node's key passphrase. The
 * passphrase comes from config ({@code EVENTKIT_KEY_PASSPHRASE}); when none is configured, one is
 * generated once into {@code <dataDir>/key-passphrase} (mode 0600) so a dev node works out of the
 * box, with a warning that production should set it.
 */
public final class KeyVault {
  private static final Logger LOG = LoggerFactory.getLogger(KeyVault.class);
  private final char[] passphrase;
  private final SecretBox secrets;

  KeyVault(char[] passphrase) {
    this.passphrase = passphrase.clone();
    this.secrets = new SecretBox(passphrase);
  }

  public static KeyVault open(String configured, Path dataDir) {
    if (configured != null && !configured.isBlank()) {
      return new KeyVault(configured.toCharArray());
    }
    Path file = dataDir.resolve("key-passphrase");
    try {
      if (!Files.exists(file)) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        LOG.warn(
            "no key passphrase configured: generated one in {}; in production set"
                + " EVENTKIT_KEY_PASSPHRASE and keep it outside the data directory",
            file);
      }
      return new KeyVault(Files.readString(file, StandardCharsets.UTF_8).trim().toCharArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the key passphrase file " + file, e);
    }
  }

  /** For CA keys: the full PBKDF2 cost (they are decrypted only when the CA signs). */
  public String encrypt(PrivateKey key) {
    return KeyPairs.encryptPrivateKey(key, passphrase);
  }

  /**
   * For short-lived leaf keys (server and partner client certificates), which are decrypted on
   * every start and re-encrypted on every renewal: a lower PBKDF2 count (100k).
   */
  public String encryptLeaf(PrivateKey key) {
    return KeyPairs.encryptPrivateKey(key, passphrase, LEAF_ITERATIONS);
  }

  static final int LEAF_ITERATIONS = 100_000;

  public PrivateKey decrypt(String pem) {
    return KeyPairs.decryptPrivateKey(pem, passphrase);
  }

  /**
   * Encrypts a short secret (a webhook signing secret) for storage: AES-256-GCM under a key derived
   * from the passphrase ({@link SecretBox}).
   */
  public String encryptSecret(String plaintext) {
    return secrets.seal(plaintext);
  }

  /**
   * @throws IllegalArgumentException if {@code sealed} was not made by {@link #encryptSecret} with
   *     this passphrase
   */
  public String decryptSecret(String sealed) {
    return secrets.open(sealed);
  }

  @Override
  public String toString() {
    return "KeyVault[***]";
  }
}
