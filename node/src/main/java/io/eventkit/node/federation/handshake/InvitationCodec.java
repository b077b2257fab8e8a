package io.eventkit.node.federation.handshake;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.proto.v1.Invitation;
import java.time.Instant;
import java.util.Base64;

/**
 * The invitation's wire mapper: {@code "ekinv1." + base64url(serialized Invitation)} ↔ {@link
 * InvitationDetails}.
 */
final class InvitationCodec {
  static final String PREFIX = "ekinv1.";

  private InvitationCodec() {}

  static String encode(InvitationDetails d) {
    Instant expiresAt = d.expiresAt();
    Invitation invitation =
        Invitation.newBuilder()
            .setIssuerNodeId(d.issuerNodeId())
            .setEnrollmentEndpoint(d.enrollmentEndpoint())
            .setRootCaFingerprintSha256(d.rootCaFingerprintSha256())
            .setInvitationId(d.invitationId())
            .setSecret(d.secret())
            .setPartnerNodeId(d.partnerNodeId())
            .setOfferedLevel(EnrollmentClient.toWire(d.offeredLevel()))
            .setExpiresAt(
                Timestamp.newBuilder()
                    .setSeconds(expiresAt.getEpochSecond())
                    .setNanos(expiresAt.getNano()))
            .build();
    return PREFIX
        + Base64.getUrlEncoder().withoutPadding().encodeToString(invitation.toByteArray());
  }

  static InvitationDetails decode(String text) {
    String t = text == null ? "" : text.strip();
    if (!t.startsWith(PREFIX)) {
      throw DomainException.invalid(
          "not an EventKit invitation: it must start with '"
              + PREFIX
              + "' (copy it whole from 'eventkit trust invite')");
    }
    Invitation inv;
    try {
      inv = Invitation.parseFrom(Base64.getUrlDecoder().decode(t.substring(PREFIX.length())));
    } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
      throw DomainException.invalid(
          "the invitation is damaged (" + e.getMessage() + "): copy it whole again");
    }
    if (inv.getIssuerNodeId().isEmpty()
        || inv.getEnrollmentEndpoint().isEmpty()
        || inv.getRootCaFingerprintSha256().length() != 64
        || inv.getSecret().isEmpty()
        || inv.getInvitationId().isEmpty()) {
      throw DomainException.invalid(
          "the invitation is incomplete: copy it whole from 'eventkit trust invite'");
    }
    return new InvitationDetails(
        inv.getIssuerNodeId(),
        inv.getEnrollmentEndpoint(),
        inv.getRootCaFingerprintSha256(),
        inv.getInvitationId(),
        inv.getSecret(),
        inv.getPartnerNodeId(),
        EnrollmentClient.fromWire(inv.getOfferedLevel()),
        Instant.ofEpochSecond(inv.getExpiresAt().getSeconds(), inv.getExpiresAt().getNanos()));
  }
}
