package io.eventkit.node.reports;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * Report settings (config key {@code reports}): the reporting time zone, in which relative periods
 * ("last 30 days", "this month"), day/week/month buckets and "today" are reckoned
 * (docs/reports.md).
 */
public class ReportsConfig {
  @NotNull private String timeZone = "UTC";

  @JsonProperty
  public String getTimeZone() {
    return timeZone;
  }

  @JsonProperty
  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone.trim();
  }

  /**
   * The zone.
   *
   * @throws IllegalArgumentException if the setting is not an IANA zone such as Europe/London
   */
  public ZoneId zone() {
    try {
      return ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "reports.timeZone '"
              + timeZone
              + "' is not a time zone; use an IANA name such as Europe/London or UTC",
          e);
    }
  }
}
