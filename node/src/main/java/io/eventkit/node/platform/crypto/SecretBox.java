package io.eventkit.node.platform.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short secrets at rest (webhook signing secrets): AES-256-GCM under a key derived from the node's
 * key passphrase with PBKDF2-HMAC-SHA256 and a random salt per value. The stored form is {@code
 * v1:<base64(salt ‖ iv ‖ ciphertext+tag)>}. Derived keys are cached per salt, so a secret read
 * again (every delivery) costs no new derivation.
 */
final class SecretBox {
  static final String PREFIX = "v1:";
  static final int ITERATIONS = 100_000;
  private static final int SALT = 16;
  private static final int IV = 12;
  private static final int TAG_BITS = 128;
  private static final int CACHE_MAX = 10_000;

  private final char[] passphrase;
  private final SecureRandom random = new SecureRandom();
  private final Map<ByteBuffer, SecretKey> keys = new ConcurrentHashMap<>();

  SecretBox(char[] passphrase) {
    this.passphrase = passphrase.clone();
  }

  String seal(String plaintext) {
    byte[] salt = new byte[SALT];
    byte[] iv = new byte[IV];
    random.nextBytes(salt);
    random.nextBytes(iv);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key(salt), new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(PREFIX.getBytes(StandardCharsets.US_ASCII));
      byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(SALT + IV + ct.length);
      out.put(salt).put(iv).put(ct);
      return PREFIX + Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * @throws IllegalArgumentException when {@code sealed} is not ours or the passphrase differs
   */
  String open(String sealed) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a sealed secret (no v1: prefix)");
    }
    byte[] all;
    try {
      all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a sealed secret is not base64", e);
    }
    if (all.length < SALT + IV + TAG_BITS / 8) {
      throw new IllegalArgumentException("a sealed secret is too short");
    }
    byte[] salt = java.util.Arrays.copyOfRange(all, 0, SALT);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key(salt), new GCMParameterSpec(TAG_BITS, all, SALT, IV));
      c.updateAAD(PREFIX.getBytes(StandardCharsets.US_ASCII));
      byte[] pt = c.doFinal(all, SALT + IV, all.length - SALT - IV);
      return new String(pt, StandardCharsets.UTF_8);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException(
          "a sealed secret does not decrypt: the key passphrase is not the one it was sealed with",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  private SecretKey key(byte[] salt) throws GeneralSecurityException {
    ByteBuffer k = ByteBuffer.wrap(salt.clone());
    SecretKey cached = keys.get(k);
    if (cached != null) {
      return cached;
    }
    SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
    byte[] raw = f.generateSecret(new PBEKeySpec(passphrase, salt, ITERATIONS, 256)).getEncoded();
    SecretKey key = new SecretKeySpec(raw, "AES");
    if (keys.size() >= CACHE_MAX) {
      keys.clear();
    }
    keys.put(k, key);
    return key;
  }

  @Override
  public String toString() {
    return "SecretBox[***]";
  }
}
