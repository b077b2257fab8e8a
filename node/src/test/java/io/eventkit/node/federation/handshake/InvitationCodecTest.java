package io.eventkit.node.federation.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.federation.trust.TrustLevel;
import io.eventkit.node.kernel.DomainException;
import io.eventkit.proto.v1.Invitation;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The invitation's text form (docs/federation.md §6.1) and its mapping to the domain record. */
class InvitationCodecTest {
  private static final InvitationDetails DETAILS =
      new InvitationDetails(
          "a.test",
          "a.test:9444",
          "ab".repeat(32),
          "7f1c7d0e-3f3a-4a57-9d1e-4a8f0b1c2d3e",
          "s3cr3t",
          "b.test",
          TrustLevel.AVAILABILITY,
          Instant.parse("2026-12-04T10:00:00.123456789Z"));

  private static String text(Invitation inv) {
    return "ekinv1." + Base64.getUrlEncoder().withoutPadding().encodeToString(inv.toByteArray());
  }

  @Test
  void roundTripsEveryField() {
    String text = InvitationCodec.encode(DETAILS);
    assertThat(text).startsWith("ekinv1.");
    assertThat(InvitationCodec.decode("  " + text + "\n")).isEqualTo(DETAILS);
    assertThat(DETAILS.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void anUnspecifiedLevelIsNull() {
    Invitation inv =
        Invitation.newBuilder()
            .setIssuerNodeId("a.test")
            .setEnrollmentEndpoint("a.test:9444")
            .setRootCaFingerprintSha256("ab".repeat(32))
            .setInvitationId("x")
            .setSecret("s")
            .build();
    assertThat(InvitationCodec.decode(text(inv)).offeredLevel()).isNull();
  }

  @Test
  void refusesOtherTextDamageAndMissingFields() {
    assertThatThrownBy(() -> InvitationCodec.decode("hello"))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("not an EventKit invitation");
    assertThatThrownBy(() -> InvitationCodec.decode("ekinv1.%%%"))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("the invitation is damaged");
    assertThatThrownBy(
            () -> InvitationCodec.decode(text(Invitation.newBuilder().setSecret("s").build())))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("the invitation is incomplete");
  }
}
