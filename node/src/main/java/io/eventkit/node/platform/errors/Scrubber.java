package io.eventkit.node.platform.errors;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Takes out of a text what must not leave the node in an error report: credentials (API tokens,
 * JWTs, bearer headers, signed-link signatures, anything shaped like a long secret) and personal
 * data (email addresses, IP addresses). IDs (UUIDs) stay: they are what makes a report useful.
 */
final class Scrubber {
  private record Rule(Pattern pattern, String replacement) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule(Pattern.compile("(?i)bearer\\s+\\S+"), "Bearer [redacted]"),
          new Rule(Pattern.compile("ekt_[A-Za-z0-9_\\-]+"), "ekt_[redacted]"),
          new Rule(
              Pattern.compile("eyJ[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]*"),
              "[jwt redacted]"),
          new Rule(
              Pattern.compile(
                  "(?i)(signature|token|secret|password|passphrase|code|key)=[^&\\s\"']+"),
              "$1=[redacted]"),
          new Rule(
              Pattern.compile("[A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(\\.[A-Za-z0-9\\-]+)+"),
              "[email redacted]"),
          new Rule(Pattern.compile("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b"), "[ip redacted]"),
          new Rule(Pattern.compile("[A-Za-z0-9_+/]{32,}={0,2}"), "[redacted]"));

  private Scrubber() {}

  static String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Rule r : RULES) {
      out = r.pattern().matcher(out).replaceAll(r.replacement());
    }
    return out;
  }
}
