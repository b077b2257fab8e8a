package io.eventkit.ca;

import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Key generation and private keys at rest.
 *
 * <p>At rest, a private key is an encrypted PKCS#8 PEM ({@code -----BEGIN ENCRYPTED PRIVATE
 * KEY-----}): PBES2 with PBKDF2/HMAC-SHA256 ({@value #PBKDF2_ITERATIONS} iterations, random salt)
 * and AES-256-CBC, readable by {@code openssl pkey}.
 */
public final class KeyPairs {
  /** PBKDF2 iteration count for encrypted keys (OWASP 2023 recommends 600k for HMAC-SHA256). */
  public static final int PBKDF2_ITERATIONS = 600_000;

  /** Private provider instance: never registered globally. */
  static final Provider BC = new BouncyCastleProvider();

  private KeyPairs() {}

  /** A fresh ECDSA P-256 (secp256r1) key pair. */
  public static KeyPair generateP256() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new CaException(CaException.Reason.INTERNAL, "EC P-256 key generation failed", e);
    }
  }

  /** Encrypts {@code key} as an encrypted PKCS#8 PEM under {@code passphrase}. */
  public static String encryptPrivateKey(PrivateKey key, char[] passphrase) {
    return encryptPrivateKey(key, passphrase, PBKDF2_ITERATIONS);
  }

  /**
   * As {@link #encryptPrivateKey(PrivateKey, char[])} with a chosen PBKDF2 iteration count (at
   * least 10,000): for short-lived leaf keys protected by a machine-generated passphrase, where the
   * 600k-iteration cost on every start and renewal buys little.
   */
  public static String encryptPrivateKey(PrivateKey key, char[] passphrase, int iterations) {
    requirePassphrase(passphrase);
    if (iterations < 10_000) {
      throw new CaException(
          CaException.Reason.INVALID_ARGUMENT, "at least 10000 PBKDF2 iterations are required");
    }
    try {
      var encryptor =
          new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
              .setPRF(PKCS8Generator.PRF_HMACSHA256)
              .setIterationCount(iterations)
              .setProvider(BC)
              .setPassword(passphrase)
              .build();
      StringWriter out = new StringWriter();
      try (JcaPEMWriter w = new JcaPEMWriter(out)) {
        w.writeObject(new JcaPKCS8Generator(key, encryptor));
      }
      return out.toString();
    } catch (OperatorCreationException | IOException e) {
      throw new CaException(CaException.Reason.INTERNAL, "private key encryption failed", e);
    }
  }

  /**
   * Decrypts an encrypted PKCS#8 PEM.
   *
   * @throws CaException MALFORMED_PEM if it is not one; WRONG_PASSPHRASE if it does not decrypt
   */
  public static PrivateKey decryptPrivateKey(String pem, char[] passphrase) {
    requirePassphrase(passphrase);
    Object o = Pem.readSingleObject(pem);
    if (!(o instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
      throw new CaException(
          CaException.Reason.MALFORMED_PEM, "expected an ENCRYPTED PRIVATE KEY PEM block");
    }
    PrivateKeyInfo info;
    try {
      info =
          encrypted.decryptPrivateKeyInfo(
              new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase));
    } catch (Exception e) { // PKCSException, or garbage that happened to pass the padding check
      throw new CaException(
          CaException.Reason.WRONG_PASSPHRASE, "the passphrase does not decrypt the private key");
    }
    try {
      return new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (Exception e) {
      throw new CaException(
          CaException.Reason.WRONG_PASSPHRASE, "the passphrase does not decrypt the private key");
    }
  }

  private static void requirePassphrase(char[] passphrase) {
    if (passphrase == null || passphrase.length == 0) {
      throw new CaException(CaException.Reason.INVALID_ARGUMENT, "an empty passphrase");
    }
  }
}
