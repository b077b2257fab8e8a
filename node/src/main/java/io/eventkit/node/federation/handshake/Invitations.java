package io.eventkit.node.federation.handshake;

import io.eventkit.ca.NodeId;
import io.eventkit.node.federation.pki.NodePki;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.PartnerState;
import io.eventkit.node.federation.trust.TrustAudit;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.eventkit.node.platform.db.Daos;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

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
              HandshakeDao dao = Daos.of(h, HandshakeDao.class);
              dao.upsertInvited(partnerId, level.name(), defaultRateLimit, now);
              dao.insertInvitation(
                  id, partnerId, level.name(), sha256(secret), now, actor.name(), expires);
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
    InvitationDetails inv =
        new InvitationDetails(
            pki.nodeId().value(),
            enrollmentEndpoint.get(),
            pki.rootFingerprint(),
            id.toString(),
            secret,
            partnerId,
            level,
            expires);
    return new Created(InvitationCodec.encode(inv), id.toString(), expires);
  }

  /** Marks the partner's unused invitations used, inside the caller's transaction (revocation). */
  public void voidOpen(Handle h, String partnerId) {
    Daos.of(h, HandshakeDao.class).voidOpenInvitations(partnerId, clock.instant());
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
