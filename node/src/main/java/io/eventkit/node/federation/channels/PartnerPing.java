package io.eventkit.node.federation.channels;

import io.eventkit.node.federation.trust.PartnerRegistry;
import io.eventkit.node.federation.trust.TrustAudit;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.ErrorCode;
import java.time.Clock;

/**
 * A Ping whose answer is checked (docs/federation.md §10.1): the reply's {@code node_id} MUST be
 * the partner's ID. A different ID is refused with {@code FAILED_PRECONDITION}, the partner's state
 * is left as it was (a PENDING partner stays PENDING), and the refusal is written to the trust
 * audit log as {@code IDENTITY_MISMATCH} and as the partner's last error ({@code partners health}),
 * so both say why. A verified answer's display name is kept as the partner's name for people.
 */
final class PartnerPing {
  static final String MISMATCH = "answered Ping as";

  private PartnerPing() {}

  /**
   * Pings the partner over its channel and checks the answer.
   *
   * @throws io.grpc.StatusRuntimeException if the call fails (for the caller to map)
   * @throws DomainException FAILED_PRECONDITION if the partner answers with another node ID
   */
  static void verified(
      PartnerChannels channels, PartnerRegistry partners, Clock clock, String nodeId) {
    PartnerChannels.PingAnswer answer = channels.pingAnswer(nodeId);
    String answered = answer.nodeId();
    if (!nodeId.equals(answered)) {
      String detail =
          "partner "
              + nodeId
              + " "
              + MISMATCH
              + " '"
              + answered
              + "', expected '"
              + nodeId
              + "'; its state is left unchanged";
      partners.audit().record(TrustAudit.Actor.SYSTEM, nodeId, "IDENTITY_MISMATCH", detail);
      channels.channel(nodeId).stats().recordFailure(clock.instant(), detail);
      throw new DomainException(ErrorCode.FAILED_PRECONDITION, detail);
    }
    partners.announcedName(nodeId, answer.displayName());
  }
}
