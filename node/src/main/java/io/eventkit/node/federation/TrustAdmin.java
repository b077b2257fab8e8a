package io.eventkit.node.federation;

import io.eventkit.ca.NodeId;
import io.eventkit.node.federation.channels.PartnerCalls;
import io.eventkit.node.federation.channels.PartnerChannel;
import io.eventkit.node.federation.channels.PartnerChannels;
import io.eventkit.node.federation.handshake.Acceptance;
import io.eventkit.node.federation.handshake.Invitations;
import io.eventkit.node.federation.pki.NodePki;
import io.eventkit.node.federation.trust.Partner;
import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.PartnerState;
import io.eventkit.node.federation.trust.TrustAudit;
import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Trust administration: the operations behind the CLI's trust, partners and ca commands. */
final class TrustAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(TrustAdmin.class);
  private static final Duration NOTICE_DEADLINE = Duration.ofSeconds(2);

  private final NodePki pki;
  private final PartnerRegistry partners;
  private final PartnerChannels channels;
  private final Invitations invitations;
  private final Acceptance acceptance;
  private final Clock clock;
  private final Duration issuingCaLifetime;

  /** Called after each rotation step (tells the other replicas to re-read the CAs). */
  private final Runnable onRotated;

  public TrustAdmin(
      NodePki pki,
      PartnerRegistry partners,
      PartnerChannels channels,
      Invitations invitations,
      Acceptance acceptance,
      Clock clock,
      Duration issuingCaLifetime,
      Runnable onRotated) {
    this.onRotated = onRotated;
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

  /**
   * Final: the partner's certificates go on the CRL, its calls and connections are closed. First,
   * best effort, the partner is told (§12.4) while our channel to it still works.
   */
  public Partner revoke(String nodeId, String reason, TrustAudit.Actor actor) {
    String notice = notifyRevocation(partners.require(nodeId), reason == null ? "" : reason);
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
              invitations.voidOpen(h, nodeId);
              if (notice != null) {
                partners.audit().record(h, actor, nodeId, "REVOCATION_NOTICE", notice);
              }
            });
    pki.reloadRevocations();
    return p;
  }

  /** Sends the revocation notice; what happened, for the audit log (null: nothing to send). */
  private String notifyRevocation(Partner p, String reason) {
    if (!List.of(PartnerState.PENDING, PartnerState.ACTIVE, PartnerState.SUSPENDED)
            .contains(p.state())
        || partners.clientCredentials(p.nodeId()).isEmpty()) {
      return null;
    }
    try {
      channels.notifyRevocation(p.nodeId(), reason, clock.instant(), NOTICE_DEADLINE);
      return "delivered to " + p.nodeId();
    } catch (StatusRuntimeException e) {
      PartnerCalls.Failure f = PartnerCalls.classify(e);
      String why =
          f.unimplemented()
              ? "the partner does not implement NotifyRevocation"
              : f.code() + " " + f.description();
      LOG.warn("revocation notice to {} not delivered: {}", p.nodeId(), why);
      return "not delivered to " + p.nodeId() + ": " + why;
    } catch (RuntimeException e) {
      LOG.warn("revocation notice to {} not sent: {}", p.nodeId(), e.getMessage());
      return "not sent to " + p.nodeId() + ": " + e.getMessage();
    }
  }

  /**
   * The partner revoked this node (its notice, or its TLS refusal): the relationship ends here too,
   * as REVOKED_BY_PARTNER, and what this node issued to it is revoked. No-op if it already ended.
   */
  public void revokedByPartner(String nodeId, String detail, TrustAudit.Actor actor) {
    Partner p = partners.find(nodeId).orElse(null);
    List<PartnerState> live =
        List.of(PartnerState.PENDING, PartnerState.ACTIVE, PartnerState.SUSPENDED);
    if (p == null || !live.contains(p.state())) {
      return;
    }
    try {
      partners.transition(
          nodeId,
          live,
          PartnerState.REVOKED_BY_PARTNER,
          actor,
          "REVOKED_BY_PARTNER",
          detail,
          h -> pki.revokeAllIssuedTo(h, NodeId.of(nodeId), "revoked by partner"));
    } catch (DomainException e) {
      return; // changed meanwhile (e.g. revoked here too)
    }
    pki.reloadRevocations();
    LOG.warn("partner {} has revoked this node ({})", nodeId, detail);
  }

  /**
   * Refreshes the partner's bundle, renews our certificate if a third of its life is left, and
   * pings it; a PENDING partner whose ping succeeds becomes ACTIVE.
   */
  public Partner refresh(String nodeId, TrustAudit.Actor actor) {
    Partner p = partners.require(nodeId);
    if (p.state() == PartnerState.REVOKED_BY_PARTNER) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          nodeId
              + " has revoked this node (REVOKED_BY_PARTNER); to partner again, accept a new"
              + " invitation from it or invite it");
    }
    if (p.state() == PartnerState.REVOKED || p.state() == PartnerState.INVITED) {
      throw new DomainException(
          ErrorCode.FAILED_PRECONDITION,
          "partner " + nodeId + " is " + p.state() + "; nothing to refresh");
    }
    // An explicit admin action: reconnect now, not when the connect backoff left from the
    // partner's outage ends.
    channels.resetBackoff(nodeId);
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
      channels.verifiedPing(nodeId);
    } catch (StatusRuntimeException e) {
      PartnerCalls.Failure f = PartnerCalls.classify(e);
      String why = f.description();
      if (f.answeredByTrustCheck()) {
        throw new DomainException(
            ErrorCode.FAILED_PRECONDITION, nodeId + " refused our call: " + why);
      }
      // Transport failures already carry a message naming the failed check (TlsFailures).
      throw new DomainException(ErrorCode.UNAVAILABLE, "cannot reach " + nodeId + ": " + why);
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

  /** True if a partner's clock offset is above federation.clockOffsetWarning. */
  public boolean clockOffsetTooLarge(
      io.eventkit.node.federation.channels.PartnerStats.ClockOffset o) {
    return channels.clockOffsetTooLarge(o);
  }

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
    partners.audit().record(actor, null, "ROTATE_CA", done);
    onRotated.run();
    return done;
  }

  public List<TrustAudit.Entry> audit(String partner, long beforeId, int limit) {
    return partners.audit().page(partner, beforeId, limit);
  }
}
