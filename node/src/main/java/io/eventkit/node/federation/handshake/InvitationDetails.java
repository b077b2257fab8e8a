package io.eventkit.node.federation.handshake;

import io.eventkit.node.federation.trust.TrustLevel;
import java.time.Instant;

/**
 * What an invitation says (docs/federation.md §6.1); {@link InvitationCodec} gives its text form.
 * {@code offeredLevel} is null when the invitation names none (UNSPECIFIED or an unknown value).
 */
record InvitationDetails(
    String issuerNodeId,
    String enrollmentEndpoint,
    String rootCaFingerprintSha256,
    String invitationId,
    String secret,
    String partnerNodeId,
    TrustLevel offeredLevel,
    Instant expiresAt) {
  @Override
  public String toString() {
    return "InvitationDetails[id=" + invitationId + ", issuer=" + issuerNodeId + ", secret=***]";
  }
}
