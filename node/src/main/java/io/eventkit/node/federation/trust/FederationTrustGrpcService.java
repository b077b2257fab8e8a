package io.eventkit.node.federation.trust;

import io.eventkit.node.federation.api.FederationMethods;
import io.eventkit.node.federation.api.FederationPeer;
import io.eventkit.node.kernel.Validation;
import io.eventkit.proto.v1.FederationTrustServiceGrpc;
import io.eventkit.proto.v1.NotifyRevocationRequest;
import io.eventkit.proto.v1.NotifyRevocationResponse;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code FederationTrustService} on the mTLS port: a partner tells this node that it has revoked it
 * (docs/federation.md §12.4). The caller's identity is its verified client certificate, so only the
 * partner itself can end its relationship this way.
 */
public final class FederationTrustGrpcService
    extends FederationTrustServiceGrpc.FederationTrustServiceImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(FederationTrustGrpcService.class);

  /** Marks a partner REVOKED_BY_PARTNER (revoking what this node issued to it). */
  public interface RevokedByPartner {
    void revokedByPartner(String nodeId, String detail, TrustAudit.Actor actor);
  }

  private final RevokedByPartner revoked;

  public FederationTrustGrpcService(RevokedByPartner revoked) {
    this.revoked = revoked;
  }

  /** Any level; allowed while PENDING, ACTIVE or SUSPENDED. */
  public static void register(FederationMethods methods) {
    String m = FederationTrustServiceGrpc.getNotifyRevocationMethod().getFullMethodName();
    methods.require(m, TrustLevel.NONE).allowWhilePending(m).allowWhileSuspended(m);
  }

  @Override
  public void notifyRevocation(
      NotifyRevocationRequest r, StreamObserver<NotifyRevocationResponse> out) {
    FederationPeer peer = FederationPeer.current();
    // The reason goes to the audit log and a WARN line: one line, so it cannot forge log lines.
    new Validation()
        .maxLength(r.getReason(), 500, "reason")
        .check(
            r.getReason().chars().noneMatch(Character::isISOControl),
            "reason",
            "contains a control character; send one line of text")
        .throwIfInvalid();
    String at =
        r.hasRevokedAt()
            ? Instant.ofEpochSecond(r.getRevokedAt().getSeconds(), r.getRevokedAt().getNanos())
                .toString()
            : "unknown time";
    // Answer first: applying the notice closes this partner's calls and connections, this one
    // included.
    out.onNext(NotifyRevocationResponse.getDefaultInstance());
    out.onCompleted();
    try {
      revoked.revokedByPartner(
          peer.nodeId(),
          "revocation notice: revoked at "
              + at
              + (r.getReason().isBlank() ? "" : ", reason: " + r.getReason()),
          TrustAudit.Actor.partner(peer.nodeId(), peer.address()));
    } catch (RuntimeException e) {
      LOG.warn("cannot apply the revocation notice of {}: {}", peer.nodeId(), e.getMessage());
    }
  }
}
