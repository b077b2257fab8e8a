package io.eventkit.cli;

import com.google.protobuf.Timestamp;
import io.eventkit.proto.v1.Period;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Dates and times as the crew and transport commands take and print them: ISO-8601 instants with a
 * zone ({@code 2026-12-10T08:00Z}, {@code 2026-12-10T09:00+01:00}), local date-times ({@code
 * 2026-12-10T08:00}) read in a given zone, and whole days ({@code 2026-12-10}). Each parser throws
 * {@link IllegalArgumentException} with a message for the user; commands turn it into a usage error
 * naming the option.
 */
final class Times {
  private Times() {}

  static final String AT_HELP =
      "use e.g. 2026-12-10T08:00Z, 2026-12-10T09:00+01:00 or (in --zone or the event's zone)"
          + " 2026-12-10T08:00";

  /** A zone ID such as Europe/London or UTC. */
  static ZoneId zone(String text) {
    try {
      return ZoneId.of(text.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a time zone: use an IANA zone such as Europe/London or UTC");
    }
  }

  /** True when {@code text} carries its own zone or offset (Z, +01:00). */
  static boolean hasZone(String text) {
    try {
      OffsetDateTime.parse(text.trim());
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /**
   * An instant: ISO-8601 with Z or an offset, or a local date-time read in {@code zone} (null: the
   * zone is required). Seconds are optional.
   */
  static Instant at(String text, ZoneId zone) {
    String v = text == null ? "" : text.trim();
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      // a local date-time?
    }
    LocalDateTime local;
    try {
      local = LocalDateTime.parse(v);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a date and time: " + AT_HELP);
    }
    if (zone == null) {
      throw new IllegalArgumentException(
          "'" + text + "' has no zone: add Z or an offset (2026-12-10T08:00Z), or give --zone");
    }
    return local.atZone(zone).toInstant();
  }

  /** A day, {@code 2026-12-10}. */
  static LocalDate date(String text) {
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a date: use YYYY-MM-DD, e.g. 2026-12-10");
    }
  }

  /**
   * The start of a window: a date (its first moment in {@code zone}) or an instant. The end: a date
   * counts as the whole day (to its end), an instant as given.
   */
  static Instant from(String text, ZoneId zone) {
    if (text.trim().length() == 10) {
      return date(text).atStartOfDay(zone).toInstant();
    }
    return at(text, zone);
  }

  static Instant to(String text, ZoneId zone) {
    if (text.trim().length() == 10) {
      return date(text).plusDays(1).atStartOfDay(zone).toInstant();
    }
    return at(text, zone);
  }

  /** START/END as two instants ({@link #at}); the end after the start. */
  static Period span(String text, ZoneId zone) {
    String[] parts = text.split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "'" + text + "' is not START/END, e.g. 2026-12-10T08:00Z/2026-12-10T18:30Z");
    }
    return period(at(parts[0], zone), at(parts[1], zone));
  }

  /** A period; the end must be after the start. */
  static Period period(Instant start, Instant end) {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "the end (" + end + ") must be after the start (" + start + ")");
    }
    return Period.newBuilder().setStart(ts(start)).setEnd(ts(end)).build();
  }

  static Timestamp ts(Instant i) {
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  /** The zone to print in: the given one when valid, else UTC. */
  static ZoneId displayZone(String zone) {
    if (zone == null || zone.isBlank()) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  /** ISO-8601 with the offset of {@code zone}, to the minute: {@code 2026-12-10T09:00+01:00}. */
  static String format(Timestamp t, ZoneId zone) {
    if (!Text.isSet(t)) {
      return Text.NONE;
    }
    ZonedDateTime z = Text.toInstant(t).atZone(zone);
    ZonedDateTime shown =
        z.getSecond() == 0 && z.getNano() == 0 ? z : z.truncatedTo(ChronoUnit.SECONDS);
    return shown.toOffsetDateTime().toString();
  }

  /** {@code START → END (10h 30m)} in {@code zone}; the end's date is left out on the same day. */
  static String period(Period p, ZoneId zone) {
    if (!Text.isSet(p.getStart())) {
      return Text.NONE;
    }
    String start = format(p.getStart(), zone);
    String end = format(p.getEnd(), zone);
    if (start.length() > 11 && end.length() > 11 && start.startsWith(end.substring(0, 11))) {
      end = end.substring(11);
    }
    return start + " → " + end + " (" + length(p) + ")";
  }

  /** The period's length in words: "10h 30m", "3d 4h". */
  static String length(Period p) {
    return Text.duration(
        Duration.between(Text.toInstant(p.getStart()), Text.toInstant(p.getEnd())));
  }

  /** Minutes in words: "9h 30m", "0m". */
  static String minutes(long minutes) {
    return minutes == 0 ? "0m" : Text.duration(Duration.ofMinutes(minutes));
  }
}
