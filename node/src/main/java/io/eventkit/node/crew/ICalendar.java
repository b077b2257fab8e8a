package io.eventkit.node.crew;

import io.eventkit.node.crew.CrewModel.Assignment;
import io.eventkit.node.crew.CrewModel.AssignmentStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A crew member's assignments as an RFC 5545 calendar: one VEVENT per offered (TENTATIVE) or
 * accepted (CONFIRMED) assignment, times in UTC, text escaped (§3.3.11) and lines folded at 75
 * octets (§3.1), CRLF line ends.
 */
final class ICalendar {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private ICalendar() {}

  static String of(String calendarName, List<Assignment> assignments, Instant now) {
    StringBuilder out = new StringBuilder();
    line(out, "BEGIN:VCALENDAR");
    line(out, "VERSION:2.0");
    line(out, "PRODID:-//EventKit//Crew calendar//EN");
    line(out, "CALSCALE:GREGORIAN");
    line(out, "METHOD:PUBLISH");
    line(out, "X-WR-CALNAME:" + text(calendarName));
    for (Assignment a : assignments) {
      line(out, "BEGIN:VEVENT");
      line(out, "UID:" + a.id() + "@eventkit");
      line(out, "DTSTAMP:" + UTC.format(a.updatedAt() == null ? now : a.updatedAt()));
      line(out, "DTSTART:" + UTC.format(a.call().start()));
      line(out, "DTEND:" + UTC.format(a.call().end()));
      line(out, "SUMMARY:" + text(a.function() + " – " + a.eventName()));
      if (!a.venue().isBlank()) {
        line(out, "LOCATION:" + text(a.venue()));
      }
      if (!a.notes().isBlank()) {
        line(out, "DESCRIPTION:" + text(a.notes()));
      }
      line(out, "STATUS:" + (a.status() == AssignmentStatus.ACCEPTED ? "CONFIRMED" : "TENTATIVE"));
      line(out, "END:VEVENT");
    }
    line(out, "END:VCALENDAR");
    return out.toString();
  }

  /** A TEXT value: backslash, semicolon, comma and newlines escaped; other controls dropped. */
  static String text(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case ';' -> b.append("\\;");
        case ',' -> b.append("\\,");
        case '\n' -> b.append("\\n");
        case '\r' -> {
          if (i + 1 < s.length() && s.charAt(i + 1) == '\n') {
            i++;
          }
          b.append("\\n");
        }
        default -> {
          if (c >= 0x20 && c != 0x7f || c == '\t') {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** Appends a content line folded at 75 octets (never inside a UTF-8 sequence), then CRLF. */
  static void line(StringBuilder out, String line) {
    int octets = 0;
    for (int i = 0; i < line.length(); ) {
      int cp = line.codePointAt(i);
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (octets + n > 75) {
        out.append("\r\n ");
        octets = 1;
      }
      out.appendCodePoint(cp);
      octets += n;
      i += Character.charCount(cp);
    }
    out.append("\r\n");
  }
}
