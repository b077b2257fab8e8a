package io.eventkit.node.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Interval;
import io.eventkit.node.reports.Model.Relative;
import io.eventkit.node.reports.Model.When;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Relative periods resolve in the reporting time zone (docs/reports.md, "Periods"). */
class ReportPeriodsTest {
  static Reports at(String instant, String zone) {
    return new Reports(
        null,
        Clock.fixed(Instant.parse(instant), ZoneOffset.UTC),
        ZoneId.of(zone),
        null,
        Set.of("CONFIRMED"));
  }

  static Interval iv(String start, String end) {
    return new Interval(Instant.parse(start), Instant.parse(end));
  }

  @Test
  void relativePeriodsInUtc() {
    Reports r = at("2026-06-15T12:00:00Z", "UTC");
    assertThat(r.relative(Relative.TODAY))
        .isEqualTo(iv("2026-06-15T00:00:00Z", "2026-06-16T00:00:00Z"));
    // The 7 days ending today, today included: 06-09 .. 06-15.
    assertThat(r.relative(Relative.LAST_7_DAYS))
        .isEqualTo(iv("2026-06-09T00:00:00Z", "2026-06-16T00:00:00Z"));
    assertThat(r.relative(Relative.LAST_30_DAYS))
        .isEqualTo(iv("2026-05-17T00:00:00Z", "2026-06-16T00:00:00Z"));
    assertThat(r.relative(Relative.LAST_90_DAYS))
        .isEqualTo(iv("2026-03-18T00:00:00Z", "2026-06-16T00:00:00Z"));
    assertThat(r.relative(Relative.LAST_12_MONTHS))
        .isEqualTo(iv("2025-07-01T00:00:00Z", "2026-07-01T00:00:00Z"));
    assertThat(r.relative(Relative.THIS_MONTH))
        .isEqualTo(iv("2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z"));
    assertThat(r.relative(Relative.LAST_MONTH))
        .isEqualTo(iv("2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z"));
    assertThat(r.relative(Relative.THIS_YEAR))
        .isEqualTo(iv("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"));
    assertThat(r.relative(Relative.NEXT_7_DAYS))
        .isEqualTo(iv("2026-06-15T00:00:00Z", "2026-06-22T00:00:00Z"));
    assertThat(r.relative(Relative.NEXT_30_DAYS))
        .isEqualTo(iv("2026-06-15T00:00:00Z", "2026-07-15T00:00:00Z"));
  }

  @Test
  void daysBeginAtLocalMidnight() {
    // 23:30 UTC on 06-15 is already 06-16 in Berlin (UTC+2 in summer): today is 06-16 there,
    // from 06-15T22:00Z.
    Reports berlin = at("2026-06-15T23:30:00Z", "Europe/Berlin");
    assertThat(berlin.relative(Relative.TODAY))
        .isEqualTo(iv("2026-06-15T22:00:00Z", "2026-06-16T22:00:00Z"));
    // This year in Berlin: 2026-01-01 at UTC+1 to 2027-01-01 at UTC+1.
    assertThat(berlin.relative(Relative.THIS_YEAR))
        .isEqualTo(iv("2025-12-31T23:00:00Z", "2026-12-31T23:00:00Z"));
    // Across the October clock change the last 7 days are 7 local days (one of 25 hours).
    Reports london = at("2026-10-27T12:00:00Z", "Europe/London");
    assertThat(london.relative(Relative.LAST_7_DAYS))
        .isEqualTo(iv("2026-10-20T23:00:00Z", "2026-10-28T00:00:00Z"));
  }

  @Test
  void periodRules() {
    Reports r = at("2026-06-15T12:00:00Z", "UTC");
    Interval june = iv("2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z");
    assertThat(r.resolve(new When(june, null), null)).isEqualTo(june);
    assertThat(r.resolve(new When(null, null), Relative.NEXT_30_DAYS))
        .isEqualTo(iv("2026-06-15T00:00:00Z", "2026-07-15T00:00:00Z"));
    assertThatThrownBy(() -> r.resolve(new When(june, Relative.TODAY), null))
        .isInstanceOf(DomainException.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> r.resolve(new When(null, null), null))
        .hasMessageContaining("period is required");
    // Exactly 3 years is allowed; a second more is not.
    assertThat(r.resolve(new When(iv("2023-01-01T00:00:00Z", "2026-01-01T00:00:00Z"), null), null))
        .isNotNull();
    assertThatThrownBy(
            () ->
                r.resolve(new When(iv("2023-01-01T00:00:00Z", "2026-01-01T00:00:01Z"), null), null))
        .hasMessageContaining("3 years");
  }
}
