package io.eventkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.proto.v1.StopKind;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The crew and transport commands' own argument syntax: times, measures and stops. */
class CrewTransportArgsTest {
  static final ZoneId LONDON = ZoneId.of("Europe/London");

  @Test
  void timesTakeAZoneAnOffsetOrTheGivenZone() {
    assertThat(Times.at("2026-07-10T08:00Z", null))
        .isEqualTo(Instant.parse("2026-07-10T08:00:00Z"));
    assertThat(Times.at("2026-07-10T09:00+01:00", null))
        .isEqualTo(Instant.parse("2026-07-10T08:00:00Z"));
    // Summer time in London.
    assertThat(Times.at("2026-07-10T09:00", LONDON))
        .isEqualTo(Instant.parse("2026-07-10T08:00:00Z"));
    assertThatThrownBy(() -> Times.at("2026-07-10T09:00", null))
        .hasMessageContaining("has no zone");
    assertThatThrownBy(() -> Times.at("2026-02-30T09:00Z", null))
        .hasMessageContaining("is not a date and time");
    assertThatThrownBy(() -> Times.zone("Mars/Olympus")).hasMessageContaining("is not a time zone");
    // A day window: --to is included.
    assertThat(Times.from("2026-07-10", LONDON)).isEqualTo(Instant.parse("2026-07-09T23:00:00Z"));
    assertThat(Times.to("2026-07-10", LONDON)).isEqualTo(Instant.parse("2026-07-10T23:00:00Z"));
  }

  @Test
  void timesPrintWithTheZonesOffsetAndHumanLengths() {
    var p =
        Times.period(Instant.parse("2026-07-10T08:00:00Z"), Instant.parse("2026-07-10T18:30:00Z"));
    assertThat(Times.period(p, LONDON)).isEqualTo("2026-07-10T09:00+01:00 → 19:30+01:00 (10h 30m)");
    assertThat(Times.period(p, ZoneOffset.UTC)).isEqualTo("2026-07-10T08:00Z → 18:30Z (10h 30m)");
    assertThat(Times.minutes(630)).isEqualTo("10h 30m");
    assertThat(Times.minutes(0)).isEqualTo("0m");
  }

  @Test
  void measuresTakeUnitsAndRefuseOthers() {
    assertThat(Measures.grams("3.5t")).isEqualTo(3_500_000);
    assertThat(Measures.grams("1200 kg")).isEqualTo(1_200_000);
    assertThat(Measures.cm3("20m3")).isEqualTo(20_000_000);
    assertThat(Measures.cm3("800l")).isEqualTo(800_000);
    assertThat(Measures.cm3("2m³")).isEqualTo(2_000_000);
    assertThat(Measures.mm("6.2m")).isEqualTo(6_200);
    assertThatThrownBy(() -> Measures.grams("0.5g")).hasMessageContaining("more precise");
    assertThatThrownBy(() -> Measures.grams("12lb")).hasMessageContaining("unknown unit 'lb'");
    assertThatThrownBy(() -> Measures.mm("six metres"))
        .hasMessageContaining("is not a length with a unit");
    assertThat(Measures.weight(2_800_000)).isEqualTo("2800 kg");
    assertThat(Measures.weight(500)).isEqualTo("500 g");
    assertThat(Measures.volume(38_000_000)).isEqualTo("38 m³");
    assertThat(Measures.percent(750, 1000)).isEqualTo("75%");
    assertThat(Measures.percent(1, 0)).isEqualTo("-");
  }

  @Test
  void stopsAndTimesheetEntries() {
    assertThat(TransportCommands.stop("venue").getKind()).isEqualTo(StopKind.STOP_KIND_VENUE);
    assertThat(TransportCommands.stop("partner:node-b").getSubhireId()).isEmpty();
    assertThatThrownBy(() -> TransportCommands.stop("warehouse:"))
        .hasMessageContaining("warehouse:LOCATION_ID");
    assertThatThrownBy(() -> TransportCommands.stop("other:Depot"))
        .hasMessageContaining("other:NAME:ADDRESS");
    var e = CrewCommands.entry("2026-07-10T09:00/2026-07-10T18:00/1h", LONDON);
    assertThat(e.getBreakMinutes()).isEqualTo(60);
    assertThat(e.getWorked().getStart().getSeconds())
        .isEqualTo(Instant.parse("2026-07-10T08:00:00Z").getEpochSecond());
    assertThatThrownBy(() -> CrewCommands.entry("2026-07-10T09:00Z/2026-07-10T08:00Z", null))
        .hasMessageContaining("must be after the start");
  }
}
