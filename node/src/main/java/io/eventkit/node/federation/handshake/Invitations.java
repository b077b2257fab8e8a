package io.eventkit.node.federation.handshake;

import com.google.protobuf.Timestamp;
import io.eventkit.ca.NodeId;
import io.eventkit.node.federation.pki.NodePki;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.PartnerState;
import io.eventkit.node.federation.trust.TrustAudit;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.proto.v1.Invitation;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Creates single-use invitations (only the secret's hash is stored) and marks the partner INVITED.
 */
public final class Invitations {
  static final Duration MAX_TTL = Duration.ofDays(7);

  private final NodePki pki;
  private final PartnerRegistry partners;
  private final Clock clock;
  private final java.util.function.Supplier<String> enrollmentEndpoint;
  private final int defaultRateLimit;
  private final SecureRandom random = new SecureRandom();

  public Invitations(
      NodePki pki,
      PartnerRegistry partners,
      Clock clock,
      java.util.function.Supplier<String> enrollmentEndpoint,
      int defaultRateLimit) {
    this.pki = pki;
    this.partners = partners;
    this.clock = clock;
    this.enrollmentEndpoint = enrollmentEndpoint;
    this.defaultRateLimit = defaultRateLimit;
  }

  /** The invitation text, its ID and expiry. */
  public record Created(String text, String id, Instant expiresAt) {
    @Override
    public String toString() {
      return "Created[id=" + id + ", expiresAt=" + expiresAt + "]";
    }
  }

  public Created create(String partnerId, TrustLevel level, Duration ttl, TrustAudit.Actor actor) {
    if (!NodeId.isValid(partnerId)) {
      throw DomainException.invalid(
          "partner_node_id '" + partnerId + "' is not a valid node ID (e.g. stage-co.example)");
    }
    if (partnerId.equals(pki.nodeId().value())) {
      throw DomainException.invalid("a node cannot invite itself");
    }
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw DomainException.invalid("ttl must be between 1 second and 7 days");
    }
    byte[] secretBytes = new byte[32];
    random.nextBytes(secretBytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    Instant expires = now.plus(ttl);
    partners
        .jdbi()
        .useTransaction(
            h -> {
              var existing = partners.find(h, partnerId, true);
              if (existing.isPresent()
                  && existing.get().state() != PartnerState.INVITED
                  && !existing.get().state().ended()) {
                throw new DomainException(
                    ErrorCode.ALREADY_EXISTS,
                    partnerId
                        + " is already a partner ("
                        + existing.get().state()
                        + "); revoke it first to start over");
              }
              h.createUpdate(
                      "INSERT INTO partner (node_id, state, granted_level, rate_limit_per_second, created_at, state_changed_at)"
                          + " VALUES (:id, 'INVITED', :level, :limit, :now, :now)"
                          + " ON CONFLICT (node_id) DO UPDATE SET state = 'INVITED', granted_level = :level,"
                          + " received_level = NULL, federation_endpoint = NULL, bundle_text = NULL, bundle_sequence = 0,"
                          + " bundle_fetched_at = NULL, client_chain_pem = NULL, client_key_pem = NULL,"
                          + " client_not_after = NULL, client_issued_at = NULL, pending_key_pem = NULL, state_changed_at = :now")
                  .bind("id", partnerId)
                  .bind("level", level.name())
                  .bind("limit", defaultRateLimit)
                  .bind("now", now)
                  .execute();
              h.createUpdate(
                      "INSERT INTO invitation (id, partner_node_id, offered_level, secret_hash, created_at, created_by, expires_at)"
                          + " VALUES (:id, :partner, :level, :hash, :now, :by, :expires)")
                  .bind("id", id)
                  .bind("partner", partnerId)
                  .bind("level", level.name())
                  .bind("hash", sha256(secret))
                  .bind("now", now)
                  .bind("by", actor.name())
                  .bind("expires", expires)
                  .execute();
              partners
                  .audit()
                  .record(
                      h,
                      actor,
                      partnerId,
                      "INVITE",
                      "level " + level + ", invitation " + id + " valid until " + expires);
            });
    partners.changed(partnerId);
    Invitation inv =
        Invitation.newBuilder()
            .setIssuerNodeId(pki.nodeId().value())
            .setEnrollmentEndpoint(enrollmentEndpoint.get())
            .setRootCaFingerprintSha256(pki.rootFingerprint())
            .setInvitationId(id.toString())
            .setSecret(secret)
            .setPartnerNodeId(partnerId)
            .setOfferedLevel(io.eventkit.proto.v1.TrustLevel.valueOf("TRUST_LEVEL_" + level.name()))
            .setExpiresAt(
                Timestamp.newBuilder()
                    .setSeconds(expires.getEpochSecond())
                    .setNanos(expires.getNano()))
            .build();
    return new Created(InvitationCodec.encode(inv), id.toString(), expires);
  }

  static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
