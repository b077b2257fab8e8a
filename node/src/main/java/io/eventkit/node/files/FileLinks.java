package io.eventkit.node.files;

import io.eventkit.node.kernel.TenantContext;
import io.eventkit.node.platform.crypto.KeyVault;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * Signed download links: {@code /files/<id>?expires=<unix s>&signature=<HMAC-SHA256(id "\n"
 * expires), base64url>}. The key is random, one per tenant, kept in the database sealed with the
 * key passphrase (so every replica signs alike). A link is valid until {@code expires}, which is 15
 * minutes ahead rounded up to the next 5 minutes: the same file listed twice within a few minutes
 * gets the same link, and the browser's cache works.
 */
final class FileLinks {
  static final Duration VALID = Duration.ofMinutes(15);
  private static final long ROUND_SECONDS = 300;

  record Link(String url, Instant expires) {}

  private final Jdbi jdbi;
  private final KeyVault vault;
  private final Clock clock;
  private final Map<String, byte[]> keys = new ConcurrentHashMap<>();

  FileLinks(Jdbi jdbi, KeyVault vault, Clock clock) {
    this.jdbi = jdbi;
    this.vault = vault;
    this.clock = clock;
  }

  Link link(UUID id) {
    long expires =
        Math.floorDiv(
                clock.instant().plus(VALID).getEpochSecond() + ROUND_SECONDS - 1, ROUND_SECONDS)
            * ROUND_SECONDS;
    return new Link(
        "/files/"
            + id
            + "?expires="
            + expires
            + "&signature="
            + sign(id, expires)
            + (TenantContext.DEFAULT_TENANT.equals(TenantContext.current())
                ? ""
                : "&tenant=" + TenantContext.current()),
        Instant.ofEpochSecond(expires));
  }

  /** Whether the link's parameters are genuine and not expired. */
  boolean valid(UUID id, String expires, String signature) {
    if (expires == null || signature == null || !expires.matches("\\d{1,12}")) {
      return false;
    }
    long e = Long.parseLong(expires);
    if (Instant.ofEpochSecond(e).isBefore(clock.instant())) {
      return false;
    }
    // Load only: a tenant that never made a link has no key, and no link of it is genuine (an
    // anonymous request must not make the node create keys).
    byte[] key = keys.get(TenantContext.current());
    if (key == null) {
      key = load(TenantContext.current());
      if (key == null) {
        return false;
      }
      keys.putIfAbsent(TenantContext.current(), key);
    }
    return MessageDigest.isEqual(
        sign(key, id, e).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }

  private String sign(UUID id, long expires) {
    return sign(key(), id, expires);
  }

  private static String sign(byte[] key, UUID id, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] sig = mac.doFinal((id + "\n" + expires).getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private byte[] key() {
    return keys.computeIfAbsent(TenantContext.current(), this::loadOrCreate);
  }

  /** The tenant's key, or null if it has none. */
  private byte[] load(String tenant) {
    return jdbi.withHandle(
            h ->
                h.createQuery("SELECT secret_enc FROM file_link_key WHERE tenant_id = :t")
                    .bind("t", tenant)
                    .mapTo(String.class)
                    .findOne())
        .map(stored -> Base64.getDecoder().decode(vault.decryptSecret(stored)))
        .orElse(null);
  }

  private byte[] loadOrCreate(String tenant) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    String sealed = vault.encryptSecret(Base64.getEncoder().encodeToString(fresh));
    String stored =
        jdbi.withHandle(
            h -> {
              h.createUpdate(
                      "INSERT INTO file_link_key (tenant_id, secret_enc, created_at)"
                          + " VALUES (:t, :s, :now) ON CONFLICT (tenant_id) DO NOTHING")
                  .bind("t", tenant)
                  .bind("s", sealed)
                  .bind("now", clock.instant())
                  .execute();
              return h.createQuery("SELECT secret_enc FROM file_link_key WHERE tenant_id = :t")
                  .bind("t", tenant)
                  .mapTo(String.class)
                  .one();
            });
    return Base64.getDecoder().decode(vault.decryptSecret(stored));
  }
}
