package io.eventkit.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import io.eventkit.proto.v1.Invitation;
import java.util.Base64;
import java.util.Optional;

/** The invitation text form: {@code "ekinv1." + base64url(no padding) of an Invitation}. */
final class Invitations {
  static final String PREFIX = "ekinv1.";

  private Invitations() {}

  /** Removes whitespace a copy and paste may have added (line breaks, indentation). */
  static String clean(String text) {
    return text == null ? "" : text.replaceAll("\\s+", "");
  }

  /** Decodes an invitation, or empty if it is not one. */
  static Optional<Invitation> decode(String text) {
    String t = clean(text);
    if (!t.startsWith(PREFIX) || t.length() == PREFIX.length()) {
      return Optional.empty();
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(t.substring(PREFIX.length()));
      Invitation invitation = Invitation.parseFrom(bytes);
      if (invitation.getIssuerNodeId().isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(invitation);
    } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
      return Optional.empty();
    }
  }
}
