package io.eventkit.node.federation.handshake;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.proto.v1.Invitation;
import java.util.Base64;

/** The invitation's text form: {@code "ekinv1." + base64url(serialized Invitation)}. */
final class InvitationCodec {
  static final String PREFIX = "ekinv1.";

  private InvitationCodec() {}

  static String encode(Invitation invitation) {
    return PREFIX
        + Base64.getUrlEncoder().withoutPadding().encodeToString(invitation.toByteArray());
  }

  static Invitation decode(String text) {
    String t = text == null ? "" : text.strip();
    if (!t.startsWith(PREFIX)) {
      throw DomainException.invalid(
          "not an EventKit invitation: it must start with '"
              + PREFIX
              + "' (copy it whole from 'eventkit trust invite')");
    }
    try {
      Invitation inv =
          Invitation.parseFrom(Base64.getUrlDecoder().decode(t.substring(PREFIX.length())));
      if (inv.getIssuerNodeId().isEmpty()
          || inv.getEnrollmentEndpoint().isEmpty()
          || inv.getRootCaFingerprintSha256().length() != 64
          || inv.getSecret().isEmpty()
          || inv.getInvitationId().isEmpty()) {
        throw DomainException.invalid(
            "the invitation is incomplete: copy it whole from 'eventkit trust invite'");
      }
      return inv;
    } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
      throw DomainException.invalid(
          "the invitation is damaged (" + e.getMessage() + "): copy it whole again");
    }
  }
}
