package io.eventkit.node.notifications.inbox;

import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.platform.crypto.KeyVault;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * The VAPID key pair of each tenant (P-256), made on first use. The private key is stored encrypted
 * with the node's key passphrase ({@link KeyVault}); replicas racing to create it keep the first
 * one written.
 */
final class WebPushKeys {
  /** A tenant's pair: the public key as base64url of the uncompressed point, the private key. */
  record Pair(String publicKey, ECPrivateKey privateKey) {}

  private final Jdbi jdbi;
  private final KeyVault vault;
  private final Clock clock;
  private final Map<String, Pair> cache = new ConcurrentHashMap<>();

  WebPushKeys(Jdbi jdbi, KeyVault vault, Clock clock) {
    this.jdbi = jdbi;
    this.vault = vault;
    this.clock = clock;
  }

  String publicKey() {
    return pair().publicKey();
  }

  /** The current tenant's pair, created if it has none. */
  Pair pair() {
    return cache.computeIfAbsent(TenantContext.current(), this::load);
  }

  private Pair load(String tenant) {
    return jdbi.inTransaction(
        h -> {
          var row =
              h.createQuery(
                      "SELECT public_key, private_key_enc FROM webpush_vapid_key"
                          + " WHERE tenant_id = :tenant")
                  .bind("tenant", tenant)
                  .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                  .findOne();
          if (row.isEmpty()) {
            KeyPair kp = generate();
            h.createUpdate(
                    "INSERT INTO webpush_vapid_key (tenant_id, public_key, private_key_enc,"
                        + " created_at) VALUES (:tenant, :pub, :priv, :now)"
                        + " ON CONFLICT (tenant_id) DO NOTHING")
                .bind("tenant", tenant)
                .bind("pub", uncompressed((ECPublicKey) kp.getPublic()))
                .bind("priv", vault.encryptLeaf(kp.getPrivate()))
                .bind("now", clock.instant())
                .execute();
            row =
                h.createQuery(
                        "SELECT public_key, private_key_enc FROM webpush_vapid_key"
                            + " WHERE tenant_id = :tenant")
                    .bind("tenant", tenant)
                    .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                    .findOne();
          }
          String[] r = row.orElseThrow();
          return new Pair(r[0], (ECPrivateKey) vault.decrypt(r[1]));
        });
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a P-256 key pair", e);
    }
  }

  /** base64url (no padding) of 0x04 || X || Y, 65 bytes. */
  static String uncompressed(ECPublicKey key) {
    byte[] out = new byte[65];
    out[0] = 4;
    copy(key.getW().getAffineX(), out, 1);
    copy(key.getW().getAffineY(), out, 33);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  private static void copy(BigInteger v, byte[] out, int offset) {
    byte[] b = v.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
  }
}
