package io.eventkit.node.federation.trust;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What of a partner's announced company name reaches people (screens, CLI). */
class PartnerNameTest {
  @Test
  void aPlainNameIsKeptTrimmed() {
    assertThat(PartnerRegistry.acceptableName("  Bravo Sound & Light "))
        .isEqualTo("Bravo Sound & Light");
    assertThat(PartnerRegistry.acceptableName("Société Générale d'Éclairage ✓"))
        .isEqualTo("Société Générale d'Éclairage ✓");
  }

  @Test
  void controlCharactersOrAnOverlongNameAreDroppedNotShown() {
    assertThat(PartnerRegistry.acceptableName("Bravo\nRentals")).isEmpty();
    assertThat(PartnerRegistry.acceptableName("Bravo \u001b[31mRentals")).isEmpty();
    assertThat(PartnerRegistry.acceptableName("x".repeat(201))).isEmpty();
    assertThat(PartnerRegistry.acceptableName("x".repeat(200))).hasSize(200);
    assertThat(PartnerRegistry.acceptableName(null)).isEmpty();
  }
}
