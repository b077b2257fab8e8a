package io.eventkit.node.federation;

import io.eventkit.ca.NodeId;
import io.eventkit.node.common.DomainException;
import io.eventkit.node.common.ErrorCode;
import io.eventkit.node.federation.channels.PartnerChannel;
import io.eventkit.node.federation.channels.PartnerChannels;
import io.eventkit.node.federation.handshake.Acceptance;
import io.eventkit.node.federation.handshake.Invitations;
import io.eventkit.node.federation.handshake.PartnerPing;
import io.eventkit.node.federation.pki.NodePki;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.PartnerState;
import io.eventkit.node.federation.trust.TrustAudit;
import io.eventkit.node.federation.trust.TrustLevel;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Trust administration: the operations behind the CLI's trust, partners and ca commands. */
public final class TrustAdmin {
  private final NodePki pki;
  private final PartnerRegistry partners;
  private final PartnerChannels channels;
  private final Invitations invitations;
  private final Acceptance acceptance;
  private final Clock clock;
  private final Duration issuingCaLifetime;

  public TrustAdmin(
      NodePki pki,
      PartnerRegistry partners,
      PartnerChannels channels,
      Invitations invitations,
      Acceptance acceptance,
      Clock clock,
      Duration issuingCaLifetime) {
    this.pki = pki;
    this.partners = partners;
    this.channels = channels;
    this.invitations = invitations;
    this.acceptance = acceptance;
    this.clock = clock;
    this.issuingCaLifetime = issuingCaLifetime;
  }

  public NodePki pki() {
    return pki;
  }

  public PartnerRegistry partners() {
    return partners;
  }

  public Instant now() {
    return clock.instant();
  }

  public Invitations.Created invite(
      String partnerId, TrustLevel level, Duration ttl, TrustAudit.Actor actor) {
    return invitations.create(partnerId, level, ttl, actor);
  }

  public Partner accept(String invitation, TrustLevel level, TrustAudit.Actor actor) {
    return acceptance.accept(invitation, level, actor);
  }

  public Partner suspend(String nodeId, String reason, TrustAudit.Actor actor) {
    return partners.transition(
        nodeId,
        List.of(PartnerState.ACTIVE),
        PartnerState.SUSPENDED,
        actor,
        "SUSPEND",
        reason,
        null);
  }

  public Partner resume(String nodeId, String reason, TrustAudit.Actor actor) {
    return partners.transition(
        nodeId,
        List.of(PartnerState.SUSPENDED),
        PartnerState.ACTIVE,
        actor,
        "RESUME",
        reason,
        null);
  }

  /** Final: the partner's certificates go on the CRL and its next call is refused. */
  public Partner revoke(String nodeId, String reason, TrustAudit.Actor actor) {
    int[] revoked = new int[1];
    Partner p =
        partners.transition(
            nodeId,
            List.of(
                PartnerState.INVITED,
                PartnerState.PENDING,
                PartnerState.ACTIVE,
                PartnerState.SUSPENDED),
            PartnerState.REVOKED,
            actor,
            "REVOKE",
            reason,
            h -> {
              revoked[0] =
                  pki.revokeAllIssuedTo(h, NodeId.of(nodeId), reason == null ? "" : reason);
              h.createUpdate(
                      "UPDATE invitation SET used_at = :now WHERE partner_node_id = :id AND used_at IS NULL")
                  .bind("now", clock.instant())
                  .bind("id", nodeId)
                  .execute();
            });
    pki.reloadRevocations();
    return p;
  }

  /**
   * Refreshes the partner's bundle, renews our certificate if a third of its life is left, and
   * pings it; a PENDING partner whose ping succeeds becomes ACTIVE.
   */
  public Partner refresh(String nodeId, TrustAudit.Actor actor) {
    Partner p = partners.require(nodeId);
    if (p.state() == PartnerState.REVOKED || p.state() == PartnerState.INVITED) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "partner " + nodeId + " is " + p.state() + "; nothing to refresh");
    }
    try {
      if (p.state() != PartnerState.PENDING) {
        channels.refreshBundle(nodeId);
        PartnerChannel ch = channels.channel(nodeId);
        if (p.clientNotAfter() != null
            && p.clientIssuedAt() != null
            && clock
                .instant()
                .isAfter(
                    p.clientIssuedAt()
                        .plus(
                            Duration.between(p.clientIssuedAt(), p.clientNotAfter())
                                .multipliedBy(2)
                                .dividedBy(3)))) {
          channels.renew(nodeId);
        }
        if (ch == null) {
          throw new IllegalStateException();
        }
      }
      PartnerPing.verified(channels, partners, clock, nodeId);
    } catch (StatusRuntimeException e) {
      io.grpc.Status.Code code = e.getStatus().getCode();
      if (code == io.grpc.Status.Code.PERMISSION_DENIED
          || code == io.grpc.Status.Code.UNAUTHENTICATED) {
        throw new DomainException(
            ErrorCode.FAILED_PRECONDITION,
            nodeId + " refused our call: " + e.getStatus().getDescription());
      }
      throw new DomainException(
          ErrorCode.UNAVAILABLE,
          "cannot reach " + nodeId + ": " + code + " " + e.getStatus().getDescription());
    }
    if (p.state() == PartnerState.PENDING) {
      return partners.transition(
          nodeId,
          List.of(PartnerState.PENDING),
          PartnerState.ACTIVE,
          actor,
          "ACTIVATE",
          "mTLS ping succeeded",
          null);
    }
    return partners.require(nodeId);
  }

  /** A partner and its outbound channel (null if none). */
  public record Health(Partner partner, PartnerChannel channel) {}

  public List<Health> health() {
    List<Health> out = new ArrayList<>();
    for (Partner p : partners.list("", 10_000)) {
      PartnerChannel ch =
          channels.all().stream()
              .filter(c -> c.partnerId().equals(p.nodeId()))
              .findFirst()
              .orElse(null);
      out.add(new Health(p, ch));
    }
    return out;
  }

  public String rotate(TrustAudit.Actor actor) {
    String done = pki.rotateStep(issuingCaLifetime);
    partners.jdbi().useHandle(h -> partners.audit().record(h, actor, null, "ROTATE_CA", done));
    return done;
  }

  public record AuditRow(
      long id,
      Instant at,
      String actor,
      String address,
      String partner,
      String action,
      String detail) {}

  public List<AuditRow> audit(String partner, long beforeId, int limit) {
    return partners
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT id, at, actor, actor_address, partner_node_id, action, detail FROM trust_audit"
                            + " WHERE id < :before AND (:partner = '' OR partner_node_id = :partner)"
                            + " ORDER BY id DESC LIMIT :limit")
                    .bind("before", beforeId)
                    .bind("partner", partner == null ? "" : partner)
                    .bind("limit", limit)
                    .map(
                        (rs, ctx) ->
                            new AuditRow(
                                rs.getLong(1),
                                rs.getTimestamp(2).toInstant(),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7)))
                    .list());
  }
}
