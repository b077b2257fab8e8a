package io.eventkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.proto.v1.TrustLevel;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LevelsAndTextTest {
  @Test
  void levelsParseInAnyCaseWithHyphensOrUnderscoresAndWithOrWithoutPrefix() {
    assertThat(Levels.parse("resolve-assets")).isEqualTo(TrustLevel.TRUST_LEVEL_RESOLVE_ASSETS);
    assertThat(Levels.parse("RESOLVE_ASSETS")).isEqualTo(TrustLevel.TRUST_LEVEL_RESOLVE_ASSETS);
    assertThat(Levels.parse(" Resolve_Assets ")).isEqualTo(TrustLevel.TRUST_LEVEL_RESOLVE_ASSETS);
    assertThat(Levels.parse("TRUST_LEVEL_NONE")).isEqualTo(TrustLevel.TRUST_LEVEL_NONE);
    assertThat(Levels.parse("subhire-auto-confirm"))
        .isEqualTo(TrustLevel.TRUST_LEVEL_SUBHIRE_AUTO_CONFIRM);
    for (TrustLevel level : Levels.ORDERED) {
      assertThat(Levels.parse(Levels.name(level))).isEqualTo(level);
      assertThat(Levels.parse(level.name())).isEqualTo(level);
    }
  }

  @Test
  void unspecifiedAndUnknownLevelsAreRefused() {
    for (String bad : new String[] {"unspecified", "TRUST_LEVEL_UNSPECIFIED", "", "admin", "3"}) {
      assertThatThrownBy(() -> Levels.parse(bad))
          .as(bad)
          .isInstanceOf(CommandLine.TypeConversionException.class)
          .hasMessageContaining("is not a trust level")
          .hasMessageContaining("lowest to highest: none, discover, availability");
    }
  }

  @Test
  void levelsAndStatesPrint() {
    assertThat(Levels.name(TrustLevel.TRUST_LEVEL_SUBHIRE_REQUEST)).isEqualTo("subhire-request");
    assertThat(Levels.name(TrustLevel.TRUST_LEVEL_UNSPECIFIED)).isEqualTo("-");
    assertThat(Levels.name(TrustLevel.UNRECOGNIZED)).isEqualTo("unknown");
    assertThat(Levels.state(io.eventkit.proto.v1.PartnerState.PARTNER_STATE_REVOKED))
        .isEqualTo("REVOKED");
  }

  @Test
  void nodeIdsFollowTheNodesRule() {
    for (String ok :
        new String[] {"b.example", "acme-av.example", "a", "x1.y-2.z", "a".repeat(63)}) {
      assertThat(NodeIds.isValid(ok)).as(ok).isTrue();
    }
    for (String bad :
        new String[] {
          "",
          "B.example",
          "-b.example",
          "b-.example",
          "b..example",
          "b.example.",
          "b_x.example",
          "b.example:9443",
          "a".repeat(64),
          ("a".repeat(60) + ".").repeat(5)
        }) {
      assertThat(NodeIds.isValid(bad)).as(bad).isFalse();
    }
  }

  @Test
  void durationsReadLikeAPersonWouldSayThem() {
    assertThat(Text.duration(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Text.duration(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(Text.duration(Duration.ofSeconds(303))).isEqualTo("5m 3s");
    assertThat(Text.duration(Duration.ofMinutes(15))).isEqualTo("15m");
    assertThat(Text.duration(Duration.ofMinutes(23 * 60 + 59))).isEqualTo("23h 59m");
    assertThat(Text.duration(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(Text.duration(Duration.ofHours(76))).isEqualTo("3d 4h");
    assertThat(Text.duration(Duration.ofDays(7))).isEqualTo("7d");
    Instant now = Instant.parse("2026-11-24T12:00:00Z");
    assertThat(Text.relative(now.plusSeconds(90), now)).isEqualTo("in 1m 30s");
    assertThat(Text.relative(now.minusSeconds(3600), now)).isEqualTo("1h ago");
    assertThat(Text.relative(now, now)).isEqualTo("now");
  }

  @Test
  void moneyUsesTheCurrencysDecimals() {
    assertThat(Text.money(250050, "EUR")).isEqualTo("2500.50 EUR");
    assertThat(Text.money(30000, "JPY")).isEqualTo("30000 JPY");
    assertThat(Text.money(1234, "")).isEqualTo("1234 (minor units)");
  }
}
